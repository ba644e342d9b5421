import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildFacade, type EventChannel, type HandlerTable, type InvokeChannel } from '../../../common/contract'
import type { SessionState } from '../../../common/connections'
import type { QueueScope } from '../../../common/queue'
import { browserDesktop } from '../../../main/desktop-api'
import { EventBus } from '../../../main/events'
import { connect } from '../../../main/granta'
import { createDispatch } from '../../../main/ipc/dispatch'
import { createQueue } from '../../../main/queue'
import { acceptingGate } from '../../helpers/grants'
import { testLogger } from '../../helpers/logger'
import { startSandboxProcess } from '../../bench/sandbox-process'

/** The sandbox with synthetic jobs, in its own process (it cannot load in happy-dom). */
async function startSandbox(
  seedJobs: number,
  extraArgs: readonly string[]
): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jq-scope-view-'))
  const { url, child } = await startSandboxProcess(dataDir, ['--seed-jobs', String(seedJobs), ...extraArgs])
  const stop = () =>
    new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill())))
  return { url, stop }
}

/**
 * The Queue view over main's real queue service and dispatch, signed in to a sandbox as `writer`.
 * The session handlers answer with that signed-in state (the connections service is not under test here).
 */
export async function queueBridge(
  options: {
    seedJobs?: number
    /** The sandbox does not run its Pending jobs: the queue holds still while a test compares orders. */
    still?: boolean
    beforeCall?: (channel: InvokeChannel) => void | Promise<void>
  } = {}
) {
  const sandbox = await startSandbox(options.seedJobs ?? 60, options.still ? ['--polling-ms', '3600000'] : [])
  const client = await connect({
    url: sandbox.url,
    auth: { kind: 'basic', username: 'writer', password: 'writer-pass' },
    timeoutMs: 10_000
  })
  const user = await client.currentUser()
  const state: SessionState = {
    status: 'connected',
    session: {
      connectionId: 'sandbox',
      connectionName: 'Sandbox',
      url: sandbox.url,
      username: user.username,
      isAdmin: user.isAdmin,
      hasWriteAccess: user.hasWriteAccess,
      serverVersion: '25.2',
      processingConfiguration: await client.processingConfiguration(),
      connectedAt: new Date().toISOString()
    },
    connecting: null,
    lastError: null,
    notice: null
  }
  const events = new EventBus()
  const queue = createQueue({
    dataDir: mkdtempSync(join(tmpdir(), 'jq-scope-data-')),
    events,
    session: { state: () => state, client: () => client, subscribe: () => () => {} },
    desktop: browserDesktop(),
    gate: acceptingGate(),
    logger: testLogger(),
    monitor: { fastMs: 3_600_000, slowMs: 3_600_000 }
  })
  const table = {
    ...queue.handlers,
    'session.current': () => state,
    'keychain.status': () => ({ available: true, store: 'test', reason: null })
  } as Partial<HandlerTable>
  const dispatch = createDispatch(table as HandlerTable, testLogger())
  const scopes: QueueScope[] = []
  const calls: { channel: InvokeChannel; input: unknown }[] = []
  const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))
  const facade = buildFacade(
    async (channel, input) => {
      if (channel === 'queue.setScope') scopes.push(copy(input) as QueueScope)
      calls.push({ channel, input: copy(input) })
      await options.beforeCall?.(channel)
      return copy(await dispatch(channel, copy(input), { transport: 'browser' }))
    },
    (event: EventChannel, listener) => events.subscribe((e, payload) => e === event && listener(copy(payload)))
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  // Uploads do not run under happy-dom: rename one of writer's seeded jobs instead of creating one.
  const pick = (await client.listJobs({ submitterNameFilter: 'writer', jobType: 'TextImportJob' })).jobs[0]
  if (!pick) throw new Error('the sandbox seeded no text import by writer')
  const rd = await client.updateJob(pick.id, { name: 'R&D #2 batch+1' })
  const all = (await client.listJobs()).jobs
  return {
    sandbox,
    client,
    events,
    queue,
    scopes,
    calls,
    all,
    rd,
    async close() {
      Reflect.deleteProperty(window, 'jobqueue')
      queue.dispose()
      client.close()
      await sandbox.stop()
    }
  }
}
