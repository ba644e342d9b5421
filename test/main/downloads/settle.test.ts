import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DownloadBatch, DownloadItem } from '../../../common/downloads'
import { directFileOps, type FileOps } from '../../../main/downloads/file-ops'
import { LiveIndex } from '../../../main/downloads/live-index'
import type { DownloadClient } from '../../../main/downloads/source'
import { TargetResolver } from '../../../main/downloads/target-resolver'

/**
 * Settling (the collision check before a file's first byte) against the real disk: a folder's listing is reused
 * for a second, so a flat batch of thousands of files does not list its folder once per file, and what the
 * listing cannot know (a file that appeared since) is still never written over.
 */
const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function setUp(collision: DownloadBatch['collision'] = 'rename') {
  const dest = await mkdtemp(join(tmpdir(), 'jq-dl-settle-'))
  dirs.push(dest)
  let listings = 0
  const files: FileOps = {
    ...directFileOps,
    list(dir) {
      listings++
      return directFileOps.list(dir)
    }
  }
  let clock = 0
  const items: DownloadItem[] = []
  const live = new LiveIndex()
  const targets = new TargetResolver(
    files,
    () => items,
    live,
    () => clock
  )
  const batch = { id: 'b', destination: dest, collision } as DownloadBatch
  const client = {} as DownloadClient
  const settle = (name: string) => {
    const item = {
      id: `i-${items.length}`,
      batchId: 'b',
      state: 'queued',
      targetPath: join(dest, name)
    } as DownloadItem
    items.push(item)
    live.add(item)
    return targets.settle(item, batch, client, new AbortController().signal).then(() => item)
  }
  return {
    dest,
    targets,
    settle,
    listings: () => listings,
    tick: (ms: number) => (clock += ms)
  }
}

describe('settling a batch into one folder', () => {
  it('lists the folder once for many files, and again once its listing is a second old', async () => {
    const t = await setUp()
    for (let i = 0; i < 200; i++) await t.settle(`f${i}.txt`)
    expect(t.listings()).toBe(1)
    t.tick(999)
    await t.settle('late.txt')
    expect(t.listings()).toBe(1)
    t.tick(1)
    await t.settle('later.txt')
    expect(t.listings()).toBe(2)
  })

  it('never writes over a file that appeared after the listing under the same name', async () => {
    const t = await setUp('rename')
    await t.settle('first.txt')
    await writeFile(join(t.dest, 'report.xlsx'), 'somebody else')
    const item = await t.settle('report.xlsx')
    expect([item.targetPath, item.outcome]).toEqual([join(t.dest, 'report (2).xlsx'), 'renamed'])
    expect(t.listings()).toBe(1)
  })

  it('numbers past a name that appeared after the listing', async () => {
    const t = await setUp('rename')
    await writeFile(join(t.dest, 'x.txt'), 'there before')
    await t.settle('first.txt')
    await writeFile(join(t.dest, 'x (2).txt'), 'there since')
    await writeFile(join(t.dest, 'x (3).txt.part'), 'a part of somebody else')
    const item = await t.settle('x.txt')
    expect(item.targetPath).toBe(join(t.dest, 'x (4).txt'))
  })

  it('sees a file the engine put in place under another case without listing again', async () => {
    const t = await setUp('overwrite')
    await t.settle('first.txt')
    await writeFile(join(t.dest, 'Report.xlsx'), 'ours, just downloaded')
    await t.targets.placed(join(t.dest, 'Report.xlsx'))
    const item = await t.settle('report.xlsx')
    // Overwrite replaces the file under the name it has (Windows would say they are one file).
    expect([item.targetPath, item.outcome]).toEqual([join(t.dest, 'Report.xlsx'), 'overwritten'])
    expect(t.listings()).toBe(1)
  })

  it('does not take a file removed since the listing for one still there', async () => {
    const t = await setUp('overwrite')
    await writeFile(join(t.dest, 'Gone.txt'), 'soon removed')
    await t.settle('first.txt')
    await rm(join(t.dest, 'Gone.txt'))
    const item = await t.settle('gone.txt')
    expect([item.targetPath, item.outcome]).toEqual([join(t.dest, 'gone.txt'), undefined])
  })
})
