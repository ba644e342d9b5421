import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fakeApi, tempDir } from './helpers'
import { stringMatching } from '../../helpers/match'

const gsaJob = (inputFileIds: string[]) => ({
  id: 'job-1',
  name: 'lost answer',
  description: null,
  type: 'ExcelImportJob',
  status: 'Pending',
  submitterName: 'writer',
  submitterRoles: ['MI_USER'],
  submissionDate: '2026-11-28T12:00:00Z',
  position: 1,
  inputFileIds,
  outputFileNames: [],
  jobSpecificOutputs: {}
})

/** A server that takes the upload and creates the job, but loses the answer to POST /jobs. */
async function losingServer(listed: (ids: string[]) => unknown[]) {
  const ids: string[] = []
  const posts: string[] = []
  const fake = await fakeApi((req, res) => {
    const url = req.url ?? ''
    if (req.method === 'POST' && url.endsWith('/files')) {
      req.resume()
      req.on('end', () => {
        ids.push(`file-${ids.length + 1}`)
        res.end(ids.at(-1))
      })
      return
    }
    if (req.method === 'POST' && url.endsWith('/jobs')) {
      posts.push(url)
      req.resume()
      req.on('end', () => req.socket.destroy())
      return
    }
    if (req.method === 'GET' && url.includes('/jobs?')) {
      const results = listed(ids)
      res.end(JSON.stringify({ totalResultCount: results.length, results }))
      return
    }
    res.writeHead(404)
    res.end()
  })
  return { ...fake, posts }
}

async function request() {
  const path = join(tempDir(), 'combined.xlsx')
  await writeFile(path, 'x')
  return { type: 'ExcelImportJob' as const, name: 'lost answer', description: null, combined: [{ path }] }
}

describe('createJob when the answer to POST /jobs is lost', () => {
  it('finds the job the server created from the uploaded files, without posting again', async () => {
    const { client, posts, seen, close } = await losingServer((ids) => [gsaJob(['other']), gsaJob(ids)])
    try {
      const job = await client.createJob(await request())
      expect(job.inputFileIds).toEqual(['file-1'])
      expect(posts).toHaveLength(1)
      expect(seen.find((s) => s.method === 'GET')?.url).toContain('nameFilter=lost%20answer')
    } finally {
      await close()
    }
  })

  it('says the job may exist when it cannot be found', async () => {
    const { client, posts, close } = await losingServer(() => [])
    try {
      await expect(client.createJob(await request())).rejects.toMatchObject({
        code: 'Network',
        message: stringMatching(/may have created job "lost answer".*before submitting again/),
        detail: { step: 'create', maybeCreated: true, inputFileIds: ['file-1'] }
      })
      expect(posts).toHaveLength(1)
    } finally {
      await close()
    }
  })
})
