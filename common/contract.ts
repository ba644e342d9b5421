import type { z } from 'zod'
import { appChannels, appEvents } from './channels/app'
import { connectionChannels, connectionEvents } from './channels/connections'
import { downloadChannels, downloadEvents } from './channels/downloads'
import { draftChannels, draftEvents } from './channels/drafts'
import { fileChannels } from './channels/files'
import { insightChannels } from './channels/insights'
import { outputChannels } from './channels/outputs'
import { queueChannels, queueEvents } from './channels/queue'
import type { Result } from './errors'

/**
 * Every channel between renderer and main, assembled from the feature files in `common/channels/`.
 * Invoke channels: renderer → main, with an input and an output schema.
 * Event channels: main → renderer, with a payload schema.
 * Names are `<group>.<method>`; the facade exposes them as `window.jobqueue.<group>.<method>(input)`.
 */

export const invokeChannels = {
  ...appChannels,
  ...connectionChannels,
  ...queueChannels,
  ...outputChannels,
  ...draftChannels,
  ...downloadChannels,
  ...fileChannels,
  ...insightChannels
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export const eventChannels = {
  ...appEvents,
  ...connectionEvents,
  ...queueEvents,
  ...draftEvents,
  ...downloadEvents
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

/**
 * Sent by the preload alone (never part of the facade) when webUtils gives a dropped File's path: main grants it.
 * The page cannot send it; it only reaches pathForFile, and webUtils returns '' for a File not from the disk.
 */
export const DROP_GRANT_CHANNEL = 'jobqueue:dropped-file'

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

/** The part of the handler table a feature implements: `HandlersOf<'queue' | 'jobs'>`. */
export type HandlersOf<G extends ChannelGroup> = Pick<HandlerTable, Extract<InvokeChannel, `${G}.${string}`>>

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
