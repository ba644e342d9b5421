import type { FaultOptions } from './faults'
import type { BearerSettings } from './oidc/bearer'
import type { SandboxScheme } from './sign-in'

export interface SandboxUser {
  username: string
  password: string
  isAdmin: boolean
  hasWriteAccess: boolean
  roles: string[]
}

export interface ProcessingOptions {
  /** Jobs that may run at the same time. */
  concurrency: number
  /** Idle time between two looks at the queue. */
  pollingIntervalMs: number
  /** Finished jobs older than this (since completion) are purged. */
  purgeAgeMs: number
  /** Time between two purges. */
  purgeIntervalMs: number
  /** A job stays Running at least this long, as on a real server, where even a small job takes seconds. */
  minRunningMs: number
  /** A fixed run time per job type (`ExcelImportJob`: 60_000): a job of that type stays Running this long instead. */
  runTimeMs?: Partial<Record<string, number>>
}

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number
  /** Loopback only; any other value is refused. */
  host?: '127.0.0.1'
  /** Where jobs, uploads, outputs and records live. */
  dataDir: string
  /** Replace the built-in users (admin / writer / reader). */
  users?: SandboxUser[]
  processing?: Partial<ProcessingOptions>
  /** Largest accepted upload, per file. */
  uploadLimitBytes?: number
  /** An uploaded file no job uses is deleted after this time. */
  uploadExpiryMs?: number
  faults?: FaultOptions
  /** Compress JSON answers when asked (gzip, br), as IIS does with dynamic compression on (default true). */
  compression?: boolean
  /** Sign-in schemes offered, one `WWW-Authenticate` header each (default Basic only). */
  auth?: SandboxScheme[]
  /** Negotiate: the service whose key the keytab (KRB5_KTNAME) holds, e.g. `HTTP@localhost`. */
  spn?: string
  /** OIDC (when `auth` lists it): the provider the Bearer challenge names, and what tokens must say. */
  oidc?: BearerSettings
  /** Create the demo queue when dataDir holds no jobs yet. */
  seed?: boolean
  /** Create this many synthetic finished jobs when dataDir holds no jobs yet. */
  seedJobs?: number
  clock?: () => Date
  /** Receives one line per notable server event (startup, recovery, purge). */
  log?: (line: string) => void
}

export const defaultUsers: readonly SandboxUser[] = [
  {
    username: 'admin',
    password: 'admin-pass',
    isAdmin: true,
    hasWriteAccess: true,
    roles: ['MI_ADMIN', 'MI_POWER_USER', 'MI_USER']
  },
  {
    username: 'writer',
    password: 'writer-pass',
    isAdmin: false,
    hasWriteAccess: true,
    roles: ['MI_POWER_USER', 'MI_USER']
  },
  { username: 'reader', password: 'reader-pass', isAdmin: false, hasWriteAccess: false, roles: ['MI_USER'] }
]

export const defaultProcessing: ProcessingOptions = {
  concurrency: 1,
  pollingIntervalMs: 1_000,
  purgeAgeMs: 7 * 24 * 3_600_000,
  purgeIntervalMs: 3_600_000,
  minRunningMs: 0
}

export const GIB = 1024 ** 3
export const defaultUploadLimitBytes = GIB
export const defaultUploadExpiryMs = 3_600_000

export interface ResolvedOptions {
  port: number
  host: '127.0.0.1'
  dataDir: string
  users: readonly SandboxUser[]
  processing: ProcessingOptions
  uploadLimitBytes: number
  uploadExpiryMs: number
  faults?: FaultOptions
  compression: boolean
  auth: SandboxScheme[]
  spn: string
  oidc?: BearerSettings
  seed: boolean
  seedJobs: number
  clock: () => Date
  log: (line: string) => void
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  if (options.host !== undefined && options.host !== '127.0.0.1') {
    throw new Error('The sandbox listens on 127.0.0.1 only.')
  }
  const processing = { ...defaultProcessing, ...options.processing }
  const { runTimeMs, ...numbers } = processing
  for (const [key, value] of Object.entries({ ...numbers, ...runTimeMs })) {
    if (!Number.isInteger(value) || (value ?? 0) < (key === 'concurrency' ? 1 : 0)) {
      throw new Error(`processing.${key} must be a non-negative integer (concurrency at least 1); got ${value}`)
    }
  }
  const users = options.users ?? defaultUsers
  if (users.length === 0) throw new Error('The sandbox needs at least one user.')
  return {
    port: options.port ?? 0,
    host: '127.0.0.1',
    dataDir: options.dataDir,
    users,
    processing,
    uploadLimitBytes: options.uploadLimitBytes ?? defaultUploadLimitBytes,
    uploadExpiryMs: options.uploadExpiryMs ?? defaultUploadExpiryMs,
    faults: options.faults,
    compression: options.compression ?? true,
    auth: resolveAuth(options),
    ...(options.oidc ? { oidc: options.oidc } : {}),
    spn: options.spn ?? 'HTTP@localhost',
    seed: options.seed ?? false,
    seedJobs: options.seedJobs ?? 0,
    clock: options.clock ?? (() => new Date()),
    log: options.log ?? (() => {})
  }
}

function resolveAuth(options: SandboxOptions): SandboxScheme[] {
  const auth = options.auth ?? ['basic']
  if (auth.includes('oidc') && !options.oidc) throw new Error('--auth oidc needs the OIDC provider settings.')
  return auth
}
