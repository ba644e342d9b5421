import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { JsonFile } from '../../../main/store/json-file'
import { stringMatching } from '../../helpers/match'

const schema = z.object({ name: z.string(), count: z.number().int() })
const dir = () => mkdtempSync(join(tmpdir(), 'jq-store-'))

describe('JsonFile', () => {
  it('round-trips a value with its schema version', async () => {
    const path = join(dir(), 'a.json')
    const file = new JsonFile({ path, schema, version: 2 })
    await file.write({ name: 'x', count: 3 })
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ schemaVersion: 2, data: { name: 'x', count: 3 } })
    expect(await file.read()).toEqual({ status: 'ok', value: { name: 'x', count: 3 } })
  })

  it('reports a missing file', async () => {
    expect(await new JsonFile({ path: join(dir(), 'none.json'), schema, version: 1 }).read()).toEqual({
      status: 'missing'
    })
  })

  it('upgrades an older version through migrate', async () => {
    const path = join(dir(), 'old.json')
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, data: { title: 'y' } }))
    const file = new JsonFile({
      path,
      schema,
      version: 2,
      migrate: (data) => ({ name: (data as { title: string }).title, count: 0 })
    })
    expect(await file.read()).toEqual({ status: 'ok', value: { name: 'y', count: 0 }, migratedFrom: 1 })
  })

  it.each([
    ['not JSON', '{"schemaVersion": 1, "data": {'],
    ['no version', '{"data": {"name": "x", "count": 1}}'],
    ['a wrong field', '{"schemaVersion": 1, "data": {"name": 5, "count": 1}}']
  ])('moves aside a corrupt file (%s) and never overwrites it', async (_what, text) => {
    const d = dir()
    const path = join(d, 'c.json')
    writeFileSync(path, text)
    const result = await new JsonFile({
      path,
      schema,
      version: 1,
      clock: () => new Date('2026-01-02T03:04:05Z')
    }).read()
    expect(result.status).toBe('corrupt')
    if (result.status !== 'corrupt') return
    expect(result.movedTo).toBe(`${path}.corrupt-2026-01-02T03-04-05-000Z`)
    expect(readFileSync(result.movedTo, 'utf8')).toBe(text)
    expect(readdirSync(d)).toEqual(['c.json.corrupt-2026-01-02T03-04-05-000Z'])
  })

  it('refuses to write a value that breaks the schema', async () => {
    const file = new JsonFile({ path: join(dir(), 'w.json'), schema, version: 1 })
    await expect(file.write({ name: 'x', count: 1.5 })).rejects.toThrow()
  })

  it('keeps a file from a newer version where it is, reports it, and refuses to overwrite it', async () => {
    const d = dir()
    const path = join(d, 'n.json')
    const text = '{"schemaVersion": 9, "data": {"name": "x", "count": 1, "later": true}}'
    writeFileSync(path, text)
    const file = new JsonFile({ path, schema, version: 1 })
    expect(await file.read()).toMatchObject({
      status: 'newer',
      version: 9,
      reason: stringMatching(/from a newer version/)
    })
    await expect(file.write({ name: 'y', count: 2 })).rejects.toThrow(/newer version/)
    expect(readFileSync(path, 'utf8')).toBe(text)
    expect(readdirSync(d)).toEqual(['n.json'])
  })

  it('retries a write that Windows refuses for a moment (EPERM, EBUSY), and gives up on other errors', async () => {
    const path = join(dir(), 'r.json')
    const failures = ['EPERM', 'EBUSY']
    const attempts: string[] = []
    const file = new JsonFile({
      path,
      schema,
      version: 1,
      writeFile: (p, t) => {
        const code = failures.shift()
        attempts.push(code ?? 'ok')
        if (code) return Promise.reject(Object.assign(new Error(code), { code }))
        writeFileSync(p, t)
        return Promise.resolve()
      }
    })
    await file.write({ name: 'x', count: 1 })
    expect(attempts).toEqual(['EPERM', 'EBUSY', 'ok'])
    expect(await file.read()).toEqual({ status: 'ok', value: { name: 'x', count: 1 } })
    const denied = new JsonFile({
      path,
      schema,
      version: 1,
      writeFile: () => {
        attempts.push('EACCES')
        return Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' }))
      }
    })
    attempts.length = 0
    await expect(denied.write({ name: 'x', count: 2 })).rejects.toThrow('EACCES')
    expect(attempts).toEqual(['EACCES'])
  })
})
