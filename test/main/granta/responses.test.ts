import { describe, expect, it } from 'vitest'
import { AppError } from '../../../common/errors'
import { defaultApplicationName } from '../../../main/granta/http'
import { fakeApi } from './helpers'

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
    [
      'a missing required field',
      { totalResultCount: 2, results: [job(), job({ submitterName: undefined })] },
      'results.1.submitterName'
    ],
    ['an unknown status', { totalResultCount: 1, results: [job({ status: 'Paused' })] }, 'results.0.status'],
    ['an unknown job type', { totalResultCount: 1, results: [job({ type: 'PdfExportJob' })] }, 'results.0.type'],
    ['an empty role list', { totalResultCount: 1, results: [job({ submitterRoles: [] })] }, 'results.0.submitterRoles'],
    [
      'a date that is not a date',
      { totalResultCount: 1, results: [job({ submissionDate: 'yesterday' })] },
      'results.0.submissionDate'
    ],
    ['no total', { results: [] }, 'totalResultCount']
  ])('name the field for %s', async (_label, body, field) => {
    const { client, close } = await serving(body)
    try {
      const e = await failure(client.listJobs())
      expect(e.code).toBe('ServerResponseInvalid')
      expect(e.detail).toMatchObject({ field })
      expect(e.message).toContain(`"${field}"`)
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

  it('require both flags of the current user', async () => {
    const { client, close } = await serving({ username: 'x', isAdmin: false })
    try {
      expect((await failure(client.currentUser())).detail).toMatchObject({ field: 'hasWriteAccess' })
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
