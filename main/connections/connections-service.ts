import {
  SANDBOX_CONNECTION_ID,
  usesPassword,
  type ConnectionForm,
  type ConnectionList,
  type ConnectionView,
  type KeychainStatus,
  type SandboxUser,
  type StoredConnection
} from '../../common/connections'
import { AppError } from '../../common/errors'
import type { Authenticator } from '../granta/auth'
import type { ConnectionStore } from './connection-store'
import type { GrantaProfile } from './granta-port'
import type { OidcSessions } from './oidc-sessions'
import type { OrganisationConnections } from './organisation-connections'
import type { PasswordVault } from './password-vault'
import type { SandboxHost } from './sandbox-host'

/** A connection made ready to dial: where, as whom, and the password to use. */
export interface ConnectTarget {
  id: string
  name: string
  username: string
  builtIn: boolean
  profile: GrantaProfile
  /** The password came from the caller, not from a saved copy. */
  passwordTyped: boolean
}

const SANDBOX_NAME = 'Sandbox'

/** Saved connections with their passwords' whereabouts, plus the built-in Sandbox connection. */
export class ConnectionsService {
  constructor(
    private readonly store: ConnectionStore,
    private readonly vault: PasswordVault,
    private readonly sandbox: SandboxHost,
    private readonly oidc: OidcSessions,
    private readonly organisation: OrganisationConnections
  ) {}

  async list(connectedId: string | null): Promise<ConnectionList> {
    const lastUsedId = await this.store.lastUsedId()
    const saved = await this.store.list()
    const views = [await this.sandboxView(connectedId, lastUsedId)]
    for (const c of await this.organisation.list()) views.push(await this.view(c, connectedId, lastUsedId, true))
    for (const c of saved) views.push(await this.view(c, connectedId, lastUsedId))
    return { connections: views, notice: this.store.notice }
  }

  async get(id: string, connectedId: string | null): Promise<ConnectionView> {
    const lastUsedId = await this.store.lastUsedId()
    if (id === SANDBOX_CONNECTION_ID) return this.sandboxView(connectedId, lastUsedId)
    const fromPolicy = await this.organisation.get(id)
    if (fromPolicy) return this.view(fromPolicy, connectedId, lastUsedId, true)
    return this.view(await this.store.require(id), connectedId, lastUsedId)
  }

  /** A saved connection or one IT set (policy defaultConnections). */
  private async require(id: string): Promise<StoredConnection> {
    return (await this.organisation.get(id)) ?? this.store.require(id)
  }

  async create(form: ConnectionForm): Promise<StoredConnection> {
    return this.store.create(form)
  }

  /** Saves new values; a password saved for the old address or user is forgotten, so it is never sent elsewhere. */
  async update(id: string, form: ConnectionForm): Promise<{ before: StoredConnection; after: StoredConnection }> {
    this.refuseBuiltIn(id, 'edited')
    const managed = await this.organisation.has(id)
    const current = await this.require(id)
    const moved = current.url !== form.url || current.auth !== form.auth || current.username !== form.username
    if (managed) {
      const changed = await this.organisation.update(id, form)
      if (moved) await this.forgetSecrets(current)
      return changed
    }
    if (moved) await this.forgetSecrets(current)
    return this.store.update(id, form)
  }

  /** Removes the connection and its saved password (keychain and this session). */
  async delete(id: string): Promise<void> {
    this.refuseBuiltIn(id, 'deleted')
    const fromPolicy = await this.organisation.get(id)
    if (fromPolicy) this.organisation.refuseDelete(fromPolicy)
    const current = await this.store.require(id)
    await this.forgetSecrets(current)
    await this.store.delete(id)
  }

  async forgetPassword(id: string): Promise<void> {
    if (id === SANDBOX_CONNECTION_ID) return
    const current = await this.require(id)
    if (current.auth === 'oidc' || usesPassword(current.auth)) await this.forgetSecrets(current)
  }

  /** A saved password, or a single sign-on's tokens (revoked at the provider). */
  private async forgetSecrets(c: StoredConnection): Promise<void> {
    if (c.auth === 'oidc') await this.oidc.signOut(c.id)
    else await this.vault.forget(c.id, c.username)
  }

  keychainStatus(): Promise<KeychainStatus> {
    return this.vault.keychainStatus()
  }

  lastUsedId(): Promise<string | null> {
    return this.store.lastUsedId()
  }

  setLastUsed(id: string | null): Promise<void> {
    return this.store.setLastUsed(id)
  }

  rememberPassword(target: ConnectTarget, password: string, where: 'keychain' | 'session' | 'none'): Promise<void> {
    return this.vault.remember(target.id, target.username, password, where)
  }

  async name(id: string): Promise<string> {
    if (id === SANDBOX_CONNECTION_ID) return SANDBOX_NAME
    return ((await this.organisation.get(id)) ?? (await this.store.get(id)))?.name ?? id
  }

  /** A saved connection (or the sandbox) ready to dial; a basic one needs a typed or saved password. */
  async target(id: string, options: { password?: string; sandboxUser?: SandboxUser } = {}): Promise<ConnectTarget> {
    if (id === SANDBOX_CONNECTION_ID) {
      const username = options.sandboxUser ?? (await this.store.sandboxUser())
      const url = await this.sandbox.ensureStarted()
      if (options.sandboxUser) await this.store.setSandboxUser(options.sandboxUser)
      return {
        id,
        name: SANDBOX_NAME,
        username,
        builtIn: true,
        passwordTyped: false,
        profile: { url, auth: { kind: 'basic', username, password: await this.sandbox.password(username) } }
      }
    }
    const c = await this.require(id)
    if (usesPassword(c.auth) && c.username === '') {
      throw new AppError(
        'Validation',
        `${c.name} needs your user name first: choose Edit on its card, enter the user name, and connect again.`,
        { connectionId: id }
      )
    }
    if (!usesPassword(c.auth)) {
      const profile = this.profile(c, null, c.auth === 'oidc' ? this.oidc.forConnection(id, c.url) : undefined)
      return { id, name: c.name, username: '', builtIn: false, passwordTyped: false, profile }
    }
    const password = options.password ?? (await this.vault.get(id, c.username))
    if (password === null) {
      throw new AppError('PasswordRequired', `Enter the password for ${c.username} on ${c.name}.`, { connectionId: id })
    }
    return {
      id,
      name: c.name,
      username: c.username,
      builtIn: false,
      passwordTyped: options.password !== undefined,
      profile: this.profile(c, password)
    }
  }

  /** Unsaved form values, for a test before saving. */
  formTarget(form: ConnectionForm, password: string | undefined): ConnectTarget {
    if (usesPassword(form.auth) && !password) {
      throw new AppError('PasswordRequired', `Enter the password for ${form.username} to test the connection.`)
    }
    const shaped = { ...form, username: usesPassword(form.auth) ? form.username : '' }
    return {
      id: '',
      name: form.name,
      username: shaped.username,
      builtIn: false,
      passwordTyped: true,
      profile: this.profile(shaped, password ?? null, form.auth === 'oidc' ? this.oidc.forTest(form.url) : undefined)
    }
  }

  private profile(
    c: Pick<StoredConnection, 'url' | 'auth' | 'username' | 'tls'>,
    password: string | null,
    session?: Authenticator
  ): GrantaProfile {
    const tls = { useSystemStore: c.tls.useSystemStore, ...(c.tls.caFile ? { caFile: c.tls.caFile } : {}) }
    switch (c.auth) {
      case 'basic':
      case 'ntlm':
        return { url: c.url, auth: { kind: c.auth, username: c.username, password: password ?? '' }, tls }
      case 'oidc':
        if (session) return { url: c.url, auth: { kind: 'oidc', session }, tls }
        throw new Error('connections: a single sign-on profile needs its session')
      case 'negotiate':
      case 'anonymous':
        return { url: c.url, auth: { kind: c.auth }, tls }
    }
  }

  private refuseBuiltIn(id: string, verb: string): void {
    if (id === SANDBOX_CONNECTION_ID) {
      throw new AppError(
        'Validation',
        `The built-in Sandbox connection cannot be ${verb}. Choose its user when you connect.`
      )
    }
  }

  private async view(
    c: StoredConnection,
    connectedId: string | null,
    lastUsedId: string | null,
    setByOrganisation = false
  ): Promise<ConnectionView> {
    const passwordStorage = usesPassword(c.auth)
      ? await this.vault.storage(c.id, c.username)
      : c.auth === 'oidc' && (await this.oidc.hasSaved(c.id))
        ? 'keychain'
        : 'none'
    return {
      id: c.id,
      name: c.name,
      url: c.url,
      auth: c.auth,
      username: c.username,
      tls: c.tls,
      builtIn: false,
      setByOrganisation,
      passwordStorage,
      hasSavedPassword: passwordStorage !== 'none',
      connected: connectedId === c.id,
      lastUsed: lastUsedId === c.id
    }
  }

  private async sandboxView(connectedId: string | null, lastUsedId: string | null): Promise<ConnectionView> {
    return {
      id: SANDBOX_CONNECTION_ID,
      name: SANDBOX_NAME,
      url: this.sandbox.url ?? '',
      auth: 'basic',
      username: await this.store.sandboxUser(),
      tls: { caFile: null, useSystemStore: false },
      builtIn: true,
      setByOrganisation: false,
      passwordStorage: 'none',
      hasSavedPassword: true,
      connected: connectedId === SANDBOX_CONNECTION_ID,
      lastUsed: lastUsedId === SANDBOX_CONNECTION_ID
    }
  }
}
