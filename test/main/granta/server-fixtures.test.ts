import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jobSchema } from '../../../common/domain'
import { fakeApi } from './helpers'

/** Jobs as servers send them, each with the domain value the client must make of it (or the report of a skip). */
interface Fixture {
  about: string
  wire: unknown
  expected?: unknown
  skipped?: { id: string | null; field: string }
}

const dir = resolve(import.meta.dirname, '../../fixtures/server-jobs')
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture) }))

describe('server job fixtures', () => {
  it('cover what servers send: kept, widened and skipped jobs', () => {
    expect(fixtures.filter((f) => f.expected).length).toBeGreaterThanOrEqual(10)
    expect(fixtures.filter((f) => f.skipped).length).toBeGreaterThanOrEqual(3)
  })

  it('read, all in one list, into their expected domain values; the skipped ones are reported', async () => {
    const { client, close } = await fakeApi((_req, res) => {
      res.end(JSON.stringify({ totalResultCount: fixtures.length, results: fixtures.map((f) => f.wire) }))
    })
    try {
      const list = await client.listJobs()
      const kept = fixtures.filter((f) => f.expected)
      expect(list.jobs).toHaveLength(kept.length)
      list.jobs.forEach((job, i) => {
        expect(job, kept[i]?.file).toEqual(kept[i]?.expected)
        // The reply crosses IPC: it must validate against the contract's schema.
        expect(jobSchema.safeParse(job).success, kept[i]?.file).toBe(true)
      })
      const skipped = fixtures.flatMap((f, i) =>
        f.skipped
          ? [{ id: f.skipped.id, field: ['results', i, f.skipped.field].filter((p) => p !== '').join('.') }]
          : []
      )
      expect(list.skipped.map(({ id, field }) => ({ id, field }))).toEqual(skipped)
      expect(list.totalResultCount).toBe(fixtures.length)
    } finally {
      await close()
    }
  })

  it.each(fixtures.filter((f) => f.expected).map((f) => [f.file, f] as const))(
    '%s reads the same when it comes alone from GET /jobs/{id}',
    async (_file, f) => {
      const { client, close } = await fakeApi((_req, res) => void res.end(JSON.stringify(f.wire)))
      try {
        expect(await client.getJob('x')).toEqual(f.expected)
      } finally {
        await close()
      }
    }
  )
})
