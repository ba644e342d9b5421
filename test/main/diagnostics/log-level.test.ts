import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PolicyInfo } from '../../../common/policy'
import { LogLevelSetting } from '../../../main/diagnostics/log-level'
import { memoryLogger } from '../../helpers/logger'

const none: PolicyInfo = { source: 'none', policy: {}, problems: [] }
const itSays: PolicyInfo = { source: 'registry', policy: { logLevel: 'error' }, problems: [] }

function setting(dataDir: string, policy: PolicyInfo) {
  const { logger, sink } = memoryLogger('info')
  return {
    logger,
    sink,
    s: new LogLevelSetting({ dataDir, logger, policy: () => Promise.resolve(policy), fallback: 'info' })
  }
}

describe('the log level setting', () => {
  it('is read back by the next start and applied to the logger', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jq-loglevel-'))
    await setting(dataDir, none).s.set('debug')
    const next = setting(dataDir, none)
    expect(next.logger.level).toBe('info')
    expect(await next.s.info()).toEqual({ level: 'debug', chosen: 'debug', policy: null })
    next.logger.child('granta').debug('a debug line')
    expect(next.sink.text()).toContain('a debug line')
  })

  it('gives way to IT policy, which cannot be changed from Settings', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jq-loglevel-'))
    await setting(dataDir, none).s.set('debug')
    const { s, logger } = setting(dataDir, itSays)
    expect(await s.info()).toEqual({ level: 'error', chosen: 'debug', policy: 'error' })
    expect(logger.level).toBe('error')
    await expect(s.set('info')).rejects.toMatchObject({
      code: 'Forbidden',
      message: /Your organisation sets the log level/
    })
    expect(logger.level).toBe('error')
  })
})
