import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_WINDOW_STATE, placeOnDisplays, WindowStateStore } from '../../../main/window-state'
import { memoryLogger, testLogger } from '../../helpers/logger'

const laptop = { x: 0, y: 0, width: 1920, height: 1040 }
const monitorOnRight = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('placeOnDisplays', () => {
  it('keeps a position whose title bar is on a display', () => {
    const saved = { x: 2000, y: 100, width: 1400, height: 900, maximized: true }
    expect(placeOnDisplays(saved, [laptop, monitorOnRight])).toEqual(saved)
  })

  it('drops the position when that display is unplugged, keeping a size that fits', () => {
    const saved = { x: 2000, y: 100, width: 2400, height: 1300, maximized: false }
    expect(placeOnDisplays(saved, [laptop])).toEqual({ width: 1920, height: 1040, maximized: false })
  })

  it('drops a position whose title bar is above the top of every display', () => {
    expect(placeOnDisplays({ x: 100, y: -500, width: 1000, height: 700, maximized: false }, [laptop]).x).toBeUndefined()
  })

  it('never opens smaller than the minimum size', () => {
    expect(placeOnDisplays({ width: 200, height: 200, maximized: false }, [laptop])).toMatchObject({
      width: 900,
      height: 600
    })
  })
})

describe('WindowStateStore', () => {
  it('starts with the default, then returns what was saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-ws-'))
    const store = new WindowStateStore(dir, testLogger())
    expect(await store.load()).toEqual(DEFAULT_WINDOW_STATE)
    await store.save({ x: 10.4, y: 20.6, width: 1000, height: 700 }, true)
    expect(await new WindowStateStore(dir, testLogger()).load()).toEqual({
      x: 10,
      y: 21,
      width: 1000,
      height: 700,
      maximized: true
    })
  })

  it('moves a corrupt file aside, says so, and opens with the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-ws-'))
    writeFileSync(join(dir, 'window-state.json'), '{"schemaVersion":1,"data":{"width":"wide"}}')
    const logged = memoryLogger()
    expect(await new WindowStateStore(dir, logged.logger).load()).toEqual(DEFAULT_WINDOW_STATE)
    expect(logged.sink.text()).toMatch(/unreadable/)
    expect(readdirSync(dir).some((f) => f.startsWith('window-state.json.corrupt-'))).toBe(true)
  })

  it('ignores bounds that make no sense instead of writing them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-ws-'))
    const store = new WindowStateStore(dir, testLogger())
    await store.save({ x: Number.NaN, y: 0, width: 10, height: 10 }, false)
    expect(readdirSync(dir)).toEqual([])
  })
})
