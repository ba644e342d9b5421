import { z } from 'zod'

/** A job's output files beyond the queue's own: `outputs.*`. */
const jobId = z.string().min(1).max(200)
const fileName = z.string().min(1).max(1000)

export const outputSizeSchema = z.object({
  name: z.string(),
  /** Null where the server does not say (or the file could not be asked about). */
  bytes: z.number().int().nonnegative().nullable()
})
export type OutputSizeView = z.infer<typeof outputSizeSchema>

export const outputChannels = {
  /** Each output file's size, learned from one byte of it (`Range: bytes=0-0`), never the whole file. */
  'outputs.sizes': {
    input: z.object({ id: jobId, names: z.array(fileName).min(1).max(500) }).strict(),
    output: z.object({ sizes: z.array(outputSizeSchema) })
  }
} as const
