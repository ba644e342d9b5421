import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface Kdc {
  realm: string
  dir: string
  /** KRB5_CONFIG (and KRB5_KDC_PROFILE) for every process that speaks Kerberos to this realm. */
  env: Record<string, string>
  /** The HTTP/localhost key, for the server side (KRB5_KTNAME). */
  keytab: string
  /** Gets a ticket for `user` into a new credentials cache; returns its KRB5CCNAME. */
  kinit(user: string, password: string): Promise<string>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise((r) => s.close(r))
  return port
}

async function listening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`krb5kdc stopped (code ${child.exitCode}): ${log()}`)
    const ok = await new Promise<boolean>((r) => {
      const s = tcpConnect(port, '127.0.0.1', () => {
        s.destroy()
        r(true)
      })
      s.on('error', () => r(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('krb5kdc did not start listening')
}

/**
 * A throw-away MIT Kerberos realm on 127.0.0.1: its files in a temp folder, users admin/writer/reader with the
 * sandbox's passwords, the service HTTP/localhost with a keytab. Needs Debian's krb5-kdc, krb5-admin-server, krb5-user.
 */
export async function startKdc(users: { username: string; password: string }[]): Promise<Kdc> {
  const realm = 'JOBQUEUE.TEST'
  const dir = mkdtempSync(join(tmpdir(), 'jq-kdc-'))
  const port = await freePort()
  const conf = join(dir, 'krb5.conf')
  const kdcConf = join(dir, 'kdc.conf')
  writeFileSync(
    conf,
    `[libdefaults]
  default_realm = ${realm}
  dns_canonicalize_hostname = false
  rdns = false
  dns_lookup_kdc = false
  dns_lookup_realm = false
  udp_preference_limit = 1
  clockskew = 300
[realms]
  ${realm} = {
    kdc = 127.0.0.1:${port}
  }
[domain_realm]
  localhost = ${realm}
`
  )
  writeFileSync(
    kdcConf,
    `[kdcdefaults]
  kdc_listen = 127.0.0.1:${port}
  kdc_tcp_listen = 127.0.0.1:${port}
[realms]
  ${realm} = {
    database_name = ${join(dir, 'principal')}
    key_stash_file = ${join(dir, 'stash')}
    acl_file = ${join(dir, 'kadm5.acl')}
    max_life = 10h
  }
[logging]
  kdc = FILE:${join(dir, 'kdc.log')}
`
  )
  writeFileSync(join(dir, 'kadm5.acl'), '')
  const env = { KRB5_CONFIG: conf, KRB5_KDC_PROFILE: kdcConf }
  const opts = { env: { ...process.env, ...env } }
  await run('kdb5_util', ['create', '-s', '-r', realm, '-P', 'master-key-of-a-test-realm'], opts)
  const keytab = join(dir, 'http.keytab')
  const queries = [
    ...users.map((u) => `addprinc -pw ${u.password} ${u.username}`),
    'addprinc -randkey HTTP/localhost',
    `ktadd -k ${keytab} HTTP/localhost`
  ]
  for (const q of queries) await run('kadmin.local', ['-r', realm, '-q', q], opts)
  let log = ''
  const child = spawn('krb5kdc', ['-n', '-r', realm], { ...opts, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()))
  await listening(port, child, () => log)
  let caches = 0
  return {
    realm,
    dir,
    env,
    keytab,
    async kinit(user, password) {
      const cache = `FILE:${join(dir, `cc-${user}-${++caches}`)}`
      await new Promise<void>((resolve, reject) => {
        const k = spawn('kinit', [`${user}@${realm}`], {
          env: { ...process.env, ...env, KRB5CCNAME: cache },
          stdio: ['pipe', 'ignore', 'pipe']
        })
        let err = ''
        k.stderr?.on('data', (b: Buffer) => (err += b.toString()))
        k.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kinit failed: ${err}`))))
        k.stdin?.end(`${password}\n`)
      })
      return cache
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
      }
    }
  }
}
