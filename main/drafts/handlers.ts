import type { HandlersOf } from '../../common/contract'
import type { JobDefinition } from '../../common/domain'
import type { JobRequest } from '../../common/job-request'
import type { PathGate } from '../files/path-gate'
import type { Logger } from '../log'
import { exportTarget, type DraftExchange } from './exchange'
import type { DraftService } from './draft-service'
import type { DraftHandOff } from './hand-off'
import { draftFromJobDefinition } from './from-job'
import { requestPaths } from './request-paths'
import type { DraftSubmitter } from './submission'

export interface DraftHandlerDeps {
  drafts: DraftService
  exchange: DraftExchange
  submitter: DraftSubmitter
  /** The live client's `retrieveDefinition`; throws NotConnected when offline. */
  retrieveDefinition: (jobId: string) => Promise<JobDefinition>
  clock: () => Date
  /** The user's path grants: every path a draft reads, writes or uploads must be granted. */
  gate: PathGate
  /** Draft files handed to the app (file association, `--import`, a second start). */
  handOff: DraftHandOff
  logger: Logger
}

/** The drafts channels of the handler table. */
export function draftHandlers(d: DraftHandlerDeps): HandlersOf<'drafts'> {
  const { gate } = d
  const { grants } = gate
  /** A draft's files are kept granted across restarts; typed ones only where typed paths are taken (browser host). */
  const keepFiles = (request: JobRequest): void => {
    for (const p of requestPaths(request)) if (gate.admitQuietly(p)) grants.keep(p)
  }
  return {
    'drafts.list': (input) => d.drafts.list({ includeArchived: input?.includeArchived ?? false }),
    'drafts.get': ({ id }) => d.drafts.get(id),
    'drafts.create': ({ request }) => {
      keepFiles(request)
      return d.drafts.create(request)
    },
    'drafts.update': ({ id, request }) => {
      keepFiles(request)
      return d.drafts.update(id, request)
    },
    'drafts.duplicate': ({ id }) => d.drafts.duplicate(id),
    'drafts.rename': ({ id, name }) => d.drafts.rename(id, name),
    'drafts.delete': ({ id }) => d.drafts.delete(id),
    'drafts.undoDelete': ({ token }) => d.drafts.undoDelete(token),
    'drafts.archive': ({ id, archived }) => d.drafts.archive(id, archived),
    'drafts.export': async ({ id, path }) => {
      await gate.admit(path, 'write')
      // The extension the app adds belongs to the name the user chose.
      if (exportTarget(path) !== path) grants.grant(exportTarget(path), 'file', 'dialog')
      return d.exchange.export(id, path)
    },
    'drafts.import': async ({ path }) => {
      await gate.admit(path, 'read')
      return d.exchange.import(path)
    },
    'drafts.relink': async (input) => {
      if ('folder' in input) {
        await gate.admit(input.folder, 'folder', 'folder')
        const result = await d.exchange.relinkFolder(input.id, input.folder)
        for (const { to } of result.relinked) grants.keep(to)
        return result
      }
      await gate.admit(input.to, 'read', 'file', true)
      const draft = await d.drafts.relink(input.id, input.from, input.to)
      return { draft, relinked: [{ from: input.from, to: input.to }], unmatched: [] }
    },
    'drafts.takeHandOffs': () => d.handOff.take(),
    'drafts.refresh': async () => {
      await d.drafts.refresh()
      return d.drafts.list()
    },
    'drafts.submit': async ({ ids }) => {
      // Uploads read only granted files: a draft cannot name /etc/passwd and have it sent on submit.
      await d.drafts.list()
      for (const id of ids) {
        let files: { path: string; origin: string }[] = []
        try {
          files = d.drafts.record(id).files
        } catch {
          continue // the submitter reports a missing draft in its progress
        }
        for (const f of files) if (f.origin !== 'server') grants.check(f.path)
      }
      const { batchId, done } = d.submitter.submit(ids)
      // The outcome reaches the renderer through drafts.progress and drafts.changed.
      done.catch((e: unknown) => d.logger.warn(`submitting drafts (batch ${batchId}) failed`, e))
      return { batchId }
    },
    'drafts.cancelSubmit': ({ batchId }) => ({ cancelled: d.submitter.cancel(batchId) }),
    'drafts.fromJob': async ({ jobId }) => {
      const definition = await d.retrieveDefinition(jobId)
      return d.drafts.insert(draftFromJobDefinition(definition, jobId, d.clock()))
    }
  }
}
