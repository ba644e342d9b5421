import { randomUUID } from 'node:crypto'
import { AsyncEntry } from '@napi-rs/keyring'
import { describe, expect, it } from 'vitest'
import { KeychainSecretStore, probeKeychain } from '../../main/connections/keychain-secret-store'
import { PasswordVault } from '../../main/connections/password-vault'

/** Runs inside scripts/with-keychain.sh: a private D-Bus session with an unlocked gnome-keyring. */
const service = `JobQueue Desktop test ${randomUUID()}`

describe('the OS keychain (Secret Service)', () => {
  it('is found by the probe', async () => {
    expect(await probeKeychain(service)).toEqual({ available: true, store: 'Secret Service', reason: null })
  })

  it('saves, reads and deletes a password', async () => {
    const store = new KeychainSecretStore(service)
    const account = `${randomUUID()}/alice`
    expect(await store.get(account)).toBeNull()
    await store.set(account, 'pässwörd & more')
    expect(await store.get(account)).toBe('pässwörd & more')
    // Another binding instance reads the same entry: it really is in the Secret Service.
    expect(await new AsyncEntry(service, account, { linux: { store: 'secret-service' } }).getPassword()).toBe(
      'pässwörd & more'
    )
    expect(await store.delete(account)).toBe(true)
    expect(await store.get(account)).toBeNull()
    expect(await store.delete(account)).toBe(false)
  })

  it("keeps the vault's keychain and session passwords apart", async () => {
    const keychain = new KeychainSecretStore(service)
    const vault = new PasswordVault({ keychain, probe: () => probeKeychain(service) })
    await vault.remember('c1', 'alice', 'kept', 'keychain')
    expect(await keychain.get('c1/alice')).toBe('kept')
    expect(await vault.storage('c1', 'alice')).toBe('keychain')
    await vault.remember('c1', 'alice', 'only-now', 'session')
    expect(await keychain.get('c1/alice')).toBeNull()
    expect(await vault.storage('c1', 'alice')).toBe('session')
    expect(await vault.get('c1', 'alice')).toBe('only-now')
    await vault.forget('c1', 'alice')
    expect(await vault.storage('c1', 'alice')).toBe('none')
    expect(await vault.get('c1', 'alice')).toBeNull()
  })
})
