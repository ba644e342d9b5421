import type { FastifyInstance, FastifyRequest } from 'fastify'
import openapi from '../../../assets/sandbox/jobqueue-openapi.json' with { type: 'json' }
import { fromDotnetTicks } from '../../../common/dotnet-ticks'
import { apiPath, jobQueuePath, serviceLayerPath, type SandboxContext } from '../context'
import { parseClientDate } from '../dates'
import type { SandboxUser } from '../options'
import { HttpError } from '../problem'

export const miVersion = { version: '25.2.0.0', majorMinorVersion: '25.2', binaryCompatibilityVersion: '25.2.0.0' }

export const userOf = (request: FastifyRequest): SandboxUser => {
  if (!request.sandboxUser) throw new HttpError(401, 'Authentication required.')
  return request.sandboxUser
}

/** Health, API definition, version, current user, processing configuration and metrics. */
export function metaRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get(`${serviceLayerPath}/Health/v2.svc`, () => ({ status: 'Healthy', service: 'Granta MI Sandbox' }))
  app.get(`${apiPath}/swagger/v1/swagger.json`, () => openapi)
  // Older versions of the official client look for the definition one level up.
  app.get(`${serviceLayerPath}/proxy/v1.svc/swagger/v1/swagger.json`, () => openapi)
  app.get(`${apiPath}/v1alpha/schema/mi-version`, () => miVersion)

  app.get(`${jobQueuePath}/current-user`, (request) => {
    const user = userOf(request)
    return { username: user.username, isAdmin: user.isAdmin, hasWriteAccess: user.hasWriteAccess }
  })

  app.get(`${jobQueuePath}/processing-configuration`, () => {
    const p = ctx.options.processing
    return {
      purgeJobAgeInMilliseconds: p.purgeAgeMs,
      purgeIntervalInMilliseconds: p.purgeIntervalMs,
      pollingIntervalInMilliseconds: p.pollingIntervalMs,
      concurrency: p.concurrency
    }
  })

  app.get<{ Querystring: { start?: string } }>(`${apiPath}/v1alpha/metrics/jobs`, (request) => {
    const { start } = request.query
    let since = Number.NEGATIVE_INFINITY
    if (start) {
      // .NET ticks, as the 2026 R1 and later bindings send it, or an ISO date, as older clients do.
      const fromTicks = fromDotnetTicks(start)
      const date = fromTicks === null ? parseClientDate(start)?.getTime() : fromTicks
      if (date === undefined)
        throw new HttpError(400, `start "${start}" is neither .NET ticks nor an ISO 8601 date-time.`)
      since = date
    }
    const jobs: { jobType: string; status: string }[] = []
    for (const job of ctx.store.all()) {
      if (Date.parse(job.submissionDate) >= since) jobs.push({ jobType: job.type, status: job.status })
    }
    return { jobs }
  })
}
