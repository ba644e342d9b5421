import type { FaultOptions } from './faults'
import type { BearerSettings } from './oidc/bearer'

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
  /** Which sign-in schemes the server accepts: Basic (the default) and/or OIDC Bearer tokens. */
  auth?: SandboxAuth
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

export interface SandboxAuth {
  basic?: boolean
  oidc?: BearerSettings
}

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
  auth: { basic: boolean; oidc?: BearerSettings }
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
  for (const [key, value] of Object.entries(processing)) {
    if (!Number.isInteger(value) || value < (key === 'concurrency' ? 1 : 0)) {
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
    auth: resolveAuth(options.auth),
    seed: options.seed ?? false,
    seedJobs: options.seedJobs ?? 0,
    clock: options.clock ?? (() => new Date()),
    log: options.log ?? (() => {})
  }
}

function resolveAuth(auth: SandboxAuth | undefined): ResolvedOptions['auth'] {
  const basic = auth?.basic ?? !auth?.oidc
  if (!basic && !auth?.oidc) throw new Error('The sandbox needs at least one sign-in scheme (basic or oidc).')
  return auth?.oidc ? { basic, oidc: auth.oidc } : { basic }
}
