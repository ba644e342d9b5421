import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../common/errors'
import { createDispatch } from '../../../main/ipc/dispatch'
import { BandwidthLimiter } from '../../../main/downloads/bandwidth'
import { DownloadEngine } from '../../../main/downloads/engine'
import { backoffDelay, classify, parseRetryAfter, ShortBodyError } from '../../../main/downloads/errors'
import { downloadHandlers } from '../../../main/downloads/handlers'
import { numberedName } from '../../../main/downloads/plan'
import { eta, SpeedMeter, sumBytes } from '../../../main/downloads/progress'
import { DownloadsStore, emptyState } from '../../../main/downloads/store'
import type { HandlerTable } from '../../../common/contract'
import type { DownloadItem } from '../../../common/downloads'
import { acceptingGate } from '../../helpers/grants'
import { testLogger } from '../../helpers/logger'
import { stringMatching } from '../../helpers/match'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'jq-dl-unit-'))
  dirs.push(d)
  return d
}

describe('errors in words', () => {
  const err = (code: string) => Object.assign(new Error(code), { code })

  it('fails an item at once on a full disk or a refused write', () => {
    expect(classify(err('ENOSPC'), 'a.xlsx')).toMatchObject({
      code: 'Disk',
      transient: false,
      message: stringMatching(/disk is full: a\.xlsx/)
    })
    expect(classify(err('EACCES'), 'a.xlsx')).toMatchObject({
      code: 'Disk',
      transient: false,
      message: stringMatching(/Permission denied/)
    })
    expect(classify(err('EPERM'), 'a.xlsx').transient).toBe(false)
  })

  it('retries network errors, 5xx, 429 and short bodies', () => {
    expect(classify(err('ECONNRESET'), 'a').transient).toBe(true)
    expect(classify(new ShortBodyError(10, 20), 'a')).toMatchObject({ transient: true, code: 'Network' })
    expect(classify(new AppError('ServerError', 'x', { status: 503 }), 'a').transient).toBe(true)
    expect(classify(new AppError('Validation', 'x', { status: 429, retryAfterMs: 1500 }), 'a')).toMatchObject({
      transient: true,
      retryAfterMs: 1500
    })
    expect(classify(new AppError('NotFound', 'gone', { status: 404 }), 'a')).toMatchObject({
      transient: false,
      code: 'NotFound'
    })
    expect(classify(new AppError('Timeout', 'slow'), 'a').transient).toBe(true)
  })

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000)
    expect(parseRetryAfter('soon')).toBeUndefined()
  })

  it('backs off exponentially with jitter, bounded, and waits at least what Retry-After asks', () => {
    const policy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(backoffDelay(policy, 1, () => 0)).toBe(50)
    expect(backoffDelay(policy, 1, () => 1)).toBe(100)
    expect(backoffDelay(policy, 3, () => 1)).toBe(400)
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000)
    expect(backoffDelay(policy, 1, () => 0, 5000)).toBe(5000)
  })
})

describe('progress arithmetic', () => {
  it('smooths speed and estimates time left', () => {
    const m = new SpeedMeter()
    m.sample(0, 0)
    expect(m.sample(1000, 1000)).toBe(1000)
    // A tick with no new bytes does not drop the speed to zero: it is measured over the last seconds.
    expect(m.sample(1000, 2000)).toBe(500)
    expect(m.sample(4000, 3000)).toBeCloseTo(4000 / 3)
    // Old samples leave the window.
    expect(m.sample(4000, 7000)).toBe(0)
    expect(eta(7000, 700)).toBe(10)
    expect(eta(null, 700)).toBeNull()
    expect(eta(10, 0)).toBeNull()
  })

  it('estimates a batch total from the sizes known so far', () => {
    const item = (bytesDone: number, totalBytes: number | null, state: DownloadItem['state'] = 'queued') =>
      ({ bytesDone, totalBytes, state }) as DownloadItem
    expect(sumBytes([item(10, 100), item(0, null)])).toEqual({ bytesDone: 10, totalBytes: null, estimatedTotal: 200 })
    expect(sumBytes([item(10, 100), item(5, 50, 'cancelled')])).toEqual({
      bytesDone: 10,
      totalBytes: 100,
      estimatedTotal: 100
    })
  })

  it('numbers names before the extension', () => {
    expect(numberedName('report.xlsx', 2)).toBe('report (2).xlsx')
    expect(numberedName('archive.tar.gz', 3)).toBe('archive.tar (3).gz')
    expect(numberedName('README', 2)).toBe('README (2)')
  })
})

describe('bandwidth limiter', () => {
  async function pass(limiter: BandwidthLimiter, bytes: number): Promise<Buffer> {
    const chunks: Buffer[] = []
    const data = Buffer.alloc(bytes, 7)
    const parts = Array.from({ length: Math.ceil(bytes / 16_384) }, (_, i) =>
      data.subarray(i * 16_384, (i + 1) * 16_384)
    )
    await pipeline(
      Readable.from(parts),
      limiter.stream(),
      new Writable({
        write(c: Buffer, _e, done) {
          chunks.push(c)
          done()
        }
      })
    )
    return Buffer.concat(chunks)
  }

  it('passes every byte unchanged, with or without a limit', async () => {
    expect((await pass(new BandwidthLimiter(null), 100_000)).equals(Buffer.alloc(100_000, 7))).toBe(true)
    expect((await pass(new BandwidthLimiter(2 * 1024 * 1024), 100_000)).equals(Buffer.alloc(100_000, 7))).toBe(true)
  })

  it('cannot let 300 KB through a 1 MB/s limit faster than the limit allows', async () => {
    const limiter = new BandwidthLimiter(1024 * 1024)
    const t0 = performance.now()
    await pass(limiter, 300 * 1024)
    // 300 KB minus the 100 KB burst at 1 MB/s is at least ~195 ms: a lower bound, it cannot flake by being slow.
    expect(performance.now() - t0).toBeGreaterThan(180)
  })
})

describe('downloads.json', () => {
  it('coalesces a burst of saves into at most two writes, the last with the latest state', async () => {
    const dir = await tempDir()
    let writes = 0
    const state = emptyState()
    const store = new DownloadsStore(dir, () => {
      writes++
      return state
    })
    await store.load()
    const saves: Promise<void>[] = []
    for (let i = 1; i <= 20; i++) {
      state.destinations[`c${i}`] = `/d/${i}`
      saves.push(store.save())
    }
    await Promise.all(saves)
    expect(writes).toBeLessThanOrEqual(2)
    const saved = JSON.parse(await readFile(join(dir, 'downloads.json'), 'utf8')) as {
      schemaVersion: number
      data: { destinations: Record<string, string> }
    }
    expect(saved.schemaVersion).toBe(1)
    expect(Object.keys(saved.data.destinations)).toHaveLength(20)
  })

  it('writes the file as JsonFile does (two-space indents, a last newline) and reads it back', async () => {
    const dir = await tempDir()
    const state = emptyState()
    state.destinations['c1'] = '/d/1'
    state.batches.push({
      id: 'b1',
      connectionId: 'c1',
      label: 'Two files',
      destination: '/d/1',
      template: '{jobName}',
      collision: 'rename',
      createdAt: '2026-12-01T10:00:00.000Z'
    })
    for (const n of [1, 2])
      state.items.push({
        id: `i${n}`,
        batchId: 'b1',
        jobId: 'j1',
        jobName: 'Job "one"',
        fileName: `f${n}.txt`,
        relativePath: `Job one/f${n}.txt`,
        targetPath: `/d/1/Job one/f${n}.txt`,
        targetSettled: false,
        state: 'queued',
        bytesDone: 0,
        totalBytes: null,
        attempts: 0,
        restarts: 0,
        createdAt: '2026-12-01T10:00:00.000Z'
      })
    const store = new DownloadsStore(dir, () => state)
    await store.load()
    await store.save()
    const text = await readFile(join(dir, 'downloads.json'), 'utf8')
    expect(text).toBe(JSON.stringify({ schemaVersion: 1, data: state }, null, 2) + '\n')
    const again = await new DownloadsStore(dir, () => emptyState()).load()
    expect(again.notice).toBeUndefined()
    expect(again.state.items.map((i) => i.targetPath)).toEqual(['/d/1/Job one/f1.txt', '/d/1/Job one/f2.txt'])
  })

  it('moves a corrupt downloads.json aside and starts empty', async () => {
    const dir = await tempDir()
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'downloads.json'), '{"schemaVersion":1,"data":{"items":"nope"}}')
    const engine = new DownloadEngine({ dataDir: dir, clients: () => undefined })
    await engine.start()
    expect(engine.loadNotice?.kind).toBe('corrupt')
    expect(engine.list().items).toEqual([])
    await engine.close()
  })
})

describe('downloads channels', () => {
  it('validates input and needs a connection to add', async () => {
    const dir = await tempDir()
    const engine = new DownloadEngine({ dataDir: dir, clients: () => undefined })
    await engine.start()
    const dispatch = createDispatch(
      downloadHandlers(engine, () => null, acceptingGate()) as unknown as HandlerTable,
      testLogger()
    )
    const ctx = { transport: 'browser' as const }
    expect(await dispatch('downloads.setConcurrency', { concurrency: 17 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'Validation' }
    })
    expect(await dispatch('downloads.setConcurrency', { concurrency: 8 }, ctx)).toEqual({
      ok: true,
      value: { concurrency: 8, bandwidthLimit: null, defaultFolder: null }
    })
    expect(
      await dispatch('downloads.add', { source: { kind: 'jobs', jobIds: ['x'] }, destination: '/tmp/x' }, ctx)
    ).toMatchObject({
      ok: false,
      error: { code: 'NotConnected' }
    })
    expect(
      await dispatch('downloads.add', { connectionId: 'c', source: { kind: 'jobs', jobIds: [] } }, ctx)
    ).toMatchObject({
      ok: false,
      error: { code: 'Validation', message: stringMatching(/Select at least one job/) }
    })
    expect(await dispatch('downloads.list', undefined, ctx)).toMatchObject({
      ok: true,
      value: { batches: [], items: [] }
    })
    expect(await dispatch('downloads.pause', { kind: 'item', itemId: 'nope' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'NotFound' }
    })
    expect(await dispatch('downloads.destination', undefined, ctx)).toEqual({ ok: true, value: { destination: null } })
    await engine.close()
  })
})

describe('the default download folder', () => {
  it('is granted, kept across restarts, and prefills the destination before the folder last used', async () => {
    const dir = await tempDir()
    const folder = join(await tempDir(), 'Exports')
    const gate = acceptingGate()
    const ctx = { transport: 'browser' as const }
    const open = async () => {
      const engine = new DownloadEngine({ dataDir: dir, clients: () => undefined })
      await engine.start()
      const dispatch = createDispatch(
        downloadHandlers(engine, () => 'sandbox', gate) as unknown as HandlerTable,
        testLogger()
      )
      return { engine, dispatch }
    }
    const first = await open()
    expect(gate.grants.isGranted(folder)).toBe(false)
    expect(await first.dispatch('downloads.setDefaultFolder', { folder: 'Exports' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'Forbidden', message: stringMatching(/not a full path/) }
    })
    expect(await first.dispatch('downloads.setDefaultFolder', { folder }, ctx)).toMatchObject({
      ok: true,
      value: { defaultFolder: folder }
    })
    // Granted to keep: the desktop gate opens and reveals what is under it.
    expect(gate.grants.isGranted(join(folder, 'a.xlsx'))).toBe(true)
    await first.engine.close()

    const second = await open()
    expect(second.engine.settings.defaultFolder).toBe(folder)
    expect(await second.dispatch('downloads.destination', undefined, ctx)).toEqual({
      ok: true,
      value: { destination: folder }
    })
    expect(await second.dispatch('downloads.setDefaultFolder', { folder: null }, ctx)).toMatchObject({
      ok: true,
      value: { defaultFolder: null }
    })
    expect(await second.dispatch('downloads.destination', undefined, ctx)).toEqual({
      ok: true,
      value: { destination: null }
    })
    await second.engine.close()
  })

  it('reads a downloads.json written before it existed', async () => {
    const dir = await tempDir()
    const { writeFile } = await import('node:fs/promises')
    const old = {
      settings: { concurrency: 3, bandwidthLimit: null },
      destinations: { c: '/d' },
      batches: [],
      items: []
    }
    await writeFile(join(dir, 'downloads.json'), JSON.stringify({ schemaVersion: 1, data: old }))
    const engine = new DownloadEngine({ dataDir: dir, clients: () => undefined })
    await engine.start()
    expect(engine.loadNotice).toBeUndefined()
    expect(engine.settings).toEqual({ concurrency: 3, bandwidthLimit: null, defaultFolder: null })
    expect(engine.destinationFor('c')).toBe('/d')
    await engine.close()
  })
})
