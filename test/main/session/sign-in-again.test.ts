import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionFormSchema, type SessionState } from '../../../common/connections'
import type { BatchProgress } from '../../../common/drafts'
import { createApp, type AppServices } from '../../../main/app'
import { defaultUsers, startSandbox, type Sandbox, type SandboxUser } from '../../../main/sandbox'
import { memoryLogger } from '../../helpers/logger'
import { until } from '../../helpers/until'
import { listFiles, seedOutputJobs } from '../downloads/fixtures'

/**
 * The server stops accepting the session's sign-in (the writer's password is changed on it) while files download,
 * a draft batch is sent and a rename is saved. The user is told once; after signing in with the new password the
 * downloads go on from their parts, the draft is sent, and the rename is made.
 */
const ctx = { transport: 'browser' as const }
const assets = resolve('assets/sandbox')
const jobs = 6
const fileBytes = 300_000
let sb: Sandbox
let app: AppServices
let users: SandboxUser[]
let seededIds: string[]

beforeAll(async () => {
  const sbDir = mkdtempSync(join(tmpdir(), 'jq-signin-sb-'))
  const seeded = await seedOutputJobs(
    sbDir,
    Array.from({ length: jobs }, (_, i) => ({
      name: `Export ${i}`,
      outputs: [{ name: `out-${i}.xlsx`, size: fileBytes }]
    }))
  )
  seededIds = seeded.map((s) => s.jobId)
  users = defaultUsers.map((u) => ({ ...u }))
  sb = await startSandbox({ port: 0, dataDir: sbDir, users, processing: { minRunningMs: 0 } })
  app = createApp({
    dataDir: mkdtempSync(join(tmpdir(), 'jq-signin-app-')),
    host: 'browser',
    reconnectOnStart: false,
    logger: memoryLogger().logger
  })
}, 60_000)
afterAll(async () => {
  await app?.dispose()
  await sb?.stop()
})

describe('a sign-in the server stops accepting mid-session', () => {
  it('tells the user once; after signing in again, downloads, a draft batch and a rename go on', async () => {
    const h = app.handlers
    const conn = await h['connections.create'](
      connectionFormSchema.parse({ name: 'Plant', url: sb.url, auth: 'basic', username: 'writer' }),
      ctx
    )
    await h['session.connect']({ id: conn.id, password: 'writer-pass', remember: 'session' }, ctx)
    const states: SessionState[] = []
    app.sessionManager.subscribe((s) => states.push(s))
    const batches: BatchProgress[] = []
    app.events.subscribe((event, payload) => {
      if (event === 'drafts.progress') batches.push(payload as BatchProgress)
    })

    // Downloads run slowly enough that the password changes while they do.
    await h['downloads.setBandwidthLimit']({ bytesPerSecond: 400_000 }, ctx)
    const dest = mkdtempSync(join(tmpdir(), 'jq-signin-dest-'))
    await h['downloads.add'](
      {
        source: { kind: 'jobs', jobIds: seededIds },
        destination: dest,
        template: '{jobName}/{fileName}',
        collision: 'rename'
      },
      ctx
    )
    await until(async () => (await h['downloads.list'](undefined, ctx)).items.some((i) => i.bytesDone > 0), 'bytes')

    const writer = users.find((u) => u.username === 'writer')
    if (!writer) throw new Error('no writer')
    writer.password = 'writer-new-pass'
    sb.forgetSignIns()

    // A rename while the server refuses: it waits for the new sign-in instead of failing.
    const renamed = h['jobs.update']({ id: seededIds[0] ?? '', changes: { name: 'Export 0, checked' } }, ctx)
    const draft = await h['drafts.create'](
      {
        request: {
          type: 'TextImportJob',
          name: 'Rig 4 logs',
          description: null,
          template: { path: join(assets, 'text_import_template.xml') },
          data: [{ path: join(assets, 'example_data.txt') }],
          attachments: []
        }
      },
      ctx
    )
    const submit = await h['drafts.submit']({ ids: [draft.id] }, ctx)

    const refused = await until(() => app.sessionManager.state().signIn, 'the refusal')
    expect(refused).toMatchObject({ connectionId: conn.id, connectionName: 'Plant' })
    expect(refused.message).toMatch(/no longer accepts your sign-in.*Sign in again/)
    await until(
      async () => (await h['downloads.list'](undefined, ctx)).items.some((i) => i.pauseReason === 'signIn'),
      'a download waiting for sign-in'
    )
    await until(
      () => batches.some((b) => b.batchId === submit.batchId && b.drafts.some((d) => d.phase === 'signIn')),
      'the draft waiting for sign-in'
    )
    await h['session.connect']({ id: conn.id, password: 'writer-new-pass', remember: 'session' }, ctx)
    expect(app.sessionManager.state().signIn).toBeUndefined()

    expect(await renamed).toMatchObject({ id: seededIds[0], name: 'Export 0, checked' })
    await until(
      () => batches.some((b) => b.batchId === submit.batchId && b.done && b.completed === 1),
      'the draft submitted',
      30_000
    )
    const list = await until(
      async () => {
        const l = await h['downloads.list'](undefined, ctx)
        return l.items.every((i) => i.state === 'done') && l
      },
      'every download done',
      30_000
    )
    expect(list.items).toHaveLength(jobs)
    const files = await listFiles(dest)
    expect(files).toHaveLength(jobs)
    for (const f of files) expect(statSync(join(dest, f)).size).toBe(fileBytes)
    // Every refusal (other files, the draft, the rename) came while the user was already told: told once.
    const told = states.filter((s, i) => s.signIn && !states[i - 1]?.signIn)
    expect(told).toHaveLength(1)
  }, 90_000)
})
