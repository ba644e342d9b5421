import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { OutputFile } from './jobs/job-model'
import { HttpError } from './problem'

type Range = { start: number; end: number } | 'unsatisfiable' | undefined

/** One `bytes=` range (a list of several is answered in full, as RFC 9110 allows). */
export function parseRange(header: string | undefined, size: number): Range {
  const m = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (m[2] !== '' && Number(m[2]) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}

const httpDate = (iso: string): string => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toUTCString()

/** If-Range holds when it names our strong ETag, or exactly our Last-Modified date. */
function ifRangeHolds(ifRange: string | undefined, etag: string, lastModified: string): boolean {
  if (ifRange === undefined) return true
  const value = ifRange.trim()
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag
  const date = Date.parse(value)
  return !Number.isNaN(date) && date === Date.parse(lastModified)
}

const contentDisposition = (name: string): string =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`

/** Streams an output file with ETag, Last-Modified, Range and If-Range. */
export async function sendOutputFile(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  file: OutputFile
): Promise<FastifyReply> {
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) throw new HttpError(404, `The output file "${file.name}" is missing on the server.`)
  const size = info.size
  const etag = `"${file.sha256}"`
  const lastModified = httpDate(file.modified)
  reply
    .header('Accept-Ranges', 'bytes')
    .header('ETag', etag)
    .header('Last-Modified', lastModified)
    .header('Content-Disposition', contentDisposition(file.name))
    .type('application/octet-stream')
  const rangeHeader = request.headers.range
  const ifRangeHeader = request.headers['if-range']
  const ifRange = Array.isArray(ifRangeHeader) ? ifRangeHeader[0] : ifRangeHeader
  const range = rangeHeader && ifRangeHolds(ifRange, etag, lastModified) ? parseRange(rangeHeader, size) : undefined
  if (range === 'unsatisfiable') {
    return reply
      .code(416)
      .header('Content-Range', `bytes */${size}`)
      .type('application/problem+json; charset=utf-8')
      .send({
        type: 'https://httpstatuses.io/416',
        title: 'Range Not Satisfiable',
        status: 416,
        detail: `The requested range "${rangeHeader}" is outside the file (${size} bytes).`
      })
  }
  if (range) {
    return reply
      .code(206)
      .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
      .header('Content-Length', range.end - range.start + 1)
      .send(createReadStream(path, { start: range.start, end: range.end }))
  }
  return reply.code(200).header('Content-Length', size).send(createReadStream(path))
}
