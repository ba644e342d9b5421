import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { invokeChannelNames, type HandlerTable } from '../../../common/contract'
import { createApp } from '../../../main/app'
import { createDispatch } from '../../../main/ipc/dispatch'
import { testLogger } from '../../helpers/logger'

const dataDir = mkdtempSync(join(tmpdir(), 'jq-contract-'))

describe('the handler table', () => {
  it('has one function for every invoke channel and nothing else', async () => {
    const app = createApp({ dataDir, host: 'browser' })
    try {
      expect(Object.keys(app.handlers).sort()).toEqual([...invokeChannelNames].sort())
      for (const channel of invokeChannelNames) expect(typeof app.handlers[channel]).toBe('function')
    } finally {
      await app.dispose()
    }
  })

  it('cannot be missing a channel: the compiler refuses it, and a call to it at run time is an error value', async () => {
    const app = createApp({ dataDir, host: 'browser' })
    try {
      const { 'app.ping': _omitted, ...incomplete } = app.handlers
      // vue-tsc -b typechecks this file: if HandlerTable stopped demanding every channel, this
      // directive would be unused and the typecheck would fail.
      // @ts-expect-error a table without 'app.ping' is not a HandlerTable
      const table: HandlerTable = incomplete
      expect(Object.keys(table)).not.toContain('app.ping')

      const result = await createDispatch(table, testLogger())('app.ping', { message: 'hi' }, { transport: 'browser' })
      expect(result).toMatchObject({ ok: false, error: { code: 'Internal' } })
    } finally {
      await app.dispose()
    }
  })

  it('cannot have a handler of the wrong shape', async () => {
    const app = createApp({ dataDir, host: 'browser' })
    try {
      const wrongOutput: HandlerTable = {
        ...app.handlers,
        // @ts-expect-error app.ping must return { message, receivedAt }
        'app.ping': () => ({ message: 1 })
      }
      expect(typeof wrongOutput['app.ping']).toBe('function')
    } finally {
      await app.dispose()
    }
  })
})
