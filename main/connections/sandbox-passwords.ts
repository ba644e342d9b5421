import { randomBytes } from 'node:crypto'
import type { KeychainStatus, SandboxCredentials } from '../../common/connections'
import type { Logger } from '../log'
import type { SandboxUser } from '../sandbox/options'
import type { SecretStore } from './secret-store'

export interface SandboxPasswordsOptions {
  /** The built-in users (main/sandbox's defaultUsers); their passwords are replaced. */
  users: readonly SandboxUser[]
  keychain: SecretStore
  probe: () => Promise<KeychainStatus>
  logger: Logger
  /** A new password; 16 characters of crypto-random base64url by default. */
  random?: () => string
}

export interface SandboxAccounts {
  users: SandboxUser[]
  /** Where the passwords are kept: the OS keychain, or only until the app quits. */
  storage: SandboxCredentials['storage']
}

/** Keychain accounts of the sandbox's passwords; no saved connection can have this id (ids are UUIDs). */
const account = (username: string) => `builtin-sandbox/${username}`

/**
 * The built-in sandbox's passwords, random per installation: made on first use and kept in the OS keychain, so
 * they stay the same across restarts. Without a keychain they last until the app quits.
 */
export class SandboxPasswords {
  private loaded: Promise<SandboxAccounts> | null = null
  private readonly random: () => string

  constructor(private readonly options: SandboxPasswordsOptions) {
    this.random = options.random ?? (() => randomBytes(12).toString('base64url'))
  }

  /** The users with their passwords, and where the passwords are kept. */
  load(): Promise<SandboxAccounts> {
    return (this.loaded ??= this.read())
  }

  private async read(): Promise<SandboxAccounts> {
    const status = await this.options.probe()
    if (status.available) {
      try {
        const users: SandboxUser[] = []
        for (const user of this.options.users) users.push({ ...user, password: await this.kept(user.username) })
        return { users, storage: 'keychain' }
      } catch (e) {
        this.options.logger.warn(
          `the sandbox's passwords could not be kept in the keychain; they last until the app quits: ${e instanceof Error ? e.message : String(e)}`
        )
      }
    }
    return { users: this.options.users.map((u) => ({ ...u, password: this.random() })), storage: 'session' }
  }

  private async kept(username: string): Promise<string> {
    const saved = await this.options.keychain.get(account(username))
    if (saved) return saved
    const made = this.random()
    await this.options.keychain.set(account(username), made)
    return made
  }
}
