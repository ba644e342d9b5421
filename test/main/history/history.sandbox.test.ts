import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HandlerTable } from '../../../common/contract'
import { connect } from '../../../main/granta'
import { createHistory } from '../../../main/history'
import { createDispatch } from '../../../main/ipc/dispatch'
import { QueueCache } from '../../../main/queue/cache'
import { QueueMonitor } from '../../../main/queue/monitor'
import { startSandbox } from '../../../main/sandbox'
import { systemClock } from '../../../main/clock'
import { testLogger } from '../../helpers/logger'
import { until } from '../../helpers/until'

const assets = resolve(import.meta.dirname, '../../../assets/sandbox')
const temp = (p: string) => mkdtempSync(join(tmpdir(), p))
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

describe('the queue monitor feeds the local history', () => {
  it('records what a poll saw, and insights.summary and history.clear answer over it', async () => {
    const sandbox = await startSandbox({
      port: 0,
      dataDir: temp('jq-hist-sb-'),
      processing: { pollingIntervalMs: 3_600_000 }
    })
    cleanups.push(() => sandbox.stop())
    const writer = await connect({
      url: sandbox.url,
      auth: { kind: 'basic', username: 'writer', password: 'writer-pass' }
    })
    cleanups.push(() => writer.close())
    const dataDir = temp('jq-hist-data-')
    let monitor: QueueMonitor | null = null
    const history = createHistory({
      dataDir,
      clock: systemClock,
      logger: testLogger(),
      connected: () => ({ connectionId: 'sb', connectionName: 'Sandbox' }),
      queue: () => Promise.resolve(monitor?.peek() ?? { connectionId: null, jobs: [] })
    })
    cleanups.push(() => history.dispose())
    monitor = new QueueMonitor({
      cache: new QueueCache(temp('jq-hist-cache-'), testLogger()),
      emit: () => {},
      onJobsSeen: (id, jobs) => history.history.record(id, jobs),
      fastMs: 40,
      slowMs: 150,
      emitGapMs: 10
    })
    const m = monitor
    cleanups.push(() => m.dispose())
    await m.watch({ connectionId: 'sb', username: 'writer', client: writer })

    const job = await writer.createJob({
      type: 'TextImportJob',
      name: 'History import',
      description: null,
      template: { path: join(assets, 'text_import_template.xml') },
      data: [{ path: join(assets, 'example_data.txt') }],
      attachments: []
    })
    const stored = () => history.history.read('sb', new Date(0)).jobs.find((j) => j.id === job.id)
    await until(() => stored()?.status === 'Pending', 'the pending job in the history')
    // The backlog comes from what the queue holds now.
    const dispatch = createDispatch(history.handlers as unknown as HandlerTable, testLogger())
    const ctx = { transport: 'browser' as const }
    const pending = await dispatch('insights.summary', { days: 7 }, ctx)
    expect(pending).toMatchObject({
      ok: true,
      value: { connectionId: 'sb', total: 1, backlog: [{ id: job.id, position: 1 }] }
    })

    sandbox.tick()
    await until(() => stored()?.status === 'Succeeded', 'the finished job in the history')
    expect(stored()).toMatchObject({
      type: 'TextImportJob',
      submitter: 'writer',
      name: 'History import',
      withErrors: false
    })
    expect(stored()?.started).not.toBeNull()
    expect(stored()?.completed).not.toBeNull()

    const summary = await dispatch('insights.summary', { days: 7, timeZone: 'Asia/Kolkata' }, ctx)
    expect(summary).toMatchObject({ ok: true, value: { total: 1, run: [{ type: 'TextImportJob', count: 1 }] } })
    expect(await dispatch('insights.summary', { days: 14 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'Validation' }
    })

    expect(await dispatch('history.clear', undefined, ctx)).toEqual({ ok: true, value: { cleared: 1 } })
    expect(await dispatch('insights.summary', { days: 30 }, ctx)).toMatchObject({
      ok: true,
      value: { total: 0, kept: 0 }
    })
  })
})
