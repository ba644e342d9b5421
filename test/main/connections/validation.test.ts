import { describe, expect, it } from 'vitest'
import { invokeChannels } from '../../../common/contract'
import { connectionFormSchema, sessionConnectInputSchema } from '../../../common/connections'

const base = { name: 'Prod', url: 'https://mi.example.com/mi_servicelayer', auth: 'basic', username: 'alice' }
const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.path.join('.')) ?? []

describe('connection form validation', () => {
  it('accepts http and https URLs, trims them and strips trailing slashes', () => {
    expect(connectionFormSchema.parse({ ...base, url: '  http://host:8080/sl//  ' }).url).toBe('http://host:8080/sl')
    expect(connectionFormSchema.parse(base).tls).toEqual({ caFile: null, useSystemStore: true })
  })

  it.each(['', 'mi.example.com', 'ftp://host/sl', 'file:///etc/passwd', 'javascript:alert(1)', 'http://'])(
    'refuses the URL %j',
    (url) => {
      expect(fieldsOf(connectionFormSchema.safeParse({ ...base, url }))).toEqual(['url'])
    }
  )

  it('refuses an empty or blank name', () => {
    expect(fieldsOf(connectionFormSchema.safeParse({ ...base, name: '   ' }))).toEqual(['name'])
  })

  it('needs a user name for basic auth but not for anonymous', () => {
    expect(fieldsOf(connectionFormSchema.safeParse({ ...base, username: ' ' }))).toEqual(['username'])
    expect(connectionFormSchema.safeParse({ ...base, auth: 'anonymous', username: '' }).success).toBe(true)
  })

  it('refuses unknown fields, such as a password smuggled into a saved connection', () => {
    expect(connectionFormSchema.safeParse({ ...base, password: 'x' }).success).toBe(false)
  })

  it('refuses an unknown auth kind and remember mode', () => {
    expect(fieldsOf(connectionFormSchema.safeParse({ ...base, auth: 'digest' }))).toEqual(['auth'])
    expect(sessionConnectInputSchema.safeParse({ id: 'x', remember: 'disk' }).success).toBe(false)
  })

  it('asks a Windows account for its user name, and Windows (current user) for none', () => {
    expect(fieldsOf(connectionFormSchema.safeParse({ ...base, auth: 'ntlm', username: '' }))).toEqual(['username'])
    expect(connectionFormSchema.safeParse({ ...base, auth: 'negotiate', username: '' }).success).toBe(true)
  })

  it('is what the channels use', () => {
    expect(invokeChannels['connections.create'].input.safeParse({ ...base, url: 'ftp://x' }).success).toBe(false)
    expect(invokeChannels['connections.update'].input.safeParse({ id: 'a', form: { ...base, name: '' } }).success).toBe(
      false
    )
    expect(invokeChannels['connections.test'].input.safeParse({ form: base, password: 'p' }).success).toBe(true)
    expect(invokeChannels['session.connect'].input.safeParse({ id: '' }).success).toBe(false)
  })
})
