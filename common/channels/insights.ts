import { z } from 'zod'
import { insightsSummarySchema } from '../insights/summary-schema'

/** The Insights page and the local history behind it: `insights.*` and `history.*`. */
export const insightChannels = {
  /** The statistics of the connected (or last) connection's history over the last 7 or 30 local days. */
  'insights.summary': {
    input: z
      .object({
        days: z.union([z.literal(7), z.literal(30)]),
        /** The user's IANA time zone (`Intl…resolvedOptions().timeZone`): the days are theirs. */
        timeZone: z.string().min(1).max(100).optional()
      })
      .strict(),
    output: insightsSummarySchema
  },
  /** Deletes the history of every connection on this computer; returns how many jobs it held. */
  'history.clear': { input: z.undefined(), output: z.object({ cleared: z.number().int() }) }
} as const
