import type { SandboxUser } from '../options'
import type { BearerSettings } from './bearer'
import { startOidcProvider, type OidcProviderHandle, type OidcProviderOptions } from './provider'

export { startOidcProvider, defaultAudience, defaultClientId } from './provider'
export type { OidcProviderHandle, OidcProviderOptions } from './provider'
export type { BearerSettings } from './bearer'

export const defaultRedirectUri = 'http://127.0.0.1:53682/callback'

/** Starts a provider for the sandbox's users and returns the settings its Bearer challenge announces. */
export async function startSandboxProvider(
  options: { users: readonly SandboxUser[]; redirectUri?: string } & Omit<OidcProviderOptions, 'users' | 'redirectUris'>
): Promise<{ provider: OidcProviderHandle; bearer: BearerSettings }> {
  const redirectUri = options.redirectUri ?? defaultRedirectUri
  const provider = await startOidcProvider({ ...options, redirectUris: [redirectUri] })
  return {
    provider,
    bearer: {
      authority: provider.issuer,
      clientId: provider.clientId,
      redirectUri,
      audience: provider.audience,
      scope: provider.scope
    }
  }
}
