import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultUsers, startSandbox, type Sandbox } from '../../main/sandbox'
import { startSandboxProvider, type BearerSettings, type OidcProviderHandle } from '../../main/sandbox/oidc'

/** A port that was free a moment ago (the redirect URI must name one before the provider starts). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (!address || typeof address === 'string') throw new Error('no port')
  return address.port
}

export interface OidcEnv {
  provider: OidcProviderHandle
  sandbox: Sandbox
  bearer: BearerSettings
  stop(): Promise<void>
}

/** A real provider and a sandbox that takes its tokens; `bearer` overrides what the sandbox announces and checks. */
export async function startOidcEnv(
  options: {
    accessTokenTtlS?: number
    basic?: boolean
    bearer?: Partial<BearerSettings>
    clock?: () => Date
    seed?: boolean
    seedJobs?: number
    dataDir?: string
  } = {}
): Promise<OidcEnv> {
  const redirectUri = `http://127.0.0.1:${await freePort()}/callback`
  const { provider, bearer } = await startSandboxProvider({
    users: defaultUsers,
    redirectUri,
    accessTokenTtlS: options.accessTokenTtlS ?? 300
  })
  const settings = { ...bearer, ...options.bearer }
  const sandbox = await startSandbox({
    dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), 'jq-oidc-')),
    auth: options.basic ? ['oidc', 'basic'] : ['oidc'],
    oidc: settings,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.seed ? { seed: true } : {}),
    ...(options.seedJobs ? { seedJobs: options.seedJobs } : {})
  })
  return {
    provider,
    sandbox,
    bearer: settings,
    stop: async () => {
      await sandbox.stop()
      await provider.stop()
    }
  }
}
