import { describe, expect, it } from 'vitest'
import type { DownloadItem } from '../../../common/downloads'
import { LiveCounts } from '../../../main/downloads/live-counts'

const item = (batchId: string, state: DownloadItem['state']) => ({ batchId, state }) as DownloadItem

describe('LiveCounts', () => {
  it('counts the queued, active and paused items of each batch through their changes', () => {
    const live = new LiveCounts()
    const a = [item('a', 'queued'), item('a', 'paused'), item('a', 'done')]
    const b = item('b', 'active')
    for (const i of [...a, b]) live.add(i)
    expect([live.of('a'), live.of('b'), live.of('none')]).toEqual([2, 1, 0])

    const step = (i: DownloadItem, next: DownloadItem['state']) => {
      live.change(i, next)
      i.state = next
    }
    step(a[0]!, 'active')
    expect(live.of('a')).toBe(2)
    step(a[0]!, 'done')
    step(a[1]!, 'cancelled')
    expect(live.of('a')).toBe(0)
    step(a[2]!, 'queued')
    expect(live.of('a')).toBe(1)
    step(b, 'failed')
    expect(live.of('b')).toBe(0)
  })
})
