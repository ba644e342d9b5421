import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { asset, makeWorkspace, type Workspace } from './helpers'

let ws: Workspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.dispose()
})

const textJob = [asset('text_import_template.xml', 'Template'), asset('example_data.txt', 'Data')]

describe('text import', () => {
  it('creates one record per specimen of example_data.txt (4) with the readers’ values', async () => {
    const { result, log } = await ws.run({ type: 'TextImportJob', files: textJob })
    expect(result.failed).toBe(false)
    expect(result.outputFiles).toEqual([])
    expect(result.summary).toEqual({
      FinishedSuccessfully: true,
      NumberOfErrors: 0,
      NumberOfRecordsCreated: 4,
      NumberOfRecordsUpdated: 0,
      NumberOfTasks: 1
    })
    const records = ws.records.list({ databaseKey: 'MI_Training', table: 'Tensile Test Data' })
    expect(records.map((r) => r.name)).toEqual(['Build-1', 'Build-2', 'Build-3', 'Build-4'])
    const first = records[0]
    expect(first?.attributes).toEqual({
      Counter: 1,
      'Build ID': 'Build-1',
      'Additional Test Notes': 'Additional details about the test',
      'Project Name': 'Project 52',
      'Valid Test?': true,
      'Time Offset': 259035,
      'Crosshead Speed': 36.72
    })
    expect(first?.units).toEqual({ 'Crosshead Speed': 'm/s' })
    expect(records[3]?.attributes['Crosshead Speed']).toBe(16.36)
    expect(records[1]?.attributes['Valid Test?']).toBe(false)
    expect(new Set(records.map((r) => r.historyIdentity)).size).toBe(4)
    expect(records.every((r) => Number.isInteger(r.historyIdentity) && r.historyIdentity > 0)).toBe(true)
    expect(log.text()).toMatch(/Read example_data\.txt: 4 specimens/)
    expect(log.text()).toMatch(/Created record "Build-1" \(history identity \d+\) in MI_Training \/ Tensile Test Data/)
  })

  it('saves the records to disk', async () => {
    await ws.run({ type: 'TextImportJob', files: textJob })
    const saved = JSON.parse(await readFile(ws.storePath, 'utf8')) as { data: { records: unknown[] } }
    expect(saved.data.records).toHaveLength(4)
  })

  it('updates the same records when the file is imported again', async () => {
    const first = await ws.run({ type: 'TextImportJob', files: textJob })
    const ids = ws.records.list().map((r) => r.historyIdentity)
    const { result, log } = await ws.run({ type: 'TextImportJob', files: textJob })
    expect(first.result.summary['NumberOfRecordsCreated']).toBe(4)
    expect(result.summary).toMatchObject({
      FinishedSuccessfully: true,
      NumberOfRecordsCreated: 0,
      NumberOfRecordsUpdated: 4
    })
    expect(ws.records.list().map((r) => r.historyIdentity)).toEqual(ids)
    expect(ws.records.list().map((r) => r.version)).toEqual([2, 2, 2, 2])
    expect(log.text()).toMatch(/Updated record "Build-1" \(history identity \d+, now version 2\)/)
  })

  it('reads several data files, CRLF line ends, and names records by file when the name item is absent', async () => {
    const crlf = join(ws.dir, 'crlf.txt')
    const original = await readFile(join(asset('example_data.txt', 'Data').diskPath), 'utf8')
    await writeFile(crlf, original.replace(/\n/g, '\r\n').replace(/Build-(\d)/g, 'B$1'))
    const template = (await readFile(asset('text_import_template.xml', 'Template').diskPath, 'utf8')).replace(
      '<Item>Build ID</Item>',
      '<Item>Missing Attribute</Item>'
    )
    const templatePath = join(ws.dir, 'template.xml')
    await writeFile(templatePath, template)
    const { result } = await ws.run({
      type: 'TextImportJob',
      files: [
        { fileType: 'Template', virtualPath: 'template.xml', diskPath: templatePath },
        { fileType: 'Data', virtualPath: 'runs/crlf.txt', diskPath: crlf }
      ]
    })
    expect(result.summary).toMatchObject({ FinishedSuccessfully: true, NumberOfRecordsCreated: 4, NumberOfTasks: 1 })
    const records = ws.records.list()
    expect(records.map((r) => r.name)).toEqual(['crlf 1', 'crlf 2', 'crlf 3', 'crlf 4'])
    expect(records[0]?.attributes['Crosshead Speed']).toBe(36.72)
    expect(records[0]?.attributes['Build ID']).toBe('B1')
  })

  it('ends with FinishedSuccessfully false when the data does not match the template', async () => {
    const other = join(ws.dir, 'other.txt')
    await writeFile(other, 'no dollar signs here\njust text\n')
    const { result, log } = await ws.run({
      type: 'TextImportJob',
      files: [
        asset('text_import_template.xml', 'Template'),
        { fileType: 'Data', virtualPath: 'other.txt', diskPath: other }
      ]
    })
    expect(result.failed).toBe(false)
    expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfErrors: 1, NumberOfRecordsCreated: 0 })
    expect(log.errors()[0]).toMatch(/other\.txt does not match the template text_import_template\.xml/)
    expect(ws.records.count).toBe(0)
  })

  it('changes no record when one of several data files fails', async () => {
    const other = join(ws.dir, 'other.txt')
    await writeFile(other, 'nothing to read')
    const { result } = await ws.run({
      type: 'TextImportJob',
      files: [...textJob, { fileType: 'Data', virtualPath: 'other.txt', diskPath: other }]
    })
    expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfRecordsCreated: 0 })
    expect(ws.records.count).toBe(0)
  })

  it('refuses a template that is not XML, or XML that is not a text-import template', async () => {
    const broken = join(ws.dir, 'broken.xml')
    await writeFile(broken, '<Template><Data><TextReaders>')
    const wrong = join(ws.dir, 'wrong.xml')
    await writeFile(wrong, '<Workbook><Sheet/></Workbook>')
    for (const [path, expected] of [
      [broken, /broken\.xml is not valid XML/],
      [wrong, /wrong\.xml does not match a text-import template/]
    ] as const) {
      const { result, log } = await ws.run({
        type: 'TextImportJob',
        files: [
          { fileType: 'Template', virtualPath: path.split('/').pop() ?? '', diskPath: path },
          asset('example_data.txt', 'Data')
        ]
      })
      expect(result.summary['FinishedSuccessfully']).toBe(false)
      expect(log.errors()[0]).toMatch(expected)
    }
  })

  it('names a missing data file', async () => {
    const { result, log } = await ws.run({
      type: 'TextImportJob',
      files: [
        asset('text_import_template.xml', 'Template'),
        { fileType: 'Data', virtualPath: 'gone.txt', diskPath: join(ws.dir, 'gone.txt') }
      ]
    })
    expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfErrors: 1 })
    expect(log.errors()[0]).toBe('The input file "gone.txt" is missing on the server')
  })

  it('needs a template and a data file', async () => {
    const { result, log } = await ws.run({ type: 'TextImportJob', files: [asset('example_data.txt', 'Data')] })
    expect(result.summary['FinishedSuccessfully']).toBe(false)
    expect(log.errors()[0]).toMatch(/needs a template/)
  })

  it('refuses a template that places records in a database the sandbox does not have', async () => {
    const template = (await readFile(asset('text_import_template.xml', 'Template').diskPath, 'utf8')).replace(
      'MI_TRAINING',
      'MI_Nowhere'
    )
    const path = join(ws.dir, 't.xml')
    await writeFile(path, template)
    const { result, log } = await ws.run({
      type: 'TextImportJob',
      files: [{ fileType: 'Template', virtualPath: 't.xml', diskPath: path }, asset('example_data.txt', 'Data')]
    })
    expect(result.summary['FinishedSuccessfully']).toBe(false)
    expect(log.errors()[0]).toMatch(/database "MI_Nowhere", which does not exist/)
  })
})
