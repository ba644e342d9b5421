import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Job } from '../../../common/domain'
import { QueueCache } from '../../../main/queue/cache'
import { memoryLogger } from '../../helpers/logger'

const job = (id: string, status: Job['status'] = 'Succeeded'): Job => ({
  id,
  name: `Job ${id}`,
  description: null,
  type: 'ExcelImportJob',
  otherType: null,
  status,
  otherStatus: null,
  submitterName: 'admin',
  submitterRoles: ['MI_USER'],
  submissionDate: '2026-11-20T10:00:00.000Z',
  scheduledExecutionDate: null,
  executionDate: '2026-11-20T10:01:00.000Z',
  completionDate: '2026-11-20T10:02:00.000Z',
  position: null,
  inputFileIds: [],
  outputFileNames: [],
  outputs: {},
  summary: null
})
const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => job(`j${from + i}`))
const queue = (jobs: Job[], lastUpdated: string) => ({ connectionId: 'c1', lastUpdated, scope: {}, counts: null, jobs })

describe('QueueCache on disk', () => {
  it('writes a large list in parts, reads it back whole, and drops the parts of the copy it replaces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-cache-parts-'))
    const cache = new QueueCache(dir, memoryLogger().logger)
    await cache.save(queue(many(12_000), '2026-12-01T10:00:00.000Z'))
    expect(readdirSync(dir).filter((n) => n.includes('.part-'))).toHaveLength(3)
    expect((await cache.load('c1'))?.jobs.map((j) => j.id)).toEqual(many(12_000).map((j) => j.id))
    await cache.save(queue(many(4_000, 100), '2026-12-01T10:05:00.000Z'))
    expect(readdirSync(dir).filter((n) => n.includes('.part-'))).toHaveLength(1)
    const read = await cache.load('c1')
    expect(read?.jobs).toHaveLength(4_000)
    expect(read?.jobs[0]?.id).toBe('j100')
  })

  it('applies the changes written after the whole list, and only to that list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-cache-changes-'))
    const cache = new QueueCache(dir, memoryLogger().logger)
    const base = '2026-12-01T10:00:00.000Z'
    await cache.save(queue(many(3), base))
    const changes = {
      lastUpdated: '2026-12-01T10:00:02.000Z',
      counts: null,
      upserts: [job('j1', 'Failed'), job('new')],
      removed: ['j0']
    }
    await cache.saveChanges('c1', { base, ...changes })
    const read = await cache.load('c1')
    expect(read?.jobs.map((j) => [j.id, j.status])).toEqual([
      ['j1', 'Failed'],
      ['j2', 'Succeeded'],
      ['new', 'Succeeded']
    ])
    expect(read?.lastUpdated).toBe('2026-12-01T10:00:02.000Z')
    // A newer whole list makes those changes stale.
    await cache.save(queue(many(3), '2026-12-01T10:05:00.000Z'))
    expect((await cache.load('c1'))?.jobs.map((j) => j.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded'])
  })

  it('does not use a copy whose part is missing, and says so in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-cache-missing-'))
    const { logger, sink } = memoryLogger()
    const cache = new QueueCache(dir, logger)
    await cache.save(queue(many(6_000), '2026-12-01T10:00:00.000Z'))
    const part = readdirSync(dir).find((n) => n.includes('.part-')) as string
    rmSync(join(dir, part))
    expect(await cache.load('c1')).toBeNull()
    expect(sink.lines.map((l) => l.text).join('\n')).toMatch(/part of the cached queue.*missing/i)
  })
})
