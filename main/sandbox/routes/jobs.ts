import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { jobQueuePath, type SandboxContext } from '../context'
import { sendOutputFile } from '../download'
import { HttpError } from '../problem'
import { userOf } from './meta'

type Query = Record<string, string | string[] | undefined>

const one = (q: Query, key: string): string | undefined => {
  const v = q[key]
  return Array.isArray(v) ? v[0] : v
}

const pageParam = (q: Query, key: string): number | undefined => {
  const text = one(q, key)
  if (text === undefined || text === '') return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1)
    throw new HttpError(400, `${key} must be a positive whole number; got "${text}".`)
  return n
}

/** `{id}` or `{id}:action` — the colon form of Google-style custom methods. */
const splitAction = (segment: string): { id: string; action?: string } => {
  const colon = segment.indexOf(':')
  return colon < 0 ? { id: segment } : { id: segment.slice(0, colon), action: segment.slice(colon + 1) }
}

const idListSchema = z.array(z.string())

/** Every route under /v1alpha/job-queue/jobs. */
export function jobRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const base = `${jobQueuePath}/jobs`

  app.get<{ Querystring: Query }>(base, async (request, reply) => {
    const q = request.query
    const pageSize = pageParam(q, 'pageSize')
    const pageNumber = pageParam(q, 'pageNumber')
    const filter = {
      jobType: one(q, 'jobType'),
      status: one(q, 'status'),
      nameFilter: one(q, 'nameFilter'),
      descriptionFilter: one(q, 'descriptionFilter'),
      submitterNameFilter: one(q, 'submitterNameFilter')
    }
    const page = pageSize === undefined ? undefined : { size: pageSize, number: pageNumber ?? 1 }
    return reply.type('application/json; charset=utf-8').send(ctx.store.listJson(filter, page))
  })

  app.post(base, async (request, reply) => {
    const job = await ctx.jobs.create(userOf(request), request.body)
    return reply.code(201).send(ctx.store.view(job))
  })

  app.delete(base, async (request, reply) => {
    const user = userOf(request)
    const parsed = idListSchema.safeParse(request.body)
    if (!parsed.success) throw new HttpError(400, 'The body must be a JSON array of job ids.')
    if (parsed.data.length === 0)
      return reply.code(422).type('text/plain; charset=utf-8').send('No job IDs were specified')
    return ctx.jobs.delete(user, parsed.data)
  })

  app.get<{ Params: { segment: string } }>(`${base}/:segment`, (request) => {
    const { id, action } = splitAction(request.params.segment)
    if (action === undefined) return ctx.store.view(ctx.jobs.find(id))
    if (action === 'retrieve-definition') return ctx.jobs.find(id).definition
    throw new HttpError(404, `Unknown action ":${action}".`)
  })

  app.post<{ Params: { segment: string } }>(`${base}/:segment`, async (request, reply) => {
    const { id, action } = splitAction(request.params.segment)
    const user = userOf(request)
    if (action === 'move-to-top') {
      ctx.jobs.moveToTop(user, id)
      return reply.code(200).send()
    }
    if (action === 'resubmit') return ctx.store.view(await ctx.jobs.resubmit(user, id, request.body))
    throw new HttpError(
      404,
      action === undefined ? 'POST needs an action such as :resubmit.' : `Unknown action ":${action}".`
    )
  })

  app.patch<{ Params: { id: string } }>(`${base}/:id`, (request) => {
    return ctx.store.view(ctx.jobs.update(userOf(request), request.params.id, request.body))
  })

  app.delete<{ Params: { id: string } }>(`${base}/:id`, async (request, reply) => {
    const user = userOf(request)
    ctx.jobs.find(request.params.id)
    await ctx.jobs.delete(user, [request.params.id])
    return reply.code(200).send()
  })

  app.get<{ Params: { id: string } }>(`${base}/:id/outputs`, (request) => {
    return ctx.jobs.find(request.params.id).outputs.map((o) => o.name)
  })

  app.get<{ Params: { id: string }; Querystring: Query }>(`${base}/:id/outputs::export`, async (request, reply) => {
    const job = ctx.jobs.find(request.params.id)
    const fileName = one(request.query, 'fileName')
    if (!fileName) throw new HttpError(400, 'The fileName query parameter is required.')
    const file = job.outputs.find((o) => o.name === fileName)
    if (!file) throw new HttpError(404, `Job "${job.name}" has no output file named "${fileName}".`)
    return sendOutputFile(request, reply, `${ctx.store.outputDir(job.id)}/${file.name}`, file)
  })
}
