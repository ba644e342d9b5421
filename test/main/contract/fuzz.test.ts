import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  invokeChannelNames,
  invokeChannels,
  type CallContext,
  type HandlerTable,
  type InvokeChannel
} from '../../../common/contract'
import { createApp } from '../../../main/app'
import { createDispatch } from '../../../main/ipc/dispatch'
import { testLogger } from '../../helpers/logger'

/**
 * Every invoke channel, fed hundreds of payloads its schema rejects, through the real dispatch and the real
 * handler table: each call must come back as a Validation error value and no handler may run.
 */
const RUNS_PER_CHANNEL = 300
const app = createApp({ dataDir: mkdtempSync(join(tmpdir(), 'jq-fuzz-')), host: 'browser' })
afterAll(() => app.dispose())

const reached: InvokeChannel[] = []
// The real handlers, each wrapped to record that it ran.
const table = Object.fromEntries(
  invokeChannelNames.map((channel) => {
    const real = app.handlers[channel] as (input: unknown, ctx: CallContext) => unknown
    return [channel, (input: unknown, ctx: CallContext) => (reached.push(channel), real(input, ctx))]
  })
) as unknown as HandlerTable
const dispatch = createDispatch(table, testLogger())

const hostile = fc.constantFrom<unknown>(
  null,
  Number.NaN,
  Symbol.for('x'),
  () => 1,
  new Date(Number.NaN),
  Object.create(null),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  { message: 'x'.repeat(10_001) },
  { message: 'hi', extra: true },
  { message: ['hi'] },
  [{ message: 'hi' }],
  'x'.repeat(1_000_000),
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('trap')
      },
      ownKeys: () => {
        throw new Error('trap')
      }
    }
  ),
  {
    get message() {
      throw new Error('getter')
    }
  }
)
const payloads = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    maxDepth: 4
  }),
  fc.record({ message: fc.anything() }),
  hostile
)

describe('malformed payloads on every channel', () => {
  for (const channel of invokeChannelNames) {
    it(`${channel}: ${RUNS_PER_CHANNEL} malformed payloads each return Validation and never reach the handler`, async () => {
      const schema = invokeChannels[channel].input
      let checked = 0
      await fc.assert(
        fc.asyncProperty(
          payloads.filter((p) => {
            try {
              return !schema.safeParse(p).success
            } catch {
              return true
            }
          }),
          async (payload) => {
            const before = reached.length
            const result = await dispatch(channel, payload, { transport: 'electron' })
            checked++
            expect(result.ok).toBe(false)
            if (result.ok) return
            expect(result.error.code).toBe('Validation')
            expect(result.error.message).toMatch(/not valid/)
            expect(reached.length).toBe(before)
          }
        ),
        { numRuns: RUNS_PER_CHANNEL }
      )
      expect(checked).toBeGreaterThanOrEqual(200)
      expect(reached).toEqual([])
    })
  }

  it('leaves Object.prototype alone and main still answers afterwards', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const result = await dispatch('app.ping', { message: 'still here' }, { transport: 'electron' })
    expect(result).toMatchObject({ ok: true, value: { message: 'still here' } })
  })

  it('answers an unknown channel name with UnknownChannel, whatever it is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.anything()).filter((c) => !invokeChannelNames.includes(c as InvokeChannel)),
        async (channel) => {
          const result = await dispatch(channel, undefined, { transport: 'electron' })
          expect(result).toMatchObject({ ok: false, error: { code: 'UnknownChannel' } })
        }
      ),
      { numRuns: 200 }
    )
  })
})
