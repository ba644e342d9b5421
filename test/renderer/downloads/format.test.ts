import { describe, expect, it } from 'vitest'
import { itemActions } from '../../../renderer/src/components/downloads/actions'
import {
  describeSource,
  formatProgressBytes,
  percentOf,
  shownPath
} from '../../../renderer/src/components/downloads/format'

describe('download formatting', () => {
  it('formats progress bytes, with the total once it is known', () => {
    expect(formatProgressBytes(512, null)).toBe('512 B')
    expect(formatProgressBytes(1024, 4096)).toBe('1.0 KB of 4.0 KB')
  })

  it('computes whole percents, and 0 while the size is unknown', () => {
    expect(percentOf(0, null)).toBe(0)
    expect(percentOf(10, 0)).toBe(0)
    expect(percentOf(999, 1000)).toBe(99)
    expect(percentOf(1000, 1000)).toBe(100)
    expect(percentOf(2000, 1000)).toBe(100)
  })

  it('shows paths under the batch folder, ignoring case as Windows does', () => {
    expect(shownPath('C:\\Out\\Job (1a2b3c4d)\\a.xlsx', 'C:\\Out')).toBe('Job (1a2b3c4d)/a.xlsx')
    expect(shownPath('C:\\OUT\\a.xlsx', 'c:\\out\\')).toBe('a.xlsx')
    expect(shownPath('/tmp/out/j/a.xlsx', '/tmp/out')).toBe('j/a.xlsx')
    expect(shownPath('/tmp/outside/a.xlsx', '/tmp/out')).toBe('/tmp/outside/a.xlsx')
  })

  it('says in words what a batch source downloads', () => {
    expect(describeSource({ kind: 'jobs', jobIds: ['a'] })).toBe('Every output file of 1 job')
    expect(describeSource({ kind: 'jobs', jobIds: ['a', 'b', 'c'] })).toBe('Every output file of 3 jobs')
    expect(describeSource({ kind: 'file', jobId: 'a', fileName: 'out.xlsx' })).toBe('out.xlsx')
    expect(describeSource({ kind: 'filter', filter: {} })).toBe('Every output file of every job in the queue')
    expect(describeSource({ kind: 'filter', filter: { status: 'Succeeded', nameFilter: 'Tensile' } })).toBe(
      'Every output file of every job with status Succeeded, name contains “Tensile”'
    )
  })
})

describe('item actions per state', () => {
  it('offers what the engine can do in each state', () => {
    expect(itemActions('queued')).toEqual(['pause', 'cancel'])
    expect(itemActions('active')).toEqual(['pause', 'cancel'])
    expect(itemActions('paused')).toEqual(['resume', 'cancel'])
    expect(itemActions('failed')).toEqual(['retry', 'cancel'])
    expect(itemActions('cancelled')).toEqual(['retry'])
    expect(itemActions('done')).toEqual(['open', 'reveal'])
  })
})
