import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SessionState } from '../../../common/connections'
import type { Policy } from '../../../common/policy'
import { createConnections, MemorySecretStore, type SecretStore } from '../../../main/connections'
import { sandboxInThread } from '../../../main/connections/sandbox-thread'
import { EventBus } from '../../../main/events'
import { connect, type GrantaClient } from '../../../main/granta'
import { defaultUsers } from '../../../main/sandbox'
import { testLogger } from '../../helpers/logger'

export const tempDir = (prefix = 'jq-conn-') => mkdtempSync(join(tmpdir(), prefix))
/** The sandbox's worker entry from source, as app.ts starts it under tsx and vitest. */
export const workerScript = fileURLToPath(new URL('../../../main/sandbox/worker.ts', import.meta.url))

/**
 * The connections services as app.ts builds them, on a data folder, with the real Granta client and sandbox.
 * `keychain` stands for the OS keychain: pass the same store to a second build to mimic a restart.
 */
export function buildConnections(
  dataDir: string,
  keychain: SecretStore | 'unavailable' | 'os' = new MemorySecretStore(),
  options: { randomPasswords?: boolean; policy?: () => Promise<Policy> } = {}
) {
  const events = new EventBus()
  const states: SessionState[] = []
  events.subscribe((event, payload) => {
    if (event === 'session.changed') states.push(payload as SessionState)
  })
  const built = createConnections<GrantaClient>({
    dataDir,
    events,
    connect,
    logger: testLogger(),
    ...(options.policy ? { policy: options.policy } : {}),
    sandbox: {
      start: sandboxInThread({ script: workerScript, log: (line) => testLogger().info(line) }),
      users: defaultUsers,
      randomPasswords: options.randomPasswords ?? false
    },
    keychain:
      keychain === 'os'
        ? undefined
        : keychain === 'unavailable'
          ? {
              store: new MemorySecretStore(),
              probe: () =>
                Promise.resolve({
                  available: false,
                  store: 'Secret Service',
                  reason: 'No Secret Service is running.'
                })
            }
          : { store: keychain, probe: () => Promise.resolve({ available: true, store: 'Test keychain', reason: null }) }
  })
  return { ...built, events, states }
}
