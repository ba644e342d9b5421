import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { clientFor } from './helpers/sandbox-fixture'

const root = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'jq-sandbox-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sandbox CLI', () => {
  it('prints the Service Layer URL and the users, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/sandbox/cli.ts', '--port', '0', '--data', dir, '--faults', 'seed=1,latency=0-1'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
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
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mi_servicelayer$/)
    expect(out).toMatch(/admin\s+password admin-pass/)
    expect(out).toMatch(/writer\s+password writer-pass/)
    expect(out).toMatch(/reader\s+password reader-pass\s+read only/)
    const res = await clientFor(`${url}/proxy/v1.svc/mi/v1alpha/job-queue`, 'reader').get('current-user')
    expect(res.statusCode).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(out).toContain('Stopped.')
  })
})
