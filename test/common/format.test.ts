import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatEta, formatSpeed, plural, pluralWord } from '../../common/format'

describe('shared formatting', () => {
  it('formats sizes and speeds', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB')
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB')
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TB')
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2048 TB')
    expect(formatSpeed(0)).toBe('')
    expect(formatSpeed(16 * 1024)).toBe('16 KB/s')
    expect(formatSpeed(2.25 * 1024 * 1024)).toBe('2.3 MB/s')
  })

  it('formats durations from seconds to days', () => {
    expect(formatDuration(null)).toBe('')
    expect(formatDuration(Number.NaN)).toBe('')
    expect(formatDuration(-5)).toBe('0 s')
    expect(formatDuration(12_400)).toBe('12 s')
    expect(formatDuration(185_000)).toBe('3 min 05 s')
    expect(formatDuration((3600 + 2 * 60 + 30) * 1000)).toBe('1 h 02 min')
    expect(formatDuration((27 * 3600 + 59) * 1000)).toBe('1 d 3 h')
  })

  it('formats the time left', () => {
    expect(formatEta(null)).toBe('')
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('')
    expect(formatEta(0)).toBe('0 s left')
    expect(formatEta(12.4)).toBe('12 s left')
    expect(formatEta(185)).toBe('3 min 05 s left')
    expect(formatEta(3600 + 2 * 60 + 30)).toBe('1 h 02 min left')
  })

  it('counts in words', () => {
    expect(plural(0, 'file')).toBe('0 files')
    expect(plural(1, 'file')).toBe('1 file')
    expect(plural(2, 'entry', 'entries')).toBe('2 entries')
    expect(pluralWord(1, 'error')).toBe('error')
    expect(pluralWord(12_345, 'error')).toBe('errors')
  })
})
