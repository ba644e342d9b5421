import openapi from '../../assets/sandbox/jobqueue-openapi.json' with { type: 'json' }
import { apiPath, serviceLayerPath } from './context'
import type { FaultDecision } from './faults'

const templates = [
  ...Object.keys(openapi.paths).map((p) => ({ label: p, full: `${apiPath}${p}` })),
  { label: '/Health/v2.svc', full: `${serviceLayerPath}/Health/v2.svc` },
  { label: '/swagger/v1/swagger.json', full: `${apiPath}/swagger/v1/swagger.json` },
  { label: '/proxy/v1.svc/swagger/v1/swagger.json', full: `${serviceLayerPath}/proxy/v1.svc/swagger/v1/swagger.json` }
].map(({ label, full }) => ({
  label,
  pattern: new RegExp(`^${full.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/:]+')}$`, 'i')
}))

/** `GET /v1alpha/job-queue/jobs/{id}`: the OpenAPI path a request addresses, or its raw path. */
export function routeLabel(method: string, url: string): string {
  const path = url.split('?')[0] ?? ''
  let decoded = path
  try {
    decoded = decodeURIComponent(path)
  } catch {
    // keep the raw path
  }
  const match = templates.find((t) => t.pattern.test(decoded))
  return `${method} ${match ? match.label : decoded}`
}

export interface FaultEvent {
  index: number
  route: string
  error?: number
  latencyMs: number
  drop: boolean
}

/** Counts requests per method and route, and remembers which got a fault, so tests can prove retries. */
export class RequestStats {
  total = 0
  readonly byRoute = new Map<string, number>()
  readonly faults: FaultEvent[] = []

  /** Registers a request; returns its index (0-based). */
  record(method: string, url: string): { index: number; route: string } {
    const index = this.total++
    const route = routeLabel(method, url)
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1)
    return { index, route }
  }

  recordFault(index: number, route: string, decision: FaultDecision): void {
    if (decision.error || decision.drop || decision.latencyMs > 0) this.faults.push({ index, route, ...decision })
  }

  snapshot(): { total: number; byRoute: Record<string, number>; faults: FaultEvent[] } {
    return { total: this.total, byRoute: Object.fromEntries(this.byRoute), faults: this.faults.map((f) => ({ ...f })) }
  }

  reset(): void {
    this.total = 0
    this.byRoute.clear()
    this.faults.length = 0
  }
}
