import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../../common/connections'
import type { Job } from '../../../common/domain'
import { emptyFilters } from '../../../common/queue-view/filter'
import { createDispatch } from '../../../main/ipc/dispatch'
import { testLogger } from '../../helpers/logger'
import { appBesideSandbox } from '../helpers/app-beside-sandbox'

/** `queue.export` through the dispatch, against the sandbox: the file holds exactly the view's rows, in its order. */
const ctx = { transport: 'browser' as const }
const env = appBesideSandbox({ prefix: 'jq-export-', seedJobs: 80 })

async function connected(): Promise<Job[]> {
  const h = env.app.handlers
  const c = await h['connections.create'](
    connectionFormSchema.parse({ name: 'sb', url: env.sb.url, auth: 'basic', username: 'writer' }),
    ctx
  )
  await h['session.connect']({ id: c.id, password: 'writer-pass', remember: 'session' }, ctx)
  await h['queue.refresh'](undefined, ctx)
  return (await h['queue.snapshot'](undefined, ctx)).jobs
}

describe('queue.export', () => {
  it('writes the filtered and sorted view from the jobs main holds, with local and UTC dates', async () => {
    const jobs = await connected()
    expect(jobs.length).toBe(80)
    const dispatch = createDispatch(env.app.handlers, testLogger())
    const path = join(mkdtempSync(join(tmpdir(), 'jq-export-out-')), 'failed imports.xlsx')
    const filter = {
      ...emptyFilters(),
      types: ['ExcelImportJob', 'TextImportJob'] as Job['type'][],
      statuses: ['Failed' as const]
    }
    const r = await dispatch(
      'queue.export',
      {
        format: 'xlsx',
        filter,
        sort: { column: 'name', direction: 'desc' },
        columns: ['name', 'status', 'submitted'],
        path
      },
      ctx
    )
    const expected = jobs
      .filter((j) => j.status === 'Failed' && (j.type === 'ExcelImportJob' || j.type === 'TextImportJob'))
      .sort((a, b) => (a.name < b.name ? 1 : -1))
    expect(expected.length).toBeGreaterThan(2)
    expect(r).toEqual({ ok: true, value: { path, rows: expected.length } })

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const sheet = wb.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([undefined, 'Name', 'Status', 'Submitted (local)', 'Submitted (UTC)'])
    const names: unknown[] = []
    sheet.eachRow((row, n) => {
      if (n === 1) return
      const job = expected[n - 2]!
      names.push(row.getCell(1).value)
      expect(row.getCell(2).value).toBe('Failed')
      expect((row.getCell(4).value as Date).getTime()).toBe(Date.parse(job.submissionDate))
      const local = row.getCell(3).value as Date
      // `+ 0` turns the -0 of a UTC machine into 0.
      const offset = -new Date(job.submissionDate).getTimezoneOffset() * 60_000 + 0
      expect(local.getTime() - Date.parse(job.submissionDate) + 0).toBe(offset)
    })
    expect(names).toEqual(expected.map((j) => j.name))
  })

  it('without a path (the browser host) writes a CSV into the export folder, and refuses ids or unknown columns', async () => {
    const jobs = (await env.app.handlers['queue.snapshot'](undefined, ctx)).jobs
    const seventh = jobs.filter((j) => j.name.includes('00007'))
    expect(seventh).toHaveLength(1)
    const dispatch = createDispatch(env.app.handlers, testLogger())
    const r = await dispatch(
      'queue.export',
      {
        format: 'csv',
        filter: { ...emptyFilters(), text: '00007' },
        sort: { column: null, direction: 'asc' },
        columns: ['name']
      },
      ctx
    )
    if (!r.ok) throw new Error(r.error.message)
    const { path, rows } = r.value as { path: string; rows: number }
    expect(path.startsWith(join(env.dataDir, 'exports'))).toBe(true)
    expect(rows).toBe(1)
    expect(readFileSync(path, 'utf8')).toBe(`\uFEFFName\r\n${seventh[0]!.name}\r\n`)
    // The window may open what main wrote.
    expect(await dispatch('desktop.showItemInFolder', { path }, ctx)).toEqual({ ok: true, value: null })

    const base = { format: 'xlsx', filter: emptyFilters(), sort: { column: null, direction: 'asc' }, columns: ['name'] }
    for (const bad of [
      { ...base, ids: ['x'] },
      { ...base, columns: ['password'] },
      { ...base, columns: [] }
    ]) {
      const refused = await dispatch('queue.export', bad, ctx)
      expect(refused).toMatchObject({ ok: false, error: { code: 'Validation' } })
    }
  })
})
