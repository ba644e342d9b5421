import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createJob, getJob, json, openSandbox, textImportBody, type GsaJobBody } from './helpers/sandbox-fixture'

const dir = mkdtempSync(join(tmpdir(), 'jq-sandbox-restart-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sandbox: restart persistence', () => {
  it('keeps jobs, outputs, queue order and uploads across a restart; a job running at shutdown comes back Failed', async () => {
    const first = await openSandbox({}, dir)
    const done = await createJob(first, 'writer', await textImportBody(first, 'writer', 'Done'))
    first.sandbox.tick()
    await first.sandbox.idle()
    const interrupted = await createJob(first, 'writer', await textImportBody(first, 'writer', 'Interrupted'))
    const second = await createJob(first, 'admin', await textImportBody(first, 'admin', 'Second'))
    const third = await createJob(first, 'writer', await textImportBody(first, 'writer', 'Third'))
    await first.as('admin').post(`jobs/${third.id}:move-to-top`)
    const spare = await textImportBody(first, 'writer', 'After restart')
    const doneBefore = await getJob(first, done.id)
    const logBefore = await first
      .as('reader')
      .get(`jobs/${done.id}/outputs:export`, { searchParams: { fileName: 'Done.log' } })
    expect(first.sandbox.tick()).toEqual([third.id])
    expect((await getJob(first, third.id)).status).toBe('Running')
    await first.close()

    const again = await openSandbox({}, dir)
    try {
      expect(await getJob(again, done.id)).toEqual(doneBefore)
      const log = await again
        .as('reader')
        .get(`jobs/${done.id}/outputs:export`, { searchParams: { fileName: 'Done.log' } })
      expect(log.body).toBe(logBefore.body)
      expect(log.headers.etag).toBe(logBefore.headers.etag)

      const failed = await getJob(again, third.id)
      expect(failed).toMatchObject({ status: 'Failed', position: null, outputFileNames: ['Third.log'] })
      const failedLog = await again
        .as('reader')
        .get(`jobs/${third.id}/outputs:export`, { searchParams: { fileName: 'Third.log' } })
      expect(failedLog.body).toMatch(/ERROR The sandbox server stopped while this job was running/)

      const page = json<{ results: GsaJobBody[] }>(
        await again.as('reader').get('jobs', { searchParams: { status: 'Pending' } })
      )
      expect(page.results.map((j) => [j.id, j.position])).toEqual([
        [interrupted.id, 1],
        [second.id, 2]
      ])
      // An upload made before the restart can still be used.
      expect((await again.as('writer').post('jobs', { json: spare })).statusCode).toBe(201)
    } finally {
      await again.close()
    }
  })
})
