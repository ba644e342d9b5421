import { afterEach, describe, expect, it } from 'vitest'
import { decideFault, parseFaults } from '../../../main/sandbox/faults'
import { openSandbox, type TestSandbox } from './helpers/sandbox-fixture'

let open: TestSandbox[] = []
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()))
  open = []
})

async function run(faults: string, requests: number): Promise<{ outcomes: string[]; sandbox: TestSandbox }> {
  const t = await openSandbox({ faults: parseFaults(faults) })
  open.push(t)
  const outcomes: string[] = []
  for (let i = 0; i < requests; i++) {
    try {
      const res = await t.as('reader').get('current-user')
      outcomes.push(
        res.statusCode === 503 ? `503 retry-after=${String(res.headers['retry-after'])}` : String(res.statusCode)
      )
    } catch {
      outcomes.push('dropped')
    }
  }
  return { outcomes, sandbox: t }
}

describe('sandbox: fault injection', () => {
  it('parses the CLI form', () => {
    expect(parseFaults('seed=42,error=0.05,latency=0-300,drop=0.02,bandwidth=5MB')).toEqual({
      seed: 42,
      error: 0.05,
      latency: [0, 300],
      drop: 0.02,
      bandwidth: 5 * 1024 * 1024
    })
    expect(() => parseFaults('error=2')).toThrow(/not valid/)
    expect(() => parseFaults('colour=red')).toThrow(/not valid/)
  })

  it('injects the same faults for the same seed, and different ones for another seed', async () => {
    const spec = 'seed=42,error=0.3,drop=0.2,latency=0-5'
    const a = await run(spec, 40)
    const b = await run(spec, 40)
    const c = await run('seed=7,error=0.3,drop=0.2,latency=0-5', 40)
    expect(a.outcomes).toEqual(b.outcomes)
    expect(a.sandbox.sandbox.stats().faults).toEqual(b.sandbox.sandbox.stats().faults)
    expect(c.outcomes).not.toEqual(a.outcomes)
    expect(a.outcomes).toContain('500')
    expect(a.outcomes).toContain('503 retry-after=1')
    expect(a.outcomes).toContain('dropped')
    expect(a.outcomes).toContain('200')
    expect(a.sandbox.sandbox.stats().byRoute['GET /v1alpha/job-queue/current-user']).toBe(40)
    // The decisions are a pure function of seed and request number.
    const expected = Array.from({ length: 40 }, (_, i) => decideFault(parseFaults(spec), i))
    const observed = a.outcomes.map((o) => (o === 'dropped' ? 'drop' : o.slice(0, 3)))
    expect(observed).toEqual(expected.map((d) => (d.error ? String(d.error) : d.drop ? 'drop' : '200')))
  })

  it('is off by default and counts requests per route', async () => {
    const { outcomes, sandbox } = await run('seed=1', 5)
    expect(outcomes).toEqual(['200', '200', '200', '200', '200'])
    expect(sandbox.sandbox.stats()).toMatchObject({ total: 5, faults: [] })
    sandbox.sandbox.resetStats()
    expect(sandbox.sandbox.stats().total).toBe(0)
  })

  it('still delivers whole bodies when the bandwidth is throttled', async () => {
    const t = await openSandbox({ faults: parseFaults('seed=3,bandwidth=100KB') })
    open.push(t)
    // Uncompressed, so the bytes received can be held against the length sent.
    const res = await t.api('reader').get('swagger/v1/swagger.json', { headers: { 'accept-encoding': 'identity' } })
    expect(res.statusCode).toBe(200)
    expect(res.body.length).toBe(Number(res.headers['content-length']))
    expect(JSON.parse(res.body)).toHaveProperty('paths')
  })
})
