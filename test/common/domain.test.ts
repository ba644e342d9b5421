import { describe, expect, it } from 'vitest'
import { effectiveStatus, isCanonicalUtc, isoUtc, type EffectiveStatus, type Job } from '../../common/domain'
import {
  checkVirtualPath,
  jobRequestSchema,
  requestFiles,
  toCreateJobBody,
  validateJobRequest,
  type JobFile,
  type JobRequest,
  type JobRequestInput
} from '../../common/job-request'
import { objectContaining, stringMatching } from '../helpers/match'

/*
 * The cases of the official client's tests/test_job_requests.py (ansys/grantami-jobqueue), ported:
 * Excel and text import file combinations, unique paths after virtual paths, and the virtual path rules.
 */

const ATTACHMENT = 'Attachment.bmp'
const EXCEL_COMBINED = 'ExcelImportCombinedFile.xlsx'
const EXCEL_DATA = 'ExcelImportDataFile.xlsx'
const EXCEL_TEMPLATE = 'ExcelImportTemplateFile.xlsx'
const TEXT_DATA = 'TextImportDataFile.dat'
const TEXT_TEMPLATE = 'TextImportTemplateFile.xml'

const f = (path: string, virtualPath?: string): JobFile =>
  virtualPath === undefined ? { path } : { path, virtualPath }
const list = (paths: string[] | null) => (paths ?? []).map((p) => f(p))

function request(input: JobRequestInput): JobRequest {
  return jobRequestSchema.parse(input)
}

function excel(parts: {
  template?: JobFile | string | null
  data?: (JobFile | string)[] | null
  combined?: (JobFile | string)[] | null
  attachments?: (JobFile | string)[] | null
}) {
  const file = (x: JobFile | string) => (typeof x === 'string' ? f(x) : x)
  return request({
    type: 'ExcelImportJob',
    name: 'ExcelImportTest',
    description: 'Import test 1',
    template: parts.template ? file(parts.template) : null,
    data: (parts.data ?? []).map(file),
    combined: (parts.combined ?? []).map(file),
    attachments: (parts.attachments ?? []).map(file)
  })
}

const messages = (req: JobRequest) => validateJobRequest(req).map((i) => i.message)

describe('Excel import file combinations (official: test_excel_invalid_files_raise_exception)', () => {
  const tooMany = /either combined files, or a template with data files, not both/
  const missing =
    /Add a combined file, or a template and at least one data file|Add a template|Add at least one data file/
  const cases: [string, string[] | null, string[] | null, string | null, RegExp][] = [
    ['combined + data + template', [EXCEL_COMBINED], [EXCEL_DATA], EXCEL_TEMPLATE, tooMany],
    ['combined + template', [EXCEL_COMBINED], null, EXCEL_TEMPLATE, tooMany],
    ['combined + data', [EXCEL_COMBINED], [EXCEL_DATA], null, tooMany],
    ['nothing', null, null, null, missing],
    ['data only', null, [EXCEL_DATA], null, missing],
    ['template only', null, null, EXCEL_TEMPLATE, missing]
  ]
  for (const attachments of [[ATTACHMENT], null]) {
    it.each(cases)(
      `refuses %s (attachments: ${attachments ? 'yes' : 'no'})`,
      (_label, combined, data, template, message) => {
        const issues = validateJobRequest(excel({ combined, data, template, attachments }))
        expect(issues).toHaveLength(1)
        expect(issues[0]?.message).toMatch(message)
        expect(['template', 'data']).toContain(issues[0]?.field)
      }
    )
  }

  it.each([
    ['template + data', { template: EXCEL_TEMPLATE, data: [EXCEL_DATA] }],
    ['template + two data files', { template: EXCEL_TEMPLATE, data: ['data_file_1.xlsx', 'data_file_2.xlsx'] }],
    ['template + data + attachment', { template: EXCEL_TEMPLATE, data: [EXCEL_DATA], attachments: [ATTACHMENT] }],
    ['combined', { combined: [EXCEL_COMBINED] }],
    ['two combined files', { combined: ['a.xlsx', 'b.xlsx'] }],
    ['combined + attachment', { combined: [EXCEL_COMBINED], attachments: [ATTACHMENT] }]
  ])('accepts %s', (_label, parts) => {
    expect(validateJobRequest(excel(parts))).toEqual([])
  })

  it('names each missing part for the wizard', () => {
    expect(validateJobRequest(excel({ data: [EXCEL_DATA] }))).toEqual([
      { field: 'template', message: 'Add a template for the data files, or use combined files instead.' }
    ])
    expect(validateJobRequest(excel({ template: EXCEL_TEMPLATE }))).toEqual([
      { field: 'data', message: 'Add at least one data file for the template.' }
    ])
  })
})

describe('Text import file combinations (official: test_text_invalid_files_raise_exception)', () => {
  const text = (data: string[] | null, template: string | null, attachments: string[] | null) =>
    request({
      type: 'TextImportJob',
      name: 'TextImportTest',
      description: 'Import test 1',
      template: template ? f(template) : null,
      data: list(data),
      attachments: list(attachments)
    })
  const cases: [string, string[] | null, string | null, string[]][] = [
    ['nothing', null, null, ['template', 'data']],
    ['data only', [TEXT_DATA], null, ['template']],
    ['template only', null, TEXT_TEMPLATE, ['data']]
  ]
  for (const attachments of [[ATTACHMENT], null]) {
    it.each(cases)(`refuses %s (attachments: ${attachments ? 'yes' : 'no'})`, (_label, data, template, fields) => {
      expect(validateJobRequest(text(data, template, attachments)).map((i) => i.field)).toEqual(fields)
    })
  }
  it('accepts a template with data files, with or without attachments', () => {
    expect(validateJobRequest(text([TEXT_DATA], TEXT_TEMPLATE, null))).toEqual([])
    expect(validateJobRequest(text([TEXT_DATA, 'more.dat'], TEXT_TEMPLATE, [ATTACHMENT]))).toEqual([])
  })
})

describe('unique paths (official: test_identical_paths_raise_exception)', () => {
  const notUnique = (req: JobRequest) => messages(req).filter((m) => /must be unique/.test(m))
  it.each([
    ['clash between virtual paths', { data: [f('', 'data.xslx'), f('', 'data.xslx')] }],
    ['clash between virtual path and local path', { data: ['data_1.xslx', f('data_2.xlsx', 'data_1.xslx')] }],
    [
      'clash between different file types (data and template)',
      { template: 'template.xslx', data: [f('data_2.xlsx', 'template.xslx')] }
    ],
    [
      'clash between different file types with folders',
      { template: f('template.xslx', 'files/template.xslx'), data: [f('data_2.xlsx', 'files/template.xslx')] }
    ],
    ['combined files', { combined: ['combined_1.xslx', f('combined_2.xlsx', 'combined_1.xslx')] }],
    ['attachment files', { attachments: ['attachment_1.png', f('attachment_2.png', 'attachment_1.png')] }],
    ['attachment files with the same path twice', { attachments: ['attachment_1.png', 'attachment_1.png'] }]
  ])('refuses %s', (_label, parts) => {
    expect(notUnique(excel(parts))).toHaveLength(1)
  })

  it('compares where files land: the same base name from two folders clashes', () => {
    const issues = validateJobRequest(
      excel({ template: 'C:\\a\\t.xlsx', data: ['C:\\one\\data.xlsx', '/two/data.xlsx'] })
    )
    expect(issues).toEqual([
      objectContaining({ field: 'data.1.path', message: stringMatching(/"data.xlsx".*data file 1/) })
    ])
  })

  it('treats names differing only in case, and ./ prefixes, as the same place', () => {
    expect(notUnique(excel({ template: 't.xlsx', data: ['Data.xlsx', f('x.xlsx', './data.XLSX')] }))).toHaveLength(1)
  })

  it('points at the virtual path field when the clash comes from a virtual path', () => {
    const issues = validateJobRequest(excel({ template: 't.xlsx', data: ['d.xlsx', f('e.xlsx', 'd.xlsx')] }))
    expect(issues.map((i) => i.field)).toEqual(['data.1.virtualPath'])
  })

  it('accepts the same file name in two folders by virtual path', () => {
    expect(
      validateJobRequest(excel({ template: 't.xlsx', data: [f('/a/d.xlsx', 'a/d.xlsx'), f('/b/d.xlsx', 'b/d.xlsx')] }))
    ).toEqual([])
  })
})

describe('virtual paths (official: test_virtual_path_validation)', () => {
  it.each([
    ['./some/folder/data.txt', 'some/folder/data.txt'],
    ['data.txt', 'data.txt'],
    ['a/../b.txt', 'b.txt'],
    ['assets\\photo.png', 'assets/photo.png']
  ])('accepts %s as %s', (input, sent) => {
    expect(checkVirtualPath(input)).toEqual({ ok: true, path: sent })
  })

  // The official client checks the Windows cases on Windows only and the POSIX ones on Linux only; we refuse all of them everywhere.
  it.each([
    '../data.txt',
    'C:/some/folder/data.txt',
    '//server/share/data.txt',
    '\\\\remote\\c$',
    '/etc/file.txt',
    '~/folder/file.txt',
    'a/../../x.txt',
    'C:data.txt',
    '~user/x'
  ])('refuses %s', (input) => {
    const r = checkVirtualPath(input)
    expect(r.ok).toBe(false)
  })

  it.each(['.', 'folder/', 'a/..', ' data.txt', 'da<ta.txt', 'data.txt.', 'a:b.txt'])(
    'refuses %j (not a safe file path)',
    (input) => {
      expect(checkVirtualPath(input).ok).toBe(false)
    }
  )

  it('reports a bad virtual path on its field with a message a user can act on', () => {
    const issues = validateJobRequest(excel({ template: 't.xlsx', data: [f('d.xlsx', '../d.xlsx')] }))
    expect(issues).toEqual([
      {
        field: 'data.0.virtualPath',
        message: stringMatching(/leaves the job folder.*relative path inside the job folder/)
      }
    ])
  })

  it('treats an empty virtual path as none (the base name is used)', () => {
    const req = excel({ template: f('/x/t.xlsx', ''), data: ['/x/d.xlsx'] })
    expect(validateJobRequest(req)).toEqual([])
    expect(requestFiles(req).map((r) => r.serverPath)).toEqual(['t.xlsx', 'd.xlsx'])
  })
})

describe('other request rules', () => {
  const exportReq = (over: Partial<Extract<JobRequestInput, { type: 'ExcelExportJob' }>> = {}) =>
    request({
      type: 'ExcelExportJob',
      name: 'Excel export job',
      description: null,
      template: f('/work/export_template.xlsx'),
      databaseKey: 'MI_Training',
      records: [{ historyIdentity: 12345 }, { historyIdentity: 23456, version: 2 }],
      ...over
    })

  it('accepts a complete export request', () => {
    expect(validateJobRequest(exportReq())).toEqual([])
  })

  it('needs an export template, a database key and at least one record', () => {
    expect(
      validateJobRequest(exportReq({ template: null, databaseKey: ' ', records: [] })).map((i) => i.field)
    ).toEqual(['template', 'databaseKey', 'records'])
  })

  it.each([
    [{ historyIdentity: 0 }, 'records.0.historyIdentity'],
    [{ historyIdentity: -3 }, 'records.0.historyIdentity'],
    [{ historyIdentity: 1.5 }, 'records.0.historyIdentity'],
    [{ historyIdentity: 7, version: 0 }, 'records.0.version'],
    [{ historyIdentity: 7, version: 2.5 }, 'records.0.version']
  ])('refuses record %j', (record, field) => {
    expect(validateJobRequest(exportReq({ records: [record] })).map((i) => i.field)).toEqual([field])
  })

  it('needs a name and a valid scheduled date', () => {
    const req = excel({ combined: ['c.xlsx'] })
    expect(validateJobRequest({ ...req, name: '  ' })).toEqual([
      { field: 'name', message: 'Enter a name for the job.' }
    ])
    expect(validateJobRequest({ ...req, scheduledExecutionDate: 'tomorrow' }).map((i) => i.field)).toEqual([
      'scheduledExecutionDate'
    ])
  })

  it('asks for a file where a path is empty', () => {
    expect(validateJobRequest(excel({ template: 't.xlsx', data: [''] })).map((i) => i.field)).toContain('data.0.path')
  })
})

describe('toCreateJobBody', () => {
  it('serialises an Excel import: files in upload order, parameters as a JSON string', () => {
    const req = request({
      type: 'ExcelImportJob',
      name: ' Excel import job ',
      description: null,
      scheduledExecutionDate: '2026-11-29T11:59:51.327501+01:00',
      template: f('C:\\imports\\import_template.xlsx'),
      data: [f('/home/u/data_file_1.xlsx'), f('/home/u/other/data_file_1.xlsx', 'other/data_file_1.xlsx')],
      attachments: [f('/pics/p.png', './assets/p.png')]
    })
    expect(validateJobRequest(req)).toEqual([])
    expect(requestFiles(req).map((x) => x.path)).toEqual([
      'C:\\imports\\import_template.xlsx',
      '/home/u/data_file_1.xlsx',
      '/home/u/other/data_file_1.xlsx',
      '/pics/p.png'
    ])
    const body = toCreateJobBody(req, ['id-t', 'id-d1', 'id-d2', 'id-a'])
    expect(body).toEqual({
      name: 'Excel import job',
      description: null,
      type: 'ExcelImportJob',
      scheduledExecutionDate: '2026-11-29T10:59:51.327Z',
      inputFileIds: ['id-t', 'id-d1', 'id-d2', 'id-a'],
      parameters:
        '[{"fileType":"Template","filePath":"import_template.xlsx"},{"fileType":"Data","filePath":"data_file_1.xlsx"},{"fileType":"Data","filePath":"other/data_file_1.xlsx"},{"fileType":"Attachment","filePath":"assets/p.png"}]'
    })
  })

  it('serialises a combined import and a text import', () => {
    const combined = request({
      type: 'ExcelImportJob',
      name: 'c',
      description: 'd',
      combined: [f('/x/combined_import_file.xlsx')]
    })
    expect(JSON.parse(toCreateJobBody(combined, ['1']).parameters)).toEqual([
      { fileType: 'Combined', filePath: 'combined_import_file.xlsx' }
    ])
    const text = request({
      type: 'TextImportJob',
      name: 't',
      description: null,
      template: f('/x/text_import_template.xml'),
      data: [f('/x/example_data.txt')]
    })
    const body = toCreateJobBody(text, ['a', 'b'])
    expect(body.type).toBe('TextImportJob')
    expect(body.scheduledExecutionDate).toBeNull()
    expect(JSON.parse(body.parameters)).toEqual([
      { fileType: 'Template', filePath: 'text_import_template.xml' },
      { fileType: 'Data', filePath: 'example_data.txt' }
    ])
  })

  it('serialises an export with DatabaseKey, InputRecords and TemplateFileName', () => {
    const req = request({
      type: 'ExcelExportJob',
      name: 'Excel export job',
      description: null,
      template: f('/work/export_template.xlsx'),
      databaseKey: 'MI_Training',
      records: [{ historyIdentity: 123222 }, { historyIdentity: 5, version: 3 }]
    })
    const body = toCreateJobBody(req, ['tid'])
    expect(body.inputFileIds).toEqual(['tid'])
    expect(body.parameters).toBe(
      '{"DatabaseKey":"MI_Training","InputRecords":[{"RecordHistoryIdentity":123222,"RecordVersion":null},{"RecordHistoryIdentity":5,"RecordVersion":3}],"TemplateFileName":"export_template.xlsx"}'
    )
  })

  it('refuses a file id count that does not match the files', () => {
    const req = excel({ combined: ['c.xlsx'] })
    expect(() => toCreateJobBody(req, [])).toThrow(/1 files but 0 file ids/)
  })
})

describe('dates and the effective status', () => {
  it('reads ISO dates with a zone as UTC and refuses the rest', () => {
    expect(isoUtc('2026-11-29T13:00:00.123456+02:00')).toBe('2026-11-29T11:00:00.123Z')
    expect(isoUtc('2026-11-29T11:59:51.327Z')).toBe('2026-11-29T11:59:51.327Z')
    expect(isoUtc('2026-11-29T11:59:51')).toBeNull()
    expect(isoUtc('2026-13-45T99:00:00Z')).toBeNull()
  })

  it('takes a canonical UTC date as it is exactly when Date.parse would accept it (checked field by field)', () => {
    const two = (n: number) => String(n).padStart(2, '0')
    const disagreements: string[] = []
    const check = (text: string) => {
      if (isCanonicalUtc(text) !== !Number.isNaN(Date.parse(text))) disagreements.push(text)
    }
    for (let month = 0; month <= 19; month++)
      for (let day = 0; day <= 39; day++) check(`2026-${two(month)}-${two(day)}T12:00:00.000Z`)
    for (let hour = 0; hour <= 29; hour++) check(`2026-11-29T${two(hour)}:00:00.000Z`)
    for (let minute = 0; minute <= 69; minute++) check(`2026-11-29T10:${two(minute)}:${two(minute)}.000Z`)
    // Date.parse takes 24:00 as the next midnight; that form is read by isoUtc's general path instead.
    expect(disagreements).toEqual(['2026-11-29T24:00:00.000Z'])
    expect(isoUtc('2026-11-29T24:00:00.000Z')).toBe('2026-11-30T00:00:00.000Z')
    expect(
      ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-11-29T11:59:51.327z'].map(isCanonicalUtc)
    ).toEqual([true, true, false])
  })

  const now = new Date('2026-11-28T12:00:00Z')
  const importSummary = (ok: boolean) => ({
    kind: 'import' as const,
    finishedSuccessfully: ok,
    numberOfErrors: 0,
    numberOfRecordsCreated: 0,
    numberOfRecordsUpdated: 0,
    numberOfTasks: 0
  })
  const cases: [Pick<Job, 'status' | 'summary' | 'scheduledExecutionDate'>, EffectiveStatus][] = [
    [{ status: 'Succeeded', summary: importSummary(false), scheduledExecutionDate: null }, 'CompletedWithErrors'],
    [{ status: 'Succeeded', summary: importSummary(true), scheduledExecutionDate: null }, 'Succeeded'],
    [
      {
        status: 'Succeeded',
        summary: { kind: 'export', exportedRecords: 1, errors: ['bad'] },
        scheduledExecutionDate: null
      },
      'CompletedWithErrors'
    ],
    [{ status: 'Succeeded', summary: null, scheduledExecutionDate: null }, 'Succeeded'],
    [{ status: 'Pending', summary: null, scheduledExecutionDate: '2026-11-28T13:00:00.000Z' }, 'Scheduled'],
    [{ status: 'Pending', summary: null, scheduledExecutionDate: '2026-11-28T11:00:00.000Z' }, 'Pending'],
    [{ status: 'Pending', summary: null, scheduledExecutionDate: null }, 'Pending'],
    [{ status: 'Failed', summary: null, scheduledExecutionDate: null }, 'Failed'],
    [{ status: 'Running', summary: null, scheduledExecutionDate: '2026-11-28T13:00:00.000Z' }, 'Running']
  ]
  it.each(cases)('effectiveStatus(%j) = %s', (job, expected) => {
    expect(effectiveStatus(job, now)).toBe(expected)
  })
})
