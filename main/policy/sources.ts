import { readFile } from 'node:fs/promises'
import type { PolicySource } from './reader'

export const POLICY_KEY = '\\Software\\Policies\\JobQueue Desktop'

/** policy.json beside the executable (the MSI installs it under Program Files, writable only by administrators). */
export function policyFileSource(path: string): PolicySource {
  return {
    kind: 'file',
    async read() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw e
      }
      const value: unknown = JSON.parse(text)
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path} is not a JSON object`)
      return value as Record<string, unknown>
    }
  }
}

/**
 * HKLM\Software\Policies\JobQueue Desktop through winreg (it runs reg.exe; nothing native). Values:
 * UpdateUrl (REG_SZ), NeverSavePasswords (REG_DWORD 0/1), LogLevel (REG_SZ), DefaultConnections (REG_SZ, JSON).
 */
export function registrySource(): PolicySource {
  return {
    kind: 'registry',
    async read() {
      if (process.platform !== 'win32') return null
      const { default: Registry } = await import('winreg')
      const key = new Registry({ hive: Registry.HKLM, key: POLICY_KEY })
      const items = await new Promise<{ name: string; type: string; value: string }[] | null>((resolve, reject) =>
        key.keyExists((err, exists) => {
          if (err) return reject(err)
          if (!exists) return resolve(null)
          key.values((e, values) => (e ? reject(e) : resolve(values)))
        })
      )
      return items ? registryValues(items) : null
    }
  }
}

/** Registry value names and types mapped onto the policy's keys; parsing is left to the policy schema. */
export function registryValues(items: { name: string; type: string; value: string }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const { name, type, value } of items) {
    const key = name.charAt(0).toLowerCase() + name.slice(1)
    if (type === 'REG_DWORD') out[key] = Number.parseInt(value, 16) !== 0
    else if (key === 'defaultConnections') {
      try {
        out[key] = JSON.parse(value)
      } catch {
        out[key] = value
      }
    } else out[key] = value
  }
  return out
}
