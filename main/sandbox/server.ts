import multipart from '@fastify/multipart'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { pipeline } from 'node:stream'
import type { Readable } from 'node:stream'
import { compressJson } from './compression'
import type { SandboxContext } from './context'
import { decideFault, payloadStream, throttled, truncating, type FaultDecision } from './faults'
import { HttpError, sendProblem } from './problem'
import type { RequestStats } from './request-stats'
import type { SandboxSignIn } from './sign-in'
import { fileRoutes } from './routes/files'
import { jobRoutes } from './routes/jobs'
import { metaRoutes } from './routes/meta'

declare module 'fastify' {
  interface FastifyRequest {
    fault: FaultDecision | null
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The Fastify app: parsers, request counting, fault injection, Basic auth, error shape, routes. */
export function buildServer(ctx: SandboxContext, stats: RequestStats, signIn: SandboxSignIn): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024, routerOptions: { ignoreTrailingSlash: true } })
  app.decorateRequest('sandboxUser', null)
  app.decorateRequest('fault', null)

  // The API accepts the JSON media types its OpenAPI document lists.
  const json = app.getDefaultJsonParser('error', 'ignore')
  app.addContentTypeParser(['text/json', 'application/json-patch+json'], { parseAs: 'string' }, json)
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, json)
  void app.register(multipart)

  const faults = ctx.options.faults
  app.addHook('onRequest', async (request, reply) => {
    const { index, route } = stats.record(request.method, request.url)
    if (faults) {
      const decision = decideFault(faults, index)
      stats.recordFault(index, route, decision)
      request.fault = decision
      if (decision.latencyMs > 0) await sleep(decision.latencyMs)
      if (decision.error === 503) {
        reply.header('Retry-After', '1')
        return sendProblem(reply, 503, 'Injected fault: the service is temporarily unavailable.')
      }
      if (decision.error === 500) return sendProblem(reply, 500, 'Injected fault: internal server error.')
    }
    const result = await signIn.check(request.raw.socket, request.headers.authorization, route)
    if (!result.ok) {
      reply.header('WWW-Authenticate', result.challenges)
      return sendProblem(reply, 401, result.message)
    }
    if (result.mutual) reply.header('WWW-Authenticate', `Negotiate ${result.mutual}`)
    request.sandboxUser = result.user
  })

  // Compression first: the faults below act on the bytes that go on the wire.
  if (ctx.options.compression) app.addHook('onSend', compressJson)
  app.addHook('onSend', async (request, reply, payload) => {
    const fault = request.fault
    const bandwidth = faults?.bandwidth
    if (!fault?.drop && !bandwidth) return payload
    if (payload === null || payload === undefined) {
      if (fault?.drop) request.raw.socket.destroy()
      return payload
    }
    const isBuffered = typeof payload === 'string' || Buffer.isBuffer(payload)
    const length = isBuffered ? Buffer.byteLength(payload) : Number(reply.getHeader('content-length') ?? 0)
    if (isBuffered) reply.header('Content-Length', length)
    let stream = payloadStream(payload as string | Buffer | Readable)
    if (fault?.drop) stream = pipeline(stream, truncating(Math.floor(length / 2)), () => {})
    if (bandwidth) stream = pipeline(stream, throttled(bandwidth), () => {})
    return stream
  })

  app.setErrorHandler((error: FastifyError | HttpError, _request, reply) => {
    if (error instanceof HttpError) return sendProblem(reply, error.statusCode, error.message)
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
    return sendProblem(reply, status, status === 500 ? `The sandbox failed: ${error.message}` : error.message)
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, `No such endpoint: ${request.method} ${request.url.split('?')[0]}`)
  )

  metaRoutes(app, ctx)
  jobRoutes(app, ctx)
  fileRoutes(app, ctx)
  return app
}
