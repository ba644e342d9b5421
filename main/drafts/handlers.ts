import type { HandlersOf } from '../../common/contract'
import type { JobDefinition } from '../../common/domain'
import type { Logger } from '../log'
import type { DraftExchange } from './exchange'
import type { DraftService } from './draft-service'
import { draftFromJobDefinition } from './from-job'
import type { DraftSubmitter } from './submission'

export interface DraftHandlerDeps {
  drafts: DraftService
  exchange: DraftExchange
  submitter: DraftSubmitter
  /** The live client's `retrieveDefinition`; throws NotConnected when offline. */
  retrieveDefinition: (jobId: string) => Promise<JobDefinition>
  clock: () => Date
  logger: Logger
}

/** The drafts channels of the handler table. */
export function draftHandlers(d: DraftHandlerDeps): HandlersOf<'drafts'> {
  return {
    'drafts.list': (input) => d.drafts.list({ includeArchived: input?.includeArchived ?? false }),
    'drafts.get': ({ id }) => d.drafts.get(id),
    'drafts.create': ({ request }) => d.drafts.create(request),
    'drafts.update': ({ id, request }) => d.drafts.update(id, request),
    'drafts.duplicate': ({ id }) => d.drafts.duplicate(id),
    'drafts.rename': ({ id, name }) => d.drafts.rename(id, name),
    'drafts.delete': ({ id }) => d.drafts.delete(id),
    'drafts.undoDelete': ({ token }) => d.drafts.undoDelete(token),
    'drafts.archive': ({ id, archived }) => d.drafts.archive(id, archived),
    'drafts.export': ({ id, path }) => d.exchange.export(id, path),
    'drafts.import': ({ path }) => d.exchange.import(path),
    'drafts.relink': async (input) => {
      if ('folder' in input) return d.exchange.relinkFolder(input.id, input.folder)
      const draft = await d.drafts.relink(input.id, input.from, input.to)
      return { draft, relinked: [{ from: input.from, to: input.to }], unmatched: [] }
    },
    'drafts.refresh': async () => {
      await d.drafts.refresh()
      return d.drafts.list()
    },
    'drafts.submit': ({ ids }) => {
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
