import { describe, expect, it } from 'vitest'
import type { EventChannel } from '../../../common/contract'
import { createApp } from '../../../main/app'
import { createDispatch } from '../../../main/ipc/dispatch'
import { copyAssets, tempDir, textImport } from './helpers/files'
import { until } from '../../helpers/until'

const ctx = { transport: 'browser' } as const

describe('drafts channels', () => {
  it('work offline through the dispatcher, with events, and refuse bad input', async () => {
    const app = createApp({ dataDir: tempDir(), host: 'browser', reconnectOnStart: false })
    const events: { event: EventChannel; payload: unknown }[] = []
    app.events.subscribe((event, payload) => events.push({ event, payload }))
    const call = createDispatch(app.handlers)
    try {
      const assets = copyAssets(['text_import_template.xml', 'example_data.txt'])
      const created = await call('drafts.create', { request: textImport(assets) }, ctx)
      expect(created).toMatchObject({ ok: true, value: { state: 'ready', name: 'Tensile tests' } })
      if (!created.ok) return
      const id = (created.value as { id: string }).id

      expect(await call('drafts.list', undefined, ctx)).toMatchObject({
        ok: true,
        value: { drafts: [{ id, state: 'ready' }], problems: [] }
      })
      expect(await call('drafts.rename', { id, name: 'Renamed' }, ctx)).toMatchObject({
        ok: true,
        value: { name: 'Renamed' }
      })
      const deleted = await call('drafts.delete', { id }, ctx)
      expect(deleted.ok).toBe(true)
      const token = deleted.ok ? (deleted.value as { token: string }).token : ''
      expect(await call('drafts.list', { includeArchived: true }, ctx)).toMatchObject({
        ok: true,
        value: { drafts: [] }
      })
      expect(await call('drafts.undoDelete', { token }, ctx)).toMatchObject({ ok: true, value: { id } })
      expect(await call('drafts.refresh', undefined, ctx)).toMatchObject({ ok: true, value: { drafts: [{ id }] } })

      // Submitting and copying from a job need a connection; the submission fails per draft, visibly.
      expect(await call('drafts.fromJob', { jobId: 'x' }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'NotConnected' }
      })
      const started = await call('drafts.submit', { ids: [id] }, ctx)
      expect(started.ok).toBe(true)
      const lastProgress = () =>
        events.filter((e) => e.event === 'drafts.progress').at(-1)?.payload as { done?: boolean } | undefined
      await until(() => lastProgress()?.done, 'the submission to end')
      expect(lastProgress()).toMatchObject({ done: true, failed: 1 })
      const mine = events
        .flatMap((e) => (e.event === 'drafts.progress' ? (e.payload as { drafts: { id: string }[] }).drafts : []))
        .filter((p) => p.id === id)
      expect(mine.at(-1)).toMatchObject({ id, phase: 'failed', error: { code: 'NotConnected' } })
      expect(await call('drafts.get', { id }, ctx)).toMatchObject({
        ok: true,
        value: { state: 'ready', lastError: { code: 'NotConnected' } }
      })

      expect(await call('drafts.get', { id: 'not-a-uuid' }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'Validation' }
      })
      expect(await call('drafts.get', { id: '11111111-2222-4333-8444-555555555555' }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'NotFound' }
      })
      expect(await call('drafts.create', { request: { type: 'Nope' } }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'Validation' }
      })
      expect(events.some((e) => e.event === 'drafts.changed')).toBe(true)
    } finally {
      await app.dispose()
    }
  })
})
