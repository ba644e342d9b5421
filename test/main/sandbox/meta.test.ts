import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertSchema } from './helpers/openapi-validator'
import { clientFor, json, openSandbox, type TestSandbox } from './helpers/sandbox-fixture'

let t: TestSandbox
beforeAll(async () => {
  t = await openSandbox({
    processing: { concurrency: 2, pollingIntervalMs: 3_600_000, purgeAgeMs: 86_400_000, purgeIntervalMs: 600_000 }
  })
})
afterAll(() => t.close())

describe('sandbox: service layer, auth and metadata', () => {
  it('answers 401 with a Basic challenge without or with wrong credentials, also on Health/v2.svc', async () => {
    const sl = t.sandbox.url
    for (const user of [null, { username: 'admin', password: 'nope' }, { username: 'ghost', password: 'x' }]) {
      for (const path of [
        'Health/v2.svc',
        'proxy/v1.svc/mi/v1alpha/job-queue/jobs',
        'proxy/v1.svc/mi/swagger/v1/swagger.json'
      ]) {
        const res = await clientFor(sl, user).get(path)
        expect(res.statusCode, path).toBe(401)
        expect(res.headers['www-authenticate']).toBe('Basic realm="Granta MI Sandbox"')
      }
    }
    const ok = await clientFor(sl, 'reader').get('Health/v2.svc')
    expect(ok.statusCode).toBe(200)
  })

  it('serves the API definition and the 25.2 version', async () => {
    const swagger = await t.api('reader').get('swagger/v1/swagger.json')
    expect(swagger.statusCode).toBe(200)
    expect(json<{ paths: Record<string, unknown> }>(swagger).paths).toHaveProperty('/v1alpha/job-queue/jobs')
    const older = await clientFor(t.sandbox.url, 'reader').get('proxy/v1.svc/swagger/v1/swagger.json')
    expect(older.statusCode).toBe(200)
    const version = await t.api('reader').get('v1alpha/schema/mi-version')
    expect(version.statusCode).toBe(200)
    expect(json(version)).toEqual({
      version: '25.2.0.0',
      majorMinorVersion: '25.2',
      binaryCompatibilityVersion: '25.2.0.0'
    })
    assertSchema('GsaMiVersion', json(version))
  })

  it('reports the current user with both flags for each built-in user', async () => {
    const expected = {
      admin: { username: 'admin', isAdmin: true, hasWriteAccess: true },
      writer: { username: 'writer', isAdmin: false, hasWriteAccess: true },
      reader: { username: 'reader', isAdmin: false, hasWriteAccess: false }
    } as const
    for (const [user, body] of Object.entries(expected)) {
      const res = await t.as(user as keyof typeof expected).get('current-user')
      expect(res.statusCode).toBe(200)
      expect(json(res)).toEqual(body)
    }
  })

  it('reports the processing configuration it was started with', async () => {
    const res = await t.as('reader').get('processing-configuration')
    expect(res.statusCode).toBe(200)
    expect(json(res)).toEqual({
      purgeJobAgeInMilliseconds: 86_400_000,
      purgeIntervalInMilliseconds: 600_000,
      pollingIntervalInMilliseconds: 3_600_000,
      concurrency: 2
    })
  })

  it('accepts overridden users and passwords', async () => {
    const custom = await openSandbox({
      users: [{ username: 'ann', password: 's3cret', isAdmin: false, hasWriteAccess: true, roles: ['MI_USER'] }]
    })
    try {
      expect((await custom.as({ username: 'ann', password: 's3cret' }).get('current-user')).statusCode).toBe(200)
      expect((await custom.as('admin').get('current-user')).statusCode).toBe(401)
    } finally {
      await custom.close()
    }
  })

  it('answers metrics since a date, and 400 for a bad date', async () => {
    const all = await t.api('reader').get('v1alpha/metrics/jobs')
    expect(all.statusCode).toBe(200)
    expect(json(all)).toEqual({ jobs: [] })
    const future = await t
      .api('reader')
      .get('v1alpha/metrics/jobs', { searchParams: { start: '2999-01-01T00:00:00Z' } })
    expect(json(future)).toEqual({ jobs: [] })
    const bad = await t.api('reader').get('v1alpha/metrics/jobs', { searchParams: { start: 'yesterday' } })
    expect(bad.statusCode).toBe(400)
  })

  it('answers 404 for unknown paths', async () => {
    expect((await t.api('admin').get('v1alpha/nothing-here')).statusCode).toBe(404)
  })
})
