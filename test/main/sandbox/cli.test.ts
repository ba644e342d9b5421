import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { clientFor } from './helpers/sandbox-fixture'

const root = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'jq-sandbox-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `npm run sandbox` as a user runs it: resolves once it prints its URL and "Press Ctrl+C". */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/sandbox/cli.ts', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout.on('data', (b: Buffer) => (out += b.toString()))
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
  const url = await new Promise<string>((ok, fail) => {
    child.stdout.on('data', () => {
      const m = /Service Layer URL: (\S+)/.exec(out)
      if (m?.[1] && out.includes('Press Ctrl+C')) ok(m[1])
    })
    child.on('exit', () => fail(new Error(`CLI exited early: ${out}`)))
  })
  const stop = async () => {
    child.kill('SIGTERM')
    return { code: await exited, out }
  }
  return { url, out, api: `${url}/proxy/v1.svc/mi/v1alpha/job-queue`, stop }
}

describe('sandbox CLI', () => {
  it('prints the Service Layer URL and the users, serves, and stops cleanly on SIGTERM', async () => {
    const cli = await startCli(['--data', join(dir, 'fixed'), '--faults', 'seed=1,latency=0-1'])
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mi_servicelayer$/)
    expect(cli.out).toMatch(/admin\s+password admin-pass/)
    expect(cli.out).toMatch(/writer\s+password writer-pass/)
    expect(cli.out).toMatch(/reader\s+password reader-pass\s+read only/)
    const res = await clientFor(cli.api, 'reader').get('current-user')
    expect(res.statusCode).toBe(200)
    const { code, out } = await cli.stop()
    expect(code).toBe(0)
    expect(out).toContain('Stopped.')
  })

  it('with --random-passwords, signs in only with the random passwords it prints', async () => {
    const cli = await startCli(['--data', join(dir, 'random'), '--random-passwords'])
    try {
      const printed: Record<string, string> = Object.fromEntries(
        [...cli.out.matchAll(/^\s+(admin|writer|reader)\s+password (\S+)/gm)].map((m) => [m[1] ?? '', m[2] ?? ''])
      )
      expect(Object.keys(printed).sort()).toEqual(['admin', 'reader', 'writer'])
      for (const [username, password] of Object.entries(printed)) {
        expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/)
        const ok = await clientFor(cli.api, { username, password }).get('current-user')
        expect(ok.statusCode).toBe(200)
      }
      expect((await clientFor(cli.api, 'admin').get('current-user')).statusCode).toBe(401)
    } finally {
      expect((await cli.stop()).code).toBe(0)
    }
  })
})
