import { z } from 'zod'
import { currentUserSchema, processingConfigurationSchema } from './domain'
import { errorValueSchema } from './errors'

/** Saved connections, their secrets' status, connection tests and the session: shared by main and renderer. */

export const SANDBOX_CONNECTION_ID = 'sandbox'
export const sandboxUsers = ['admin', 'writer', 'reader'] as const
export const sandboxUserSchema = z.enum(sandboxUsers)
export type SandboxUser = z.infer<typeof sandboxUserSchema>

export const connectionIdSchema = z.string().trim().min(1, 'Choose a connection.').max(100)

/**
 * How a connection signs in, in the order the dialog prefers them (oidc: single sign-on in the system browser).
 * Add a kind here (and its Authenticator in main/granta/auth.ts); whether it needs a user name and a secret is
 * said once, in `authKinds`.
 */
export const authKindSchema = z.enum(['negotiate', 'ntlm', 'oidc', 'basic', 'anonymous'])
export type AuthKind = z.infer<typeof authKindSchema>

export const authKinds: Record<AuthKind, { label: string; password: boolean; scheme: string | null }> = {
  negotiate: { label: 'Windows (current user)', password: false, scheme: 'negotiate' },
  ntlm: { label: 'Windows account', password: true, scheme: 'ntlm' },
  oidc: { label: 'Single sign-on (OIDC)', password: false, scheme: 'bearer' },
  basic: { label: 'User name and password', password: true, scheme: 'basic' },
  anonymous: { label: 'Anonymous', password: false, scheme: null }
}
/** Kinds that sign in with a user name and a password kept in the keychain. */
export const usesPassword = (kind: AuthKind): boolean => authKinds[kind].password

/** What a server's 401 offers, as connection kinds, in the order the dialog prefers them. */
export function offeredKinds(offer: { schemes: readonly string[]; anonymous: boolean }): AuthKind[] {
  return authKindSchema.options.filter((k) => {
    const scheme = authKinds[k].scheme
    return scheme === null ? offer.anonymous : offer.schemes.includes(scheme)
  })
}

/** A Service Layer URL: http or https, trimmed, without a trailing slash. */
export const serviceLayerUrlSchema = z
  .string()
  .trim()
  .min(1, { error: 'Enter the Service Layer URL, e.g. https://server/mi_servicelayer.', abort: true })
  .max(2000, 'The URL is too long.')
  .refine((v) => {
    try {
      const u = new URL(v)
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
    } catch {
      return false
    }
  }, 'Enter a full http:// or https:// address, e.g. https://server/mi_servicelayer.')
  .transform((v) => v.replace(/\/+$/, ''))

export const tlsOptionsSchema = z
  .object({
    /** An extra CA certificate file (PEM) added to the default trusted roots. */
    caFile: z
      .string()
      .trim()
      .max(4000)
      .nullable()
      .default(null)
      .transform((v) => (v ? v : null)),
    /** Also trust the operating system's certificate store (corporate roots). */
    useSystemStore: z.boolean().default(true)
  })
  .strict()
export type TlsOptions = z.output<typeof tlsOptionsSchema>

/** What a user types in the add/edit form. */
export const connectionFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the connection a name.').max(100, 'Use at most 100 characters.'),
    url: serviceLayerUrlSchema,
    auth: authKindSchema,
    username: z.string().trim().max(256, 'The user name is too long.').default(''),
    tls: tlsOptionsSchema.default({ caFile: null, useSystemStore: true })
  })
  .strict()
  .superRefine((v, ctx) => {
    if (usesPassword(v.auth) && v.username === '') {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter the user name to sign in with.' })
    }
  })
export type ConnectionForm = z.output<typeof connectionFormSchema>
export type ConnectionFormInput = z.input<typeof connectionFormSchema>

/** A connection as stored in connections.json (never with a password). */
export const storedConnectionSchema = z.object({
  id: connectionIdSchema,
  name: z.string().min(1),
  url: z.string().min(1),
  auth: authKindSchema,
  username: z.string(),
  tls: tlsOptionsSchema,
  createdAt: z.string(),
  updatedAt: z.string()
})
export type StoredConnection = z.infer<typeof storedConnectionSchema>

export const passwordStorageSchema = z.enum(['keychain', 'session', 'none'])
export type PasswordStorage = z.infer<typeof passwordStorageSchema>

/** A connection as the renderer sees it. */
export const connectionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Empty for the sandbox until it has started. */
  url: z.string(),
  auth: authKindSchema,
  username: z.string(),
  tls: tlsOptionsSchema,
  builtIn: z.boolean(),
  /** Offered by IT policy (defaultConnections): its name and address cannot be changed, and it cannot be deleted. */
  setByOrganisation: z.boolean(),
  /** Where a password for this connection is kept, if anywhere. */
  passwordStorage: passwordStorageSchema,
  hasSavedPassword: z.boolean(),
  connected: z.boolean(),
  lastUsed: z.boolean()
})
export type ConnectionView = z.infer<typeof connectionViewSchema>

export const connectionListSchema = z.object({
  connections: z.array(connectionViewSchema),
  /** A problem with the saved connections file the user should know about (moved aside, unreadable). */
  notice: z.string().nullable()
})
export type ConnectionList = z.infer<typeof connectionListSchema>

export const connectStepNames = ['probe', 'authenticate', 'api', 'version'] as const
export const connectStepNameSchema = z.enum(connectStepNames)
export type ConnectStepName = z.infer<typeof connectStepNameSchema>

export const connectStepSchema = z.object({
  step: connectStepNameSchema,
  ok: z.boolean(),
  message: z.string(),
  ms: z.number().nonnegative()
})
export type ConnectStep = z.infer<typeof connectStepSchema>

export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  steps: z.array(connectStepSchema),
  serverVersion: z.string().nullable(),
  user: currentUserSchema.nullable(),
  error: errorValueSchema.nullable(),
  /** The kinds the server offers (its WWW-Authenticate schemes, or anonymous access), once the probe got through. */
  offered: z.array(authKindSchema).optional()
})
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>

export const connectionTestInputSchema = z.union([
  z.object({ id: connectionIdSchema, password: z.string().max(4096).optional() }).strict(),
  z.object({ form: connectionFormSchema, password: z.string().max(4096).optional() }).strict()
])

export const sessionSchema = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  url: z.string(),
  username: z.string(),
  isAdmin: z.boolean(),
  hasWriteAccess: z.boolean(),
  serverVersion: z.string(),
  processingConfiguration: processingConfigurationSchema,
  connectedAt: z.string()
})
export type Session = z.infer<typeof sessionSchema>

export const sessionStateSchema = z.object({
  status: z.enum(['offline', 'connecting', 'connected']),
  session: sessionSchema.nullable(),
  /** While connecting: which connection, and the last step reached. */
  connecting: z
    .object({
      connectionId: z.string(),
      connectionName: z.string(),
      step: connectStepNameSchema.nullable(),
      reconnect: z.boolean()
    })
    .nullable(),
  /** Why the last attempt (or the reconnect on start) failed. */
  lastError: errorValueSchema.extend({ connectionId: z.string(), connectionName: z.string() }).nullable(),
  /** Something the user should know about the current session (e.g. the password was kept for this session only). */
  notice: z.string().nullable(),
  /** The server refused the session's sign-in even after one more try: the user must sign in again. */
  signIn: z.object({ connectionId: z.string(), connectionName: z.string(), message: z.string() }).optional()
})
export type SessionState = z.infer<typeof sessionStateSchema>

export const sessionConnectInputSchema = z
  .object({
    id: connectionIdSchema,
    password: z.string().min(1, 'Enter the password.').max(4096).optional(),
    /** Where to keep the password after a successful sign-in; `none` by default. */
    remember: passwordStorageSchema.optional(),
    /** Sandbox only: which built-in user to sign in as. */
    sandboxUser: sandboxUserSchema.optional()
  })
  .strict()

export const keychainStatusSchema = z.object({
  available: z.boolean(),
  /** The store behind it: Windows Credential Manager, Secret Service, macOS Keychain. */
  store: z.string(),
  /** Why it is unavailable, in words a user understands. */
  reason: z.string().nullable(),
  /** IT policy (NeverSavePasswords): passwords are never remembered in the keychain, and saved ones are not used. */
  neverSavePasswords: z.boolean().optional()
})
export type KeychainStatus = z.infer<typeof keychainStatusSchema>

/** The built-in sandbox's users and their passwords (random per installation), as Connections → Sandbox shows them. */
export const sandboxCredentialsSchema = z.object({
  /** Where the passwords are kept: the OS keychain, only until the app quits, or fixed (the documented ones). */
  storage: z.enum(['keychain', 'session', 'fixed']),
  users: z
    .array(
      z.object({
        username: sandboxUserSchema,
        password: z.string().min(1).max(200),
        rights: z.enum(['administrator', 'write', 'read'])
      })
    )
    .max(10)
})
export type SandboxCredentials = z.infer<typeof sandboxCredentialsSchema>
