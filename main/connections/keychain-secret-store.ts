import { randomUUID } from 'node:crypto'
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring'
import { AppError } from '../../common/errors'
import type { KeychainStatus } from '../../common/connections'
import type { SecretStore } from './secret-store'

export const KEYCHAIN_SERVICE = 'JobQueue Desktop'

/** On Linux, insist on the Secret Service: the kernel keyring fallback forgets everything at logout. */
const entryOptions: EntryOptions = { linux: { store: 'secret-service' } }

export function keychainStoreName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'Windows Credential Manager'
  if (platform === 'darwin') return 'macOS Keychain'
  return 'Secret Service'
}

/** The OS keychain through @napi-rs/keyring (a maintained, keytar-compatible binding). */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain'

  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  async get(account: string): Promise<string | null> {
    return this.call(() => this.entry(account).getPassword(), 'read')
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call(() => this.entry(account).setPassword(secret), 'save')
  }

  async delete(account: string): Promise<boolean> {
    return this.call(() => this.entry(account).deleteCredential(), 'delete')
  }

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, entryOptions)
  }

  private async call<T>(op: () => Promise<T>, verb: string): Promise<T> {
    try {
      return await op()
    } catch (e) {
      throw new AppError(
        'Keychain',
        `JobQueue Desktop could not ${verb} the password in the ${keychainStoreName()}: ${describe(e)}`,
        { store: keychainStoreName() }
      )
    }
  }
}

function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  return message.replace(/^Platform failure: /, '').slice(0, 300)
}

/**
 * Checks once whether the keychain works: saves, reads back and deletes a throwaway entry.
 * Any failure makes it unavailable, with the reason in words a user understands.
 */
export async function probeKeychain(service: string = KEYCHAIN_SERVICE): Promise<KeychainStatus> {
  const store = keychainStoreName()
  const account = `probe/${randomUUID()}`
  const value = randomUUID()
  try {
    const entry = new AsyncEntry(service, account, entryOptions)
    await entry.setPassword(value)
    const back = await entry.getPassword()
    await entry.deleteCredential()
    if (back !== value)
      return { available: false, store, reason: `The ${store} did not give back what was saved in it.` }
    return { available: true, store, reason: null }
  } catch (e) {
    return { available: false, store, reason: explain(describe(e), store) }
  }
}

function explain(message: string, store: string): string {
  if (
    store === 'Secret Service' &&
    /DBUS_SESSION_BUS_ADDRESS|connect to socket|dbus|org\.freedesktop\.secrets/i.test(message)
  ) {
    return 'No keyring (Secret Service) is running in this desktop session. Start GNOME Keyring or KeePassXC to save passwords.'
  }
  if (/locked|does not exist at path|collection/i.test(message)) {
    return `The ${store} is locked or has no default keyring. Unlock it to save passwords.`
  }
  return `The ${store} cannot be used (${message}).`
}
