/** Where passwords live. Accounts are `<connection id>/<user>`; values never touch disk in plain text. */
export interface SecretStore {
  readonly kind: 'keychain' | 'session'
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  /** True when something was removed. */
  delete(account: string): Promise<boolean>
}

/** "This session only": secrets held in memory until the app quits. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'session'
  private readonly secrets = new Map<string, string>()

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(account) ?? null)
  }

  set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
    return Promise.resolve()
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.secrets.delete(account))
  }
}

export function secretAccount(connectionId: string, username: string): string {
  return `${connectionId}/${username}`
}
