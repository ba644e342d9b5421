/** Removes secrets from anything about to be logged: headers, passwords, tokens, Basic/Bearer credentials. */

const secretKey =
  /^(authorization|proxy-authorization|cookie|set-cookie|password|passwd|secret|client_secret|token|access_token|refresh_token|id_token|code|code_verifier|session_state|api[-_]?key)$/i
const inText: [RegExp, string][] = [
  [/\b(authorization|proxy-authorization|cookie|set-cookie)\s*:\s*[^\r\n]*/gi, '$1: [redacted]'],
  [/\b(Basic|Bearer|Negotiate|NTLM)\s+[A-Za-z0-9+/=._~-]+/gi, '$1 [redacted]'],
  [
    /\b(password|passwd|secret|client_secret|token|access_token|refresh_token|id_token|code|code_verifier)=[^&\s"']*/gi,
    '$1=[redacted]'
  ],
  [
    /"(password|passwd|secret|client_secret|token|access_token|refresh_token|id_token|code|code_verifier|authorization|cookie)"\s*:\s*"[^"]*"/gi,
    '"$1":"[redacted]"'
  ],
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@']
]
const maxDepth = 6
const maxKeys = 50

export function redactText(text: string): string {
  let out = text
  for (const [pattern, replacement] of inText) out = out.replace(pattern, replacement)
  return out
}

/**
 * A copy of `value` safe to log. Errors keep only their name, message, code, status, method, path and stack
 * (never request options, headers or bodies); objects lose every field named like a secret.
 */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value
  if (seen.has(value)) return '[circular]'
  if (depth >= maxDepth) return '[too deep]'
  seen.add(value)
  if (value instanceof Error) return redactError(value, depth, seen)
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`
  if (Array.isArray(value)) {
    // Raw header lists pair a name with its value: ['Authorization', 'Basic …'].
    return value
      .slice(0, 100)
      .map((v, i) =>
        i > 0 && typeof value[i - 1] === 'string' && secretKey.test(value[i - 1] as string)
          ? '[redacted]'
          : redact(v, depth + 1, seen)
      )
  }
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value).slice(0, maxKeys)) {
    out[key] = secretKey.test(key) ? '[redacted]' : redact(v, depth + 1, seen)
  }
  return out
}

function redactError(e: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const any = e as Error & {
    code?: unknown
    response?: { statusCode?: unknown }
    options?: { method?: unknown; url?: unknown }
    cause?: unknown
  }
  const out: Record<string, unknown> = { name: e.name, message: redactText(e.message) }
  if (typeof any.code === 'string' || typeof any.code === 'number') out.code = any.code
  if (typeof any.response?.statusCode === 'number') out.status = any.response.statusCode
  if (typeof any.options?.method === 'string') out.method = any.options.method
  const path = pathOf(any.options?.url)
  if (path) out.path = path
  if (e.stack) out.stack = redactText(e.stack)
  if (any.cause !== undefined) out.cause = redact(any.cause, depth + 1, seen)
  return out
}

/** The path of a URL, without its query, fragment or credentials. */
export function pathOf(url: unknown): string | null {
  try {
    return url instanceof URL ? url.pathname : typeof url === 'string' ? new URL(url).pathname : null
  } catch {
    return null
  }
}
