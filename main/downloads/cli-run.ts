import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { AuthSettings } from '../granta/auth'
import {
  collisionModeSchema,
  concurrencySchema,
  DEFAULT_CONCURRENCY,
  DEFAULT_LAYOUT_TEMPLATE,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY,
  jobFilterSchema,
  type ItemCounts,
  type ProgressEvent
} from '../../common/downloads'
import { toErrorValue } from '../../common/errors'
import { formatBytes, formatDuration, formatSpeed } from '../../common/format'
import type { Logger } from '../log'
import { DownloadEngine } from './engine'
import type { DownloadClient } from './source'

export const usage = `Downloads every output file of the jobs that match a filter, with the app's download engine.

  npm run download -- --connection NAME [filters] --to DIR [options]
  npm run download -- --url URL [--auth KIND] [--user USER] [filters] --to DIR [options]

Connection
  --connection NAME   a saved connection (by name or id; "Sandbox" is the built-in one); its password
                      comes from the keychain, or from JOBQUEUE_PASSWORD
  --url URL           a Service Layer URL instead, e.g. https://server/mi_servicelayer
  --auth KIND         negotiate (Windows, current user's Kerberos ticket) | ntlm (Windows account)
                      | basic | oidc | anonymous; default basic with --user, else anonymous
                      --auth oidc is single sign-on: the system browser opens (BROWSER when set, else
                      xdg-open, start or open) and the answer arrives on the server's redirect URI. A saved
                      connection of this kind uses the sign-in the app kept in the keychain.
  --user USER         sign in as USER (ntlm: DOMAIN\\user); the password is read from JOBQUEUE_PASSWORD
Filters (all optional; all jobs when none)
  --status S          Pending | Running | Succeeded | Failed | Cancelled: the server's statuses, so
                      Pending includes Scheduled and Succeeded includes Completed with errors
  --type T            ExcelImportJob | ExcelExportJob | TextImportJob
  --name-filter X     job name contains X
  --description-filter X
  --submitter NAME    exact submitter name
Options
  --to DIR            destination folder (required)
  --template T        folder layout, default "${DEFAULT_LAYOUT_TEMPLATE}"
  --collision M       skip-same-size (default) | rename | overwrite
  --concurrency N     files at a time, ${MIN_CONCURRENCY}-${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})
  --limit BYTES       bandwidth limit in bytes per second
  --data-dir DIR      the app's data folder (saved connections); default: the desktop app's
  --dry-run           print the paths, download nothing

Running the same command again resumes what was interrupted and skips files already there.
Exit status: 0 all downloaded, 1 some failed or some listed jobs could not be read, 2 bad arguments or no
connection.`

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
  env: NodeJS.ProcessEnv
  isTty: boolean
  /** Stops the run (Ctrl+C): transfers stop, and the next run resumes them. */
  signal?: AbortSignal
  /** The logger for a data folder: the app's log files (`<dataDir>/logs`) in cli.ts. */
  openLog: (dataDir: string) => Logger
}

/** The data folder Electron uses for this app (`app.getPath('userData')`). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JOBQUEUE_DATA_DIR) return env.JOBQUEUE_DATA_DIR
  const name = 'JobQueue Desktop'
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(homedir(), 'AppData', 'Roaming'), name)
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', name)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), name)
}

class UsageError extends Error {}

const dataDirOf = (values: Record<string, string | boolean | undefined>, io: CliIo): string =>
  typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir(io.env)

interface Opened {
  client: DownloadClient
  connectionId: string
  close(): Promise<void>
}

async function openConnection(
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
  logger: Logger
): Promise<Opened> {
  const { connect } = await import('../granta/connect')
  const { systemBrowser } = await import('./system-browser')
  const openBrowser = systemBrowser(io.env)
  const password = io.env.JOBQUEUE_PASSWORD
  if (typeof values.url === 'string' && values.auth === 'oidc') {
    const { OidcFlow, OidcSession } = await import('../granta/oidc')
    let kept: string | null = null
    const session = new OidcSession({
      flow: new OidcFlow({ openBrowser }),
      onSignInNeeded: (message) => io.err(`${message}\n`),
      store: {
        get: () => Promise.resolve(kept),
        set: (t) => {
          kept = t
          return Promise.resolve()
        },
        delete: () => {
          kept = null
          return Promise.resolve()
        }
      }
    })
    io.err('Signing in with single sign-on: finish the sign-in in your browser.\n')
    const client = await connect({ url: values.url, auth: { kind: 'oidc', session } })
    return {
      client,
      connectionId: `url:${values.url}|oidc`,
      close: () => Promise.resolve(client.close())
    }
  }
  if (typeof values.url === 'string') {
    const user = typeof values.user === 'string' ? values.user : undefined
    const kind = typeof values.auth === 'string' ? values.auth : user ? 'basic' : 'anonymous'
    const auth = cliAuth(kind, user, password)
    const client = await connect({ url: values.url, auth }, { logger: logger.child('granta') })
    return { client, connectionId: `url:${values.url}|${user ?? ''}`, close: () => Promise.resolve(client.close()) }
  }
  const wanted = values.connection
  if (typeof wanted !== 'string') throw new UsageError('Name a connection with --connection, or give --url.')
  const { createConnections } = await import('../connections')
  const { EventBus } = await import('../events')
  const { defaultUsers, startSandbox } = await import('../sandbox')
  const connections = createConnections({
    dataDir: dataDirOf(values, io),
    events: new EventBus(),
    connect,
    logger: logger.child('connections'),
    sandbox: { start: (o) => startSandbox(o), users: defaultUsers },
    oidc: { openBrowser }
  })
  try {
    const { connections: list } = await connections.connections.list(null)
    const found =
      list.find((c) => c.id === wanted) ?? list.find((c) => c.name.toLowerCase() === wanted.trim().toLowerCase())
    if (!found) {
      throw new UsageError(
        `No saved connection is named "${wanted}". Saved: ${list.map((c) => c.name).join(', ') || 'none'}.`
      )
    }
    const target = await connections.connections.target(found.id, password ? { password } : {})
    const client = await connect(target.profile, { logger: logger.child('granta') })
    return {
      client,
      connectionId: found.id,
      close: async () => {
        client.close()
        await connections.dispose()
      }
    }
  } catch (e) {
    await connections.dispose()
    throw e
  }
}

function cliAuth(kind: string, user: string | undefined, password: string | undefined): AuthSettings {
  if (kind === 'negotiate' || kind === 'anonymous') {
    if (user) throw new UsageError(`--auth ${kind} takes no --user.`)
    return { kind }
  }
  if (kind !== 'basic' && kind !== 'ntlm') {
    throw new UsageError(`--auth must be negotiate, ntlm, basic, oidc or anonymous; got "${kind}".`)
  }
  if (!user) throw new UsageError(`--auth ${kind} needs --user.`)
  if (!password) throw new UsageError('Set the password in the JOBQUEUE_PASSWORD environment variable.')
  return { kind, username: user, password }
}

/** One status line: `[#####.....] 45%  123/300 files  12 MB  1.5 MB/s  ETA 1 min 23 s  2 failed`. */
export function progressLine(total: ProgressEvent['total'], width = 24): string {
  const c: ItemCounts = total.counts
  const fraction = total.totalBytes ? total.bytesDone / total.totalBytes : c.total ? c.done / c.total : 0
  const filled = Math.round(Math.min(1, fraction) * width)
  const failed = c.failed ? `  ${c.failed} failed` : ''
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${c.done}/${c.total} files  ${formatBytes(total.bytesDone)}  ${formatSpeed(total.speed) || '0 B/s'}  ETA ${formatDuration(total.eta === null ? null : total.eta * 1000) || '--'}${failed}`
}

/** Runs the command line; returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        connection: { type: 'string' },
        url: { type: 'string' },
        user: { type: 'string' },
        auth: { type: 'string' },
        status: { type: 'string' },
        type: { type: 'string' },
        'name-filter': { type: 'string' },
        'description-filter': { type: 'string' },
        submitter: { type: 'string' },
        to: { type: 'string' },
        template: { type: 'string' },
        collision: { type: 'string' },
        concurrency: { type: 'string' },
        limit: { type: 'string' },
        'data-dir': { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n\n${usage}\n`)
    return 2
  }
  const v = parsed.values
  if (v.help) {
    io.out(usage + '\n')
    return 0
  }
  const filter = jobFilterSchema.safeParse({
    ...(v.status ? { status: v.status } : {}),
    ...(v.type ? { jobType: v.type } : {}),
    ...(v['name-filter'] ? { nameFilter: v['name-filter'] } : {}),
    ...(v['description-filter'] ? { descriptionFilter: v['description-filter'] } : {}),
    ...(v.submitter ? { submitterNameFilter: v.submitter } : {})
  })
  const collision = collisionModeSchema.safeParse(v.collision ?? 'skip-same-size')
  const concurrency = concurrencySchema.safeParse(Number(v.concurrency ?? DEFAULT_CONCURRENCY))
  const limit = v.limit === undefined ? null : Number(v.limit)
  const problems = [
    !v.to ? '--to DIR is required.' : null,
    !filter.success
      ? `A filter is not valid: ${filter.error.issues[0]?.path.join('.')}: ${filter.error.issues[0]?.message}`
      : null,
    !collision.success ? '--collision must be skip-same-size, rename or overwrite.' : null,
    !concurrency.success ? '--concurrency must be a whole number from 1 to 16.' : null,
    limit !== null && !(Number.isInteger(limit) && limit >= 16 * 1024)
      ? '--limit is in bytes per second, at least 16384.'
      : null
  ].filter((p): p is string => p !== null)
  if (problems.length > 0 || !v.to || !filter.success || !collision.success || !concurrency.success) {
    io.err(`${problems.join('\n')}\n\n${usage}\n`)
    return 2
  }
  const destination = path.resolve(v.to)

  const logger = io.openLog(dataDirOf(v, io)).child('cli')
  let opened: Opened
  try {
    opened = await openConnection(v, io, logger)
  } catch (e) {
    if (!(e instanceof UsageError)) logger.warn('the download command could not connect', e)
    io.err(`${e instanceof UsageError ? e.message : toErrorValue(e).message}\n`)
    return 2
  }

  // One state folder per destination: running the same command again resumes it.
  const stateDir = path.join(
    dataDirOf(v, io),
    'cli-downloads',
    createHash('sha256').update(destination.toLowerCase()).digest('hex').slice(0, 16)
  )
  await mkdir(stateDir, { recursive: true })
  let lastLine = 0
  let latest: ProgressEvent['total'] | undefined
  const engine = new DownloadEngine({
    dataDir: stateDir,
    clients: (id) => (id === opened.connectionId ? opened.client : undefined),
    onProgress: (e) => {
      latest = e.total
      const now = Date.now()
      if (io.isTty) io.out(`\r${progressLine(e.total)}\x1b[K`)
      else if (now - lastLine > 2000) {
        lastLine = now
        io.out(progressLine(e.total) + '\n')
      }
    }
  })
  const onAbort = () => void engine.close()
  io.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    await engine.start()
    await engine.updateSettings({ concurrency: concurrency.data, bandwidthLimit: limit })
    const request = {
      connectionId: opened.connectionId,
      source: { kind: 'filter' as const, filter: filter.data },
      destination,
      template: v.template ?? DEFAULT_LAYOUT_TEMPLATE,
      collision: collision.data
    }
    if (v['dry-run']) {
      const preview = await engine.preview(request)
      for (const entry of preview.entries) io.out(`${entry.exists ? '(exists) ' : ''}${entry.relativePath}\n`)
      for (const p of preview.problems) io.err(`job ${p.jobId}: ${p.message}\n`)
      io.out(`${preview.entries.length} files would go to ${preview.destination}\n`)
      return 0
    }
    // Finish what an earlier run left, then queue this run's files (files already there are skipped by size).
    await engine.retry({ kind: 'all' })
    await engine.resume({ kind: 'all' })
    await engine.whenIdle()
    if (io.signal?.aborted) return 130
    await engine.clearCompleted()
    const leftover = engine.itemsOf().length
    const added = await engine.add(request)
    for (const p of added.problems) io.err(`job ${p.jobId}: ${p.message}\n`)
    io.out(
      `Downloading ${added.items} files to ${destination}${leftover ? ` (${leftover} left from an earlier run)` : ''}\n`
    )
    await engine.whenIdle()
    if (io.signal?.aborted) {
      io.out('\nStopped. Run the same command again to resume.\n')
      return 130
    }
    engine.flushProgress()
    if (latest) io.out((io.isTty ? '\r' : '') + progressLine(latest) + '\n')
    const items = engine.itemsOf(added.batch.id)
    // A file left waiting for a sign-in the server refused did not download either: there is nobody to sign in.
    const failed = items.filter((i) => i.state === 'failed' || i.state === 'paused')
    const skipped = items.filter((i) => i.outcome === 'skipped').length
    for (const f of failed) io.err(`failed: ${f.relativePath}: ${f.error?.message ?? 'unknown error'}\n`)
    io.out(
      `${items.length - failed.length} of ${items.length} files ready in ${destination}${skipped ? ` (${skipped} already there)` : ''}.\n`
    )
    // A job the server listed but the app could not read was not downloaded: the run is not complete.
    if (added.problems.length > 0)
      io.err(
        `${added.problems.length} ${added.problems.length === 1 ? 'job was' : 'jobs were'} left out (listed above).\n`
      )
    return failed.length > 0 || added.problems.length > 0 ? 1 : 0
  } catch (e) {
    const error = toErrorValue(e)
    logger.error('the download command failed', e)
    io.err(`\n${error.message}\n`)
    // No matching job is not a failure for a script that runs every night.
    if (error.code === 'NotFound') return 0
    return error.code === 'Validation' ? 2 : 1
  } finally {
    io.signal?.removeEventListener('abort', onAbort)
    await engine.close()
    await opened.close()
  }
}
