import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { logHandlers } from '../../helpers/log-handlers'

const dir = mkdtempSync(join(tmpdir(), 'jq-log-save-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const text = '2026-11-20 10:01:00,000 INFO  start\n2026-11-20 10:01:01,000 ERROR row 3: no such attribute\n'

/** The log channels through main's dispatch; typed paths let in when `confirm` says so. */
const setup = (confirm: (path: string) => boolean) =>
  logHandlers(text, { mode: 'confirm', confirm: (p) => Promise.resolve(confirm(p)) })

describe('jobs.saveLog and jobs.findInLog', () => {
  it('saves the log only where the user let it: a granted path, or a typed one they confirm', async () => {
    const asked: string[] = []
    const { grants, dispatch } = setup((p) => (asked.push(p), p.endsWith('yes.log')))
    const ctx = { transport: 'browser' as const }
    const granted = join(dir, 'granted.log')
    grants.grant(granted, 'file', 'dialog')
    expect(await dispatch('jobs.saveLog', { id: 'j1', fileName: 'job.log', path: granted }, ctx)).toEqual({
      ok: true,
      value: { path: granted }
    })
    expect(readFileSync(granted, 'utf8')).toBe(text)
    expect(asked).toEqual([])

    const refused = join(dir, 'no.log')
    const r = await dispatch('jobs.saveLog', { id: 'j1', fileName: 'job.log', path: refused }, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
    expect(existsSync(refused)).toBe(false)

    const typed = join(dir, 'yes.log')
    expect(await dispatch('jobs.saveLog', { id: 'j1', fileName: 'job.log', path: typed }, ctx)).toMatchObject({
      ok: true
    })
    expect(readFileSync(typed, 'utf8')).toBe(text)
    expect(asked).toEqual([refused, typed])

    // A folder that is not there: a message to act on, and no temporary file left behind.
    const missing = join(dir, 'missing', 'x.log')
    grants.grant(missing, 'file', 'dialog')
    const failed = await dispatch('jobs.saveLog', { id: 'j1', fileName: 'job.log', path: missing }, ctx)
    expect(failed).toMatchObject({ ok: false, error: { code: 'Disk' } })
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('finds every match of a text in the log', async () => {
    const { dispatch } = setup(() => false)
    const r = await dispatch('jobs.findInLog', { id: 'j2', fileName: 'job.log', text: 'ROW' }, { transport: 'browser' })
    expect(r).toEqual({ ok: true, value: { hits: [{ line: 1, count: 1 }], total: 1, truncated: false } })
  })
})
