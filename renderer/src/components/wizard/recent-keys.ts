const storageKey = 'jobqueue.recentDatabaseKeys'

/** Database keys used in recent exports, newest first. */
export function recentDatabaseKeys(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as unknown
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string').slice(0, 10) : []
  } catch {
    return []
  }
}

export function rememberDatabaseKey(key: string): string[] {
  const k = key.trim()
  if (!k) return recentDatabaseKeys()
  const next = [k, ...recentDatabaseKeys().filter((x) => x !== k)].slice(0, 10)
  localStorage.setItem(storageKey, JSON.stringify(next))
  return next
}
