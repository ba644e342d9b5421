import { z } from 'zod'
import {
  connectionFormSchema,
  connectionIdSchema,
  connectionListSchema,
  connectionTestInputSchema,
  connectionTestResultSchema,
  connectionViewSchema,
  keychainStatusSchema,
  sandboxCredentialsSchema,
  sessionConnectInputSchema,
  sessionSchema,
  sessionStateSchema
} from '../connections'

/** Saved connections, the session and the keychain: `connections.*`, `session.*` and `keychain.*`. */
const noInput = z.undefined()

export const connectionChannels = {
  'connections.list': { input: noInput, output: connectionListSchema },
  'connections.create': { input: connectionFormSchema, output: connectionViewSchema },
  'connections.update': {
    input: z.object({ id: connectionIdSchema, form: connectionFormSchema }).strict(),
    output: connectionViewSchema
  },
  'connections.delete': { input: z.object({ id: connectionIdSchema }).strict(), output: z.object({ id: z.string() }) },
  /** Runs each connect step against a saved connection or unsaved form values; failures are in the result. */
  'connections.test': { input: connectionTestInputSchema, output: connectionTestResultSchema },
  /** The built-in sandbox's users and passwords (random per installation), for Connections → Sandbox. */
  'connections.sandboxUsers': { input: noInput, output: sandboxCredentialsSchema },
  'session.connect': { input: sessionConnectInputSchema, output: sessionSchema },
  'session.disconnect': { input: noInput, output: sessionStateSchema },
  'session.current': { input: noInput, output: sessionStateSchema },
  /** Forgets the saved password of a connection (the current one by default) and disconnects from it. */
  'session.signOut': {
    input: z.object({ id: connectionIdSchema.optional() }).strict().optional(),
    output: sessionStateSchema
  },
  'keychain.status': { input: noInput, output: keychainStatusSchema }
} as const

export const connectionEvents = {
  'session.changed': sessionStateSchema
} as const
