import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import got, { type Got, type Response } from 'got'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../../main/sandbox'
import { responseValidator } from './openapi-validator'
import { until } from '../../../helpers/until'

export const assets = fileURLToPath(new URL('../../../../assets/sandbox', import.meta.url))
export const asset = (name: string): string => join(assets, name)

export type UserName = 'admin' | 'writer' | 'reader'
const passwords: Record<UserName, string> = { admin: 'admin-pass', writer: 'writer-pass', reader: 'reader-pass' }

/** Every JSON answer is checked against the OpenAPI document before a test sees it. */
function validateJson(response: Response): Response {
  const type = String(response.headers['content-type'] ?? '')
  if (!type.startsWith('application/json')) return response
  const url = new URL(response.url)
  // Outside the job-queue document: the document itself and the health probe.
  if (/\/(swagger\/v1\/swagger\.json|Health\/v2\.svc)$/.test(url.pathname)) return response
  const validate = responseValidator(response.request.options.method, url.pathname, response.statusCode)
  if (!validate)
    throw new Error(
      `undocumented JSON response: ${response.request.options.method} ${url.pathname} ${response.statusCode}`
    )
  const body: unknown = JSON.parse(String(response.body))
  if (!validate(body)) {
    throw new Error(
      `response does not match the OpenAPI schema (${url.pathname}): ${JSON.stringify(validate.errors)}\n${String(response.body).slice(0, 400)}`
    )
  }
  return response
}

export interface TestSandbox {
  sandbox: Sandbox
  dataDir: string
  /** A got instance for the job-queue root as this user (no retries, no throwing on 4xx/5xx). */
  as(user: UserName | { username: string; password: string } | null): Got
  /** The API root (…/proxy/v1.svc/mi) as this user. */
  api(user: UserName | null): Got
  upload(user: UserName, file: string, name?: string): Promise<string>
  close(): Promise<void>
}

export function clientFor(prefixUrl: string, user: UserName | { username: string; password: string } | null): Got {
  const creds = user === null ? {} : typeof user === 'string' ? { username: user, password: passwords[user] } : user
  return got.extend({
    prefixUrl,
    ...creds,
    throwHttpErrors: false,
    retry: { limit: 0 },
    hooks: { afterResponse: [(response) => validateJson(response)] }
  })
}

export async function openSandbox(options: Partial<SandboxOptions> = {}, dataDir?: string): Promise<TestSandbox> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'jq-sandbox-'))
  const sandbox = await startSandbox({
    port: 0,
    processing: { pollingIntervalMs: 3_600_000 },
    ...options,
    dataDir: dir
  })
  const jobQueue = `${sandbox.apiUrl}/v1alpha/job-queue`
  const as = (user: UserName | { username: string; password: string } | null): Got => clientFor(jobQueue, user)
  return {
    sandbox,
    dataDir: dir,
    as,
    api: (user) => clientFor(sandbox.apiUrl, user),
    async upload(user, file, name) {
      const form = new FormData()
      form.append('file', new Blob([await readFile(file)]), name ?? basename(file))
      const res = await as(user).post('files', { body: form })
      if (res.statusCode !== 200) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
      return res.body
    },
    async close() {
      await sandbox.stop()
      if (!dataDir) rmSync(dir, { recursive: true, force: true })
    }
  }
}

export interface CreateBody {
  name: string
  description?: string | null
  type: string
  scheduledExecutionDate?: string | null
  inputFileIds: string[]
  parameters: string
}

export interface GsaJobBody {
  id: string
  name: string
  description: string | null
  status: string
  type: string
  position: number | null
  submitterName: string
  submitterRoles: string[]
  submissionDate: string
  scheduledExecutionDate: string | null
  executionDate: string | null
  completionDate: string | null
  outputFileNames: string[]
  inputFileIds: string[]
  jobSpecificOutputs: Record<string, string>
}

/** Uploads the asset files and returns a create body for a text import of example_data.txt. */
export async function textImportBody(t: TestSandbox, user: UserName, name = 'Text import'): Promise<CreateBody> {
  const template = await t.upload(user, asset('text_import_template.xml'))
  const data = await t.upload(user, asset('example_data.txt'))
  return {
    name,
    description: null,
    type: 'TextImportJob',
    inputFileIds: [template, data],
    parameters: JSON.stringify([
      { fileType: 'Template', filePath: 'text_import_template.xml' },
      { fileType: 'Data', filePath: 'example_data.txt' }
    ])
  }
}

export async function createJob(t: TestSandbox, user: UserName, body: CreateBody): Promise<GsaJobBody> {
  const res = await t.as(user).post('jobs', { json: body })
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return JSON.parse(res.body) as GsaJobBody
}

export async function getJob(t: TestSandbox, id: string, user: UserName = 'admin'): Promise<GsaJobBody> {
  const res = await t.as(user).get(`jobs/${id}`)
  if (res.statusCode !== 200) throw new Error(`get failed: ${res.statusCode} ${res.body}`)
  return JSON.parse(res.body) as GsaJobBody
}

/** Polls until the job leaves Pending/Running. */
export async function waitFinished(t: TestSandbox, id: string): Promise<GsaJobBody> {
  return until(
    async () => {
      const job = await getJob(t, id)
      return job.status !== 'Pending' && job.status !== 'Running' && job
    },
    `job ${id} to finish`,
    120_000
  )
}

export const json = <T>(res: { body: string }): T => JSON.parse(res.body) as T
