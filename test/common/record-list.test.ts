import { describe, expect, it } from 'vitest'
import { duplicateRecordIndexes, parseRecordList } from '../../common/record-list'

describe('parseRecordList', () => {
  it('reads tabs, commas, semicolons and new lines, and skips a header row', () => {
    const text = 'Record history identity\tVersion\r\n123222\t2\n123223,\n"123224";5\n\n123225'
    expect(parseRecordList(text)).toEqual({
      records: [
        { historyIdentity: 123222, version: 2 },
        { historyIdentity: 123223, version: null },
        { historyIdentity: 123224, version: 5 },
        { historyIdentity: 123225, version: null }
      ],
      skipped: []
    })
  })

  it('reports lines it cannot read with the reason', () => {
    const result = parseRecordList('1\nabc\n0\n5,x')
    expect(result.records).toEqual([{ historyIdentity: 1, version: null }])
    expect(result.skipped.map((s) => s.line)).toEqual([2, 3, 4])
    expect(result.skipped[2]?.reason).toMatch(/version/)
  })

  it('flags duplicates by identity and version', () => {
    const list = [
      { historyIdentity: 1, version: null },
      { historyIdentity: 1, version: 2 },
      { historyIdentity: 1 },
      { historyIdentity: 1, version: 2 }
    ]
    expect([...duplicateRecordIndexes(list)]).toEqual([2, 3])
  })
})
