import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ProcessingOptions } from '../options'
import { processJob, type RecordStore } from '../processor'
import { JobLogWriter, logFileName } from './job-log'
import type { StoredJob } from './job-model'
import { describeOutputs } from './outputs'
import type { JobStore } from './job-store'

/**
 * Runs Pending jobs in position order, `concurrency` at a time, skipping jobs whose
 * scheduledExecutionDate is still ahead; purges old finished jobs.
 */
export class Scheduler {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>()
  private pollTimer: NodeJS.Timeout | undefined
  private purgeTimer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(
    private readonly store: JobStore,
    private readonly records: RecordStore,
    private readonly config: ProcessingOptions,
    private readonly clock: () => Date,
    private readonly log: (line: string) => void
  ) {}

  start(): void {
    const poll = (): void => {
      this.tick()
      this.pollTimer = setTimeout(poll, this.config.pollingIntervalMs)
    }
    this.pollTimer = setTimeout(poll, this.config.pollingIntervalMs)
    const purge = (): void => {
      void this.purge()
      this.purgeTimer = setTimeout(purge, this.config.purgeIntervalMs)
    }
    this.purgeTimer = setTimeout(purge, this.config.purgeIntervalMs)
  }

  /** One scheduling pass: starts as many ready jobs as the concurrency allows. */
  tick(): string[] {
    const started: string[] = []
    if (this.stopped) return started
    const now = this.clock().getTime()
    for (const id of [...this.store.pending()]) {
      if (this.running.size >= this.config.concurrency) break
      const job = this.store.get(id)
      if (!job) continue
      if (job.scheduledExecutionDate && Date.parse(job.scheduledExecutionDate) > now) continue
      this.run(job)
      started.push(id)
    }
    return started
  }

  /**
   * Runs one Pending job at once, whatever the queue says, and waits for it (seeding: no minimum running time).
   * `clock` is the job's own time, for a backdated job: its dates and its log's lines are stamped with it.
   */
  async runNow(id: string, clock: () => Date = this.clock): Promise<void> {
    const job = this.store.get(id)
    if (!job || job.status !== 'Pending') return
    this.run(job, 0, clock)
    await this.whenDone(id)
  }

  /** Resolves when no job is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.done))
  }

  /** Resolves when the job is not running (at once if it is not). */
  async whenDone(id: string): Promise<void> {
    await this.running.get(id)?.done
  }

  isRunning(id: string): boolean {
    return this.running.has(id)
  }

  /** Stops a running job (its job was deleted); its result is thrown away. */
  abort(id: string): void {
    this.running.get(id)?.abort.abort()
  }

  async purge(): Promise<number> {
    const old = this.store.finishedBefore(this.clock().getTime() - this.config.purgeAgeMs)
    for (const job of old) {
      this.store.remove(job.id)
      await rm(this.store.jobDir(job.id), { recursive: true, force: true })
    }
    if (old.length) this.log(`purged ${old.length} job(s) finished more than ${this.config.purgeAgeMs} ms ago`)
    return old.length
  }

  /** Stops scheduling; running jobs are abandoned and come back Failed at the next start. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.pollTimer)
    clearTimeout(this.purgeTimer)
    for (const r of this.running.values()) r.abort.abort()
    await Promise.allSettled([...this.running.values()].map((r) => r.done))
  }

  private run(
    job: StoredJob,
    minRunningMs = this.config.runTimeMs?.[job.type] ?? this.config.minRunningMs,
    clock = this.clock
  ): void {
    const abort = new AbortController()
    const id = job.id
    this.store.update(id, (j) => {
      j.status = 'Running'
      j.executionDate = clock().toISOString()
    })
    const done = this.execute(job, abort.signal, minRunningMs, clock).finally(() => {
      this.running.delete(id)
    })
    this.running.set(id, { abort, done })
  }

  private async execute(job: StoredJob, signal: AbortSignal, minRunningMs: number, clock: () => Date): Promise<void> {
    const outputDir = this.store.outputDir(job.id)
    const log = new JobLogWriter(clock)
    let failed = false
    let summary: Record<string, unknown> | undefined
    let outputFiles: string[] = []
    const started = performance.now()
    try {
      await mkdir(outputDir, { recursive: true })
      const result = await processJob({
        jobName: job.name,
        type: job.type,
        files: job.files.map((f) => ({
          fileType: f.fileType,
          virtualPath: f.virtualPath,
          diskPath: join(this.store.inputDir(job.id), f.storedName)
        })),
        exportParameters: job.exportParameters,
        outputDir,
        records: this.records,
        log,
        signal
      })
      summary = result.summary
      outputFiles = result.outputFiles
      failed = result.failed
    } catch (e) {
      failed = true
      log.error(`The job stopped unexpectedly: ${e instanceof Error ? e.message : String(e)}`)
    }
    const rest = minRunningMs - (performance.now() - started)
    if (rest > 0) await sleep(rest, undefined, { signal }).catch(() => {})
    if (this.stopped || signal.aborted || !this.store.get(job.id)) return
    try {
      const logName = logFileName(job.name)
      await log.save(join(outputDir, logName))
      const outputs = await describeOutputs(outputDir, [logName, ...outputFiles.filter((n) => n !== logName)])
      if (!this.store.get(job.id)) return
      this.store.update(job.id, (j) => {
        j.status = failed ? 'Failed' : 'Succeeded'
        j.completionDate = clock().toISOString()
        j.outputs = outputs
        j.jobSpecificOutputs = summary ? { summary: JSON.stringify(summary) } : {}
      })
    } catch (e) {
      this.log(`could not record the result of job ${job.id}: ${e instanceof Error ? e.message : String(e)}`)
      this.store.update(job.id, (j) => {
        j.status = 'Failed'
        j.completionDate = clock().toISOString()
      })
    }
  }
}
