import { timingSafeEqual } from 'node:crypto'
import type { BearerVerifier } from './oidc/bearer'
import type { ResolvedOptions, SandboxUser } from './options'

export const realm = 'Granta MI Sandbox'
export const challenge = `Basic realm="${realm}"`

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The user named by a Basic `Authorization` header with the right password, else undefined. */
export function authenticate(header: string | undefined, users: readonly SandboxUser[]): SandboxUser | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (!m?.[1]) return undefined
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const username = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  const user = users.find((u) => u.username.toLowerCase() === username.toLowerCase())
  return user && same(user.password, password) ? user : undefined
}

export type SignIn = { user: SandboxUser } | { challenges: string[]; message: string }

/** The user a request signs in as (Basic and/or Bearer, as configured), or the challenges of a 401. */
export async function signIn(
  header: string | undefined,
  options: Pick<ResolvedOptions, 'auth' | 'users'>,
  bearer: BearerVerifier | undefined
): Promise<SignIn> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  if (bearer && m?.[1]) {
    const r = await bearer.verify(m[1])
    const user = r.ok ? options.users.find((u) => u.username === r.username) : undefined
    if (user) return { user }
    const why = r.ok ? { error: 'invalid_token', description: `${r.username} is not a user of this server` } : r
    return {
      challenges: challenges(options, bearer, why),
      message: `The access token was refused: ${why.description}.`
    }
  }
  const user = options.auth.basic ? authenticate(header, options.users) : undefined
  if (user) return { user }
  const message = header
    ? 'The user name or password is wrong.'
    : `Sign in with ${[options.auth.basic ? 'Basic authentication' : '', bearer ? 'an OIDC access token' : ''].filter(Boolean).join(' or ')}.`
  return { challenges: challenges(options, bearer), message }
}

function challenges(
  options: Pick<ResolvedOptions, 'auth'>,
  bearer: BearerVerifier | undefined,
  refused?: { error: string; description: string }
): string[] {
  const out: string[] = []
  if (bearer) out.push(bearer.challenge(refused))
  if (options.auth.basic) out.push(challenge)
  return out
}
