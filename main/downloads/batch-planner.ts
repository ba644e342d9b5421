import type { BatchRequest, DownloadBatch, DownloadItem, Preview } from '../../common/downloads'
import { AppError } from '../../common/errors'
import type { Clock } from '../clock'
import { parseTemplate } from './layout'
import { resolveSource } from './plan'
import type { DownloadClient } from './source'
import type { TargetResolver } from './target-resolver'
import { batchLabel, say } from './wording'

/** A batch request with its connection decided. */
export type EngineBatchRequest = BatchRequest & { connectionId: string }

export interface PlannedBatch {
  batch: DownloadBatch
  items: DownloadItem[]
  problems: Preview['problems']
}

/** Turns a batch request into a batch and its queued items: which files, laid out where. */
export class BatchPlanner {
  constructor(
    private readonly targets: TargetResolver,
    private readonly clock: Clock,
    private readonly newId: () => string
  ) {}

  /** The paths a batch would produce, without starting anything. */
  async preview(client: DownloadClient, req: EngineBatchRequest, remembered: string | null): Promise<Preview> {
    const destination = this.targets.destination(req.destination, remembered)
    const levels = parseTemplate(req.template)
    const resolved = await resolveSource(client, req.source)
    const entries = await this.targets.withExisting(
      destination,
      this.targets.layOut(destination, levels, resolved.files)
    )
    return { destination, entries, problems: resolved.problems }
  }

  /** Resolves the source and lays its files out as one new batch; refuses a batch with nothing in it. */
  async plan(client: DownloadClient, req: EngineBatchRequest, remembered: string | null): Promise<PlannedBatch> {
    const destination = this.targets.destination(req.destination, remembered)
    const levels = parseTemplate(req.template)
    const resolved = await resolveSource(client, req.source)
    if (resolved.files.length === 0) {
      throw new AppError('NotFound', say.nothingToDownload(resolved.problems[0]?.message))
    }
    const planned = this.targets.layOut(destination, levels, resolved.files)
    const now = this.clock.now().toISOString()
    const batch: DownloadBatch = {
      id: this.newId(),
      connectionId: req.connectionId,
      label: batchLabel(req.source, resolved.files.length),
      destination,
      template: req.template,
      collision: req.collision,
      createdAt: now
    }
    const items = planned.map((p): DownloadItem => ({
      id: this.newId(),
      batchId: batch.id,
      jobId: p.jobId,
      jobName: p.jobName,
      fileName: p.fileName,
      relativePath: p.relativePath,
      targetPath: p.targetPath,
      targetSettled: false,
      state: 'queued',
      bytesDone: 0,
      totalBytes: null,
      attempts: 0,
      restarts: 0,
      createdAt: now
    }))
    return { batch, items, problems: resolved.problems }
  }
}
