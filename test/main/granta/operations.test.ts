import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { effectiveStatus, type Job } from '../../../common/domain'
import { AppError } from '../../../common/errors'
import type { GrantaClient } from '../../../main/granta/index'
import { asset, connectAs, sandbox, tempDir, until, type Sandbox } from './helpers'

let sb: Sandbox
let admin: GrantaClient
let writer: GrantaClient
let reader: GrantaClient

beforeAll(async () => {
  sb = await sandbox()
  ;[admin, writer, reader] = await Promise.all([
    connectAs(sb, 'admin'),
    connectAs(sb, 'writer'),
    connectAs(sb, 'reader')
  ])
})
afterAll(async () => {
  for (const c of [admin, writer, reader]) c?.close()
  await sb?.stop()
})

async function finished(client: GrantaClient, id: string): Promise<Job> {
  sb.tick()
  return until(async () => {
    sb.tick()
    const job = await client.getJob(id)
    return ['Succeeded', 'Failed', 'Cancelled'].includes(job.status) ? job : undefined
  }, `job ${id} to finish`)
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected the call to fail')
}

const excelImport = (name: string) => ({
  type: 'ExcelImportJob' as const,
  name,
  description: 'from the integration test',
  template: { path: asset('import_template.xlsx') },
  data: [{ path: asset('data_file_1.xlsx') }, { path: asset('data_file_2.xlsx') }]
})

describe('GrantaClient against the sandbox', () => {
  it('knows the server version, the user and the processing configuration', async () => {
    expect(admin.serverVersion).toMatch(/^\d+\.\d+/)
    expect(await admin.currentUser()).toEqual({ username: 'admin', isAdmin: true, hasWriteAccess: true })
    expect(await reader.currentUser()).toEqual({ username: 'reader', isAdmin: false, hasWriteAccess: false })
    const config = await admin.processingConfiguration()
    expect(config.concurrency).toBeGreaterThan(0)
    expect(Number.isInteger(config.pollingIntervalInMilliseconds)).toBe(true)
  })

  it('creates an Excel import (files uploaded in order, with progress), runs it, and downloads its log', async () => {
    const progress: { index: number; bytes: number; total: number }[] = []
    const created = await writer.createJob(excelImport('Excel import from test'), {
      onFileProgress: (p) => progress.push({ index: p.index, bytes: p.bytes, total: p.total })
    })
    expect(created).toMatchObject({ name: 'Excel import from test', type: 'ExcelImportJob', submitterName: 'writer' })
    expect(created.inputFileIds).toHaveLength(3)
    expect([...new Set(progress.map((p) => p.index))]).toEqual([0, 1, 2])
    const sizes = await Promise.all(
      ['import_template.xlsx', 'data_file_1.xlsx', 'data_file_2.xlsx'].map(
        async (n) => (await readFile(asset(n))).length
      )
    )
    for (const i of [0, 1, 2])
      expect(progress.filter((p) => p.index === i).at(-1)).toEqual({ index: i, bytes: sizes[i], total: sizes[i] })

    const definition = await writer.retrieveDefinition(created.id)
    expect(definition.files).toEqual([
      { fileType: 'Template', filePath: 'import_template.xlsx' },
      { fileType: 'Data', filePath: 'data_file_1.xlsx' },
      { fileType: 'Data', filePath: 'data_file_2.xlsx' }
    ])

    const done = await finished(writer, created.id)
    expect(done.status).toBe('Succeeded')
    expect(done.summary).toMatchObject({ kind: 'import' })
    expect(['Succeeded', 'CompletedWithErrors']).toContain(effectiveStatus(done))
    const { names } = await writer.outputNames(created.id)
    expect(names).toContain('Excel import from test.log')

    const target = join(tempDir(), 'out.log')
    const result = await writer.downloadOutput(created.id, 'Excel import from test.log', createWriteStream(target))
    const saved = await readFile(target)
    expect(saved.length).toBe(result.bytesWritten)
    expect(result.totalBytes).toBe(saved.length)
    expect(saved.toString('utf8').length).toBeGreaterThan(0)
  })

  it('creates a text import and an Excel export', async () => {
    const text = await writer.createJob({
      type: 'TextImportJob',
      name: 'Text import from test',
      description: null,
      template: { path: asset('text_import_template.xml') },
      data: [{ path: asset('example_data.txt') }]
    })
    expect((await finished(writer, text.id)).type).toBe('TextImportJob')

    const exported = await writer.createJob({
      type: 'ExcelExportJob',
      name: 'Export from test',
      description: null,
      template: { path: asset('export_template.xlsx') },
      databaseKey: 'MI_Training',
      records: [{ historyIdentity: 1 }]
    })
    const done = await finished(writer, exported.id)
    expect(done.type).toBe('ExcelExportJob')
    const definition = await writer.retrieveDefinition(exported.id)
    expect(definition.export).toEqual({
      databaseKey: 'MI_Training',
      records: [{ historyIdentity: 1, version: null }],
      templateFileName: 'export_template.xlsx'
    })
  })

  it('refuses an invalid request before sending anything, with field errors', async () => {
    const before = sb.stats().total
    const e = await rejection(
      writer.createJob({
        type: 'ExcelImportJob',
        name: '',
        description: null,
        data: [{ path: asset('data_file_1.xlsx') }]
      })
    )
    expect(e.code).toBe('Validation')
    expect((e.detail as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['name', 'template'])
    expect(sb.stats().total).toBe(before)
  })

  it('says which file failed when an upload fails, and creates no job', async () => {
    const before = (await admin.listJobs()).totalResultCount
    const e = await rejection(
      writer.createJob({
        ...excelImport('never created'),
        data: [{ path: asset('data_file_1.xlsx') }, { path: '/nonexistent/data.xlsx' }]
      })
    )
    expect(e.code).toBe('FileNotFound')
    expect(e.message).toMatch(/file 3 of 3 \("data.xlsx"\).*not created/)
    expect(e.detail).toMatchObject({ step: 'upload', index: 2, field: 'data.1' })
    expect((await admin.listJobs()).totalResultCount).toBe(before)
  })

  it('reports a read-only user as Forbidden', async () => {
    const e = await rejection(reader.createJob(excelImport('reader job')))
    expect(e.code).toBe('Forbidden')
  })

  it('lists with server-side filters and paging, with awkward characters in filters', async () => {
    const awkward = 'R&D + #1 ü 50% a=b?'
    const job = await writer.createJob({ ...excelImport(awkward), description: 'desc & more #x' })
    const byName = await admin.listJobs({ nameFilter: awkward })
    expect(byName.jobs.map((j) => j.id)).toEqual([job.id])
    expect((await admin.listJobs({ nameFilter: '+ #1 ü' })).jobs.map((j) => j.id)).toEqual([job.id])
    expect((await admin.listJobs({ descriptionFilter: '& more #' })).jobs.map((j) => j.id)).toEqual([job.id])
    expect((await admin.listJobs({ nameFilter: 'R D' })).jobs).toEqual([])

    const mine = await admin.listJobs({ submitterNameFilter: 'writer' })
    expect(mine.jobs.length).toBeGreaterThan(0)
    expect(mine.jobs.every((j) => j.submitterName === 'writer')).toBe(true)
    const exports = await admin.listJobs({ jobType: 'ExcelExportJob' })
    expect(exports.jobs.every((j) => j.type === 'ExcelExportJob')).toBe(true)
    const succeeded = await admin.listJobs({ status: 'Succeeded' })
    expect(succeeded.jobs.every((j) => j.status === 'Succeeded')).toBe(true)

    const all = await admin.listJobs()
    expect(all.totalResultCount).toBe(all.jobs.length)
    const page1 = await admin.listJobs({ pageSize: 2, pageNumber: 1 })
    const page2 = await admin.listJobs({ pageSize: 2, pageNumber: 2 })
    expect(page1.totalResultCount).toBe(all.totalResultCount)
    expect(page1.jobs).toHaveLength(2)
    expect(page2.jobs[0]?.id).not.toBe(page1.jobs[0]?.id)
  })

  it('updates name, description and schedule; cancels; moves to top; resubmits', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString()
    const job = await writer.createJob({ ...excelImport('to update'), scheduledExecutionDate: future })
    expect(effectiveStatus(job)).toBe('Scheduled')

    const renamed = await writer.updateJob(job.id, { name: 'updated & renamed', description: null })
    expect(renamed).toMatchObject({ name: 'updated & renamed', description: null })
    const later = new Date(Date.now() + 7_200_000).toISOString()
    const moved = await writer.updateJob(job.id, { scheduledExecutionDate: later })
    expect(Date.parse(moved.scheduledExecutionDate ?? '')).toBe(Date.parse(later))

    await expect(writer.moveToTop(job.id)).rejects.toMatchObject({ code: 'Forbidden' })
    await admin.moveToTop(job.id)

    const cancelled = await writer.cancelJob(job.id)
    expect(cancelled.status).toBe('Cancelled')

    const again = await writer.resubmit(job.id, { name: 'resubmitted' })
    expect(again.id).not.toBe(job.id)
    expect(again.name).toBe('resubmitted')
    expect(['Pending', 'Running', 'Succeeded']).toContain(again.status)
  })

  it('deletes one job and many jobs; unknown ids are NotFound', async () => {
    const a = await writer.createJob(excelImport('delete a'))
    const b = await writer.createJob(excelImport('delete b'))
    const c = await writer.createJob(excelImport('delete c'))
    await writer.cancelJob(a.id).catch(() => undefined)
    await finished(writer, a.id)
    await writer.deleteJob(a.id)
    await expect(writer.getJob(a.id)).rejects.toMatchObject({ code: 'NotFound' })
    await expect(writer.deleteJob(a.id)).rejects.toMatchObject({ code: 'NotFound' })

    await Promise.all([finished(writer, b.id), finished(writer, c.id)])
    const deleted = await writer.deleteJobs([b.id, c.id])
    expect(deleted.sort()).toEqual([b.id, c.id].sort())
    await expect(writer.deleteJobs([])).rejects.toMatchObject({ code: 'Validation' })
    await expect(writer.getJob('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'NotFound' })
  })

  it('reads job metrics since a date', async () => {
    const m = await admin.metrics(new Date(Date.now() - 86_400_000))
    expect(Array.isArray(m.jobs)).toBe(true)
    expect(m.jobs.length).toBeGreaterThan(0)
  })
})
