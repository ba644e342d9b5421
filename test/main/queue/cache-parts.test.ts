import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { QueueCache, type CachedQueue } from '../../../main/queue/cache'
import { partOf, queueParts } from '../../../main/queue/cache-parts'
import { JsonFile } from '../../../main/store/json-file'
import { z } from 'zod'
import { memoryLogger } from '../../helpers/logger'
import { job } from '../../helpers/job-fixture'

const temp = () => mkdtempSync(join(tmpdir(), 'jq-cache-parts-'))
const queueOf = (count: number): CachedQueue => ({
  connectionId: 'c/1',
  lastUpdated: '2026-12-02T10:00:00.000Z',
  scope: {},
  counts: null,
  jobs: Array.from({ length: count }, (_, i) => job({ id: `job-${i}` }))
})
const mtimes = (dir: string) => new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs] as const))

describe('QueueCache in parts', () => {
  it('writes every part at first, then only the parts of the jobs that changed', async () => {
    const dir = temp()
    const cache = new QueueCache(dir, memoryLogger().logger)
    const queue = queueOf(2_000)
    await cache.save(queue)
    expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toHaveLength(queueParts)
    const before = mtimes(dir)
    await new Promise((r) => setTimeout(r, 20))
    const renamed = job({ id: 'job-7', name: 'renamed' })
    const jobs = queue.jobs.map((j) => (j.id === 'job-7' ? renamed : j))
    await cache.save({ ...queue, jobs }, { added: [], changed: [renamed], removed: [] })
    const after = mtimes(dir)
    const rewritten = [...after].filter(([f, t]) => t !== before.get(f)).map(([f]) => f)
    expect(rewritten.sort()).toEqual([`c_1.json`, `c_1.part-${partOf('job-7')}.json`].sort())
    const loaded = await cache.load('c/1')
    expect(loaded?.jobs).toHaveLength(2_000)
    expect(loaded?.jobs.find((j) => j.id === 'job-7')?.name).toBe('renamed')
  })

  it('a removed job leaves its part; a fresh cache object writes every part once', async () => {
    const dir = temp()
    const queue = queueOf(300)
    await new QueueCache(dir, memoryLogger().logger).save(queue)
    const cache = new QueueCache(dir, memoryLogger().logger)
    const jobs = queue.jobs.filter((j) => j.id !== 'job-3')
    await cache.save({ ...queue, jobs }, { added: [], changed: [], removed: ['job-3'] })
    const loaded = await cache.load('c/1')
    expect(loaded?.jobs.map((j) => j.id).sort()).toEqual(jobs.map((j) => j.id).sort())
  })

  it('one unreadable part loses only its own jobs, and is reported', async () => {
    const dir = temp()
    const { logger, sink } = memoryLogger()
    const cache = new QueueCache(dir, logger)
    await cache.save(queueOf(400))
    writeFileSync(join(dir, 'c_1.part-0.json'), '{ not json')
    const loaded = await cache.load('c/1')
    const inPartZero = queueOf(400).jobs.filter((j) => partOf(j.id) === 0).length
    expect(inPartZero).toBeGreaterThan(0)
    expect(loaded?.jobs).toHaveLength(400 - inPartZero)
    expect(sink.text()).toMatch(/cached queue part 0 was unreadable/)
  })

  it('reads a version 2 file, which held the jobs itself', async () => {
    const dir = temp()
    const queue = queueOf(5)
    await new JsonFile({ path: join(dir, 'c_1.json'), schema: z.unknown(), version: 2 }).write(queue)
    const loaded = await new QueueCache(dir, memoryLogger().logger).load('c/1')
    expect(loaded?.jobs.map((j) => j.id)).toEqual(queue.jobs.map((j) => j.id))
  })
})
