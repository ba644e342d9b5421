import type { HandlersOf } from '../../common/contract'
import type { ConnectionsService } from './connections-service'
import type { GrantaSessionClient } from './granta-port'
import type { SandboxHost } from './sandbox-host'
import type { SessionManager } from './session-manager'

/** The connections and session channels of the handler table. */
export function connectionHandlers(
  connections: ConnectionsService,
  session: SessionManager<GrantaSessionClient>,
  sandbox: SandboxHost
): HandlersOf<'connections' | 'session' | 'keychain'> {
  const connectedId = () => session.state().session?.connectionId ?? null
  return {
    'connections.list': () => connections.list(connectedId()),
    'connections.create': async (form) => {
      const created = await connections.create(form)
      return connections.get(created.id, connectedId())
    },
    'connections.update': async ({ id, form }) => {
      const { before, after } = await connections.update(id, form)
      const onlyRenamed =
        before.url === after.url &&
        before.auth === after.auth &&
        before.username === after.username &&
        JSON.stringify(before.tls) === JSON.stringify(after.tls)
      session.connectionChanged(id, onlyRenamed ? { removed: false, name: after.name } : { removed: false })
      return connections.get(id, connectedId())
    },
    'connections.delete': async ({ id }) => {
      await connections.delete(id)
      session.connectionChanged(id, { removed: true })
      return { id }
    },
    'connections.test': (input) =>
      session.test(() =>
        'form' in input
          ? connections.formTarget(input.form, input.password)
          : connections.target(input.id, { password: input.password })
      ),
    'session.connect': (input) => session.connect(input),
    'session.disconnect': () => session.disconnect(),
    'session.current': () => session.state(),
    'session.signOut': (input) => session.signOut(input?.id),
    'connections.sandboxUsers': () => sandbox.credentials(),
    'keychain.status': () => connections.keychainStatus()
  }
}
