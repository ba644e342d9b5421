import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  asset,
  createJob,
  getJob,
  json,
  openSandbox,
  textImportBody,
  type GsaJobBody,
  type TestSandbox
} from './helpers/sandbox-fixture'

let t: TestSandbox
beforeEach(async () => {
  t = await openSandbox()
})
afterEach(() => t.close())

type Page = { totalResultCount: number; results: GsaJobBody[] }

describe('sandbox: job endpoints', () => {
  it('uploads a file and answers its id as plain text', async () => {
    const form = new FormData()
    form.append('file', new Blob(['hello']), 'hello.txt')
    const res = await t.as('writer').post('files', { body: form })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.body).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('creates a job (201) with every field the official client requires', async () => {
    const body = await textImportBody(t, 'writer', 'My & first #job')
    const res = await t.as('writer').post('jobs', { json: { ...body, description: 'desc' } })
    expect(res.statusCode).toBe(201)
    const job = json<GsaJobBody>(res)
    expect(job).toMatchObject({
      name: 'My & first #job',
      description: 'desc',
      type: 'TextImportJob',
      status: 'Pending',
      submitterName: 'writer',
      position: 1,
      outputFileNames: [],
      jobSpecificOutputs: {},
      inputFileIds: body.inputFileIds
    })
    expect(job.submitterRoles.length).toBeGreaterThan(0)
    expect(job.submissionDate).toMatch(/Z$/)
    expect(await getJob(t, job.id, 'reader')).toEqual(job)
  })

  it('accepts the JSON media types of the OpenAPI document', async () => {
    for (const type of ['application/json-patch+json', 'text/json', 'application/*+json'.replace('*', 'vnd.granta')]) {
      const body = await textImportBody(t, 'writer')
      const res = await t.as('writer').post('jobs', { body: JSON.stringify(body), headers: { 'content-type': type } })
      expect(res.statusCode, type).toBe(201)
    }
  })

  it('accepts scheduled dates with Z, with an offset and naive (UTC), with microseconds', async () => {
    const cases = [
      ['2030-01-02T03:04:05Z', '2030-01-02T03:04:05.000Z'],
      ['2030-01-02T03:04:05.327501+00:00', '2030-01-02T03:04:05.327Z'],
      ['2030-01-02T05:04:05+02:00', '2030-01-02T03:04:05.000Z'],
      ['2030-01-02T03:04:05', '2030-01-02T03:04:05.000Z']
    ]
    for (const [sent, stored] of cases) {
      const job = await createJob(t, 'writer', { ...(await textImportBody(t, 'writer')), scheduledExecutionDate: sent })
      expect(job.scheduledExecutionDate, sent).toBe(stored)
    }
    const bad = await t
      .as('writer')
      .post('jobs', { json: { ...(await textImportBody(t, 'writer')), scheduledExecutionDate: 'soon' } })
    expect(bad.statusCode).toBe(400)
  })

  it('refuses absolute or escaping file paths with 400 "not safe relative paths"', async () => {
    for (const path of [
      '../x.txt',
      'C:/x.txt',
      '//server/share/x.txt',
      '\\\\remote\\c$\\x.txt',
      '/etc/passwd',
      '~/x.txt',
      'a/../../x.txt'
    ]) {
      const body = await textImportBody(t, 'writer')
      body.parameters = JSON.stringify([
        { fileType: 'Template', filePath: 'text_import_template.xml' },
        { fileType: 'Data', filePath: path }
      ])
      const res = await t.as('writer').post('jobs', { json: body })
      expect(res.statusCode, path).toBe(400)
      expect(res.body).toContain('not safe relative paths')
    }
  })

  it('refuses requests that break the client rules with 400', async () => {
    const template = await t.upload('writer', asset('import_template.xlsx'))
    const combined = await t.upload('writer', asset('combined_import_file.xlsx'))
    const bad = [
      { name: '', type: 'TextImportJob', inputFileIds: [template], parameters: '[]' },
      { name: 'x', type: 'NoSuchJob', inputFileIds: [], parameters: '[]' },
      {
        name: 'x',
        type: 'ExcelImportJob',
        inputFileIds: [template],
        parameters: JSON.stringify([{ fileType: 'Template', filePath: 't.xlsx' }])
      },
      {
        name: 'x',
        type: 'ExcelImportJob',
        inputFileIds: [template, combined],
        parameters: JSON.stringify([
          { fileType: 'Template', filePath: 't.xlsx' },
          { fileType: 'Combined', filePath: 'c.xlsx' }
        ])
      },
      { name: 'x', type: 'ExcelImportJob', inputFileIds: [combined], parameters: 'not json' },
      {
        name: 'x',
        type: 'ExcelImportJob',
        inputFileIds: ['00000000-0000-0000-0000-000000000000'],
        parameters: JSON.stringify([{ fileType: 'Combined', filePath: 'c.xlsx' }])
      },
      {
        name: 'x',
        type: 'ExcelExportJob',
        inputFileIds: [template],
        parameters: JSON.stringify({ DatabaseKey: 'MI_Training', InputRecords: [], TemplateFileName: 't.xlsx' })
      },
      {
        name: 'x',
        type: 'ExcelExportJob',
        inputFileIds: [template],
        parameters: JSON.stringify({
          DatabaseKey: 'MI_Training',
          InputRecords: [{ RecordHistoryIdentity: -1 }],
          TemplateFileName: 't.xlsx'
        })
      }
    ]
    for (const body of bad) {
      const res = await t.as('writer').post('jobs', { json: body })
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
    }
  })

  it('lets a reader read but not upload, create, change or delete (403)', async () => {
    const job = await createJob(t, 'writer', await textImportBody(t, 'writer'))
    const form = new FormData()
    form.append('file', new Blob(['x']), 'x.txt')
    expect((await t.as('reader').post('files', { body: form })).statusCode).toBe(403)
    expect((await t.as('reader').post('jobs', { json: await textImportBody(t, 'writer') })).statusCode).toBe(403)
    expect((await t.as('reader').patch(`jobs/${job.id}`, { json: { name: 'n' } })).statusCode).toBe(403)
    expect((await t.as('reader').delete(`jobs/${job.id}`)).statusCode).toBe(403)
    expect((await t.as('reader').delete('jobs', { json: [job.id] })).statusCode).toBe(403)
    expect((await t.as('reader').post(`jobs/${job.id}:move-to-top`)).statusCode).toBe(403)
    expect((await t.as('reader').get(`jobs/${job.id}`)).statusCode).toBe(200)
    expect((await t.as('reader').get('jobs')).statusCode).toBe(200)
  })

  it("lets only admins change or delete other users' jobs and move jobs to the top", async () => {
    const mine = await createJob(t, 'writer', await textImportBody(t, 'writer'))
    const theirs = await createJob(t, 'admin', await textImportBody(t, 'admin'))
    expect((await t.as('writer').patch(`jobs/${theirs.id}`, { json: { name: 'x' } })).statusCode).toBe(403)
    expect((await t.as('writer').delete(`jobs/${theirs.id}`)).statusCode).toBe(403)
    expect((await t.as('writer').delete('jobs', { json: [mine.id, theirs.id] })).statusCode).toBe(403)
    expect((await getJob(t, mine.id)).status).toBe('Pending') // all or nothing
    expect((await t.as('writer').post(`jobs/${mine.id}:move-to-top`)).statusCode).toBe(403)
    expect((await t.as('writer').patch(`jobs/${mine.id}`, { json: { name: 'mine renamed' } })).statusCode).toBe(200)
    expect((await t.as('admin').patch(`jobs/${mine.id}`, { json: { description: 'by admin' } })).statusCode).toBe(200)
    expect((await t.as('admin').post(`jobs/${mine.id}:move-to-top`)).statusCode).toBe(200)
    expect((await t.as('admin').delete(`jobs/${mine.id}`)).statusCode).toBe(200)
  })

  it('updates only the fields sent; rejects bad updates', async () => {
    const job = await createJob(t, 'writer', { ...(await textImportBody(t, 'writer', 'old')), description: 'keep me' })
    const renamed = json<GsaJobBody>(await t.as('writer').patch(`jobs/${job.id}`, { json: { name: 'new' } }))
    expect(renamed).toMatchObject({ name: 'new', description: 'keep me' })
    const scheduled = json<GsaJobBody>(
      await t.as('writer').patch(`jobs/${job.id}`, { json: { scheduledExecutionDate: '2031-05-06T07:08:09+00:00' } })
    )
    expect(scheduled.scheduledExecutionDate).toBe('2031-05-06T07:08:09.000Z')
    expect((await t.as('writer').patch(`jobs/${job.id}`, { json: { name: '' } })).statusCode).toBe(400)
    expect((await t.as('writer').patch(`jobs/${job.id}`, { json: { status: 'Running' } })).statusCode).toBe(400)
    expect((await t.as('writer').patch(`jobs/${job.id}`, { json: { colour: 'red' } })).statusCode).toBe(400)
    expect(
      (await t.as('writer').patch('jobs/7d4e1a52-0000-4000-8000-000000000000', { json: { name: 'x' } })).statusCode
    ).toBe(404)
  })

  it('answers 404 for unknown jobs on every job route', async () => {
    const id = '7d4e1a52-0000-4000-8000-000000000000'
    const c = t.as('admin')
    expect((await c.get(`jobs/${id}`)).statusCode).toBe(404)
    expect((await c.delete(`jobs/${id}`)).statusCode).toBe(404)
    expect((await c.get(`jobs/${id}:retrieve-definition`)).statusCode).toBe(404)
    expect((await c.post(`jobs/${id}:move-to-top`)).statusCode).toBe(404)
    expect((await c.post(`jobs/${id}:resubmit`, { json: {} })).statusCode).toBe(404)
    expect((await c.get(`jobs/${id}/outputs`)).statusCode).toBe(404)
    expect((await c.get(`jobs/${id}/outputs:export`, { searchParams: { fileName: 'x.log' } })).statusCode).toBe(404)
  })

  it('deletes a list of jobs (200 + ids), 422 for an empty list, 400 for a body that is not a list', async () => {
    const a = await createJob(t, 'writer', await textImportBody(t, 'writer'))
    const b = await createJob(t, 'writer', await textImportBody(t, 'writer'))
    const c = await createJob(t, 'writer', await textImportBody(t, 'writer'))
    expect((await t.as('writer').delete('jobs', { json: [] })).statusCode).toBe(422)
    expect((await t.as('writer').delete('jobs', { json: { ids: [a.id] } })).statusCode).toBe(400)
    const res = await t.as('writer').delete('jobs', { json: [a.id, c.id] })
    expect(res.statusCode).toBe(200)
    expect(json<string[]>(res).sort()).toEqual([a.id, c.id].sort())
    expect((await t.as('writer').get(`jobs/${a.id}`)).statusCode).toBe(404)
    expect((await getJob(t, b.id)).position).toBe(1)
  })

  it('retrieves the original create request', async () => {
    const body = {
      ...(await textImportBody(t, 'writer', 'Defined')),
      description: 'd',
      scheduledExecutionDate: '2030-01-01T00:00:00+00:00'
    }
    const job = await createJob(t, 'writer', body)
    const res = await t.as('reader').get(`jobs/${job.id}:retrieve-definition`)
    expect(res.statusCode).toBe(200)
    expect(json(res)).toEqual(body)
  })

  it('filters by type, status, name, description and exact submitter, pages, and always counts all matches', async () => {
    const made: GsaJobBody[] = []
    for (let i = 0; i < 5; i++) {
      made.push(
        await createJob(t, i % 2 ? 'admin' : 'writer', {
          ...(await textImportBody(t, 'writer', `Alpha ${i}`)),
          description: i < 2 ? 'Needle here' : null
        })
      )
    }
    const tpl = await t.upload('writer', asset('combined_import_file.xlsx'))
    await createJob(t, 'writer', {
      name: 'Beta combined',
      type: 'ExcelImportJob',
      inputFileIds: [tpl],
      parameters: JSON.stringify([{ fileType: 'Combined', filePath: 'combined_import_file.xlsx' }])
    })
    await t.as('writer').patch(`jobs/${made[4]?.id}`, { json: { status: 'Cancelled' } })
    const list = async (q: Record<string, string | number>): Promise<Page> =>
      json<Page>(await t.as('reader').get('jobs', { searchParams: q }))

    expect((await list({})).totalResultCount).toBe(6)
    expect((await list({})).results).toHaveLength(6)
    expect((await list({ jobType: 'ExcelImportJob' })).results.map((j) => j.name)).toEqual(['Beta combined'])
    expect((await list({ status: 'Cancelled' })).results.map((j) => j.name)).toEqual(['Alpha 4'])
    expect((await list({ nameFilter: 'alpha' })).totalResultCount).toBe(5)
    expect((await list({ descriptionFilter: 'NEEDLE' })).totalResultCount).toBe(2)
    expect((await list({ submitterNameFilter: 'admin' })).totalResultCount).toBe(2)
    expect((await list({ submitterNameFilter: 'adm' })).totalResultCount).toBe(0)
    const page2 = await list({ pageSize: 2, pageNumber: 2 })
    expect(page2.totalResultCount).toBe(6)
    expect(page2.results.map((j) => j.name)).toEqual(['Alpha 2', 'Alpha 3'])
    const last = await list({ nameFilter: 'Alpha', pageSize: 2, pageNumber: 3 })
    expect(last).toMatchObject({ totalResultCount: 5 })
    expect(last.results.map((j) => j.name)).toEqual(['Alpha 4'])
    expect((await list({ pageSize: 2, pageNumber: 9 })).results).toEqual([])
    expect((await t.as('reader').get('jobs', { searchParams: { pageSize: 0 } })).statusCode).toBe(400)
    expect((await t.as('reader').get('jobs', { searchParams: { pageNumber: 'x', pageSize: 2 } })).statusCode).toBe(400)
  })

  it('lists outputs and refuses an export without fileName', async () => {
    const job = await createJob(t, 'writer', await textImportBody(t, 'writer'))
    const outputs = await t.as('reader').get(`jobs/${job.id}/outputs`)
    expect(outputs.statusCode).toBe(200)
    expect(json(outputs)).toEqual([])
    expect((await t.as('reader').get(`jobs/${job.id}/outputs:export`)).statusCode).toBe(400)
  })
})
