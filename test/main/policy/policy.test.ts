import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyPolicy, readPolicy, type PolicySource } from '../../../main/policy/reader'
import { policyFileSource, registryValues } from '../../../main/policy/sources'

/** A policy source as IT would fill it: the values are data, the reader and precedence are the real ones. */
const source = (kind: PolicySource['kind'], values: Record<string, unknown> | null): PolicySource => ({
  kind,
  read: () => Promise.resolve(values)
})
const user = { updateUrl: 'https://mine.example/updates/', neverSavePasswords: false, theme: 'dark' }
const keys = ['updateUrl', 'neverSavePasswords'] as const

describe('policy precedence', () => {
  it('overrides the user’s settings with what IT set and marks those keys', async () => {
    const info = await readPolicy([
      source('registry', { updateUrl: 'https://it.example/jq/', neverSavePasswords: true }),
      source('file', { updateUrl: 'https://file.example/' })
    ])
    expect(info.source).toBe('registry')
    const { effective, locked } = applyPolicy(user, info.policy, keys)
    expect(effective).toEqual({ updateUrl: 'https://it.example/jq/', neverSavePasswords: true, theme: 'dark' })
    expect(locked).toEqual(['updateUrl', 'neverSavePasswords'])
  })

  it('falls back to policy.json when the registry holds no policy, and leaves unset keys to the user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-policy-'))
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ neverSavePasswords: true }))
    const info = await readPolicy([source('registry', null), policyFileSource(join(dir, 'policy.json'))])
    expect(info.source).toBe('file')
    const { effective, locked } = applyPolicy(user, info.policy, keys)
    expect(effective.updateUrl).toBe('https://mine.example/updates/')
    expect(effective.neverSavePasswords).toBe(true)
    expect(locked).toEqual(['neverSavePasswords'])
  })

  it('keeps the user’s settings when no source holds a policy (no policy.json either)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-policy-'))
    const info = await readPolicy([source('registry', null), policyFileSource(join(dir, 'policy.json'))])
    expect(info).toEqual({ source: 'none', policy: {}, problems: [] })
    expect(applyPolicy(user, info.policy, keys)).toEqual({ effective: user, locked: [] })
  })

  it('reports a bad value or an unknown key and still applies the rest', async () => {
    const logged: string[] = []
    const info = await readPolicy(
      [
        source('file', {
          updateUrl: 'http://plain.example/',
          neverSavePasswords: true,
          defaultConnections: [{ name: 'Plant', url: 'https://mi.example/mi_servicelayer', password: 'hunter2' }],
          savePasswrds: false
        })
      ],
      (m) => logged.push(m)
    )
    expect(info.policy).toEqual({ neverSavePasswords: true })
    expect(info.problems).toEqual([
      '"updateUrl" has a value JobQueue Desktop cannot use; it is ignored.',
      '"defaultConnections" has a value JobQueue Desktop cannot use; it is ignored.',
      '"savePasswrds" is not a JobQueue Desktop policy; it is ignored.'
    ])
    expect(logged).toEqual(info.problems)
    expect(JSON.stringify(info)).not.toContain('hunter2')
  })

  it('skips a source that cannot be read and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-policy-'))
    writeFileSync(join(dir, 'policy.json'), '{ not json')
    const logged: string[] = []
    const info = await readPolicy(
      [policyFileSource(join(dir, 'policy.json')), source('registry', { neverSavePasswords: true })],
      (m) => logged.push(m)
    )
    expect(info.source).toBe('registry')
    expect(logged[0]).toMatch(/the file source could not be read/)
  })

  it('maps registry values onto policy keys', () => {
    expect(
      registryValues([
        { name: 'UpdateUrl', type: 'REG_SZ', value: 'https://it.example/jq/' },
        { name: 'NeverSavePasswords', type: 'REG_DWORD', value: '0x1' },
        { name: 'DefaultConnections', type: 'REG_SZ', value: '[{"name":"Plant","url":"https://mi.example/"}]' }
      ])
    ).toEqual({
      updateUrl: 'https://it.example/jq/',
      neverSavePasswords: true,
      defaultConnections: [{ name: 'Plant', url: 'https://mi.example/' }]
    })
  })
})
