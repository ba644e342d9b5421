import { z } from 'zod'
import { AppError } from '../../../common/errors'
import type { AuthChallenge } from '../auth'

/** http is allowed only on the loopback address (the sandbox's provider); everything else must be https. */
export function isLoopbackHttp(u: URL): boolean {
  return u.protocol === 'http:' && u.hostname === '127.0.0.1'
}

const authorityUrl = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v)
      return (u.protocol === 'https:' || isLoopbackHttp(u)) && u.username === '' && u.password === ''
    } catch {
      return false
    }
  }, 'the authority must be an https:// address (http:// only on 127.0.0.1)')

/** RFC 8252 §7.3: a loopback redirect on http, bound to an IP literal with a port. */
const redirectUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v)
      return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && u.port !== ''
    } catch {
      return false
    }
  }, 'the redirect URI must be a loopback address with a port, e.g. http://127.0.0.1:53682/callback')

export const bearerChallengeSchema = z.object({
  redirecturi: redirectUrl,
  authority: authorityUrl,
  clientid: z.string().trim().min(1, 'the client id is empty').max(500),
  scope: z.string().trim().max(2000).optional(),
  apiaudience: z.string().trim().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional()
})
export type BearerChallenge = z.infer<typeof bearerChallengeSchema>

/** The server's Bearer challenge, checked; an AppError a user understands when it is missing or unusable. */
export function bearerChallenge(challenges: AuthChallenge[], offered: string): BearerChallenge {
  const bearer = challenges.find((c) => c.scheme === 'bearer')
  if (!bearer) {
    throw new AppError(
      'Unauthorized',
      `This server does not offer single sign-on (OIDC); it accepts ${offered}. Choose another sign-in method.`,
      { step: 'authenticate' }
    )
  }
  const r = bearerChallengeSchema.safeParse(bearer.params)
  if (!r.success) {
    const what = r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    throw new AppError(
      'ServerResponseInvalid',
      `The server's single sign-on settings cannot be used (${what.join('; ')}). Ask your administrator to check them.`,
      { step: 'authenticate' }
    )
  }
  return r.data
}

/** The scopes to ask for: openid, the server's scope, and offline_access for a refresh token. */
export function scopesFor(challenge: BearerChallenge): string {
  const scopes = new Set(['openid', ...(challenge.scope ?? '').split(/\s+/).filter(Boolean), 'offline_access'])
  return [...scopes].join(' ')
}
