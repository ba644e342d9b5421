import { randomUUID } from 'node:crypto'
import { cp, mkdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { parseClientDate } from '../dates'
import type { SandboxUser } from '../options'
import { HttpError } from '../problem'
import type { UploadStore } from '../uploads'
import { planJob } from './create-request'
import { isFinished, jobStatuses, type StoredJob } from './job-model'
import type { JobStore } from './job-store'
import type { Scheduler } from './scheduler'

const updateSchema = z.strictObject({
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  scheduledExecutionDate: z.string().nullable().optional(),
  status: z.enum(jobStatuses).optional()
})
const resubmitSchema = z.strictObject({
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  scheduledExecutionDate: z.string().nullable().optional()
})

const requireWrite = (user: SandboxUser): void => {
  if (!user.hasWriteAccess) throw new HttpError(403, `User "${user.username}" has read-only access to the job queue.`)
}

const requireOwnerOrAdmin = (user: SandboxUser, job: StoredJob): void => {
  requireWrite(user)
  if (!user.isAdmin && job.submitterName !== user.username) {
    throw new HttpError(
      403,
      `Only administrators can change or delete jobs submitted by other users (this job belongs to "${job.submitterName}").`
    )
  }
}

const toIso = (text: string, field: string): string => {
  const date = parseClientDate(text)
  if (!date) throw new HttpError(400, `${field} "${text}" is not an ISO 8601 date-time.`)
  return date.toISOString()
}

/** The job-queue rules: who may do what, and what each change does to the queue. */
export class JobService {
  constructor(
    private readonly store: JobStore,
    private readonly uploads: UploadStore,
    private readonly scheduler: Scheduler,
    private readonly clock: () => Date
  ) {}

  find(id: string): StoredJob {
    const job = this.store.get(id)
    if (!job) throw new HttpError(404, `There is no job with id "${id}".`)
    return job
  }

  async create(user: SandboxUser, body: unknown): Promise<StoredJob> {
    requireWrite(user)
    const plan = planJob(body)
    for (const f of plan.files) {
      if (!this.uploads.get(f.uploadId)) {
        throw new HttpError(
          400,
          `No uploaded file has id "${f.uploadId}" (it may have expired); upload it again with POST /files.`
        )
      }
    }
    const id = randomUUID()
    const inputDir = this.store.inputDir(id)
    const files = plan.files.map((f) => ({
      fileType: f.fileType,
      virtualPath: f.virtualPath,
      storedName: f.virtualPath
    }))
    try {
      for (const f of plan.files) {
        const target = join(inputDir, f.virtualPath)
        await mkdir(dirname(target), { recursive: true })
        await this.uploads.take(f.uploadId, target)
      }
    } catch (e) {
      await rm(this.store.jobDir(id), { recursive: true, force: true })
      // Two requests racing for the same upload: the loser hears what happened.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new HttpError(400, 'An uploaded file of this request was just used by another job; upload it again.')
      throw e
    }
    const job: StoredJob = {
      id,
      name: plan.name,
      description: plan.description,
      type: plan.type,
      status: 'Pending',
      submitterName: user.username,
      submitterRoles: user.roles.length ? user.roles : ['MI_USER'],
      submissionDate: this.clock().toISOString(),
      scheduledExecutionDate: plan.scheduledExecutionDate,
      executionDate: null,
      completionDate: null,
      inputFileIds: plan.files.map((f) => f.uploadId),
      files,
      exportParameters: plan.exportParameters,
      outputs: [],
      jobSpecificOutputs: null,
      definition: plan.definition
    }
    this.store.add(job)
    return job
  }

  update(user: SandboxUser, id: string, body: unknown): StoredJob {
    const job = this.find(id)
    requireOwnerOrAdmin(user, job)
    const parsed = updateSchema.safeParse(body ?? {})
    if (!parsed.success)
      throw new HttpError(
        400,
        `The update is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`
      )
    const change = parsed.data
    if (change.name !== undefined && !change.name?.trim()) throw new HttpError(400, 'A job name cannot be empty.')
    if (change.status !== undefined && change.status !== job.status) {
      if (change.status !== 'Cancelled')
        throw new HttpError(400, `The status can only be set to Cancelled, not ${change.status}.`)
      if (job.status !== 'Pending')
        throw new HttpError(409, `Only a Pending job can be cancelled; this job is ${job.status}.`)
    }
    if (change.scheduledExecutionDate !== undefined && job.status !== 'Pending') {
      throw new HttpError(409, `Only a Pending job can be rescheduled; this job is ${job.status}.`)
    }
    const scheduled = change.scheduledExecutionDate
      ? toIso(change.scheduledExecutionDate, 'scheduledExecutionDate')
      : null
    return (
      this.store.update(id, (j) => {
        if (change.name) j.name = change.name.trim()
        if (change.description !== undefined) j.description = change.description
        if (change.scheduledExecutionDate !== undefined) j.scheduledExecutionDate = scheduled
        if (change.status === 'Cancelled' && j.status === 'Pending') {
          j.status = 'Cancelled'
          j.completionDate = this.clock().toISOString()
        }
      }) ?? job
    )
  }

  moveToTop(user: SandboxUser, id: string): void {
    const job = this.find(id)
    if (!user.isAdmin) throw new HttpError(403, 'Only administrators can move a job to the top of the queue.')
    if (job.status !== 'Pending')
      throw new HttpError(409, `Only a Pending job can be moved; this job is ${job.status}.`)
    this.store.moveToTop(id)
  }

  async resubmit(user: SandboxUser, id: string, body: unknown): Promise<StoredJob> {
    requireWrite(user)
    const source = this.find(id)
    if (!isFinished(source.status))
      throw new HttpError(409, `Only a finished job can be resubmitted; this job is ${source.status}.`)
    const parsed = resubmitSchema.safeParse(body ?? {})
    if (!parsed.success)
      throw new HttpError(
        400,
        `The resubmit request is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`
      )
    const o = parsed.data
    const scheduled = o.scheduledExecutionDate ? toIso(o.scheduledExecutionDate, 'scheduledExecutionDate') : null
    const newId = randomUUID()
    await cp(this.store.inputDir(id), this.store.inputDir(newId), { recursive: true })
    const name = o.name?.trim() || source.name
    const description = o.description !== undefined ? o.description : source.description
    const job: StoredJob = {
      ...structuredClone(source),
      id: newId,
      name,
      description,
      status: 'Pending',
      submitterName: user.username,
      submitterRoles: user.roles.length ? user.roles : ['MI_USER'],
      submissionDate: this.clock().toISOString(),
      scheduledExecutionDate: scheduled,
      executionDate: null,
      completionDate: null,
      outputs: [],
      jobSpecificOutputs: null,
      definition: { ...structuredClone(source.definition), name, description, scheduledExecutionDate: scheduled }
    }
    this.store.add(job)
    return job
  }

  /** Deletes jobs after checking every permission first: all or nothing. */
  async delete(user: SandboxUser, ids: string[]): Promise<string[]> {
    requireWrite(user)
    const jobs = ids.map((id) => this.store.get(id)).filter((j): j is StoredJob => !!j)
    for (const job of jobs) requireOwnerOrAdmin(user, job)
    const deleted: string[] = []
    for (const job of jobs) {
      if (this.scheduler.isRunning(job.id)) this.scheduler.abort(job.id)
      this.store.remove(job.id)
      deleted.push(job.id)
    }
    for (const job of jobs) {
      await this.scheduler.whenDone(job.id)
      await rm(this.store.jobDir(job.id), { recursive: true, force: true })
    }
    return deleted
  }
}
