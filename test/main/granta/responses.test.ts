import { describe, expect, it } from 'vitest'
import { AppError } from '../../../common/errors'
import { defaultApplicationName } from '../../../main/granta/http'
import { bounds } from '../../../main/granta/schemas'
import { fakeApi } from './helpers'
import { anyOf } from '../../helpers/match'

const job = (over: Record<string, unknown> = {}) => ({
  id: '0b7f2a52-8c38-4a52-9a59-000000000001',
  name: 'job',
  description: null,
  type: 'ExcelImportJob',
  status: 'Succeeded',
  submitterName: 'writer',
  submitterRoles: ['MI_USER'],
  submissionDate: '2026-11-29T11:59:51.327501+00:00',
  scheduledExecutionDate: null,
  executionDate: '2026-11-29T12:00:00',
  completionDate: '2026-11-29T12:01:00Z',
  position: null,
  inputFileIds: ['f1'],
  outputFileNames: ['job.log'],
  jobSpecificOutputs: { summary: '{"FinishedSuccessfully": false, "NumberOfErrors": 3}' },
  ...over
})

async function serving(body: unknown) {
  return fakeApi((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  })
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.catch((x: unknown) => x)
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

describe('server responses', () => {
  it('are parsed into domain jobs: dates normalised, outputs decoded, extra fields tolerated', async () => {
    const { client, close } = await serving({
      totalResultCount: 1,
      results: [job({ aNewField: { x: 1 } })],
      alsoNew: true
    })
    try {
      const list = await client.listJobs()
      expect(list.totalResultCount).toBe(1)
      expect(list.jobs[0]).toMatchObject({
        submissionDate: '2026-11-29T11:59:51.327Z',
        executionDate: '2026-11-29T12:00:00.000Z',
        outputs: { summary: { FinishedSuccessfully: false, NumberOfErrors: 3 } },
        summary: { kind: 'import', finishedSuccessfully: false, numberOfErrors: 3, numberOfTasks: null }
      })
      expect(list.jobs[0]).not.toHaveProperty('aNewField')
    } finally {
      await close()
    }
  })

  it.each([
    ['no id', job({ id: undefined }), 'results.1.id', null],
    ['an id that is not a string', job({ id: 42 }), 'results.1.id', null],
    ['an empty id', job({ id: '' }), 'results.1.id', null],
    ['not an object', 'a job', 'results.1', null],
    ['a date that is not a date', job({ id: 'j2', submissionDate: 'yesterday' }), 'results.1.submissionDate', 'j2']
  ])('skip and report a job with %s, and keep the others', async (_label, bad, field, id) => {
    const { client, close } = await serving({ totalResultCount: 3, results: [job(), bad, job({ id: 'j3' })] })
    try {
      const list = await client.listJobs()
      expect(list.jobs.map((j) => j.id)).toEqual(['0b7f2a52-8c38-4a52-9a59-000000000001', 'j3'])
      expect(list.skipped).toEqual([{ id, field, reason: anyOf(String) }])
      expect(list.totalResultCount).toBe(3)
    } finally {
      await close()
    }
  })

  it.each([
    ['no results', { totalResultCount: 1 }, 'results'],
    ['results that are not a list', { totalResultCount: 1, results: { a: 1 } }, 'results'],
    ['a list instead of the answer object', [job()], '(body)']
  ])('fail as a whole for an answer with %s', async (_label, body, field) => {
    const { client, close } = await serving(body)
    try {
      const e = await failure(client.listJobs())
      expect(e.code).toBe('ServerResponseInvalid')
      expect(e.detail).toMatchObject({ field })
    } finally {
      await close()
    }
  })

  it('say so when the answer is not JSON', async () => {
    const { client, close } = await serving('<html>login page</html>')
    try {
      const e = await failure(client.currentUser())
      expect(e.code).toBe('ServerResponseInvalid')
      expect(e.detail).toMatchObject({ field: '(body)' })
    } finally {
      await close()
    }
  })

  it('take a flag the current user answer leaves out as false (offer less, never more)', async () => {
    const { client, close } = await serving({ username: 'x', isAdmin: 'yes' })
    try {
      expect(await client.currentUser()).toEqual({ username: 'x', isAdmin: false, hasWriteAccess: false })
    } finally {
      await close()
    }
  })

  it('clamp the processing configuration to sane bounds', async () => {
    const { client, close } = await serving({
      purgeJobAgeInMilliseconds: -5,
      purgeIntervalInMilliseconds: 'often',
      pollingIntervalInMilliseconds: 1,
      concurrency: 10_000
    })
    try {
      expect(await client.processingConfiguration()).toEqual({
        purgeJobAgeInMilliseconds: 0,
        purgeIntervalInMilliseconds: 86_400_000,
        pollingIntervalInMilliseconds: 1_000,
        concurrency: 64
      })
    } finally {
      await close()
    }
  })

  it('hold the bounds the API implies: a job with an over-long id or type is skipped, the rest kept; long text is kept', async () => {
    const { client, close } = await serving({
      totalResultCount: 4,
      results: [
        job({ id: 'x'.repeat(bounds.id + 1) }),
        job({ id: 'long-type', type: 'T'.repeat(bounds.word + 1) }),
        job({ id: 'long-text', name: 'n'.repeat(100_000), description: 'd'.repeat(1_000_000) }),
        job({ id: 'too-many-files', outputFileNames: Array.from({ length: bounds.files + 1 }, (_, i) => `f${i}`) })
      ]
    })
    try {
      const r = await client.listJobs()
      expect(r.jobs.map((j) => j.id)).toEqual(['long-text'])
      expect(r.jobs[0]?.description).toHaveLength(1_000_000)
      expect(r.skipped.map((s) => s.field)).toEqual(['results.0.id', 'results.1.type', 'results.3.outputFileNames'])
    } finally {
      await close()
    }
  })

  it('refuse an outputs list longer than any job has', async () => {
    const { client, close } = await serving(Array.from({ length: bounds.files + 1 }, (_, i) => `f${i}.log`))
    try {
      expect((await failure(client.outputNames('j1'))).code).toBe('ServerResponseInvalid')
    } finally {
      await close()
    }
  })

  it('read an outputs list name by name', async () => {
    const { client, close } = await serving(['a.log', 7, '', 'b.xlsx'])
    try {
      const r = await client.outputNames('j1')
      expect(r.names).toEqual(['a.log', 'b.xlsx'])
      expect(r.skipped.map((s) => s.field)).toEqual(['outputs.1', 'outputs.2'])
    } finally {
      await close()
    }
  })
})

describe('requests', () => {
  it('name the app in User-Agent and X-Granta-ApplicationName, and encode query values', async () => {
    const headers: Record<string, string | string[] | undefined>[] = []
    const urls: string[] = []
    const { client, close } = await fakeApi((req, res) => {
      headers.push(req.headers)
      urls.push(req.url ?? '')
      res.end(JSON.stringify({ totalResultCount: 0, results: [] }))
    })
    try {
      await client.listJobs({
        nameFilter: 'a&b=c+d #e ü%',
        submitterNameFilter: 'DOMAIN\\user',
        pageSize: 50,
        pageNumber: 2
      })
      expect(defaultApplicationName).toMatch(/^JobQueue Desktop\/\d+\.\d+\.\d+/)
      expect(headers[0]?.['user-agent']).toBe(defaultApplicationName)
      expect(headers[0]?.['x-granta-applicationname']).toBe(defaultApplicationName)
      const url = new URL(urls[0] ?? '', 'http://x')
      expect(url.searchParams.get('nameFilter')).toBe('a&b=c+d #e ü%')
      expect(url.searchParams.get('submitterNameFilter')).toBe('DOMAIN\\user')
      expect(url.search).toContain('nameFilter=a%26b%3Dc%2Bd%20%23e%20%C3%BC%25')
      expect(url.searchParams.get('pageNumber')).toBe('2')
      expect(url.searchParams.has('status')).toBe(false)
    } finally {
      await close()
    }
  })

  it('send only the changed fields in an update, and the status for a cancel', async () => {
    const bodies: unknown[] = []
    const { client, close } = await fakeApi((req, res) => {
      let text = ''
      req.on('data', (c: Buffer) => (text += c.toString()))
      req.on('end', () => {
        bodies.push([req.method, req.url, JSON.parse(text)])
        res.end(JSON.stringify(job()))
      })
    })
    try {
      await client.updateJob('a/b', { description: null })
      await client.updateJob('id1', { scheduledExecutionDate: '2026-12-01T10:00:00+01:00' })
      await client.cancelJob('id1')
      expect(bodies).toEqual([
        ['PATCH', '/sl/proxy/v1.svc/mi/v1alpha/job-queue/jobs/a%2Fb', { description: null }],
        [
          'PATCH',
          '/sl/proxy/v1.svc/mi/v1alpha/job-queue/jobs/id1',
          { scheduledExecutionDate: '2026-12-01T09:00:00.000Z' }
        ],
        ['PATCH', '/sl/proxy/v1.svc/mi/v1alpha/job-queue/jobs/id1', { status: 'Cancelled' }]
      ])
      await expect(client.updateJob('id1', {})).rejects.toMatchObject({ code: 'Validation' })
    } finally {
      await close()
    }
  })
})
