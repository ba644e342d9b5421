import { closeSync, openSync, ftruncateSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isFinished, type Job } from '../../../common/domain'
import type { BatchProgress, DraftRecord } from '../../../common/drafts'
import { AppError } from '../../../common/errors'
import { connect, type GrantaClient } from '../../../main/granta/index'
import { DraftService } from '../../../main/drafts/draft-service'
import { DraftExchange } from '../../../main/drafts/exchange'
import { draftFromJobDefinition } from '../../../main/drafts/from-job'
import { DraftSubmitter } from '../../../main/drafts/submission'
import { decideFault, type FaultOptions } from '../../../main/sandbox/faults'
import { startSandbox, type Sandbox } from '../../../main/sandbox/index'
import { combinedImport, copyAssets, excelExport, excelImport, tempDir, textImport } from './helpers/files'
import { until } from '../../helpers/until'
import { stringContaining } from '../../helpers/match'

const writer = { kind: 'basic', username: 'writer', password: 'writer-pass' } as const
const allAssets = [
  'combined_import_file.xlsx',
  'data_file_1.xlsx',
  'data_file_2.xlsx',
  'example_data.txt',
  'export_template.xlsx',
  'import_template.xlsx',
  'text_import_template.xml'
]

function startTestSandbox(faults?: FaultOptions): Promise<Sandbox> {
  return startSandbox({
    port: 0,
    dataDir: tempDir('jq-sandbox-'),
    processing: { pollingIntervalMs: 50 },
    ...(faults ? { faults } : {})
  })
}

function drafting(getClient: () => GrantaClient) {
  const drafts = new DraftService({ dataDir: tempDir() })
  const progress: BatchProgress[] = []
  const submitter = new DraftSubmitter({ drafts, getClient, onProgress: (p) => progress.push(p) })
  return { drafts, submitter, progress }
}

async function finished(client: GrantaClient, sandbox: Sandbox, id: string): Promise<Job> {
  return until(
    async () => {
      sandbox.tick()
      const job = await client.getJob(id)
      return isFinished(job.status) && job
    },
    `job ${id} to finish`,
    120_000
  )
}

/** The draft as stored, without the error: what "left as it was" compares. */
function withoutError(r: DraftRecord): DraftRecord {
  return { ...r, lastError: null }
}

describe('submitting drafts to the sandbox', () => {
  let sandbox: Sandbox
  let client: GrantaClient
  const assets = copyAssets(allAssets)

  beforeAll(async () => {
    sandbox = await startTestSandbox()
    client = await connect({ url: sandbox.url, auth: writer, timeoutMs: 10_000 })
  })
  afterAll(async () => sandbox?.stop())

  it(
    'submits each job type in one batch; every job succeeds with the expected record counts',
    { timeout: 120_000 },
    async () => {
      const { drafts, submitter, progress } = drafting(() => client)
      const text = await drafts.create(textImport(assets, 'Text import'))
      const excel = await drafts.create(excelImport(assets, 'Excel import'))
      const combined = await drafts.create(combinedImport(assets, 'Combined import'))
      for (const d of [text, excel, combined]) expect(d.state).toBe('ready')

      const { batchId, done } = submitter.submit([text.id, excel.id, combined.id])
      const result = await done
      expect(result.cancelled).toBe(false)
      expect(result.results.map((r) => [r.id, r.outcome])).toEqual([
        [text.id, 'submitted'],
        [excel.id, 'submitted'],
        [combined.id, 'submitted']
      ])

      // Submitted drafts are kept, marked with their job id.
      for (const r of result.results) {
        const d = await drafts.get(r.id)
        expect(d.state).toBe('submitted')
        expect(d.submission).toMatchObject({ status: 'submitted', jobId: r.jobId })
      }

      const summaries = []
      for (const r of result.results) {
        const job = await finished(client, sandbox, r.jobId ?? '')
        expect(job.status).toBe('Succeeded')
        summaries.push(job.summary)
      }
      expect(summaries[0]).toMatchObject({
        kind: 'import',
        finishedSuccessfully: true,
        numberOfRecordsCreated: 4,
        numberOfErrors: 0
      })
      expect(summaries[1]).toMatchObject({
        kind: 'import',
        finishedSuccessfully: true,
        numberOfRecordsCreated: 2,
        numberOfErrors: 0
      })
      // One record per data or combined workbook; the text data file holds four specimens.
      expect(summaries[2]).toMatchObject({ kind: 'import', finishedSuccessfully: true, numberOfRecordsCreated: 1 })

      // Progress: overall and per draft, ending with a done event that accounts for every byte.
      const last = progress.at(-1)
      expect(last).toMatchObject({ batchId, done: true, total: 3, completed: 3, failed: 0 })
      expect(last?.bytesSent).toBe(last?.bytesTotal)
      expect(last?.bytesTotal).toBeGreaterThan(0)
      const phases = (id: string) => progress.flatMap((p) => p.drafts.filter((d) => d.id === id).map((d) => d.phase))
      for (const d of [text, excel, combined]) expect(phases(d.id).at(-1)).toBe('submitted')

      // Submitted drafts can be archived.
      await drafts.archive(text.id)
      expect((await drafts.list()).drafts.map((d) => d.id)).not.toContain(text.id)

      // An export of records the imports created (the sandbox numbers records from 100001).
      const exp = await drafts.create(excelExport(assets, [100_001, 100_002], 'Excel export'))
      const exported = await submitter.submit([exp.id]).done
      const job = await finished(client, sandbox, exported.results[0]?.jobId ?? '')
      expect(job.status).toBe('Succeeded')
      expect(job.summary).toEqual({ kind: 'export', exportedRecords: 2, errors: [] })
      expect(job.outputFileNames.some((n) => /\.(xlsx|zip)$/.test(n))).toBe(true)
    }
  )

  it('skips a draft that needs attention, says why, leaves it unchanged, and the batch goes on', async () => {
    const { drafts, submitter, progress } = drafting(() => client)
    const broken = await drafts.create(textImport(join(assets, 'not-here'), 'Broken'))
    const good = await drafts.create(textImport(assets, 'Good'))
    const before = drafts.record(broken.id)

    const result = await submitter.submit([broken.id, good.id]).done
    expect(result.results.map((r) => r.outcome)).toEqual(['skipped', 'submitted'])
    expect(result.results[0]).toMatchObject({
      error: null,
      jobId: null,
      skipped: { kind: 'needsAttention', message: stringContaining('Not sent: it needs attention first.') }
    })
    // Not sent to fail: no error is attached to the draft, whose reasons already say what to fix.
    expect(drafts.record(broken.id)).toEqual(before)
    const last = progress
      .flatMap((p) => p.drafts)
      .filter((d) => d.id === broken.id)
      .at(-1)
    expect(last).toMatchObject({ phase: 'skipped', skipped: { kind: 'needsAttention' } })
    expect(progress.at(-1)).toMatchObject({ done: true, completed: 1, failed: 0 })
  })

  it('does not ask for the server for a batch of drafts that all need attention', async () => {
    let asked = 0
    const { drafts, submitter } = drafting(() => {
      asked++
      throw new AppError('NotConnected', 'No server.')
    })
    const broken = await drafts.create(textImport(join(assets, 'not-here'), 'Broken'))
    const result = await submitter.submit([broken.id]).done
    expect(result.results[0]?.outcome).toBe('skipped')
    expect(asked).toBe(0)
  })

  it(
    'cancels a running batch: the draft being uploaded is left as it was, the rest are not started',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir('jq-big-')
      const big = join(dir, 'big.txt')
      const fd = openSync(big, 'w')
      ftruncateSync(fd, 256 * 1024 * 1024)
      closeSync(fd)
      copyAssets(['text_import_template.xml'], dir)
      const { drafts, submitter, progress } = drafting(() => client)
      const a = await drafts.create({ ...textImport(dir, 'Big'), data: [{ path: big }] })
      const b = await drafts.create({ ...textImport(dir, 'Next'), data: [{ path: big }] })
      const before = drafts.record(a.id)

      const { batchId, done } = submitter.submit([a.id, b.id])
      // Cancel once the big file is on its way.
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (progress.some((p) => p.drafts.some((d) => d.id === a.id && d.bytesSent > 0 && d.fileIndex === 2))) {
            clearInterval(timer)
            resolve()
          }
        }, 5)
      })
      expect(submitter.cancel(batchId)).toBe(true)
      const result = await done
      expect(result.cancelled).toBe(true)
      expect(result.results.map((r) => r.outcome)).toEqual(['cancelled', 'cancelled'])
      expect(drafts.record(a.id)).toEqual(before)
      expect((await drafts.get(a.id)).state).toBe('ready')
      expect(progress.at(-1)).toMatchObject({ done: true, cancelled: true })
    }
  )

  it(
    'copies a job in the queue to a new draft, relinks its files from a folder and submits it again',
    { timeout: 60_000 },
    async () => {
      const { drafts, submitter } = drafting(() => client)
      const d = await drafts.create({
        ...excelImport(assets, 'To copy'),
        attachments: [{ path: join(assets, 'example_data.txt'), virtualPath: 'assets/notes.txt' }]
      })
      const first = await submitter.submit([d.id]).done
      const jobId = first.results[0]?.jobId ?? ''
      const definition = await client.retrieveDefinition(jobId)

      const copy = await drafts.insert(draftFromJobDefinition(definition, jobId, new Date()))
      expect(copy.state).toBe('needsAttention')
      expect(copy.reasons.map((r) => r.kind)).toEqual([
        'fileFromServer',
        'fileFromServer',
        'fileFromServer',
        'fileFromServer'
      ])
      // The server knows the attachment only as "assets/notes.txt": that one cannot be found by name.
      const relinked = await new DraftExchange(drafts).relinkFolder(copy.id, assets)
      expect(relinked.relinked).toHaveLength(3)
      expect(relinked.unmatched).toEqual(['assets/notes.txt'])
      const ready = await drafts.relink(copy.id, 'assets/notes.txt', join(assets, 'example_data.txt'))
      expect(ready.state).toBe('ready')
      expect(ready.request).toMatchObject({
        name: 'To copy',
        attachments: [{ path: join(assets, 'example_data.txt'), virtualPath: 'assets/notes.txt' }]
      })

      const again = await submitter.submit([copy.id]).done
      const job = await finished(client, sandbox, again.results[0]?.jobId ?? '')
      expect(job.status).toBe('Succeeded')
      expect(await client.retrieveDefinition(job.id)).toMatchObject({ type: 'ExcelImportJob', files: definition.files })
    }
  )

  it('after a submission, the same draft is not submitted twice', async () => {
    const { drafts, submitter } = drafting(() => client)
    const d = await drafts.create(textImport(assets, 'Once'))
    const first = await submitter.submit([d.id]).done
    const again = await submitter.submit([d.id]).done
    expect(again.results[0]).toMatchObject({ outcome: 'skipped', jobId: first.results[0]?.jobId })
  })
})

describe('an upload that fails', () => {
  it('leaves the draft as it was with the error attached, when the server is gone', async () => {
    const sandbox = await startTestSandbox()
    const client = await connect({ url: sandbox.url, auth: writer, timeoutMs: 5_000 })
    const assets = copyAssets(allAssets)
    const { drafts, submitter } = drafting(() => client)
    const d = await drafts.create(textImport(assets))
    const before = drafts.record(d.id)
    await sandbox.stop()

    const result = await submitter.submit([d.id]).done
    expect(result.results[0]?.outcome).toBe('failed')
    const after = drafts.record(d.id)
    expect(after.lastError).toMatchObject({
      code: 'ConnectionRefused',
      message: stringContaining('text_import_template.xml')
    })
    expect(withoutError(after)).toEqual(before)
    const view = await drafts.get(d.id)
    expect(view.state).toBe('ready')
    expect(view.lastError?.code).toBe('ConnectionRefused')

    // And it survives a restart of the app as it was.
    const reopened = new DraftService({ dataDir: drafts.store.dir.replace(/[\\/]drafts$/, '') })
    expect(await reopened.get(d.id)).toEqual(view)
  })

  it(
    'leaves the draft as it was with the error attached when the sandbox answers 500 to the upload, and the batch goes on',
    { timeout: 60_000 },
    async () => {
      // How many requests does connecting take? Then pick a fault seed under which those pass,
      // the first upload of the first draft fails, and the next draft's uploads and create pass (and the retry's).
      const probe = await startTestSandbox()
      await connect({ url: probe.url, auth: writer, timeoutMs: 5_000 })
      const connectRequests = probe.stats().total
      await probe.stop()
      const pass = (o: FaultOptions, i: number) => {
        const f = decideFault(o, i)
        return !f.error && !f.drop
      }
      let faults: FaultOptions | undefined
      for (let seed = 1; seed < 1_000_000 && !faults; seed++) {
        const o: FaultOptions = { seed, error: 0.5 }
        const before = Array.from({ length: connectRequests }, (_, i) => i).every((i) => pass(o, i))
        const after = [1, 2, 3, 4, 5, 6].every((k) => pass(o, connectRequests + k))
        if (before && !pass(o, connectRequests) && after) faults = o
      }
      if (!faults) throw new Error('no fault seed fits')

      const sandbox = await startTestSandbox(faults)
      try {
        const client = await connect({ url: sandbox.url, auth: writer, timeoutMs: 5_000 })
        expect(sandbox.stats().total).toBe(connectRequests)
        const assets = copyAssets(allAssets)
        const { drafts, submitter, progress } = drafting(() => client)
        const first = await drafts.create(textImport(assets, 'Fails'))
        const second = await drafts.create(textImport(assets, 'Goes on'))
        const before = drafts.record(first.id)

        const result = await submitter.submit([first.id, second.id]).done
        expect(result.results.map((r) => r.outcome)).toEqual(['failed', 'submitted'])
        expect(sandbox.stats().faults.length).toBeGreaterThan(0)

        const after = drafts.record(first.id)
        expect(after.lastError).toMatchObject({
          code: 'ServerError',
          message: stringContaining('Could not upload file 1 of 2')
        })
        expect(withoutError(after)).toEqual(before)
        expect((await drafts.get(second.id)).state).toBe('submitted')
        expect(progress.at(-1)).toMatchObject({ done: true, total: 2, completed: 1, failed: 1 })

        // Submitting it again, now that the server is fine, clears the error.
        const retry = await submitter.submit([first.id]).done
        expect(retry.results[0]?.outcome).toBe('submitted')
        expect(drafts.record(first.id).lastError).toBeNull()
      } finally {
        await sandbox.stop()
      }
    }
  )

  it('fails with NotConnected when offline, and leaves the draft as it was', async () => {
    const assets = copyAssets(allAssets)
    const { drafts, submitter } = drafting(() => {
      throw new AppError('NotConnected', 'JobQueue Desktop is not connected to a Granta MI server.')
    })
    const d = await drafts.create(textImport(assets))
    const before = drafts.record(d.id)
    const result = await submitter.submit([d.id]).done
    expect(result.results[0]?.error?.code).toBe('NotConnected')
    expect(withoutError(drafts.record(d.id))).toEqual(before)
    expect((await drafts.get(d.id)).state).toBe('ready')
  })
})
