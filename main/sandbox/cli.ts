import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseFaults } from './faults'
import { startSandbox, defaultUsers, type SandboxOptions } from './index'
import { startSandboxProvider, type OidcProviderHandle } from './oidc'
import { sandboxSchemes, type SandboxScheme } from './sign-in'

const usage = `Usage: npm run sandbox -- [--port 8080] [--data ./sandbox-data] [--seed] [--seed-jobs N]
                       [--faults seed=42,error=0.05,latency=0-300,drop=0.02,bandwidth=5MB]
                       [--concurrency 1] [--polling-ms 1000] [--min-running-ms 0] [--purge-age-ms N] [--purge-interval-ms N]
                       [--upload-limit-bytes N] [--upload-expiry-ms N]
                       [--auth basic,negotiate,ntlm,oidc,anonymous] [--keytab FILE] [--spn HTTP@localhost] [--clock-offset-ms N]
                       [--oidc-port 0] [--redirect-uri URI] [--token-ttl-s 300] [--random-passwords] [--no-compression]`

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number; got "${text}"`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      data: { type: 'string', default: './sandbox-data' },
      seed: { type: 'boolean', default: false },
      'no-compression': { type: 'boolean', default: false },
      'seed-jobs': { type: 'string' },
      faults: { type: 'string' },
      concurrency: { type: 'string' },
      'polling-ms': { type: 'string' },
      'min-running-ms': { type: 'string' },
      'purge-age-ms': { type: 'string' },
      'purge-interval-ms': { type: 'string' },
      'upload-limit-bytes': { type: 'string' },
      'upload-expiry-ms': { type: 'string' },
      auth: { type: 'string', default: 'basic' },
      keytab: { type: 'string' },
      spn: { type: 'string' },
      'clock-offset-ms': { type: 'string' },
      'oidc-port': { type: 'string' },
      'redirect-uri': { type: 'string' },
      'token-ttl-s': { type: 'string' },
      'random-passwords': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    console.log(usage)
    return
  }
  const processing: SandboxOptions['processing'] = {}
  const set = (
    key: Exclude<keyof NonNullable<SandboxOptions['processing']>, 'runTimeMs'>,
    flag: string,
    text: string | undefined
  ): void => {
    const n = integer(flag, text)
    if (n !== undefined) processing[key] = n
  }
  set('concurrency', 'concurrency', values.concurrency)
  set('pollingIntervalMs', 'polling-ms', values['polling-ms'])
  set('minRunningMs', 'min-running-ms', values['min-running-ms'])
  set('purgeAgeMs', 'purge-age-ms', values['purge-age-ms'])
  set('purgeIntervalMs', 'purge-interval-ms', values['purge-interval-ms'])
  const auth = values.auth.split(',').map((s) => s.trim().toLowerCase())
  const unknown = auth.filter((s) => !(sandboxSchemes as readonly string[]).includes(s))
  if (unknown.length > 0 || auth.length === 0)
    throw new Error(`--auth takes ${sandboxSchemes.join(', ')}; got "${values.auth}"`)
  // GSSAPI reads the service key from KRB5_KTNAME in this process's environment.
  if (values.keytab) process.env['KRB5_KTNAME'] = `FILE:${resolve(values.keytab)}`
  if (auth.includes('negotiate') && !process.env['KRB5_KTNAME']) throw new Error('--auth negotiate needs --keytab FILE')
  const offsetText = values['clock-offset-ms']
  const offset = offsetText === undefined ? 0 : Number(offsetText)
  if (!Number.isInteger(offset)) throw new Error(`--clock-offset-ms must be a whole number; got "${offsetText}"`)
  // The documented passwords by default, so scripts and tests stay simple; random ones (printed below) on request.
  const users = values['random-passwords']
    ? defaultUsers.map((u) => ({ ...u, password: randomBytes(12).toString('base64url') }))
    : [...defaultUsers]
  const dataDir = resolve(values.data)
  const seedJobs = integer('seed-jobs', values['seed-jobs'])
  if (seedJobs) console.log(`Creating ${seedJobs} synthetic jobs (only when the data folder holds no jobs yet)...`)
  let provider: OidcProviderHandle | undefined
  let oidc: SandboxOptions['oidc']
  if (auth.includes('oidc')) {
    const started = await startSandboxProvider({
      users,
      port: integer('oidc-port', values['oidc-port']) ?? 0,
      ...(values['redirect-uri'] ? { redirectUri: values['redirect-uri'] } : {}),
      accessTokenTtlS: integer('token-ttl-s', values['token-ttl-s']) ?? 300
    })
    provider = started.provider
    oidc = started.bearer
  }
  const sandbox = await startSandbox({
    port: integer('port', values.port) ?? 8080,
    dataDir,
    users,
    seed: values.seed,
    seedJobs,
    compression: !values['no-compression'],
    faults: values.faults ? parseFaults(values.faults) : undefined,
    processing,
    uploadLimitBytes: integer('upload-limit-bytes', values['upload-limit-bytes']),
    uploadExpiryMs: integer('upload-expiry-ms', values['upload-expiry-ms']),
    auth: auth as SandboxScheme[],
    ...(oidc ? { oidc } : {}),
    ...(values.spn ? { spn: values.spn } : {}),
    ...(offset ? { clock: () => new Date(Date.now() + offset) } : {}),
    log: (line) => console.log(`[sandbox] ${line}`)
  })
  console.log(`Granta MI sandbox running. Data: ${dataDir}`)
  console.log(`Service Layer URL: ${sandbox.url}`)
  console.log(`Server API root:   ${sandbox.apiUrl}`)
  if (oidc) {
    console.log(`OIDC provider:     ${oidc.authority} (client ${oidc.clientId}, redirect ${oidc.redirectUri})`)
  }
  console.log(`Sign-in: ${auth.join(', ')}; users:`)
  for (const u of sandbox.users) {
    const rights = u.isAdmin ? 'administrator, write' : u.hasWriteAccess ? 'write' : 'read only'
    console.log(`  ${u.username.padEnd(8)} password ${u.password.padEnd(16)} ${rights}`)
  }
  if (values.faults) console.log(`Fault injection: ${values.faults}`)
  console.log('Press Ctrl+C to stop.')
  if (values.seed) {
    sandbox.ready.then(
      () => console.log('Demo queue ready.'),
      () => {}
    )
  }

  const shutdown = (signal: string): void => {
    console.log(`\n${signal}: stopping...`)
    Promise.all([sandbox.stop(), provider?.stop()]).then(
      () => {
        console.log('Stopped.')
        process.exit(0)
      },
      (e: unknown) => {
        console.error(e)
        process.exit(1)
      }
    )
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  console.error(usage)
  process.exit(1)
})
