import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../../main/granta/connect'
import { sandbox, type Sandbox } from '../granta/helpers'
import { runJobFlow } from './job-flow'

describe('User name and password (Basic) and Anonymous run the whole job flow', () => {
  let basic: Sandbox
  let open: Sandbox
  beforeAll(async () => {
    basic = await sandbox({ auth: ['basic'], processing: { pollingIntervalMs: 20 } })
    open = await sandbox({ auth: ['anonymous'], processing: { pollingIntervalMs: 20 } })
  })
  afterAll(async () => {
    await basic.stop()
    await open.stop()
  })

  it('Basic', async () => {
    const client = await connect({
      url: basic.url,
      auth: { kind: 'basic', username: 'writer', password: 'writer-pass' },
      timeoutMs: 10_000
    })
    try {
      const flow = await runJobFlow(client, 'Basic import', () => basic.tick())
      expect(flow.job).toMatchObject({ status: 'Succeeded', submitterName: 'writer' })
      expect(flow.downloads.every((d) => d.bytes > 0 && d.bytes === d.bytesWritten)).toBe(true)
    } finally {
      client.close()
    }
  })

  it('Anonymous', async () => {
    const offered: { schemes: string[]; anonymous: boolean }[] = []
    const client = await connect(
      { url: open.url, auth: { kind: 'anonymous' }, timeoutMs: 10_000 },
      { onOffered: (o) => offered.push(o) }
    )
    try {
      expect(offered).toEqual([{ schemes: [], anonymous: true }])
      const flow = await runJobFlow(client, 'Anonymous import', () => open.tick())
      expect(flow.job).toMatchObject({ status: 'Succeeded' })
      expect(flow.downloads.every((d) => d.bytes > 0 && d.bytes === d.bytesWritten)).toBe(true)
    } finally {
      client.close()
    }
  })

  it('Anonymous against a server that requires sign-in names the schemes it offers', async () => {
    const error = await connect({ url: basic.url, auth: { kind: 'anonymous' }, timeoutMs: 10_000 }).catch(
      (e: unknown) => e
    )
    expect(error).toMatchObject({ code: 'Unauthorized', detail: { schemes: ['basic'] } })
  })
})
