import { z } from 'zod'
import { queueFiltersSchema } from './queue-view/filter'
import { columnIdSchema, columnIds, sortStateSchema } from './queue-view/sort'

/**
 * What the queue view sends to export what it shows: its filter, its sort and its visible columns — never ids.
 * Main recomputes the rows from the jobs it holds, so the file is exactly the view, and the renderer cannot make
 * main write anything else.
 */
export const exportFormatSchema = z.enum(['xlsx', 'csv'])
export type ExportFormatChoice = z.infer<typeof exportFormatSchema>

export const queueExportInputSchema = z
  .object({
    format: exportFormatSchema,
    filter: queueFiltersSchema,
    sort: sortStateSchema,
    columns: z
      .array(columnIdSchema)
      .min(1)
      .max(columnIds.length)
      .refine((c) => new Set(c).size === c.length, 'Each column may be exported once.'),
    /** A path the user chose in a save dialog (or typed, where main lets it in); none in the browser host: main then
     * writes into the default download folder. */
    path: z.string().min(1).max(32_767).optional()
  })
  .strict()
export type QueueExportInput = z.infer<typeof queueExportInputSchema>

export const queueExportResultSchema = z.object({ path: z.string(), rows: z.number().int() })
export type QueueExportResult = z.infer<typeof queueExportResultSchema>
