import { z } from 'zod'
import { queueChannels, queueEvents } from './queue-channels'
import { desktopChannels } from './desktop-channels'
import { downloadChannels, downloadEvents } from './downloads'
import { outputChannels } from './output-channels'
import type { Result } from './errors'
import {
  connectionFormSchema,
  connectionIdSchema,
  connectionListSchema,
  connectionTestInputSchema,
  connectionTestResultSchema,
  connectionViewSchema,
  keychainStatusSchema,
  sessionConnectInputSchema,
  sessionSchema,
  sessionStateSchema
} from './connections'
import {
  batchProgressSchema,
  cancelSubmitResultSchema,
  deleteResultSchema,
  draftInputs,
  draftListSchema,
  draftsChangedSchema,
  draftViewSchema,
  exportResultSchema,
  relinkResultSchema,
  submitStartedSchema
} from './drafts'

/**
 * Every channel between renderer and main, declared once.
 * Invoke channels: renderer → main, with an input and an output schema.
 * Event channels: main → renderer, with a payload schema.
 * Names are `<group>.<method>`; the facade exposes them as `window.jobqueue.<group>.<method>(input)`.
 */

const noInput = z.undefined()

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  host: z.enum(['electron', 'browser']),
  versions: z.record(z.string(), z.string()),
  dataDir: z.string()
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const invokeChannels = {
  ...desktopChannels,
  ...queueChannels,
  ...outputChannels,
  ...downloadChannels,
  'app.info': { input: noInput, output: appInfoSchema },
  'app.ping': {
    input: z.object({ message: z.string().max(10_000) }).strict(),
    output: z.object({ message: z.string(), receivedAt: z.string() })
  },
  'connections.list': { input: noInput, output: connectionListSchema },
  'connections.create': { input: connectionFormSchema, output: connectionViewSchema },
  'connections.update': {
    input: z.object({ id: connectionIdSchema, form: connectionFormSchema }).strict(),
    output: connectionViewSchema
  },
  'connections.delete': { input: z.object({ id: connectionIdSchema }).strict(), output: z.object({ id: z.string() }) },
  /** Runs each connect step against a saved connection or unsaved form values; failures are in the result. */
  'connections.test': { input: connectionTestInputSchema, output: connectionTestResultSchema },
  'session.connect': { input: sessionConnectInputSchema, output: sessionSchema },
  'session.disconnect': { input: noInput, output: sessionStateSchema },
  'session.current': { input: noInput, output: sessionStateSchema },
  /** Forgets the saved password of a connection (the current one by default) and disconnects from it. */
  'session.signOut': {
    input: z.object({ id: connectionIdSchema.optional() }).strict().optional(),
    output: sessionStateSchema
  },
  'keychain.status': { input: noInput, output: keychainStatusSchema },
  'drafts.list': { input: draftInputs.list, output: draftListSchema },
  'drafts.get': { input: draftInputs.get, output: draftViewSchema },
  'drafts.create': { input: draftInputs.create, output: draftViewSchema },
  'drafts.update': { input: draftInputs.update, output: draftViewSchema },
  'drafts.duplicate': { input: draftInputs.duplicate, output: draftViewSchema },
  'drafts.rename': { input: draftInputs.rename, output: draftViewSchema },
  /** Moves a draft to the trash; `drafts.undoDelete` with the token brings it back for a few seconds. */
  'drafts.delete': { input: draftInputs.delete, output: deleteResultSchema },
  'drafts.undoDelete': { input: draftInputs.undoDelete, output: draftViewSchema },
  'drafts.archive': { input: draftInputs.archive, output: draftViewSchema },
  'drafts.export': { input: draftInputs.export, output: exportResultSchema },
  'drafts.import': { input: draftInputs.import, output: draftViewSchema },
  /** One file (`from` → `to`), or every missing file from a folder (matched by name, size and SHA-256). */
  'drafts.relink': { input: draftInputs.relink, output: relinkResultSchema },
  /** Re-checks files and rules of every draft (call when the window regains focus). */
  'drafts.refresh': { input: noInput, output: draftListSchema },
  /** Starts submitting one or many drafts, one after another; follow `drafts.progress`. Needs a connection. */
  'drafts.submit': { input: draftInputs.submit, output: submitStartedSchema },
  'drafts.cancelSubmit': { input: draftInputs.cancelSubmit, output: cancelSubmitResultSchema },
  /** "Copy to new draft" from a job in the queue. Needs a connection. */
  'drafts.fromJob': { input: draftInputs.fromJob, output: draftViewSchema }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

/** A button on an in-page notice: the browser host's stand-in for clicking a system notification about a job. */
export const noticeActionSchema = z.object({ label: z.string().min(1), jobId: z.string().min(1) })
export type NoticeAction = z.infer<typeof noticeActionSchema>

export const eventChannels = {
  ...queueEvents,
  ...downloadEvents,
  'app.notice': z.object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    action: noticeActionSchema.optional()
  }),
  'session.changed': sessionStateSchema,
  'drafts.changed': draftsChangedSchema,
  'drafts.progress': batchProgressSchema
} as const satisfies Record<string, z.ZodType>

export type InvokeChannel = keyof typeof invokeChannels
export type EventChannel = keyof typeof eventChannels
export type InputOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['input']>
export type ParsedInputOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['input']>
export type OutputOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['output']>
export type PayloadOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>

export const invokeChannelNames = Object.keys(invokeChannels) as InvokeChannel[]
export const eventChannelNames = Object.keys(eventChannels) as EventChannel[]

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(invokeChannels, name)
}
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventChannels, name)
}

/** What a handler learns about its caller. */
export interface CallContext {
  /** `electron` for the app window, `browser` for the browser host. */
  transport: 'electron' | 'browser'
}

/** The table main must implement: one handler per invoke channel, checked for completeness by the compiler. */
export type HandlerTable = {
  [C in InvokeChannel]: (input: ParsedInputOf<C>, ctx: CallContext) => Promise<OutputOf<C>> | OutputOf<C>
}

type GroupOf<C extends string> = C extends `${infer G}.${string}` ? G : never
type MethodOf<C extends string, G extends string> = C extends `${G}.${infer M}` ? M : never
export type ChannelGroup = GroupOf<InvokeChannel>

/** A method of the facade: no argument when the channel takes none. */
export type FacadeMethod<C extends InvokeChannel> =
  undefined extends InputOf<C>
    ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>>
    : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>

export type Unsubscribe = () => void

/** `window.jobqueue`: what the preload (or the browser shim) exposes, derived from the channel list. */
export type JobQueueFacade = {
  [G in ChannelGroup]: { [M in MethodOf<InvokeChannel, G>]: FacadeMethod<Extract<`${G}.${M}`, InvokeChannel>> }
} & {
  on<E extends EventChannel>(event: E, listener: (payload: PayloadOf<E>) => void): Unsubscribe
  /** The local path of a file dropped on the window; '' where the host cannot tell (the browser host). */
  pathForFile(file: unknown): string
}

/** Builds the facade over any transport: the preload (ipcRenderer) and the browser shim (WebSocket) both use it. */
export function buildFacade(
  invoke: (channel: InvokeChannel, input: unknown) => Promise<Result<unknown>>,
  subscribe: (event: EventChannel, listener: (payload: unknown) => void) => Unsubscribe,
  pathForFile: (file: unknown) => string = () => ''
): JobQueueFacade {
  const groups: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {}
  for (const channel of invokeChannelNames) {
    const dot = channel.indexOf('.')
    const group = channel.slice(0, dot)
    const method = channel.slice(dot + 1)
    groups[group] ??= {}
    groups[group][method] = (input?: unknown) => invoke(channel, input)
  }
  const on = (event: EventChannel, listener: (payload: unknown) => void): Unsubscribe => {
    if (!isEventChannel(event)) throw new Error(`Unknown event channel: ${String(event)}`)
    return subscribe(event, listener)
  }
  const safePath = (file: unknown): string => {
    try {
      return pathForFile(file)
    } catch {
      return ''
    }
  }
  return { ...groups, on, pathForFile: safePath } as unknown as JobQueueFacade
}
