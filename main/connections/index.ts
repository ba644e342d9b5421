import type { EventBus } from '../events'
import type { Logger } from '../log'
import { ConnectionStore } from './connection-store'
import { ConnectionsService } from './connections-service'
import type { GrantaConnect, GrantaSessionClient } from './granta-port'
import { connectionHandlers } from './handlers'
import { KeychainSecretStore, probeKeychain } from './keychain-secret-store'
import { PasswordVault } from './password-vault'
import type { SecretStore } from './secret-store'
import { SandboxHost, type SandboxHostOptions } from './sandbox-host'
import { SandboxPasswords } from './sandbox-passwords'
import type { SandboxUser } from '../sandbox/options'
import { SessionManager } from './session-manager'
import type { KeychainStatus } from '../../common/connections'
import { AppError } from '../../common/errors'
import { OidcSessions } from './oidc-sessions'
import { OrganisationConnections } from './organisation-connections'
import type { Policy } from '../../common/policy'

export interface ConnectionsOptions<C extends GrantaSessionClient> {
  dataDir: string
  events: EventBus
  /** main/granta's connect. */
  connect: GrantaConnect<C>
  /**
   * How to start the sandbox (`sandboxInThread` in the app) and its built-in users. With `randomPasswords`, the
   * users' passwords are replaced by random ones kept in the keychain (SandboxPasswords).
   */
  sandbox: Pick<SandboxHostOptions, 'start'> & { users: readonly SandboxUser[]; randomPasswords?: boolean }
  /** The OS keychain by default; tests may pass another store and probe. */
  keychain?: { store: SecretStore; probe: () => Promise<KeychainStatus> }
  clock?: () => Date
  logger: Logger
  /** Single sign-on: how the provider's sign-in page is opened (Desktop.openSignIn), and how long it may take. */
  oidc?: { openBrowser: (url: string) => Promise<void>; signInTimeoutMs?: number }
  /** What IT set (main/policy): defaultConnections offered to every user, neverSavePasswords. None by default. */
  policy?: () => Promise<Policy>
}

export interface Connections<C extends GrantaSessionClient> {
  handlers: ReturnType<typeof connectionHandlers>
  connections: ConnectionsService
  sessionManager: SessionManager<C>
  sandbox: SandboxHost
  dispose(): Promise<void>
}

/** Builds saved connections, the password vault, the sandbox host and the session manager, and wires session events. */
export function createConnections<C extends GrantaSessionClient>(options: ConnectionsOptions<C>): Connections<C> {
  const store = new ConnectionStore({ dataDir: options.dataDir, clock: options.clock })
  const keychainStore = options.keychain?.store ?? new KeychainSecretStore()
  const probe = options.keychain?.probe ?? (() => probeKeychain())
  const policy = options.policy ?? (() => Promise.resolve<Policy>({}))
  const vault = new PasswordVault({
    keychain: keychainStore,
    probe,
    neverSave: async () => (await policy()).neverSavePasswords === true
  })
  const passwords = new SandboxPasswords({
    users: options.sandbox.users,
    keychain: keychainStore,
    probe,
    logger: options.logger.child('sandbox')
  })
  const sandbox = new SandboxHost({
    dataDir: options.dataDir,
    start: options.sandbox.start,
    users: options.sandbox.randomPasswords ? () => passwords.load() : options.sandbox.users,
    onCrash: (message) => {
      options.logger.error(`the sandbox stopped: ${message}`)
      options.events.emit('app.notice', { level: 'error', message })
    }
  })
  const oidc = new OidcSessions({
    keychain: keychainStore,
    openBrowser:
      options.oidc?.openBrowser ??
      (() =>
        Promise.reject(new AppError('Validation', 'Single sign-on needs a browser, and none can be opened here.'))),
    ...(options.oidc?.signInTimeoutMs ? { signInTimeoutMs: options.oidc.signInTimeoutMs } : {}),
    ...(options.clock ? { clock: options.clock } : {})
  })
  const connections = new ConnectionsService(store, vault, sandbox, oidc, new OrganisationConnections(policy, store))
  const sessionManager = new SessionManager<C>({
    connections,
    connect: options.connect,
    clock: options.clock,
    logger: options.logger.child('session')
  })
  const unsubscribe = sessionManager.subscribe((state) => options.events.emit('session.changed', state))
  return {
    handlers: connectionHandlers(connections, sessionManager, sandbox),
    connections,
    sessionManager,
    sandbox,
    async dispose() {
      await oidc.settle()
      unsubscribe()
      sessionManager.dispose()
      await sandbox.stop()
    }
  }
}

export type { SessionManager } from './session-manager'
export { MemorySecretStore, type SecretStore } from './secret-store'
