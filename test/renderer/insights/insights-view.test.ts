import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildFacade, invokeChannels } from '../../../common/contract'
import type { Result } from '../../../common/errors'
import { summarize } from '../../../common/insights/summary'
import type { InsightsSummary } from '../../../common/insights/summary-schema'
import { history, now, queueJob } from '../../common/insights/hand-built'
import VChart from 'vue-echarts'
import { mountApp, preloadViews, type MountedApp } from '../mount-app'
import { settle } from '../settle'

/** main's answer to insights.summary in these tests, and what history.clear was asked. */
let answer: InsightsSummary
let cleared = 0
const asked: unknown[] = []
const week = () =>
  summarize({
    jobs: history,
    queue: [],
    days: 7,
    timeZone: 'UTC',
    now,
    connectionId: 'c',
    connectionName: 'Lab',
    kept: 12,
    skipped: 0
  })

function installBridge(): void {
  const facade = buildFacade(
    (channel, input): Promise<Result<unknown>> => {
      if (channel === 'insights.summary') asked.push(input)
      if (channel === 'insights.summary')
        return Promise.resolve({ ok: true, value: invokeChannels['insights.summary'].output.parse(answer) })
      if (channel === 'history.clear') {
        cleared++
        return Promise.resolve({ ok: true, value: { cleared: 12 } })
      }
      return Promise.resolve({ ok: false, error: { code: 'NotConnected', message: 'Not connected.' } })
    },
    () => () => {}
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
}

let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
vi.setConfig({ testTimeout: 30_000 })
afterEach(() => {
  app?.wrapper.unmount()
  app = undefined
})

describe('the Insights page', () => {
  it('shows each chart as a focusable region that says what it shows, with a table view that links to the queue', async () => {
    answer = week()
    installBridge()
    app = await mountApp('/insights')
    const w = app.wrapper
    expect(w.find('#page-title').text()).toBe('Insights')
    const ids = ['per-day-status', 'per-day-type', 'wait', 'run', 'failures', 'submitters', 'backlog']
    expect(
      w.findAll('[data-testid^="chart-"]:not([data-testid="chart-region"])').map((c) => c.attributes('data-testid'))
    ).toEqual(ids.map((id) => `chart-${id}`))
    const region = w.find('[data-testid="chart-per-day-status"] [data-testid="chart-region"]')
    expect(region.attributes('tabindex')).toBe('0')
    expect(region.attributes('aria-label')).toContain(
      '11 jobs (4 Succeeded, 1 Completed with errors, 2 Failed, 2 Cancelled, 1 Running, 1 Scheduled)'
    )

    const toTable = w.find('[data-testid="view-per-day-status"]').findAll('[role="radio"], button').at(-1)
    await toTable?.trigger('click')
    await settle()
    const table = w.find('[data-testid="table-per-day-status"]')
    expect(table.element.tagName).toBe('TABLE')
    expect(table.findAll('tbody tr')).toHaveLength(7)
    expect(table.findAll('thead th').map((t) => t.text())).toEqual([
      'Day',
      'Succeeded',
      'Completed with errors',
      'Failed',
      'Cancelled',
      'Running',
      'Scheduled',
      'Total'
    ])
    // 24 November: one "Completed with errors" (e2), linked to the queue's own filters for that day and status.
    const link = table.findAll('tbody tr').at(2)?.find('td[data-series="CompletedWithErrors"] a')
    await link?.trigger('click')
    await settle()
    expect(app.router.currentRoute.value.fullPath).toBe(
      '/queue?from=2026-11-24&to=2026-11-24&status=CompletedWithErrors'
    )
  })

  it('lists every series in a legend that wraps, and a legend button hides and shows its series', async () => {
    answer = week()
    installBridge()
    app = await mountApp('/insights')
    const card = app.wrapper.find('[data-testid="chart-per-day-status"]')
    const buttons = card.findAll('[data-testid^="legend-"]')
    expect(buttons.map((b) => b.text())).toEqual([
      'Succeeded',
      'Completed with errors',
      'Failed',
      'Cancelled',
      'Running',
      'Scheduled'
    ])
    const selected = () =>
      (card.findComponent(VChart).props('option') as { legend: { selected: Record<string, boolean> } }).legend.selected
    expect(Object.values(selected()).every(Boolean)).toBe(true)

    const failed = card.find('[data-testid="legend-Failed"]')
    await failed.trigger('click')
    await settle()
    expect(failed.attributes('aria-pressed')).toBe('false')
    expect(selected()).toMatchObject({ Failed: false, Succeeded: true })
    await failed.trigger('click')
    await settle()
    expect(failed.attributes('aria-pressed')).toBe('true')
    expect(selected().Failed).toBe(true)
    // A chart of one series needs no legend.
    const submitters = app.wrapper.find('[data-testid="chart-submitters"]')
    expect(submitters.find('[data-testid="chart-region"]').exists()).toBe(true)
    expect(submitters.find('[data-testid^="legend-"]').exists()).toBe(false)
  })

  it('asks main for 30 days with the user’s time zone when the range switches', async () => {
    answer = week()
    installBridge()
    app = await mountApp('/insights')
    asked.length = 0
    const month = app.wrapper.find('[data-testid="insights-range"]').findAll('[role="radio"], button').at(-1)
    await month?.trigger('click')
    await settle()
    expect(asked).toEqual([{ days: 30, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }])
  })

  it('says so when there is no history yet', async () => {
    answer = summarize({
      jobs: [],
      queue: [],
      days: 7,
      now,
      connectionId: null,
      connectionName: null,
      kept: 0,
      skipped: 0
    })
    installBridge()
    app = await mountApp('/insights')
    expect(app.wrapper.find('[data-testid="insights-empty"]').text()).toContain('No history yet')
    expect(app.wrapper.find('[data-testid="chart-per-day-status"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-testid="chart-backlog"]').exists()).toBe(false)
    app.wrapper.unmount()

    // Just cleared, with jobs waiting: the empty state, and the backlog below it.
    const waiting = [queueJob('p1', 'Pending', 1, '2026-11-28T11:00:00.000Z', null)]
    answer = summarize({
      jobs: [],
      queue: waiting,
      days: 7,
      now,
      connectionId: 'c',
      connectionName: 'C',
      kept: 0,
      skipped: 0
    })
    app = await mountApp('/insights')
    expect(app.wrapper.find('[data-testid="insights-empty"]').exists()).toBe(true)
    expect(app.wrapper.find('[data-testid="chart-backlog"]').text()).toContain('Backlog now')
  })

  it('clears the history from Settings after asking', async () => {
    answer = week()
    installBridge()
    cleared = 0
    app = await mountApp('/settings')
    await app.wrapper.find('[data-testid="history-clear"]').trigger('click')
    await settle()
    expect(cleared).toBe(0)
    const ok = document.querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')
    expect(ok?.textContent).toContain('Clear history')
    ok?.click()
    await settle()
    expect(cleared).toBe(1)
  })
})
