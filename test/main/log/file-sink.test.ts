import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileLogger, FileSink, Logger } from '../../../main/log'

describe('the log files', () => {
  it('rotate by size and keep a fixed number of files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-log-rotate-'))
    const logger = new Logger(new FileSink({ dir, maxBytes: 2_000, maxFiles: 3 }), 'info')
    for (let i = 0; i < 300; i++) logger.info(`line ${i} ${'x'.repeat(40)}`)
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log'])
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThan(2_200)
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('line 299')
    expect(readFileSync(join(dir, 'main.2.log'), 'utf8')).not.toContain('line 0 ')
  })

  it('go to <dataDir>/logs and honour the level', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jq-log-level-'))
    const logger = createFileLogger(dataDir, { level: 'warn' }).child('queue')
    logger.info('not written')
    logger.warn('written')
    const text = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8')
    expect(text).toMatch(/\[warn\]\s+\(queue\) written/)
    expect(text).not.toContain('not written')
  })
})
