import { describe, expect, it } from 'vitest'
import type { DownloadItem } from '../../../common/downloads'
import { LiveIndex } from '../../../main/downloads/live-index'

const item = (batchId: string, state: DownloadItem['state'], targetPath = `/d/${batchId}-${state}.bin`) =>
  ({ batchId, state, targetPath }) as DownloadItem

function step(live: LiveIndex, i: DownloadItem, next: DownloadItem['state']): void {
  live.change(i, next)
  i.state = next
}

describe('LiveIndex', () => {
  it('counts the queued, active and paused items of each batch through their changes', () => {
    const live = new LiveIndex()
    const a = [item('a', 'queued'), item('a', 'paused'), item('a', 'done')]
    const b = item('b', 'active')
    for (const i of [...a, b]) live.add(i)
    expect([live.liveIn('a'), live.liveIn('b'), live.liveIn('none')]).toEqual([2, 1, 0])

    step(live, a[0]!, 'active')
    expect(live.liveIn('a')).toBe(2)
    step(live, a[0]!, 'done')
    step(live, a[1]!, 'cancelled')
    expect(live.liveIn('a')).toBe(0)
    step(live, a[2]!, 'queued')
    expect(live.liveIn('a')).toBe(1)
    step(live, b, 'failed')
    expect(live.liveIn('b')).toBe(0)
  })

  it('knows the target paths live items hold, without regard to case, as they move and finish', () => {
    const live = new LiveIndex()
    const one = item('a', 'active', '/d/Report.xlsx')
    const two = item('a', 'queued', '/d/report.XLSX')
    const done = item('a', 'done', '/d/old.xlsx')
    for (const i of [one, two, done]) live.add(i)
    expect(live.claimed('/d/REPORT.xlsx')).toBe(true)
    // Held by another item than the one asking.
    expect(live.claimed('/d/report.xlsx', one)).toBe(true)
    expect(live.claimed('/d/old.xlsx')).toBe(false)

    live.retarget(two, '/d/Report (2).xlsx')
    expect(two.targetPath).toBe('/d/Report (2).xlsx')
    expect(live.claimed('/d/report.xlsx', one)).toBe(false)
    expect(live.claimed('/d/report.xlsx')).toBe(true)
    expect(live.claimed('/d/report (2).xlsx', one)).toBe(true)

    step(live, one, 'done')
    expect(live.claimed('/d/report.xlsx')).toBe(false)
    live.retarget(done, '/d/elsewhere.xlsx')
    expect(live.claimed('/d/elsewhere.xlsx')).toBe(false)
    step(live, done, 'queued')
    expect(live.claimed('/d/elsewhere.xlsx')).toBe(true)
  })
})
