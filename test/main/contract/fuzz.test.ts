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
import { browserDesktop } from '../../../main/desktop-api'
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

/**
 * Hostile paths on every channel that takes a user path, in the app (Electron host) with a user who declines every
 * typed-path question: each is refused (Forbidden, or Validation for a shape the schema rejects) and nothing is opened.
 */
describe('hostile paths on every path channel', () => {
  const opened: string[] = []
  const electronApp = createApp({
    dataDir: mkdtempSync(join(tmpdir(), 'jq-fuzz-paths-')),
    host: 'electron',
    reconnectOnStart: false,
    desktop: {
      ...browserDesktop(),
      openPath: (p) => Promise.resolve(void opened.push(p)),
      showItemInFolder: (p) => void opened.push(p)
    }
  })
  afterAll(() => electronApp.dispose())
  const call = createDispatch(electronApp.handlers, testLogger())
  const draftId = '00000000-0000-4000-8000-000000000000'
  const channels: [InvokeChannel, (p: string) => unknown][] = [
    ['files.readRecordList', (path) => ({ path })],
    ['files.inspect', (path) => ({ paths: [path] })],
    ['desktop.openPath', (path) => ({ path })],
    ['desktop.showItemInFolder', (path) => ({ path })],
    ['drafts.export', (path) => ({ id: draftId, path })],
    ['drafts.import', (path) => ({ path })],
    ['drafts.relink', (to) => ({ id: draftId, from: 'C:\\a.xlsx', to })],
    ['drafts.relink', (folder) => ({ id: draftId, folder })],
    [
      'downloads.preview',
      (destination) => ({ connectionId: 'c', source: { kind: 'jobs', jobIds: ['j'] }, destination })
    ],
    ['downloads.add', (destination) => ({ connectionId: 'c', source: { kind: 'jobs', jobIds: ['j'] }, destination })]
  ]
  const hostilePath = fc.oneof(
    fc.constantFrom(
      '\\\\attacker.example\\share\\x.xlsx',
      '//attacker.example/share/x.xlsx',
      '\\\\?\\C:\\Windows\\System32\\cmd.exe',
      '\\\\.\\PhysicalDrive0',
      '\\??\\C:\\x',
      '\\\\?\\UNC\\attacker.example\\share\\x',
      'C:\\Windows\\System32\\drivers\\etc\\hosts',
      '/etc/passwd',
      '/proc/self/environ',
      '../../../../etc/shadow',
      'C:\\x.xlsx:Zone.Identifier',
      'C:\\Users\\me\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\x.bat',
      'file:///etc/passwd',
      '\u202eslx.exe',
      'NUL',
      'CON:'
    ),
    fc
      .tuple(fc.constantFrom('\\\\', '//', '\\\\?\\', '/', 'C:\\', '..\\'), fc.string({ minLength: 1, maxLength: 40 }))
      .map(([a, b]) => a + b)
  )

  for (const [channel, input] of channels) {
    it(`${channel}: 100 hostile paths, each refused, nothing opened`, async () => {
      await fc.assert(
        fc.asyncProperty(hostilePath, async (p) => {
          const r = await call(channel, input(p), { transport: 'electron' })
          if (channel === 'files.inspect') {
            expect(r).toMatchObject({ ok: true, value: { files: [{ exists: false, readable: false }] } })
            return
          }
          expect(r.ok).toBe(false)
          if (!r.ok) expect(['Forbidden', 'Validation']).toContain(r.error.code)
        }),
        { numRuns: 100 }
      )
      expect(opened).toEqual([])
    })
  }
})
