import { Writable } from 'node:stream'
import type { Job } from '../../../common/domain'
import type { GrantaClient } from '../../../main/granta/index'
import { asset, until } from '../granta/helpers'

export const downloadRoute = 'GET /v1alpha/job-queue/jobs/{id}/outputs:export'

function sink() {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk)
      done()
    }
  })
  return { stream, bytes: () => Buffer.concat(chunks) }
}

/**
 * The whole job flow a user runs: list the queue, submit an Excel import with its files (streamed uploads),
 * follow it to the end, then download its outputs 4 at a time (4 downloads in flight at once).
 */
export async function runJobFlow(client: GrantaClient, name: string, tick: () => void = () => {}) {
  const listed = await client.listJobs()
  const created = await client.createJob({
    type: 'ExcelImportJob',
    name,
    description: 'signed in',
    template: { path: asset('import_template.xlsx') },
    data: [{ path: asset('data_file_1.xlsx') }, { path: asset('data_file_2.xlsx') }]
  })
  const job: Job = await until(async () => {
    tick()
    const j = await client.getJob(created.id)
    return ['Succeeded', 'Failed', 'Cancelled'].includes(j.status) ? j : undefined
  }, `job ${created.id}`)
  const { names } = await client.outputNames(job.id)
  const four = [0, 1, 2, 3].map((i) => names[i % names.length] ?? '')
  const downloads = await Promise.all(
    four.map(async (file) => {
      const out = sink()
      const r = await client.downloadOutput(job.id, file, out.stream)
      return { file, bytesWritten: r.bytesWritten, bytes: out.bytes().length }
    })
  )
  return { listed, created, job, names, downloads }
}
