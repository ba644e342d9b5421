import { z } from 'zod'

/** What the app hands the sandbox thread (its `workerData`). */
export const sandboxWorkerInput = z.object({
  port: z.literal(0),
  dataDir: z.string().min(1),
  seed: z.boolean(),
  /** The users the server signs in, with their passwords (random per installation in the app). */
  users: z
    .array(
      z.object({
        username: z.string().min(1),
        password: z.string().min(1),
        isAdmin: z.boolean(),
        hasWriteAccess: z.boolean(),
        roles: z.array(z.string())
      })
    )
    .min(1)
    .max(10),
  /** How long each job stays Running at least, as on a real server. */
  minRunningMs: z.number().int().min(0)
})
export type SandboxWorkerInput = z.infer<typeof sandboxWorkerInput>

/** Messages from the sandbox thread to the app. */
export const sandboxWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), url: z.url() }),
  z.object({ type: z.literal('log'), line: z.string() })
])
export type SandboxWorkerMessage = z.infer<typeof sandboxWorkerMessage>

/** Messages from the app to the sandbox thread. */
export const sandboxHostMessage = z.object({ type: z.literal('stop') })
export type SandboxHostMessage = z.infer<typeof sandboxHostMessage>
