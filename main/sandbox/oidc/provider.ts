import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import Provider, { errors, type Configuration } from 'oidc-provider'
import type { SandboxUser } from '../options'
import { loginPage } from './login-page'

export interface OidcProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  users: readonly SandboxUser[]
  /** The app's public client. */
  clientId?: string
  /** Loopback redirect URIs the client may use (exactly). */
  redirectUris: string[]
  /** The API the access tokens are for (`aud`). */
  audience?: string
  /** Access token lifetime; short in tests (5 or 10 s). */
  accessTokenTtlS?: number
  refreshTokenTtlS?: number
}

export interface OidcProviderHandle {
  /** http://127.0.0.1:<port> */
  issuer: string
  clientId: string
  audience: string
  /** Scopes the app asks for (besides openid). */
  scope: string
  /** Tokens issued so far (authorization code and refresh grants), to see that refreshes happened. */
  grants(): number
  /** Every token issued (access, refresh, ID), so tests can check none leaked into files, logs or replies. */
  issued(): string[]
  stop(): Promise<void>
}

export const defaultClientId = 'jobqueue-desktop'
export const defaultAudience = 'api://granta-mi-sandbox'
export const apiScope = 'api'

/** A real OpenID provider (oidc-provider) on 127.0.0.1 with the sandbox's users and one public client. */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProviderHandle> {
  const clientId = options.clientId ?? defaultClientId
  const audience = options.audience ?? defaultAudience
  const accessTokenTTL = options.accessTokenTtlS ?? 300
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') }
  const users = options.users

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code']
      }
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'profile', 'offline_access', apiScope],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    findAccount: (_ctx, sub) => {
      const user = users.find((u) => u.username === sub)
      if (!user) return undefined
      return {
        accountId: user.username,
        claims: () => ({ sub: user.username, preferred_username: user.username, name: user.username })
      }
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== audience) throw new errors.InvalidTarget(`unknown resource ${resource}`)
          return {
            scope: apiScope,
            audience,
            accessTokenTTL,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } }
          }
        }
      }
    },
    ttl: {
      AccessToken: accessTokenTTL,
      IdToken: 3600,
      RefreshToken: options.refreshTokenTtlS ?? 8 * 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token')
  }
  const provider = new Provider(issuer, configuration)
  let grants = 0
  const issued: string[] = []
  provider.on('grant.success', (ctx) => {
    grants++
    const body = ctx.body as Record<string, unknown> | undefined
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      const value = body?.[key]
      if (typeof value === 'string') issued.push(value)
    }
  })
  const callback = provider.callback()

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec((req.url ?? '').split('?')[0] ?? '')
    if (!m) return void callback(req, res)
    interaction(provider, users, audience, req, res, m[2]).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' })
      res.end(`Sign-in failed: ${e instanceof Error ? e.message : String(e)}`)
    })
  })

  return {
    issuer,
    clientId,
    audience,
    scope: `${apiScope} offline_access`,
    grants: () => grants,
    issued: () => [...issued],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

async function interaction(
  provider: Provider,
  users: readonly SandboxUser[],
  audience: string,
  req: IncomingMessage,
  res: ServerResponse,
  action: string | undefined
): Promise<void> {
  const details = await provider.interactionDetails(req, res)
  const { client_id: asked, scope } = details.params
  const clientId = typeof asked === 'string' ? asked : ''
  const page = (problem: string | null): void => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(loginPage(details.uid, clientId, problem))
  }
  // A first-party app: no consent page, the scopes it asks for are granted (native clients always get this prompt).
  if (details.prompt.name === 'consent' && details.session?.accountId) {
    const grant = new provider.Grant({ clientId, accountId: details.session.accountId })
    grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid')
    grant.addResourceScope(audience, apiScope)
    const grantId = await grant.save()
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true })
    return
  }
  if (req.method === 'GET' || !action) return page(null)
  if (action === 'abort') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The sign-in was cancelled.'
    })
    return
  }
  const form = new URLSearchParams(await readBody(req))
  const user = users.find((u) => u.username === form.get('login'))
  if (!user || !same(user.password, form.get('password') ?? '')) return page('The user name or password is wrong.')
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.username } },
    { mergeWithLastSubmission: false }
  )
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) {
    text += String(chunk)
    if (text.length > 10_000) throw new Error('the form is too large')
  }
  return text
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
