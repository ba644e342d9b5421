/** localStorage that never throws (storage can be disabled or full); values are validated by the caller. */
export function readSetting(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

export function writeSetting(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    // Not remembered across restarts; the current session still uses the value.
  }
}
