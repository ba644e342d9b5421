import { systemClock, type Clock } from '../clock'
import type { JobDefinition } from '../../common/domain'
import type { EventBus } from '../events'
import { DraftHandOff } from './hand-off'
import type { PathGate } from '../files/path-gate'
import type { Logger } from '../log'
import { DraftService } from './draft-service'
import { DraftExchange } from './exchange'
import { draftFromJobDefinition } from './from-job'
import { draftHandlers } from './handlers'
import { DraftSubmitter, type SubmitClient } from './submission'
import { signInWaitMs, type SignInWaiter } from '../connections/after-sign-in'

/** What drafts needs from the live Server API client (main/granta). */
export interface DraftsClient extends SubmitClient {
  retrieveDefinition(jobId: string): Promise<JobDefinition>
}

export interface DraftsOptions {
  dataDir: string
  events: EventBus
  /** The live client; throws NotConnected when offline. Only submission and copy-from-job call it. */
  client: () => DraftsClient
  /** A draft refused for its sign-in is sent again once the user has signed in (the session manager). */
  signIn?: SignInWaiter
  clock?: Clock
  undoWindowMs?: number
  /** The user's path grants (main/files): drafts touch no file the user did not grant. */
  gate: PathGate
  logger: Logger
}

export interface Drafts {
  handlers: ReturnType<typeof draftHandlers>
  drafts: DraftService
  exchange: DraftExchange
  submitter: DraftSubmitter
  /** Draft files handed to the app by its command line or a second start. */
  handOff: DraftHandOff
  dispose(): Promise<void>
}

function waitFor(waiter: SignInWaiter): (signal: AbortSignal) => Promise<boolean> {
  return (signal) => waiter.whenSignedIn({ timeoutMs: signInWaitMs, signal })
}

/** Builds the drafts store, exchange and submitter, and sends their events on the bus. */
export function createDrafts(options: DraftsOptions): Drafts {
  const clock = options.clock ?? systemClock
  const now = () => clock.now()
  const drafts = new DraftService({
    dataDir: options.dataDir,
    clock,
    undoWindowMs: options.undoWindowMs,
    mayTouch: (path) => options.gate.grants.isGranted(path),
    onChanged: (delta) => options.events.emit('drafts.changed', delta)
  })
  const exchange = new DraftExchange(drafts, now)
  const submitter = new DraftSubmitter({
    drafts,
    getClient: options.client,
    ...(options.signIn ? { waitForSignIn: waitFor(options.signIn) } : {}),
    clock,
    onProgress: (progress) => options.events.emit('drafts.progress', progress)
  })
  const handOff = new DraftHandOff({
    grants: options.gate.grants,
    importDraft: (path) => exchange.import(path),
    announce: () => options.events.emit('drafts.handedOff', {}),
    logger: options.logger
  })
  return {
    handlers: draftHandlers({
      drafts,
      exchange,
      submitter,
      retrieveDefinition: (jobId) => options.client().retrieveDefinition(jobId),
      clock: now,
      gate: options.gate,
      handOff,
      logger: options.logger
    }),
    drafts,
    exchange,
    submitter,
    handOff,
    async dispose() {
      submitter.cancelAll()
      await drafts.dispose()
    }
  }
}

export { DraftService, DraftExchange, DraftSubmitter, draftFromJobDefinition }
export type { SubmitClient, FileProgress } from './submission'
