import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { json, openSandbox, type GsaJobBody } from './helpers/sandbox-fixture'

type Page = { totalResultCount: number; results: GsaJobBody[] }
const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'jq-sandbox-seed-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** `2026-11-28 12:00:01,234` (UTC, the Granta MI log layout) as milliseconds. */
const logTime = (stamp: string) => Date.parse(`${stamp.replace(' ', 'T').replace(',', '.')}Z`)

/** The history's logs carry their jobs' backdated times, not the time the seeding ran them. */
async function expectBackdatedLogs(t: Awaited<ReturnType<typeof openSandbox>>, jobs: GsaJobBody[]): Promise<void> {
  const history = jobs.filter((j) => j.status === 'Succeeded' || j.status === 'Failed')
  expect(history.length).toBeGreaterThanOrEqual(20)
  for (const j of history) {
    const started = Date.parse(j.executionDate ?? '')
    const finished = Date.parse(j.completionDate ?? '')
    // The newest of the history was submitted more than a day ago.
    expect(Date.now() - finished, j.name).toBeGreaterThan(24 * 3_600_000)
    const name = j.outputFileNames.find((n) => n.endsWith('.log')) ?? ''
    const log = await t.as('reader').get(`jobs/${j.id}/outputs:export`, { searchParams: { fileName: name } })
    expect(log.statusCode, j.name).toBe(200)
    expect(Date.parse(log.headers['last-modified'] ?? '')).toBe(Math.floor(finished / 1000) * 1000)
    const stamps = [...log.body.matchAll(/^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) /gm)].map((m) =>
      logTime(m[1] ?? '')
    )
    expect(stamps.length, j.name).toBeGreaterThan(0)
    for (const at of stamps) {
      expect(at, j.name).toBeGreaterThanOrEqual(started)
      expect(at, j.name).toBeLessThanOrEqual(finished)
    }
  }
}

describe('sandbox: seeding', () => {
  it(
    'creates the demo queue on first start only: waiting jobs at once, a finished history by all job types, logs dated as their jobs',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir()
      // The history is backdated: seeding runs its jobs without waiting a minimum running time (an hour here).
      const t = await openSandbox(
        { seed: true, processing: { pollingIntervalMs: 3_600_000, minRunningMs: 3_600_000 } },
        dir
      )
      let total = 0
      try {
        const early = json<Page>(await t.as('reader').get('jobs'))
        expect(early.results.filter((j) => j.status === 'Pending').length).toBeGreaterThanOrEqual(5)
        expect(early.results.filter((j) => j.scheduledExecutionDate !== null).length).toBe(3)
        expect(early.results.filter((j) => j.status === 'Cancelled').length).toBe(2)
        await t.sandbox.ready
        const page = json<Page>(await t.as('reader').get('jobs'))
        total = page.totalResultCount
        expect(total).toBeGreaterThanOrEqual(31)
        for (const type of ['ExcelImportJob', 'TextImportJob', 'ExcelExportJob']) {
          expect(
            page.results.some((j) => j.type === type && j.status === 'Succeeded'),
            type
          ).toBe(true)
        }
        expect(page.results.some((j) => j.status === 'Failed')).toBe(true)
        expect(page.results.some((j) => j.jobSpecificOutputs.summary?.includes('"FinishedSuccessfully":false'))).toBe(
          true
        )
        expect(new Set(page.results.map((j) => j.submitterName)).size).toBeGreaterThanOrEqual(3)
        const exported = page.results.find((j) => j.type === 'ExcelExportJob' && j.status === 'Succeeded')
        const data = exported?.outputFileNames.find((n) => !n.endsWith('.log')) ?? ''
        const file = await t
          .as('reader')
          .get(`jobs/${exported?.id}/outputs:export`, { searchParams: { fileName: data }, responseType: 'buffer' })
        expect(file.statusCode).toBe(200)
        expect(file.body.subarray(0, 2).toString()).toBe('PK') // xlsx and zip are both zip containers
        await expectBackdatedLogs(t, page.results)
      } finally {
        await t.close()
      }
      const again = await openSandbox({ seed: true }, dir)
      try {
        await again.sandbox.ready
        expect(json<Page>(await again.as('reader').get('jobs')).totalResultCount).toBe(total)
      } finally {
        await again.close()
      }
    }
  )

  it(
    'creates N synthetic finished jobs with logs, one in 20 with two reports too, on first start only',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir()
      const t = await openSandbox({ seedJobs: 500 }, dir)
      let ids: string[] = []
      try {
        const page = json<Page>(await t.as('reader').get('jobs', { searchParams: { pageSize: 50, pageNumber: 10 } }))
        expect(page.totalResultCount).toBe(500)
        expect(page.results).toHaveLength(50)
        const job = page.results.find((j) => j.status === 'Succeeded')
        const log = await t
          .as('reader')
          .get(`jobs/${job?.id}/outputs:export`, { searchParams: { fileName: job?.outputFileNames[0] ?? '' } })
        expect(log.statusCode).toBe(200)
        expect(log.body).toContain('INFO')

        const all = json<Page>(await t.as('reader').get('jobs')).results
        ids = all.map((j) => j.id).sort()
        const counts = all.map((j) => j.outputFileNames.length)
        expect(all.filter((j) => j.status === 'Cancelled').every((j) => j.outputFileNames.length === 0)).toBe(true)
        // Jobs 0, 20, …, 480, less job 460, which is cancelled.
        expect(counts.filter((n) => n === 3)).toHaveLength(24)
        expect(counts.filter((n) => n !== 0 && n !== 1 && n !== 3)).toEqual([])
        const several = all.find((j) => j.outputFileNames.length === 3)
        const report = await t.as('reader').get(`jobs/${several?.id}/outputs:export`, {
          searchParams: { fileName: several?.outputFileNames.find((n) => n.endsWith('records.csv')) ?? '' }
        })
        expect(report.statusCode).toBe(200)
        expect(report.body).toMatch(/^record,action\n/)
      } finally {
        await t.close()
      }
      const again = await openSandbox({ seedJobs: 500 }, dir)
      try {
        const all = json<Page>(await again.as('reader').get('jobs')).results
        expect(all.map((j) => j.id).sort()).toEqual(ids)
      } finally {
        await again.close()
      }
    }
  )
})
