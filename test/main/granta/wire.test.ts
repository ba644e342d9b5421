import { describe, expect, it } from 'vitest'
import { decodeJobOutput, normaliseServerDate, parseJobSummary } from '../../../main/granta/wire'

describe('the server wire formats', () => {
  it.each([
    ['2026-11-29T11:59:51.327501+00:00', '2026-11-29T11:59:51.327Z'],
    ['2026-11-29T11:59:51Z', '2026-11-29T11:59:51.000Z'],
    ['2026-11-29T11:59:51.5', '2026-11-29T11:59:51.500Z'],
    ['2026-11-29T13:00:00+0200', '2026-11-29T11:00:00.000Z'],
    ['2026-11-29 11:59:51', '2026-11-29T11:59:51.000Z']
  ])('normalises %s', (input, out) => {
    expect(normaliseServerDate(input)).toBe(out)
  })
  it('refuses text that is not a date', () => {
    expect(normaliseServerDate('yesterday')).toBeNull()
    expect(normaliseServerDate('2026-13-45T99:00:00Z')).toBeNull()
  })

  it('reads an import summary sent as a JSON string', () => {
    const outputs = {
      summary:
        '{"FinishedSuccessfully": false, "NumberOfErrors": 2, "NumberOfRecordsCreated": 1, "NumberOfRecordsUpdated": 0, "NumberOfTasks": 3}'
    }
    expect(parseJobSummary('ExcelImportJob', outputs)).toEqual({
      kind: 'import',
      finishedSuccessfully: false,
      numberOfErrors: 2,
      numberOfRecordsCreated: 1,
      numberOfRecordsUpdated: 0,
      numberOfTasks: 3
    })
    expect(parseJobSummary('ExcelExportJob', { summary: { ExportedRecords: 4, Errors: ['x'] } })).toEqual({
      kind: 'export',
      exportedRecords: 4,
      errors: ['x']
    })
    expect(parseJobSummary('TextImportJob', { summary: 'not json' })).toBeNull()
    expect(parseJobSummary('TextImportJob', {})).toBeNull()
  })

  it('decodes JSON-encoded output values and leaves other values alone', () => {
    expect(decodeJobOutput('{"a":1}')).toEqual({ a: 1 })
    expect(decodeJobOutput('not json')).toBe('not json')
    expect(decodeJobOutput({ a: 1 })).toEqual({ a: 1 })
  })
})
