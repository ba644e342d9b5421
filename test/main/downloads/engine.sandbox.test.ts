import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../../../common/downloads'
import { DownloadEngine, type DownloadEngineOptions } from '../../../main/downloads/engine'
import type { DownloadClient } from '../../../main/downloads/source'
import type { GrantaClient } from '../../../main/granta/client'
import { startSandbox, type Sandbox } from '../../../main/sandbox/index'
import { until } from '../../helpers/until'
import {
  byteCountingRelay,
  connectWriter,
  listFiles,
  replaceOutput,
  seedOutputJobs,
  sha256File,
  type SeededOutput
} from './fixtures'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function tempDir(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(() => rm(d, { recursive: true, force: true }))
  return d
}

async function sandboxWith(
  dataDir: string,
  faults?: Parameters<typeof startSandbox>[0]['faults']
): Promise<{ sandbox: Sandbox; client: GrantaClient }> {
  const sandbox = await startSandbox({ port: 0, dataDir, ...(faults ? { faults } : {}) })
  cleanups.push(() => sandbox.stop())
  const client = await connectWriter(sandbox.url)
  cleanups.push(() => client.close())
  return { sandbox, client }
}

function engineFor(
  dataDir: string,
  client: () => DownloadClient | undefined,
  extra: Partial<DownloadEngineOptions> = {}
): DownloadEngine {
  const engine = new DownloadEngine({
    dataDir,
    clients: () => client(),
    backoff: { baseDelayMs: 20, maxDelayMs: 200 },
    ...extra
  })
  cleanups.push(() => engine.close())
  return engine
}

async function expectHashes(dest: string, engine: DownloadEngine, seeded: readonly SeededOutput[]): Promise<void> {
  const items = engine.itemsOf()
  expect(
    items.filter((i) => i.state !== 'done').map((i) => `${i.fileName}: ${i.state} ${i.error?.message ?? ''}`)
  ).toEqual([])
  for (const s of seeded) {
    const item = items.find((i) => i.jobId === s.jobId && i.fileName === s.name)
    expect(item, `${s.jobName}/${s.name}`).toBeDefined()
    if (!item) continue
    expect(item.targetPath.startsWith(dest)).toBe(true)
    expect(await sha256File(item.targetPath), item.relativePath).toBe(s.sha256)
  }
  expect((await listFiles(dest)).filter((f) => f.endsWith('.part'))).toEqual([])
}

/** Resolves once the item has written at least `bytes`. */
function whenBytes(engine: DownloadEngine, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (engine.itemsOf().some((i) => i.state === 'active' && i.bytesDone >= bytes)) {
        clearInterval(check)
        resolve()
      }
    }, 5)
    cleanups.push(() => clearInterval(check))
  })
}

describe('download engine against the sandbox', () => {
  it('downloads a 200-file batch through injected faults (error=0.1, drop=0.05) with every SHA-256 right', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const specs = Array.from({ length: 100 }, (_, i) => ({
      name: `Export ${i} / "quoted" <${i % 7}>`,
      outputs: [
        { name: `Export ${i}.xlsx`, size: 1000 + ((i * 7919) % 300_000) },
        { name: `Export ${i}.log`, size: 200 + i }
      ]
    }))
    const seeded = await seedOutputJobs(sbDir, specs)
    const { sandbox, client } = await sandboxWith(sbDir, { seed: 7, error: 0.1, drop: 0.05 })
    const dest = await tempDir('jq-dl-dest-')
    const events: ProgressEvent[] = []
    const engine = engineFor(await tempDir('jq-dl-data-'), () => client, { onProgress: (e) => events.push(e) })
    await engine.start()
    await engine.updateSettings({ concurrency: 8 })
    const added = await engine.add({
      connectionId: 'sandbox',
      source: { kind: 'jobs', jobIds: [...new Set(seeded.map((s) => s.jobId))] },
      destination: dest,
      template: '{jobName} ({jobIdShort})/{fileName}',
      collision: 'rename'
    })
    expect(added.items).toBe(200)
    const t0 = performance.now()
    const before = events.length
    await engine.whenIdle()
    // Throttled: at most one event per 100 ms tick (+1 for the tick in flight); each carries only changed items.
    expect(events.length - before).toBeLessThanOrEqual(Math.ceil((performance.now() - t0) / 100) + 2)
    expect(Math.max(...events.map((e) => e.items.length))).toBeLessThanOrEqual(200)
    expect(events.some((e) => e.items.length > 0 && e.items.length < 200)).toBe(true)
    await expectHashes(dest, engine, seeded)
    const faults = sandbox.stats().faults.filter((f) => f.route.includes('outputs:export') && (f.error || f.drop))
    expect(faults.length).toBeGreaterThan(10)
    expect(engine.itemsOf().some((i) => i.attempts > 0)).toBe(true)
    // The last event says everything is done, and the batch was announced finished once.
    await until(() => events.at(-1)?.total.counts.done === 200, 'the last event to count every file done')
    expect(events.flatMap((e) => e.finishedBatches).map((b) => b.id)).toEqual([added.batch.id])
    // Layout: sanitised job folder names.
    expect(
      (await listFiles(dest)).some((f) => /^Export 0 _ _quoted_ _0_ \([0-9a-f]{8}\)\/Export 0\.xlsx$/.test(f))
    ).toBe(true)
  }, 120_000)

  it('pauses and resumes with Range + If-Range: nothing already written is downloaded again', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const size = 24 * 1024 * 1024
    const seeded = await seedOutputJobs(sbDir, [{ name: 'Big export', outputs: [{ name: 'big.bin', size }] }])
    const { sandbox } = await sandboxWith(sbDir, { seed: 1, bandwidth: 12 * 1024 * 1024 })
    const relay = await byteCountingRelay(sandbox.port)
    cleanups.push(() => relay.close())
    const client = await connectWriter(sandbox.url.replace(`:${sandbox.port}/`, `:${relay.port}/`))
    cleanups.push(() => client.close())
    const dest = await tempDir('jq-dl-dest-')
    const engine = engineFor(await tempDir('jq-dl-data-'), () => client)
    await engine.start()
    const before = relay.serverBytes()
    await engine.add({
      connectionId: 'c',
      source: { kind: 'file', jobId: seeded[0]!.jobId, fileName: 'big.bin' },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await whenBytes(engine, 6 * 1024 * 1024)
    expect(await engine.pause({ kind: 'all' })).toBe(1)
    const [paused] = engine.itemsOf()
    expect(paused?.state).toBe('paused')
    const partSize = (await stat(join(dest, 'big.bin.part'))).size
    expect(partSize).toBeGreaterThanOrEqual(6 * 1024 * 1024)
    expect(partSize).toBeLessThan(size)
    expect(existsSync(join(dest, 'big.bin'))).toBe(false)

    expect(await engine.resume({ kind: 'all' })).toBe(1)
    await engine.whenIdle()
    const [done] = engine.itemsOf()
    expect(done?.state).toBe('done')
    expect(done?.restarts).toBe(0)
    expect(await sha256File(join(dest, 'big.bin'))).toBe(seeded[0]!.sha256)
    expect(
      relay.requests().some((r) => r.range === `bytes=${partSize}-` && r.ifRange === `"${seeded[0]!.sha256}"`)
    ).toBe(true)
    // The server sent the file once (plus headers and what was in flight at the pause), not once and a half.
    const sent = relay.serverBytes() - before
    expect(sent).toBeGreaterThanOrEqual(size)
    expect(sent).toBeLessThan(size + partSize / 4)
  }, 60_000)

  it('starts over when the file changed on the server (If-Range answered with 200)', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const size = 16 * 1024 * 1024
    const seeded = await seedOutputJobs(sbDir, [{ name: 'Changing', outputs: [{ name: 'data.bin', size }] }])
    let current = await sandboxWith(sbDir, { seed: 1, bandwidth: 8 * 1024 * 1024 })
    const dest = await tempDir('jq-dl-dest-')
    const engine = engineFor(await tempDir('jq-dl-data-'), () => current.client)
    await engine.start()
    await engine.add({
      connectionId: 'c',
      source: { kind: 'file', jobId: seeded[0]!.jobId, fileName: 'data.bin' },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await whenBytes(engine, 3 * 1024 * 1024)
    await engine.pause({ kind: 'all' })
    const oldEtag = engine.itemsOf()[0]?.validator?.etag
    expect(oldEtag).toBe(`"${seeded[0]!.sha256}"`)

    await current.sandbox.stop()
    const newSha = await replaceOutput(
      sbDir,
      seeded[0]!.jobId,
      'data.bin',
      size - 12345,
      new Date('2026-11-28T10:00:00Z')
    )
    current = await sandboxWith(sbDir)
    await engine.resume({ kind: 'all' })
    await engine.whenIdle()
    const [item] = engine.itemsOf()
    expect(item?.state).toBe('done')
    expect(item?.restarts).toBe(1)
    expect(item?.validator?.etag).toBe(`"${newSha}"`)
    expect(item?.totalBytes).toBe(size - 12345)
    expect(await sha256File(join(dest, 'data.bin'))).toBe(newSha)
  }, 60_000)

  it('applies the collision modes: skip if the same size, rename, overwrite', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const seeded = await seedOutputJobs(sbDir, [
      { name: 'A', outputs: [{ name: 'same.bin', size: 5000 }] },
      { name: 'B', outputs: [{ name: 'diff.bin', size: 6000 }] },
      { name: 'C', outputs: [{ name: 'new.bin', size: 7000 }] }
    ])
    const { client } = await sandboxWith(sbDir)
    const jobIds = seeded.map((s) => s.jobId)
    const hashOf = (name: string) => seeded.find((s) => s.name === name)!.sha256

    async function run(mode: 'skip-same-size' | 'rename' | 'overwrite') {
      const dest = await tempDir(`jq-dl-${mode}-`)
      const mine = { same: Buffer.alloc(5000, 1), diff: Buffer.alloc(100, 2) }
      await writeFile(join(dest, 'SAME.bin'), mine.same)
      await writeFile(join(dest, 'diff.bin'), mine.diff)
      const engine = engineFor(await tempDir('jq-dl-data-'), () => client)
      await engine.start()
      await engine.add({
        connectionId: 'c',
        source: { kind: 'jobs', jobIds },
        destination: dest,
        template: '{fileName}',
        collision: mode
      })
      await engine.whenIdle()
      const byName = Object.fromEntries(engine.itemsOf().map((i) => [i.fileName, i]))
      expect(Object.values(byName).every((i) => i.state === 'done')).toBe(true)
      return { dest, mine, byName, files: await listFiles(dest) }
    }

    const skip = await run('skip-same-size')
    expect(skip.byName['same.bin']?.outcome).toBe('skipped')
    expect(await readFile(join(skip.dest, 'SAME.bin'))).toEqual(skip.mine.same)
    expect(skip.byName['diff.bin']?.outcome).toBe('renamed')
    expect(await readFile(join(skip.dest, 'diff.bin'))).toEqual(skip.mine.diff)
    expect(await sha256File(join(skip.dest, 'diff (2).bin'))).toBe(hashOf('diff.bin'))
    expect(skip.files).toEqual(['SAME.bin', 'diff (2).bin', 'diff.bin', 'new.bin'])

    const ren = await run('rename')
    expect(ren.files).toEqual(['SAME.bin', 'diff (2).bin', 'diff.bin', 'new.bin', 'same (2).bin'])
    expect(await readFile(join(ren.dest, 'SAME.bin'))).toEqual(ren.mine.same)
    expect(await sha256File(join(ren.dest, 'same (2).bin'))).toBe(hashOf('same.bin'))
    expect(await sha256File(join(ren.dest, 'diff (2).bin'))).toBe(hashOf('diff.bin'))

    const over = await run('overwrite')
    expect(over.byName['same.bin']?.outcome).toBe('overwritten')
    expect(await sha256File(over.byName['same.bin']!.targetPath)).toBe(hashOf('same.bin'))
    expect(await sha256File(join(over.dest, 'diff.bin'))).toBe(hashOf('diff.bin'))
    expect(over.files.length).toBe(3)
    expect(await sha256File(join(over.dest, 'new.bin'))).toBe(hashOf('new.bin'))
  }, 60_000)

  it('numbers files in one batch whose names differ only by case', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const seeded = await seedOutputJobs(sbDir, [
      { name: 'One', outputs: [{ name: 'Report.xlsx', size: 300 }] },
      { name: 'Two', outputs: [{ name: 'report.XLSX', size: 400 }] },
      { name: 'Three', outputs: [{ name: 'CON.xlsx', size: 500 }] }
    ])
    const { client } = await sandboxWith(sbDir)
    const dest = await tempDir('jq-dl-case-')
    const engine = engineFor(await tempDir('jq-dl-data-'), () => client)
    await engine.start()
    const preview = await engine.preview({
      connectionId: 'c',
      source: { kind: 'jobs', jobIds: seeded.map((s) => s.jobId) },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    expect(preview.entries.map((e) => e.relativePath).sort()).toEqual(['CON_.xlsx', 'Report.xlsx', 'report (2).XLSX'])
    await engine.add({
      connectionId: 'c',
      source: { kind: 'jobs', jobIds: seeded.map((s) => s.jobId) },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await engine.whenIdle()
    await expectHashes(dest, engine, seeded)
    expect(engine.destinationFor('c')).toBe(dest)
  }, 30_000)

  it('fails only the item that hits a full disk (injected ENOSPC) or a refused write (EACCES); others go on', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const seeded = await seedOutputJobs(sbDir, [
      { name: 'J', outputs: ['a', 'full', 'b', 'denied', 'c'].map((n) => ({ name: `${n}.bin`, size: 300_000 })) }
    ])
    const { client } = await sandboxWith(sbDir)
    const dest = await tempDir('jq-dl-full-')
    const { nodeFileOps } = await import('../../../main/downloads/file-ops')
    const failing: typeof nodeFileOps = {
      ...nodeFileOps,
      async openPart(path, offset) {
        if (path.endsWith('denied.bin.part'))
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
        const w = await nodeFileOps.openPart(path, offset)
        if (!path.endsWith('full.bin.part')) return w
        let written = 0
        return {
          ...w,
          sync: () => w.sync(),
          close: () => w.close(),
          async write(chunks) {
            written += chunks.reduce((n, c) => n + c.length, 0)
            if (written > 100_000)
              throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
            await w.write(chunks)
          }
        }
      }
    }
    const engine = engineFor(await tempDir('jq-dl-data-'), () => client, { files: failing })
    await engine.start()
    await engine.add({
      connectionId: 'c',
      source: { kind: 'jobs', jobIds: [seeded[0]!.jobId] },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await engine.whenIdle()
    const byName = Object.fromEntries(engine.itemsOf().map((i) => [i.fileName, i]))
    expect(byName['full.bin']?.state).toBe('failed')
    expect(byName['full.bin']?.error?.message).toMatch(/disk is full/i)
    expect(byName['denied.bin']?.state).toBe('failed')
    expect(byName['denied.bin']?.error?.message).toMatch(/permission denied/i)
    expect(await listFiles(dest)).toEqual(['a.bin', 'b.bin', 'c.bin'])
    for (const n of ['a', 'b', 'c'])
      expect(await sha256File(join(dest, `${n}.bin`))).toBe(seeded.find((s) => s.name === `${n}.bin`)!.sha256)
  }, 30_000)

  it.runIf(process.getuid?.() === 0)(
    'fails a file that does not fit a real 1 MB tmpfs, with no file at its final path',
    async () => {
      const sbDir = await tempDir('jq-dl-sb-')
      const seeded = await seedOutputJobs(sbDir, [
        {
          name: 'J',
          outputs: [
            { name: 'huge.bin', size: 3 * 1024 * 1024 },
            { name: 'small1.bin', size: 50_000 },
            { name: 'small2.bin', size: 60_000 }
          ]
        }
      ])
      const { client } = await sandboxWith(sbDir)
      const mount = await tempDir('jq-dl-tmpfs-')
      const { execFileSync } = await import('node:child_process')
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount])
      cleanups.push(() => execFileSync('umount', ['-l', mount]))
      const engine = engineFor(await tempDir('jq-dl-data-'), () => client)
      await engine.start()
      await engine.updateSettings({ concurrency: 1 })
      await engine.add({
        connectionId: 'c',
        source: { kind: 'jobs', jobIds: [seeded[0]!.jobId] },
        destination: mount,
        template: '{fileName}',
        collision: 'rename'
      })
      await engine.whenIdle()
      const byName = Object.fromEntries(engine.itemsOf().map((i) => [i.fileName, i]))
      expect(byName['huge.bin']?.state).toBe('failed')
      expect(byName['huge.bin']?.error?.code).toBe('Disk')
      expect(byName['huge.bin']?.error?.message).toMatch(/disk is full/i)
      expect(byName['small1.bin']?.state).toBe('done')
      expect(byName['small2.bin']?.state).toBe('done')
      expect(await listFiles(mount)).toEqual(['small1.bin', 'small2.bin'])
    },
    30_000
  )

  it('keeps the queue across a restart and resumes interrupted items', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const seeded = await seedOutputJobs(sbDir, [
      {
        name: 'R',
        outputs: [
          { name: 'r1.bin', size: 8 * 1024 * 1024 },
          { name: 'r2.bin', size: 8 * 1024 * 1024 }
        ]
      }
    ])
    const { client } = await sandboxWith(sbDir, { seed: 3, bandwidth: 8 * 1024 * 1024 })
    // A data folder that does not exist yet (a first run, or the command line's --state): the engine makes it.
    const dataDir = join(await tempDir('jq-dl-data-'), 'first run', 'state')
    const dest = await tempDir('jq-dl-dest-')
    const first = engineFor(dataDir, () => client)
    await first.start()
    await first.add({
      connectionId: 'c',
      source: { kind: 'jobs', jobIds: [seeded[0]!.jobId] },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await whenBytes(first, 1024 * 1024)
    await first.close()
    expect(first.itemsOf().some((i) => i.state === 'queued')).toBe(true)

    const second = engineFor(dataDir, () => client)
    await second.start()
    await second.whenIdle()
    await expectHashes(dest, second, seeded)
    expect(second.destinationFor('c')).toBe(dest)
  }, 60_000)

  it('waits for a connection that is not signed in, then goes on when it is', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const seeded = await seedOutputJobs(sbDir, [{ name: 'W', outputs: [{ name: 'w.bin', size: 1000 }] }])
    const { client } = await sandboxWith(sbDir)
    const dataDir = await tempDir('jq-dl-data-')
    const dest = await tempDir('jq-dl-dest-')
    const first = engineFor(dataDir, () => client)
    await first.start()
    await first.pause({ kind: 'all' })
    await first.add({
      connectionId: 'c',
      source: { kind: 'file', jobId: seeded[0]!.jobId, fileName: 'w.bin' },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await first.close()

    let signedIn = false
    const second = engineFor(dataDir, () => (signedIn ? client : undefined))
    await second.start()
    await second.whenIdle()
    expect(second.itemsOf()[0]?.state).toBe('paused')
    expect(second.itemsOf()[0]?.pauseReason).toBe('offline')
    signedIn = true
    expect(await second.connectionAvailable('c')).toBe(1)
    await second.whenIdle()
    await expectHashes(dest, second, seeded)
  }, 30_000)

  it('cancels: the part file goes; retry downloads again', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const seeded = await seedOutputJobs(sbDir, [{ name: 'X', outputs: [{ name: 'x.bin', size: 12 * 1024 * 1024 }] }])
    const { client } = await sandboxWith(sbDir, { seed: 2, bandwidth: 8 * 1024 * 1024 })
    const dest = await tempDir('jq-dl-dest-')
    const engine = engineFor(await tempDir('jq-dl-data-'), () => client)
    await engine.start()
    await engine.add({
      connectionId: 'c',
      source: { kind: 'file', jobId: seeded[0]!.jobId, fileName: 'x.bin' },
      destination: dest,
      template: 'sub/{fileName}',
      collision: 'rename'
    })
    await whenBytes(engine, 1024 * 1024)
    expect(await engine.cancel({ kind: 'all' })).toBe(1)
    expect(engine.itemsOf()[0]?.state).toBe('cancelled')
    expect(await listFiles(dest)).toEqual([])
    expect(await engine.retry({ kind: 'all' })).toBe(0)
    expect(await engine.retry({ kind: 'item', itemId: engine.itemsOf()[0]!.id })).toBe(1)
    await engine.whenIdle()
    await expectHashes(dest, engine, seeded)
    expect(await engine.clearCompleted()).toBe(1)
    expect(engine.list().batches).toEqual([])
  }, 60_000)

  it('never touches a .part file it did not write: that item fails and says so; cancel leaves the file', async () => {
    const sbDir = await tempDir('jq-dl-sb-')
    const seeded = await seedOutputJobs(sbDir, [
      { name: 'Mine', outputs: [{ name: 'report.xlsx', size: 50_000 }] },
      { name: 'Other', outputs: [{ name: 'other.xlsx', size: 50_000 }] }
    ])
    const { client } = await sandboxWith(sbDir)
    const dest = await tempDir('jq-dl-dest-')
    // Somebody's own file that happens to have the name the engine would use for its part.
    const foreign = join(dest, 'report.xlsx.part')
    await writeFile(foreign, 'not a download, but precious')
    const engine = engineFor(await tempDir('jq-dl-data-'), () => client)
    await engine.start()
    await engine.add({
      connectionId: 'c',
      source: { kind: 'jobs', jobIds: seeded.map((s) => s.jobId) },
      destination: dest,
      template: '{fileName}',
      collision: 'rename'
    })
    await engine.whenIdle()
    const byName = (n: string) => engine.itemsOf().find((i) => i.fileName === n)
    expect(byName('other.xlsx')?.state).toBe('done')
    expect(byName('report.xlsx')).toMatchObject({ state: 'failed', error: { code: 'Conflict' } })
    expect(byName('report.xlsx')?.error?.message).toMatch(/report\.xlsx\.part is already in that folder.*left alone/)
    expect(await engine.cancel({ kind: 'all' })).toBe(1)
    expect(await readFile(foreign, 'utf8')).toBe('not a download, but precious')
    expect(existsSync(join(dest, 'report.xlsx'))).toBe(false)
  }, 60_000)
})
