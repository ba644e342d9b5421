import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Job } from '../../../common/domain'
import type { FinishedJobEvent, NotificationSettings } from '../../../common/queue'
import { JobNotifier } from '../../../main/queue/notifier'
import { QueueSettings } from '../../../main/queue/settings'
import { ManualClock } from '../../helpers/manual-clock'

const temp = () => mkdtempSync(join(tmpdir(), 'jq-notify-settings-'))
const writeV1 = (dir: string, data: unknown) =>
  writeFileSync(join(dir, 'queue-settings.json'), JSON.stringify({ schemaVersion: 1, data }))

describe('notification settings on disk', () => {
  it('keeps an existing user’s choice: myJobs on becomes "mine", off becomes "none"', async () => {
    const on = temp()
    writeV1(on, { myJobs: true })
    expect(await new QueueSettings(on).get()).toEqual({ jobs: 'mine', native: true })
    const off = temp()
    writeV1(off, { myJobs: false })
    expect(await new QueueSettings(off).get()).toEqual({ jobs: 'none', native: true })
  })

  it('defaults to my jobs with system notifications, and saves a choice as schema 2', async () => {
    const dir = temp()
    const settings = new QueueSettings(dir)
    expect(await settings.get()).toEqual({ jobs: 'mine', native: true })
    await settings.set({ jobs: 'all', native: false })
    expect(await new QueueSettings(dir).get()).toEqual({ jobs: 'all', native: false })
    expect(JSON.parse(readFileSync(join(dir, 'queue-settings.json'), 'utf8'))).toMatchObject({ schemaVersion: 2 })
  })
})

function job(id: string, status: Job['status'], name = `Job ${id}`): Job {
  return {
    id,
    name,
    status,
    submitterName: 'writer',
    submissionDate: '2026-11-28T11:00:00Z'
  } as Job
}

function notifier(settings: NotificationSettings, nativeHost = true) {
  const clock = new ManualClock()
  const emitted: FinishedJobEvent[] = []
  const native: { title: string; jobId: string | null }[] = []
  const n = new JobNotifier({
    settings: () => Promise.resolve(settings),
    emit: (e) => emitted.push(e),
    native: nativeHost ? (x) => native.push({ title: x.title, jobId: x.jobId }) : null,
    clock
  })
  return { n, clock, emitted, native }
}

describe('which finished jobs notify (main decides)', () => {
  it('"mine" tells only about my jobs, "all" about everyone’s, "none" about none', async () => {
    for (const [jobs, expected] of [
      ['mine', ['a']],
      ['all', ['a', 'b']],
      ['none', []]
    ] as const) {
      const { n, emitted } = notifier({ jobs, native: false })
      await n.finished(job('a', 'Succeeded'), true)
      await n.finished(job('b', 'Failed'), false)
      expect(emitted.map((e) => e.jobId)).toEqual(expected)
    }
  })

  it('tells the window the status in the app’s words, and how it ended', async () => {
    const { n, emitted } = notifier({ jobs: 'all', native: false })
    await n.finished(job('a', 'Failed', 'Nightly import'), false)
    expect(emitted[0]).toMatchObject({
      name: 'Nightly import',
      statusLabel: 'Failed',
      outcome: 'failed',
      mine: false,
      native: false
    })
  })

  it('groups system notifications of jobs finishing close together into one', async () => {
    const { n, clock, emitted, native } = notifier({ jobs: 'all', native: true })
    await n.finished(job('a', 'Succeeded'), true)
    await n.finished(job('b', 'Failed'), false)
    await n.finished(job('c', 'Succeeded'), true)
    expect(native).toEqual([])
    clock.advance(2_000)
    expect(native).toEqual([{ title: '3 jobs finished, 1 failed', jobId: null }])
    expect(emitted.every((e) => e.native)).toBe(true)
    await n.finished(job('d', 'Cancelled', 'Late one'), true)
    clock.advance(2_000)
    expect(native[1]).toEqual({ title: 'Late one: Cancelled', jobId: 'd' })
  })

  it('raises no system notification when they are off or the host has none (the window shows them)', async () => {
    for (const [settings, host] of [
      [{ jobs: 'mine', native: false }, true],
      [{ jobs: 'mine', native: true }, false]
    ] as const) {
      const { n, clock, emitted, native } = notifier(settings, host)
      await n.finished(job('a', 'Succeeded'), true)
      clock.advance(5_000)
      expect(native).toEqual([])
      expect(emitted[0]?.native).toBe(false)
    }
  })
})
