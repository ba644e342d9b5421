import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { once } from 'node:events'
import { jobQueuePath, type SandboxContext } from '../context'
import { HttpError, sendProblem } from '../problem'
import { UploadTooLargeError } from '../uploads'
import { userOf } from './meta'

const describeLimit = (bytes: number): string =>
  bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0
    ? `${bytes / 1024 ** 3} GiB`
    : bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0
      ? `${bytes / 1024 ** 2} MiB`
      : `${bytes} bytes`

/** Reads and discards what is left of the request, so the client gets to read our answer. */
async function drain(request: FastifyRequest): Promise<void> {
  const raw = request.raw
  if (raw.readableEnded) return
  raw.resume()
  await Promise.race([once(raw, 'end'), once(raw, 'close'), once(raw, 'error')]).catch(() => {})
}

/** POST /files: one multipart file part, streamed to disk; answers the new id as plain text. */
export function fileRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post(`${jobQueuePath}/files`, async (request: FastifyRequest, reply: FastifyReply) => {
    const user = userOf(request)
    if (!user.hasWriteAccess)
      throw new HttpError(403, `User "${user.username}" has read-only access and cannot upload files.`)
    if (!request.isMultipart())
      throw new HttpError(415, 'Send the file as multipart/form-data with one part named "file".')
    const limit = ctx.options.uploadLimitBytes
    const part = await request.file({ limits: { fileSize: limit, files: 1 } })
    if (!part) throw new HttpError(400, 'The request has no file part; send one part named "file".')
    const fileName = (part.filename || 'upload').split(/[\\/]/).pop() || 'upload'
    try {
      const upload = await ctx.uploads.receive(fileName, part.file, () => part.file.truncated)
      return reply.code(200).type('text/plain; charset=utf-8').send(upload.id)
    } catch (e) {
      if (e instanceof UploadTooLargeError || (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        await drain(request)
        return sendProblem(
          reply,
          413,
          `"${fileName}" is larger than the sandbox's upload limit of ${describeLimit(limit)} per file. Split it or raise uploadLimitBytes.`
        )
      }
      throw e
    }
  })
}
