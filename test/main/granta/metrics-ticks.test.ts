import { afterEach, describe, expect, it } from 'vitest'
import { fromDotnetTicks, toDotnetTicks } from '../../../common/dotnet-ticks'
import { connectAs, fakeApi, sandbox, type Sandbox } from './helpers'

const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('.NET ticks', () => {
  it.each([
    ['1970-01-01T00:00:00.000Z', '621355968000000000'],
    ['0001-01-01T00:00:00.000Z', '0'],
    ['2026-12-01T10:00:00.123Z', '639317160001230000'],
    ['9999-12-31T23:59:59.999Z', '3155378975999990000']
  ])('%s is %s ticks, and back', (iso, ticks) => {
    expect(toDotnetTicks(Date.parse(iso))).toBe(ticks)
    expect(new Date(fromDotnetTicks(ticks) ?? NaN).toISOString()).toBe(iso)
  })

  it('are exact beyond 2^53, where a Number would round', () => {
    const ticks = toDotnetTicks(Date.parse('2026-12-01T10:00:00.001Z'))
    expect(BigInt(ticks) % 10_000n).toBe(0n)
    expect(Number(ticks) > Number.MAX_SAFE_INTEGER).toBe(true)
  })

  it.each(['', '-1', '1.5', '2026-12-01', '31553789760000000000'])('refuse %j', (text) => {
    expect(fromDotnetTicks(text)).toBeNull()
  })
})

describe('metrics', () => {
  it('sends the start as ticks, and the sandbox counts the jobs since then', async () => {
    const sb: Sandbox = await sandbox({ seed: true })
    cleanups.push(() => sb.stop())
    const client = await connectAs(sb, 'reader')
    cleanups.push(() => client.close())
    const all = await client.metrics('1970-01-01T00:00:00Z')
    expect(all.jobs.length).toBeGreaterThan(0)
    expect((await client.metrics(new Date('2999-01-01T00:00:00Z'))).jobs).toEqual([])
  }, 30_000)

  it('asks an older server that refuses ticks once more with an ISO date', async () => {
    const { client, seen, close } = await fakeApi((req, res) => {
      const start = new URL(req.url ?? '', 'http://x').searchParams.get('start') ?? ''
      if (/^\d+$/.test(start)) return void res.writeHead(400).end('{"message":"start must be a date"}')
      res.end(JSON.stringify({ jobs: [{ jobType: 'ExcelImportJob', status: 'Succeeded' }] }))
    })
    cleanups.push(close)
    const m = await client.metrics('2026-12-01T11:00:00+01:00')
    expect(m.jobs).toEqual([{ jobType: 'ExcelImportJob', status: 'Succeeded' }])
    const starts = seen.map((s) => new URL(s.url, 'http://x').searchParams.get('start'))
    expect(starts).toEqual(['639317160000000000', '2026-12-01T10:00:00.000Z'])
  })

  it('gives up after the ISO retry when the server refuses that too', async () => {
    const { client, seen, close } = await fakeApi((_req, res) => void res.writeHead(400).end('{}'))
    cleanups.push(close)
    await expect(client.metrics('2026-12-01T10:00:00Z')).rejects.toMatchObject({ code: 'Validation' })
    expect(seen).toHaveLength(2)
  })
})
