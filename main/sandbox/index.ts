import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { apiPath, serviceLayerPath, type SandboxContext } from './context'
import { failInterruptedJobs } from './jobs/recovery'
import { JobService } from './jobs/job-service'
import { JobStore } from './jobs/job-store'
import { Scheduler } from './jobs/scheduler'
import { resolveOptions, type SandboxOptions, type SandboxUser } from './options'
import { RecordStore } from './processor'
import { RequestStats, type FaultEvent } from './request-stats'
import { seedDemoHistory, seedDemoQueueStart, seedSyntheticJobs } from './seed'
import { BearerVerifier } from './oidc/bearer'
import { buildServer } from './server'
import { SandboxSignIn, type SocketSession } from './sign-in'
import { UploadStore } from './uploads'

export type { SandboxOptions, SandboxUser } from './options'
export { defaultUsers } from './options'
export { parseFaults, type FaultOptions } from './faults'

export interface Sandbox {
  /** The Service Layer URL, e.g. http://127.0.0.1:8080/mi_servicelayer */
  url: string
  /** `${url}/proxy/v1.svc/mi` */
  apiUrl: string
  port: number
  users: readonly SandboxUser[]
  /** Resolves when the demo queue (`seed`) is complete; at once without `seed`. */
  ready: Promise<void>
  /** Requests received per method + OpenAPI route, and the faults injected. */
  stats(): { total: number; byRoute: Record<string, number>; faults: FaultEvent[] }
  /** Every TCP connection the sandbox saw: who signed it in (NTLM), handshakes, requests per route. */
  connections(): SocketSession[]
  /** Every signed-in connection must sign in again (a session that expired). */
  forgetSignIns(): void
  /** Zeroes the counters; fault decisions start again from request 0. */
  resetStats(): void
  /** Runs one scheduling pass now instead of waiting for the polling interval; returns the started job ids. */
  tick(): string[]
  /** Resolves when no job is running. */
  idle(): Promise<void>
  /** Purges old finished jobs now; returns how many went. */
  purge(): Promise<number>
  stop(): Promise<void>
}

/** Starts the Granta MI sandbox server on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const o = resolveOptions(options)
  await mkdir(o.dataDir, { recursive: true })
  const store = new JobStore(o.dataDir, o.log)
  await store.load()
  const recovered = await failInterruptedJobs(store, o.clock)
  if (recovered) o.log(`marked ${recovered} job(s) Failed: they were running when the sandbox stopped`)
  const records = await RecordStore.open(join(o.dataDir, 'records.json'), { clock: o.clock })
  if (records.recovered)
    o.log(`records.json was unreadable (${records.recovered.reason}); moved to ${records.recovered.movedTo}`)
  const uploads = new UploadStore(o.dataDir, o.uploadExpiryMs, o.clock, o.log)
  await uploads.open()
  const scheduler = new Scheduler(store, records, o.processing, o.clock, o.log)
  const ctx: SandboxContext = {
    options: o,
    store,
    uploads,
    scheduler,
    jobs: new JobService(store, uploads, scheduler, o.clock)
  }

  const fresh = store.size === 0
  if (fresh && o.seedJobs > 0) await seedSyntheticJobs(store, o.seedJobs, o.clock)
  const demoRecords = fresh && o.seed ? await seedDemoQueueStart(ctx, records) : undefined
  await store.flush()

  const stats = new RequestStats()
  const signIn = new SandboxSignIn({
    schemes: o.auth,
    users: o.users,
    clock: o.clock,
    service: o.spn,
    ...(o.oidc ? { bearer: new BearerVerifier(o.oidc, o.clock) } : {})
  })
  const app = buildServer(ctx, stats, signIn)
  await app.listen({ host: o.host, port: o.port })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : o.port
  scheduler.start()
  // The demo history runs real jobs (half a minute): it fills in while the server already answers.
  const seeding = new AbortController()
  const ready = demoRecords
    ? seedDemoHistory(ctx, demoRecords, seeding.signal).then(() => store.flush())
    : Promise.resolve()
  ready.catch((e: unknown) => o.log(`seeding the demo queue failed: ${e instanceof Error ? e.message : String(e)}`))

  const url = `http://${o.host}:${port}${serviceLayerPath}`
  let stopping: Promise<void> | undefined
  return {
    url,
    apiUrl: `http://${o.host}:${port}${apiPath}`,
    port,
    users: o.users,
    ready,
    stats: () => stats.snapshot(),
    connections: () => signIn.sessions(),
    forgetSignIns: () => signIn.forget(),
    resetStats: () => stats.reset(),
    tick: () => scheduler.tick(),
    idle: () => scheduler.idle(),
    purge: () => scheduler.purge(),
    stop: () =>
      (stopping ??= (async () => {
        seeding.abort()
        await ready.catch(() => {})
        await scheduler.stop()
        await app.close()
        uploads.close()
        await store.flush()
        await records.save()
      })())
  }
}
