import type { JobService } from './jobs/job-service'
import type { JobStore } from './jobs/job-store'
import type { Scheduler } from './jobs/scheduler'
import type { ResolvedOptions, SandboxUser } from './options'
import type { UploadStore } from './uploads'

/** What the routes work with. */
export interface SandboxContext {
  options: ResolvedOptions
  store: JobStore
  uploads: UploadStore
  scheduler: Scheduler
  jobs: JobService
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every request that reaches a route. */
    sandboxUser: SandboxUser | null
  }
}

export const serviceLayerPath = '/mi_servicelayer'
export const apiPath = `${serviceLayerPath}/proxy/v1.svc/mi`
export const jobQueuePath = `${apiPath}/v1alpha/job-queue`
