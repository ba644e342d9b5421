// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { sameScope, scopeCovers, type QueueScope } from '../../../common/queue'
import { emptyFilters, filtersToScope, type QueueFilters } from '../../../renderer/src/components/queue/filters'
import { useQueueStore } from '../../../renderer/src/stores/queue'
import { mountApp, preloadViews, type MountedApp } from '../mount-app'
import { queueBridge } from './queue-bridge'
import { until as untilCondition } from '../../helpers/until'
import { settle } from '../settle'

const f = (patch: Partial<QueueFilters>): QueueFilters => ({ ...emptyFilters(), ...patch })
const ctx = { username: 'writer', submitters: ['admin', 'Jane.Doe', 'writer'] }

describe('filters → scope (what the server is asked to filter)', () => {
  it('sends one type, one server status, the submitter, and a safe search; leaves the rest to the view', () => {
    expect(filtersToScope(emptyFilters(), ctx)).toEqual({})
    expect(filtersToScope(f({ types: ['ExcelExportJob'] }), ctx)).toEqual({ jobType: 'ExcelExportJob' })
    expect(filtersToScope(f({ types: ['ExcelExportJob', 'TextImportJob'] }), ctx)).toEqual({})
    // Shown statuses that are parts of one server status still go as that status.
    expect(filtersToScope(f({ statuses: ['Scheduled'] }), ctx)).toEqual({ status: 'Pending' })
    expect(filtersToScope(f({ statuses: ['Succeeded', 'CompletedWithErrors'] }), ctx)).toEqual({ status: 'Succeeded' })
    expect(filtersToScope(f({ statuses: ['Failed', 'Cancelled'] }), ctx)).toEqual({})
    expect(filtersToScope(f({ mine: true }), ctx)).toEqual({ submitterName: 'writer' })
    expect(filtersToScope(f({ mine: true }), { ...ctx, username: null })).toEqual({})
    // The view matches names case-insensitively, the server exactly: send the spelling seen on jobs.
    expect(filtersToScope(f({ submitter: 'jane.doe' }), ctx)).toEqual({ submitterName: 'Jane.Doe' })
    expect(filtersToScope(f({ submitter: 'DOMAIN\\sam' }), ctx)).toEqual({})
    expect(filtersToScope(f({ text: '  quartz ' }), ctx)).toEqual({ text: 'quartz' })
    expect(filtersToScope(f({ text: 'qu' }), ctx)).toEqual({})
    for (const text of ['R&D', 'a+b', '#12', '50%', 'two words', 'a=b', 'x?y'])
      expect(filtersToScope(f({ text }), ctx)).toEqual({})
    // A date range is never sent: GET /jobs has no date filter.
    expect(filtersToScope(f({ from: '2026-11-01', to: '2026-11-30' }), ctx)).toEqual({})
  })

  it('tells whether a held list can show some filters (the offline copy)', () => {
    const needs = (p: Partial<QueueFilters>) => filtersToScope(f(p), ctx, true)
    expect(scopeCovers({}, needs({ mine: true, text: 'R&D' }))).toBe(true)
    expect(scopeCovers({ submitterName: 'writer' }, needs({ mine: true, text: 'R&D' }))).toBe(true)
    expect(scopeCovers({ submitterName: 'writer' }, needs({ submitter: 'admin' }))).toBe(false)
    expect(scopeCovers({ text: 'tens' }, needs({ text: 'Tensile&Co' }))).toBe(true)
    expect(scopeCovers({ text: 'tensile' }, needs({ text: 'tens' }))).toBe(false)
    expect(scopeCovers({ status: 'Pending' }, needs({ statuses: ['Scheduled'] }))).toBe(true)
    expect(scopeCovers({ status: 'Pending' }, needs({}))).toBe(false)
  })
})

/** Waits, letting the page settle between checks, until `check` holds. */
const until = (check: () => boolean | Promise<boolean>, what: string) =>
  untilCondition(
    async () => {
      await settle()
      return check()
    },
    what,
    15_000
  )

describe('Queue view: the route’s filters set the monitor’s scope', () => {
  let bridge: Awaited<ReturnType<typeof queueBridge>> | undefined
  let app: MountedApp | undefined
  beforeAll(preloadViews, 60_000)
  vi.setConfig({ testTimeout: 60_000 })
  afterEach(async () => {
    app?.wrapper.unmount()
    app = undefined
    await bridge?.close()
    bridge = undefined
  })

  const rowsShown = () => Number(app?.wrapper.find('[data-testid="queue-table"]').attributes('data-rows'))
  const held = () => bridge?.queue.monitor.listedScope()
  const untilScope = (want: QueueScope, what: string) =>
    until(() => sameScope(held() ?? {}, want), what).catch((e: unknown) => {
      throw new Error(
        `${String(e)}: main holds ${JSON.stringify(held())}; the view asked ${JSON.stringify(bridge?.scopes)}`
      )
    })

  it('follows the filters, and Back and Forward, with the view still filtering what the server cannot', async () => {
    bridge = await queueBridge()
    const b = bridge
    app = await mountApp('/queue?type=ExcelExportJob&status=Failed,Cancelled&mine=1')
    await untilScope({ jobType: 'ExcelExportJob', submitterName: 'writer' }, 'the first scope')
    const mineExports = b.all.filter((j) => j.type === 'ExcelExportJob' && j.submitterName === 'writer')
    const shown = mineExports.filter((j) => j.status === 'Failed' || j.status === 'Cancelled')
    expect(shown.length).toBeGreaterThan(0)
    await until(() => rowsShown() === shown.length, 'the rows of the first filters')
    // The renderer holds only the scope (the server filtered it); the view filtered the statuses on top.
    await until(() => useQueueStore(app?.pinia).list.length === mineExports.length, 'the store to hold only the scope')
    // Counts are the whole queue's, from the metrics endpoint, not the scoped list's.
    await until(
      () => app?.wrapper.find('[data-testid="count-total"]').text() === String(b.all.length),
      'whole-queue counts'
    )

    await app.router.push({ path: '/queue', query: { submitter: 'jane.doe', q: 'R&D' } })
    await untilScope({ submitterName: 'jane.doe' }, 'the submitter scope')
    await until(() => rowsShown() === 0, 'no row matching R&D')

    // A search with & # + is not sent (the whole queue is listed), and the view still finds the job.
    await app.router.push({ path: '/queue', query: { q: 'r&d #2 BATCH+1' } })
    await untilScope({}, 'the whole queue for an unsafe search')
    await until(() => rowsShown() === 1, 'the R&D job')
    expect(app.wrapper.find('[data-testid="queue-table"]').text()).toContain(b.rd.name)
    app.router.back()
    await untilScope({ submitterName: 'jane.doe' }, 'Back from the search')

    await app.router.push({ path: '/queue', query: { q: 'synthetic', status: 'Succeeded' } })
    await untilScope({ status: 'Succeeded', text: 'synthetic' }, 'the text scope')
    expect(b.queue.monitor.job(b.rd.id)).toBeUndefined()
    const succeeded = b.all.filter((j) => j.status === 'Succeeded' && j.name.toLowerCase().includes('synthetic'))
    expect(succeeded.length).toBeGreaterThan(0)
    await until(() => rowsShown() === succeeded.length, 'the succeeded synthetic rows')

    app.router.back()
    await untilScope({ submitterName: 'jane.doe' }, 'Back to the submitter scope')
    app.router.back()
    await untilScope({ jobType: 'ExcelExportJob', submitterName: 'writer' }, 'Back to the first scope')
    await until(() => rowsShown() === shown.length, 'the first rows again')
    app.router.forward()
    await untilScope({ submitterName: 'jane.doe' }, 'Forward again')
    // Every scope the view asked for was one the server can take.
    expect(b.scopes.every((s) => !s.text || /^[\w.!~*'()-]+$/.test(s.text))).toBe(true)
  })

  it('offline, a copy kept for other filters is filtered here and the banner says what it holds', async () => {
    bridge = await queueBridge()
    app = await mountApp('/queue?submitter=jane.doe')
    await until(() => held()?.submitterName === 'jane.doe', 'the jane.doe scope')
    const janes = bridge.all.filter((j) => j.submitterName === 'jane.doe')
    await until(() => rowsShown() === janes.length, 'jane.doe’s rows')
    await bridge.sandbox.stop()
    await app.router.push({ path: '/queue', query: { submitter: 'sam.lee' } })
    await until(() => app?.wrapper.find('[data-testid="offline-partial"]').exists() === true, 'the partial-copy notice')
    expect(app.wrapper.find('[data-testid="offline-partial"]').text()).toContain('jobs by jane.doe')
    expect(rowsShown()).toBe(0)
    // Filters the copy can show need no notice.
    await app.router.push({ path: '/queue', query: { submitter: 'jane.doe', type: 'TextImportJob' } })
    await until(() => !app?.wrapper.find('[data-testid="offline-partial"]').exists(), 'the notice to go')
    expect(rowsShown()).toBe(janes.filter((j) => j.type === 'TextImportJob').length)
  })
})
