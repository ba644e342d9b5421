import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DownloadBatch, DownloadItem } from '../../../common/downloads'
import { ClaimedNames } from '../../../main/downloads/claimed-names'
import { DownloadEngine } from '../../../main/downloads/engine'
import { directFileOps, type FileOps } from '../../../main/downloads/file-ops'
import type { LayoutJob } from '../../../main/downloads/layout'
import { resolveSource } from '../../../main/downloads/plan'
import type { DownloadClient, OpenedOutput } from '../../../main/downloads/source'
import { LiveIndex } from '../../../main/downloads/live-index'
import { TargetResolver } from '../../../main/downloads/target-resolver'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'jq-dl-plan-'))
  dirs.push(d)
  return d
}

/** The real file calls, with every folder listing counted. */
function countingFiles(): { files: FileOps; listings: Map<string, number> } {
  const listings = new Map<string, number>()
  const files: FileOps = {
    ...directFileOps,
    list(dir) {
      listings.set(dir, (listings.get(dir) ?? 0) + 1)
      return directFileOps.list(dir)
    }
  }
  return { files, listings }
}

/** Jobs with the output names they list; outputNames answers for the jobs listed without names. */
function fakeClient(jobs: { id: string; name: string; outputs: string[] }[], askable: Record<string, string[]> = {}) {
  const asked: string[] = []
  const layoutJob = (j: (typeof jobs)[number]): LayoutJob => ({ id: j.id, name: j.name, outputFileNames: j.outputs })
  const client: DownloadClient = {
    getJob: (id) => {
      const j = jobs.find((x) => x.id === id)
      return j ? Promise.resolve(layoutJob(j)) : Promise.reject(new Error(`No job ${id}`))
    },
    listJobs: () => Promise.resolve({ jobs: jobs.map(layoutJob) }),
    outputNames: (id) => {
      asked.push(id)
      return Promise.resolve({ names: askable[id] ?? [] })
    },
    openOutput: (): Promise<OpenedOutput> => Promise.reject(new Error('planning only'))
  }
  return { client, asked }
}

async function engineWith(files: FileOps, client: DownloadClient): Promise<DownloadEngine> {
  const engine = new DownloadEngine({ dataDir: await tempDir(), files, clients: () => client })
  await engine.start()
  return engine
}

const request = (destination: string, template: string) => ({
  connectionId: 'c1',
  source: { kind: 'filter' as const, filter: {} },
  destination,
  template,
  collision: 'skip-same-size' as const
})

describe('planning a batch reads each folder once', () => {
  it('lists a folder of 1,000 planned files once, and still finds the files already there', async () => {
    const dest = await tempDir()
    await writeFile(join(dest, 'file 7.txt'), 'x')
    await writeFile(join(dest, 'FILE 8.TXT'), 'x')
    const { files, listings } = countingFiles()
    const jobs = Array.from({ length: 1000 }, (_, i) => ({
      id: `job-${i}`,
      name: `Job ${i}`,
      outputs: [`file ${i}.txt`]
    }))
    const engine = await engineWith(files, fakeClient(jobs).client)
    try {
      const preview = await engine.preview(request(dest, '{fileName}'))
      expect(preview.entries).toHaveLength(1000)
      expect(preview.entries.filter((e) => e.exists).map((e) => e.relativePath)).toEqual(['file 7.txt', 'file 8.txt'])
      expect([...listings]).toEqual([[dest, 1]])
    } finally {
      await engine.close()
    }
  })

  it('does not read a folder its parent does not hold, and reads one that is there once', async () => {
    const dest = await tempDir()
    await mkdir(join(dest, 'Job 1'))
    await writeFile(join(dest, 'Job 1', 'b.log'), 'x')
    const { files, listings } = countingFiles()
    const jobs = [0, 1, 2].map((i) => ({ id: `job-${i}`, name: `Job ${i}`, outputs: ['a.log', 'b.log'] }))
    const engine = await engineWith(files, fakeClient(jobs).client)
    try {
      const preview = await engine.preview(request(dest, '{jobName}/{fileName}'))
      expect(preview.entries.filter((e) => e.exists).map((e) => e.relativePath)).toEqual(['Job 1/b.log'])
      expect(Object.fromEntries(listings)).toEqual({ [dest]: 1, [join(dest, 'Job 1')]: 1 })
    } finally {
      await engine.close()
    }
  })

  it('counts a folder of the same name as no file there', async () => {
    const dest = await tempDir()
    await mkdir(join(dest, 'report.xlsx'))
    const { client } = fakeClient([{ id: 'j', name: 'J', outputs: ['report.xlsx'] }])
    const engine = await engineWith(countingFiles().files, client)
    try {
      const preview = await engine.preview(request(dest, '{fileName}'))
      expect(preview.entries.map((e) => e.exists)).toEqual([false])
    } finally {
      await engine.close()
    }
  })
})

describe('claimed names', () => {
  it('numbers names equal but for case, within a batch', async () => {
    const dest = await tempDir()
    const jobs = [
      { id: 'j1', name: 'One', outputs: ['A.txt'] },
      { id: 'j2', name: 'Two', outputs: ['a.txt'] },
      { id: 'j3', name: 'Three', outputs: ['A.TXT'] }
    ]
    const engine = await engineWith(countingFiles().files, fakeClient(jobs).client)
    try {
      const preview = await engine.preview(request(dest, '{fileName}'))
      expect(preview.entries.map((e) => e.relativePath)).toEqual(['A.txt', 'a (2).txt', 'A (3).TXT'])
    } finally {
      await engine.close()
    }
  })

  it('keeps clear of the paths live items hold, whatever their case', () => {
    const dest = '/downloads'
    const live = { id: 'i1', state: 'queued', targetPath: join(dest, 'REPORT.xlsx') } as DownloadItem
    const done = { id: 'i2', state: 'done', targetPath: join(dest, 'notes.txt') } as DownloadItem
    const index = new LiveIndex()
    index.add(live)
    index.add(done)
    const targets = new TargetResolver(directFileOps, () => [live, done], index)
    const job = { id: 'j', name: 'J' }
    const planned = targets.layOut(
      dest,
      ['{fileName}'],
      [
        { job, fileName: 'report.xlsx' },
        { job, fileName: 'notes.txt' }
      ]
    )
    expect(planned.map((p) => p.relativePath)).toEqual(['report (2).xlsx', 'notes.txt'])
  })

  it('renames past a file already there and past the name another live item holds, then holds its new name', async () => {
    const dest = await tempDir()
    await writeFile(join(dest, 'X.txt'), 'somebody else')
    const other = { id: 'i1', batchId: 'b0', state: 'active', targetPath: join(dest, 'x (2).txt') } as DownloadItem
    const mine = { id: 'i2', batchId: 'b1', state: 'active', targetPath: join(dest, 'x.txt') } as DownloadItem
    const index = new LiveIndex()
    index.add(other)
    index.add(mine)
    const targets = new TargetResolver(directFileOps, () => [other, mine], index)
    const batch = { id: 'b1', destination: dest, collision: 'rename' } as DownloadBatch
    const skipped = await targets.settle(mine, batch, fakeClient([]).client, new AbortController().signal)
    expect(skipped).toBe(false)
    expect([mine.targetPath, mine.relativePath, mine.outcome]).toEqual([
      join(dest, 'x (3).txt'),
      'x (3).txt',
      'renamed'
    ])
    expect(index.claimed(join(dest, 'x.txt'))).toBe(false)
    expect(index.claimed(join(dest, 'X (3).TXT'), other)).toBe(true)
  })

  it('goes on numbering where it stopped, past a number already held', () => {
    const claimed = new ClaimedNames(['/d/x (3).txt'])
    const got = Array.from({ length: 5 }, () => claimed.claimFree('/d/x.txt'))
    expect(got).toEqual(['/d/x.txt', '/d/x (2).txt', '/d/x (4).txt', '/d/x (5).txt', '/d/x (6).txt'])
    expect(claimed.claimFree('/d/X.TXT')).toBe('/d/X (7).TXT')
  })
})

describe('which files a batch means', () => {
  it('trusts an empty output list from a server that lists output names', async () => {
    const { client, asked } = fakeClient([
      { id: 'j1', name: 'Done', outputs: ['a.log'] },
      { id: 'j2', name: 'Cancelled', outputs: [] }
    ])
    const resolved = await resolveSource(client, { kind: 'filter', filter: {} })
    expect(resolved.files.map((f) => f.fileName)).toEqual(['a.log'])
    expect(asked).toEqual([])
  })

  it('asks each job for its outputs when the listing names none at all', async () => {
    const { client, asked } = fakeClient(
      [
        { id: 'j1', name: 'One', outputs: [] },
        { id: 'j2', name: 'Two', outputs: [] }
      ],
      { j1: ['one.log'], j2: ['two.log', 'two.xlsx'] }
    )
    const resolved = await resolveSource(client, { kind: 'filter', filter: {} })
    expect(resolved.files.map((f) => f.fileName)).toEqual(['one.log', 'two.log', 'two.xlsx'])
    expect(asked.sort()).toEqual(['j1', 'j2'])
  })
})
