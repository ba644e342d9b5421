import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../main/downloads/cli-run'
import { startOidcEnv, type OidcEnv } from '../../helpers/oidc-env'
import { listFiles, seedOutputJobs } from './fixtures'
import { testLogger } from '../../helpers/logger'

let env: OidcEnv | undefined
const dirs: string[] = []
afterAll(async () => {
  await env?.stop()
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})
const temp = async (prefix: string) => {
  const d = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}

describe('npm run download -- --auth oidc', () => {
  it('signs in through the system browser and downloads every output while 5 s tokens are refreshed', async () => {
    const sbDir = await temp('jq-cli-oidc-sb-')
    const specs = Array.from({ length: 10 }, (_, i) => ({
      name: `Export ${i}`,
      outputs: [{ name: `export-${i}.xlsx`, size: 20_000 }]
    }))
    const seeded = await seedOutputJobs(sbDir, specs)
    env = await startOidcEnv({ accessTokenTtlS: 5, dataDir: sbDir })
    const dest = await temp('jq-cli-oidc-dest-')
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(
      ['--url', env.sandbox.url, '--auth', 'oidc', '--to', dest, '--limit', '16384', '--concurrency', '2'],
      {
        out: (t) => void out.push(t),
        err: (t) => void err.push(t),
        isTty: false,
        openLog: () => testLogger(),
        env: {
          ...process.env,
          BROWSER: `${process.execPath} --import tsx ${resolve('test/helpers/oidc-browser-cli.ts')}`,
          OIDC_TEST_LOGIN: 'reader',
          OIDC_TEST_PASSWORD: 'reader-pass'
        }
      }
    )
    expect(err.join('')).toContain('finish the sign-in in your browser')
    expect(code, err.join('')).toBe(0)
    const files = await listFiles(dest)
    expect(files).toHaveLength(seeded.length)
    for (const f of files) expect((await stat(join(dest, f))).size).toBe(20_000)
    // One sign-in, then refreshes while 200 kB arrived at 16 kB/s (about 12 s of 5 s tokens).
    expect(env.provider.grants()).toBeGreaterThanOrEqual(3)
  }, 90_000)
})
