import type { RetryObject } from 'got'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../common/errors'
import { BasicAuthenticator, parseChallenges } from '../../../main/granta/auth'
import { backoff, defaultRetryPolicy } from '../../../main/granta/http'
import { normaliseServiceLayerUrl, query, serverUrls } from '../../../main/granta/url'
import { compareVersions } from '../../../main/granta/version'

describe('Service Layer URL', () => {
  it('is trimmed and loses trailing slashes, and nothing is appended', () => {
    expect(normaliseServiceLayerUrl('  https://mi.example.com/mi_servicelayer//  ')).toBe(
      'https://mi.example.com/mi_servicelayer'
    )
    expect(normaliseServiceLayerUrl('http://server:8080/custom/path')).toBe('http://server:8080/custom/path')
    expect(serverUrls('https://s/mi_servicelayer/')).toEqual({
      serviceLayer: 'https://s/mi_servicelayer',
      health: 'https://s/mi_servicelayer/Health/v2.svc',
      api: 'https://s/mi_servicelayer/proxy/v1.svc/mi',
      swagger: 'https://s/mi_servicelayer/proxy/v1.svc/mi/swagger/v1/swagger.json',
      version: 'https://s/mi_servicelayer/proxy/v1.svc/mi/v1alpha/schema/mi-version',
      jobQueue: 'https://s/mi_servicelayer/proxy/v1.svc/mi/v1alpha/job-queue',
      metrics: 'https://s/mi_servicelayer/proxy/v1.svc/mi/v1alpha/metrics/jobs'
    })
  })

  it.each(['server/mi_servicelayer', 'ftp://s/x', 'https://s/x?y=1', 'https://user:pw@s/x', ''])(
    'refuses %j',
    (input) => {
      expect(() => normaliseServiceLayerUrl(input)).toThrow(AppError)
    }
  )
})

describe('query', () => {
  it('encodes every awkward character and drops undefined values', () => {
    expect(query({ a: 'x&y', b: undefined, c: '1+1 #2', d: 'ü', e: 5 })).toBe('?a=x%26y&c=1%2B1%20%232&d=%C3%BC&e=5')
    expect(query({})).toBe('')
  })
})

describe('WWW-Authenticate', () => {
  it('parses several schemes and OIDC parameters', () => {
    expect(parseChallenges(['Negotiate', 'NTLM', 'Basic realm="Granta MI"'])).toEqual([
      { scheme: 'negotiate', params: {} },
      { scheme: 'ntlm', params: {} },
      { scheme: 'basic', params: { realm: 'Granta MI' } }
    ])
    expect(
      parseChallenges(
        'Bearer authority="https://login/x", clientid="abc", redirecturi="http://localhost", scope="api offline"'
      )
    ).toEqual([
      {
        scheme: 'bearer',
        params: { authority: 'https://login/x', clientid: 'abc', redirecturi: 'http://localhost', scope: 'api offline' }
      }
    ])
    expect(parseChallenges('Basic realm="a", Negotiate')).toEqual([
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'negotiate', params: {} }
    ])
    expect(parseChallenges(undefined)).toEqual([])
  })

  it('keeps a quoted parameter with ", word" in one challenge', () => {
    expect(
      parseChallenges(
        'Bearer error_description="token expired, sign in again", authority="https://login/x", NTLM TlRMTVNTUAACAAAA=='
      )
    ).toEqual([
      { scheme: 'bearer', params: { error_description: 'token expired, sign in again', authority: 'https://login/x' } },
      { scheme: 'ntlm', params: {} }
    ])
    expect(parseChallenges('Basic realm="a, b \\"c\\", d"')).toEqual([
      { scheme: 'basic', params: { realm: 'a, b "c", d' } }
    ])
  })

  it('Basic refuses a user name with a colon and encodes UTF-8', () => {
    expect(() => new BasicAuthenticator('a:b', 'x')).toThrow(/cannot contain ":"/)
    expect(new BasicAuthenticator('jürgen', 'pä').authorize()).toEqual({
      authorization: `Basic ${Buffer.from('jürgen:pä').toString('base64')}`
    })
  })
})

describe('versions', () => {
  it.each([
    ['24.2', '24.2', 0],
    ['24.2.0.0', '24.2', 0],
    ['24.1.9', '24.2', -1],
    ['25.1', '24.2', 1],
    ['24.10', '24.2', 1]
  ])('compare %s with %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign)
  })
})

describe('backoff', () => {
  const retry = (over: Partial<RetryObject> & { deadline?: number }): RetryObject =>
    ({
      attemptCount: 1,
      retryOptions: {},
      computedValue: 1000,
      retryAfter: undefined,
      error: { options: { context: { retryDeadline: over.deadline ?? Date.now() + 60_000 } } },
      ...over
    }) as unknown as RetryObject
  const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1_000 }

  it('grows exponentially with full jitter and a cap', () => {
    expect(backoff(retry({ attemptCount: 1 }), policy, () => 1)).toBe(100)
    expect(backoff(retry({ attemptCount: 3 }), policy, () => 1)).toBe(400)
    expect(backoff(retry({ attemptCount: 3 }), policy, () => 0.5)).toBe(200)
    expect(backoff(retry({ attemptCount: 10 }), policy, () => 1)).toBe(1_000)
    expect(backoff(retry({ attemptCount: 2 }), policy, () => 0)).toBe(1)
  })

  it('uses Retry-After when the server sends it', () => {
    expect(backoff(retry({ retryAfter: 3_000 }), policy, () => 0)).toBe(3_000)
    expect(backoff(retry({ retryAfter: 0 }), policy, () => 0)).toBe(1)
  })

  it('does not retry what got refuses, or past the total time budget', () => {
    expect(backoff(retry({ computedValue: 0 }), policy, () => 1)).toBe(0)
    expect(backoff(retry({ retryAfter: 3_000, deadline: Date.now() + 1_000 }), policy, () => 1)).toBe(0)
  })
})
