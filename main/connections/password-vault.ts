import { AppError } from '../../common/errors'
import type { KeychainStatus, PasswordStorage } from '../../common/connections'
import { MemorySecretStore, secretAccount, type SecretStore } from './secret-store'

export interface PasswordVaultOptions {
  /** The OS keychain; used only when `probe` says it works. */
  keychain: SecretStore
  /** Checks the keychain once (save, read, delete a throwaway entry). */
  probe: () => Promise<KeychainStatus>
  /** "This session only" passwords. */
  session?: SecretStore
  /** IT policy NeverSavePasswords: the keychain is neither written nor read for passwords. */
  neverSave?: () => Promise<boolean>
}

/** Why "Remember password" is refused when IT set NeverSavePasswords. */
export const NEVER_SAVE_MESSAGE =
  'Your organisation does not allow JobQueue Desktop to remember passwords (IT policy NeverSavePasswords). ' +
  'Enter the password each time you connect, or keep it for this session only.'

/**
 * Saved passwords, keyed by connection and user: in the OS keychain when it works, otherwise
 * (or when asked) in memory for this session only. Never in a file.
 */
export class PasswordVault {
  private status: Promise<KeychainStatus> | null = null
  private readonly session: SecretStore

  constructor(private readonly options: PasswordVaultOptions) {
    this.session = options.session ?? new MemorySecretStore()
  }

  async keychainStatus(): Promise<KeychainStatus> {
    this.status ??= this.options.probe().catch((e: unknown) => ({
      available: false,
      store: 'keychain',
      reason: e instanceof Error ? e.message : String(e)
    }))
    const status = await this.status
    return (await this.neverSave()) ? { ...status, neverSavePasswords: true } : status
  }

  /** Throws Forbidden when IT policy does not allow remembering passwords in the keychain. */
  async assertMaySave(): Promise<void> {
    if (await this.neverSave()) throw new AppError('Forbidden', NEVER_SAVE_MESSAGE)
  }

  /** The keychain holds passwords we may use: it works, and IT policy allows it. */
  private async keychainUsable(): Promise<boolean> {
    return !(await this.neverSave()) && (await this.keychainStatus()).available
  }

  private neverSave(): Promise<boolean> {
    return (this.options.neverSave?.() ?? Promise.resolve(false)).catch(() => false)
  }

  /** Where the password of this connection and user is kept, if anywhere. */
  async storage(connectionId: string, username: string): Promise<PasswordStorage> {
    const account = secretAccount(connectionId, username)
    if ((await this.session.get(account)) !== null) return 'session'
    if ((await this.keychainUsable()) && (await this.readKeychain(account)) !== null) return 'keychain'
    return 'none'
  }

  async get(connectionId: string, username: string): Promise<string | null> {
    const account = secretAccount(connectionId, username)
    const fromSession = await this.session.get(account)
    if (fromSession !== null) return fromSession
    if (!(await this.keychainUsable())) return null
    return this.options.keychain.get(account)
  }

  /** Keeps a password where asked; `none` forgets any kept copy. */
  async remember(connectionId: string, username: string, password: string, where: PasswordStorage): Promise<void> {
    const account = secretAccount(connectionId, username)
    if (where === 'keychain') {
      await this.assertMaySave()
      const status = await this.keychainStatus()
      if (!status.available) {
        throw new AppError(
          'Keychain',
          `The password cannot be remembered: ${status.reason ?? 'the keychain is unavailable.'} Choose "this session only" instead.`
        )
      }
      await this.options.keychain.set(account, password)
      await this.session.delete(account)
    } else if (where === 'session') {
      await this.session.set(account, password)
      await this.deleteFromKeychain(account)
    } else {
      await this.forget(connectionId, username)
    }
  }

  async forget(connectionId: string, username: string): Promise<void> {
    const account = secretAccount(connectionId, username)
    await this.session.delete(account)
    await this.deleteFromKeychain(account)
  }

  private async readKeychain(account: string): Promise<string | null> {
    try {
      return await this.options.keychain.get(account)
    } catch {
      return null
    }
  }

  private async deleteFromKeychain(account: string): Promise<void> {
    if ((await this.keychainStatus()).available) await this.options.keychain.delete(account)
  }
}
