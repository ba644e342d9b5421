import { join } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { z } from 'zod'
import { JsonFile } from '../../store/json-file'
import { isFinished, storedJobSchema, toGsaJob, type GsaJob, type StoredJob } from './job-model'

const fileSchema = z.object({ jobs: z.array(storedJobSchema), queue: z.array(z.string()) })

export interface JobFilter {
  jobType?: string
  status?: string
  nameFilter?: string
  descriptionFilter?: string
  submitterNameFilter?: string
}

/**
 * Every job in memory (a Map in submission order plus the pending queue in position order),
 * persisted in bulk to `jobs.json`: writes are coalesced, so a burst of changes costs one write.
 */
export class JobStore {
  private readonly jobs = new Map<string, StoredJob>()
  /** Serialised GsaJob of finished jobs (their position is null, so the text never changes). */
  private readonly finishedJson = new Map<string, Buffer>()
  /** Pending job ids, position 1 first. */
  private queue: string[] = []
  private readonly file: JsonFile<z.infer<typeof fileSchema>>
  private writing: Promise<void> = Promise.resolve()
  private dirty = false
  private scheduled = false

  constructor(
    readonly dataDir: string,
    private readonly log: (line: string) => void
  ) {
    this.file = new JsonFile({ path: join(dataDir, 'jobs.json'), schema: fileSchema, version: 1 })
  }

  async load(): Promise<void> {
    const read = await this.file.read()
    if (read.status === 'corrupt') this.log(`jobs.json was unreadable (${read.reason}); moved to ${read.movedTo}`)
    if (read.status !== 'ok') return
    for (const job of read.value.jobs) this.jobs.set(job.id, job)
    this.queue = read.value.queue.filter((id) => this.jobs.get(id)?.status === 'Pending')
    for (const job of this.jobs.values()) {
      if (job.status === 'Pending' && !this.queue.includes(job.id)) this.queue.push(job.id)
    }
  }

  jobDir(id: string): string {
    return join(this.dataDir, 'jobs', id)
  }
  inputDir(id: string): string {
    return join(this.jobDir(id), 'inputs')
  }
  outputDir(id: string): string {
    return join(this.jobDir(id), 'outputs')
  }

  get size(): number {
    return this.jobs.size
  }

  get(id: string): StoredJob | undefined {
    return this.jobs.get(id)
  }

  all(): IterableIterator<StoredJob> {
    return this.jobs.values()
  }

  /** Pending ids in position order. */
  pending(): readonly string[] {
    return this.queue
  }

  position(job: StoredJob): number | null {
    if (job.status === 'Running') return 0
    if (job.status !== 'Pending') return null
    return this.queue.indexOf(job.id) + 1
  }

  view(job: StoredJob): GsaJob {
    return toGsaJob(job, this.position(job))
  }

  /** Matching jobs, filtered like the Server API does (substring, case-insensitive; submitter exact). */
  private *matching(filter: JobFilter): Generator<StoredJob> {
    const name = filter.nameFilter?.toLowerCase()
    const description = filter.descriptionFilter?.toLowerCase()
    for (const job of this.jobs.values()) {
      if (filter.jobType && job.type !== filter.jobType) continue
      if (filter.status && job.status !== filter.status) continue
      if (filter.submitterNameFilter && job.submitterName !== filter.submitterNameFilter) continue
      if (name && !job.name.toLowerCase().includes(name)) continue
      if (description && !(job.description ?? '').toLowerCase().includes(description)) continue
      yield job
    }
  }

  /**
   * The GET /jobs answer as UTF-8 JSON, one page or all. Finished jobs' JSON is cached as bytes,
   * so a 10,000-job list costs one memory copy rather than 10,000 serialisations.
   */
  listJson(filter: JobFilter, page?: { size: number; number: number }): Buffer {
    const positions = new Map(this.queue.map((id, i) => [id, i + 1]))
    const all = [...this.matching(filter)]
    const from = page ? (page.number - 1) * page.size : 0
    const slice = page ? all.slice(from, from + page.size) : all
    const comma = Buffer.from(',')
    const parts: Buffer[] = [Buffer.from(`{"totalResultCount":${all.length},"results":[`)]
    slice.forEach((job, i) => {
      let bytes = this.finishedJson.get(job.id)
      if (!bytes) {
        bytes = Buffer.from(
          JSON.stringify(toGsaJob(job, job.status === 'Running' ? 0 : (positions.get(job.id) ?? null)))
        )
        if (isFinished(job.status)) this.finishedJson.set(job.id, bytes)
      }
      if (i > 0) parts.push(comma)
      parts.push(bytes)
    })
    parts.push(Buffer.from(']}'))
    return Buffer.concat(parts)
  }

  /** Adds a job; a Pending one goes to the end of the queue. */
  add(job: StoredJob): void {
    this.jobs.set(job.id, job)
    if (job.status === 'Pending') this.queue.push(job.id)
    this.changed()
  }

  /** Adds many jobs with one write (seeding). */
  addMany(jobs: StoredJob[]): void {
    for (const job of jobs) {
      this.jobs.set(job.id, job)
      if (job.status === 'Pending') this.queue.push(job.id)
    }
    this.changed()
  }

  update(id: string, change: (job: StoredJob) => void): StoredJob | undefined {
    const job = this.jobs.get(id)
    if (!job) return undefined
    const before = job.status
    change(job)
    this.finishedJson.delete(id)
    if (before === 'Pending' && job.status !== 'Pending') this.queue = this.queue.filter((q) => q !== id)
    if (before !== 'Pending' && job.status === 'Pending') this.queue.push(id)
    this.changed()
    return job
  }

  moveToTop(id: string): void {
    if (!this.queue.includes(id)) return
    this.queue = [id, ...this.queue.filter((q) => q !== id)]
    this.changed()
  }

  remove(id: string): StoredJob | undefined {
    const job = this.jobs.get(id)
    if (!job) return undefined
    this.jobs.delete(id)
    this.finishedJson.delete(id)
    this.queue = this.queue.filter((q) => q !== id)
    this.changed()
    return job
  }

  /** Finished jobs whose completion is at or before `before`. */
  finishedBefore(before: number): StoredJob[] {
    const out: StoredJob[] = []
    for (const job of this.jobs.values()) {
      if (isFinished(job.status) && job.completionDate && Date.parse(job.completionDate) <= before) out.push(job)
    }
    return out
  }

  /** Waits until every change so far is on disk. */
  async flush(): Promise<void> {
    while (this.dirty || this.scheduled) {
      if (this.dirty && !this.scheduled) this.scheduleWrite()
      await this.writing
    }
    await this.writing
  }

  private changed(): void {
    this.dirty = true
    if (!this.scheduled) this.scheduleWrite()
  }

  private scheduleWrite(): void {
    this.scheduled = true
    this.writing = this.writing
      .then(async () => {
        this.scheduled = false
        if (!this.dirty) return
        this.dirty = false
        // Same layout as JsonFile.write, without re-validating 10,000 jobs our own code just built.
        const text = JSON.stringify({ schemaVersion: 1, data: { jobs: [...this.jobs.values()], queue: this.queue } })
        await writeFileAtomic(this.file.path, text + '\n', { fsync: true })
      })
      .catch((e: unknown) => {
        this.log(`could not write jobs.json: ${e instanceof Error ? e.message : String(e)}`)
      })
  }
}
