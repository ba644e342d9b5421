import { describe, expect, it } from 'vitest'
import { buildFacade, invokeChannels, type InvokeChannel, type JobQueueFacade } from '../../common/contract'
import { errorCodes, type ErrorValue, type Result } from '../../common/errors'
import { createApiClient, errorHint } from '../../renderer/src/api'

/** A facade over a transport that answers app.info and app.ping like main would (outputs checked by the contract). */
function facadeAnswering(calls: { channel: InvokeChannel; input: unknown }[]): JobQueueFacade {
  return buildFacade(
    (channel, input): Promise<Result<unknown>> => {
      calls.push({ channel, input })
      if (channel === 'app.ping') {
        const value = { message: (input as { message: string }).message, receivedAt: '2026-01-01T00:00:00.000Z' }
        return Promise.resolve({ ok: true, value: invokeChannels['app.ping'].output.parse(value) })
      }
      return Promise.resolve({
        ok: false,
        error: { code: 'Unauthorized', message: 'The server refused the user name or password.' }
      })
    },
    () => () => {}
  )
}

describe('api client', () => {
  it('calls the facade method named by the channel and returns its result', async () => {
    const calls: { channel: InvokeChannel; input: unknown }[] = []
    const api = createApiClient(() => facadeAnswering(calls))
    const result = await api.call('app.ping', { message: 'hello' })
    expect(result).toEqual({ ok: true, value: { message: 'hello', receivedAt: '2026-01-01T00:00:00.000Z' } })
    expect(calls).toEqual([{ channel: 'app.ping', input: { message: 'hello' } }])
  })

  it('passes error values through unchanged', async () => {
    const api = createApiClient(() => facadeAnswering([]))
    const result = await api.call('app.info')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('Unauthorized')
  })

  it('turns a missing bridge into an error value instead of throwing', async () => {
    const api = createApiClient(() => undefined)
    const result = await api.call('app.info')
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('Internal')
      expect(result.error.message).toMatch(/lost its link to JobQueue Desktop/)
      expect(result.error.detail).toBeUndefined()
    }
    expect(typeof api.on('app.notice', () => {})).toBe('function')
  })

  it('turns a transport that throws into an error value with the reason in detail', async () => {
    const broken = buildFacade(
      () => Promise.reject(new Error('socket closed')),
      () => () => {}
    )
    const result = await createApiClient(() => broken).call('app.ping', { message: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'Internal', detail: 'socket closed' } })
  })
})

describe('error hints', () => {
  it('maps each kind of error to what the user can do about it', () => {
    const sample = (code: ErrorValue['code']): ErrorValue => ({ code, message: 'm' })
    expect(errorHint(sample('Unauthorized'))).toMatchObject({
      action: 'reenter-password',
      actionLabel: 'Re-enter password',
      route: '/connections'
    })
    expect(errorHint(sample('Network'))).toMatchObject({ action: 'retry', actionLabel: 'Retry' })
    expect(errorHint(sample('Timeout')).action).toBe('retry')
    expect(errorHint(sample('NotConnected'))).toMatchObject({ action: 'open-connections', route: '/connections' })
    expect(errorHint(sample('Tls')).action).toBe('open-connections')
    expect(errorHint(sample('NoServerApi')).actionLabel).toMatch(/Service Layer URL/)
    expect(errorHint(sample('Disk'))).toMatchObject({ action: 'open-settings', route: '/settings' })
    expect(errorHint(sample('Validation')).action).toBe('fix-input')
    expect(errorHint(sample('FileNotFound')).action).toBe('choose-file')
    expect(errorHint(sample('Forbidden')).action).toBe('none')
    expect(errorHint('Cancelled')).toMatchObject({ action: 'none', title: 'Cancelled' })
  })

  it('has a title for every error code, and a button label whenever there is an action', () => {
    for (const code of errorCodes) {
      const hint = errorHint(code)
      expect(hint.title, code).not.toBe('')
      if (hint.action !== 'none') expect(hint.actionLabel, code).toBeTruthy()
      if (hint.route) expect(['/connections', '/settings'], code).toContain(hint.route)
    }
  })

  it('falls back to a generic hint for a code it does not know (a newer main)', () => {
    const fromTheFuture = { code: 'Quota', message: 'm' } as unknown as ErrorValue
    expect(errorHint(fromTheFuture)).toEqual(errorHint('Internal'))
  })
})
