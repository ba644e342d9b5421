import { timingSafeEqual } from 'node:crypto'
import type { SandboxUser } from './options'

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
