import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { HandlerTable } from '../../../common/contract'
import { AppError } from '../../../common/errors'
import { createApp } from '../../../main/app'
import { createDispatch } from '../../../main/ipc/dispatch'
import { memoryLogger, testLogger } from '../../helpers/logger'
import { stringContaining } from '../../helpers/match'

const app = createApp({ dataDir: mkdtempSync(join(tmpdir(), 'jq-throw-')), host: 'browser' })
afterAll(() => app.dispose())

/** The real table with app.ping replaced. */
function tableWithPing(ping: HandlerTable['app.ping']): HandlerTable {
  return { ...app.handlers, 'app.ping': ping }
}

const call = (table: HandlerTable, logger = testLogger()) =>
  createDispatch(table, logger)('app.ping', { message: 'hi' }, { transport: 'electron' })

describe('a handler that throws', () => {
  it('returns Internal with a user message, and no stack crosses the boundary', async () => {
    const logged = memoryLogger()
    const result = await call(
      tableWithPing(() => {
        throw new Error('database exploded at /home/user/secret/path.ts')
      }),
      logged.logger
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('Internal')
    expect(result.error.message).toMatch(/Something went wrong/)
    const wire = JSON.stringify(result)
    expect(wire).not.toMatch(/\n\s+at /)
    expect(wire).not.toContain('throwing-handler.test')
    // The full error goes to the log instead.
    expect(logged.sink.text()).toMatch(/handler app\.ping threw.*database exploded/s)
  })

  it('returns an error value for a rejected promise', async () => {
    const result = await call(tableWithPing(async () => Promise.reject(new TypeError('boom'))))
    expect(result).toMatchObject({ ok: false, error: { code: 'Internal' } })
  })

  it('keeps the code and message of an AppError', async () => {
    const result = await call(
      tableWithPing(() => {
        throw new AppError('Unauthorized', 'Sign in again.', { server: 'a' })
      })
    )
    expect(result).toEqual({
      ok: false,
      error: { code: 'Unauthorized', message: 'Sign in again.', detail: { server: 'a' } }
    })
  })

  it.each([
    ['a string', 'plain string'],
    ['undefined', undefined],
    ['null', null],
    ['an object without prototype', Object.create(null) as unknown],
    [
      'an object whose toString throws',
      {
        toString: () => {
          throw new Error('nope')
        }
      }
    ]
  ])('returns Internal when it throws %s', async (_what, thrown) => {
    const result = await call(
      tableWithPing(() => {
        throw thrown
      })
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'Internal' } })
  })

  it('returns Internal when its answer breaks the contract', async () => {
    const result = await call(
      tableWithPing(() => ({ message: 42 }) as unknown as { message: string; receivedAt: string })
    )
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'Internal', message: stringContaining('app.ping') }
    })
  })
})
