import type { KeychainStatus, PasswordStorage } from '../../../../common/connections'

/** Whether "Remember password" (the keychain) may be ticked: the keychain works and IT policy allows it. */
export const keychainSavingAllowed = (k: KeychainStatus | null): boolean =>
  k?.available === true && k.neverSavePasswords !== true

/** Where a typed password goes unless the user says otherwise: the keychain when allowed, else nowhere. */
export const defaultRemember = (k: KeychainStatus | null): PasswordStorage =>
  keychainSavingAllowed(k) ? 'keychain' : 'none'
