import {
  invokeChannels,
  isInvokeChannel,
  type CallContext,
  type HandlerTable,
  type InvokeChannel
} from '../../common/contract'
import type { z } from 'zod'
import { AppError, toErrorValue, validationError, type ErrorValue, type Result } from '../../common/errors'
import type { Logger } from '../log'

export type Dispatch = (channel: unknown, payload: unknown, ctx: CallContext) => Promise<Result<unknown>>

/**
 * The one path every call from a renderer takes, whatever the transport:
 * known channel → input parsed by its schema → handler → output parsed by its schema.
 * Nothing thrown escapes; everything becomes an error value.
 */
export function createDispatch(table: HandlerTable, logger: Logger): Dispatch {
  return async (channel, payload, ctx) => {
    try {
      if (!isInvokeChannel(channel)) {
        throw new AppError('UnknownChannel', `JobQueue Desktop has no operation named "${channelName(channel)}".`)
      }
      const spec = invokeChannels[channel]
      const parsed = safeParseInput(spec.input, payload, channel)
      if (!parsed.success) throw validationError(parsed.error, `The input of ${channel}`)
      const handler = table[channel] as (input: unknown, ctx: CallContext) => unknown
      const value = await handler(parsed.data, ctx)
      const out = spec.output.safeParse(value)
      if (!out.success) {
        logger.error(`handler ${channel} returned a value that breaks its contract`, out.error)
        throw new AppError(
          'Internal',
          `JobQueue Desktop produced an invalid answer for ${channel}. Please report this.`
        )
      }
      return { ok: true, value: out.data }
    } catch (e) {
      if (!(e instanceof AppError)) logger.error(`handler ${channelName(channel)} threw`, e)
      return { ok: false, error: errorValueOf(e) }
    }
  }
}

/** A channel name fit for a message, whatever the caller sent as one. */
function channelName(channel: unknown): string {
  return typeof channel === 'string' ? channel.slice(0, 100) : `(a ${typeof channel})`
}

/** safeParse, except that an input whose getters or proxy traps throw is a Validation error too. */
function safeParseInput(schema: z.ZodType, payload: unknown, channel: InvokeChannel) {
  try {
    return schema.safeParse(payload)
  } catch {
    throw new AppError('Validation', `The input of ${channel} is not valid: it could not be read.`)
  }
}

/** toErrorValue, even for a thrown value that cannot be turned into a string (no prototype, throwing toString). */
function errorValueOf(e: unknown): ErrorValue {
  try {
    return toErrorValue(e)
  } catch {
    return toErrorValue(new Error('an unprintable value was thrown'))
  }
}

export type { InvokeChannel }
