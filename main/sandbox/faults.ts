import { Readable, Transform, type TransformCallback } from 'node:stream'

export interface FaultOptions {
  /** Same seed, same faults for the same request numbers. */
  seed: number
  /** Share of requests answered 500 or 503 (503 carries Retry-After). */
  error?: number
  /** Extra delay per request, drawn between min and max milliseconds. */
  latency?: [number, number]
  /** Share of requests whose connection is cut in the middle of the response body. */
  drop?: number
  /** Response bodies are sent at most this many bytes per second. */
  bandwidth?: number
}

export interface FaultDecision {
  error?: 500 | 503
  latencyMs: number
  drop: boolean
}

const units: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3
}

/** Parses `seed=42,error=0.05,latency=0-300,drop=0.02,bandwidth=5MB` (bandwidth per second). */
export function parseFaults(text: string): FaultOptions {
  const out: FaultOptions = { seed: 0 }
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key = '', value = ''] = part.split('=', 2).map((s) => s.trim())
    const fail = (): never => {
      throw new Error(
        `--faults: "${part}" is not valid (expected e.g. seed=42,error=0.05,latency=0-300,drop=0.02,bandwidth=5MB)`
      )
    }
    const share = (): number => {
      const n = Number(value)
      return Number.isFinite(n) && n >= 0 && n <= 1 ? n : fail()
    }
    switch (key) {
      case 'seed': {
        const n = Number(value)
        out.seed = Number.isInteger(n) ? n : fail()
        break
      }
      case 'error':
        out.error = share()
        break
      case 'drop':
        out.drop = share()
        break
      case 'latency': {
        const m = /^(\d+)(?:-(\d+))?$/.exec(value) ?? fail()
        const min = Number(m[1])
        const max = Number(m[2] ?? m[1])
        out.latency = max >= min ? [min, max] : fail()
        break
      }
      case 'bandwidth': {
        const m = /^(\d+(?:\.\d+)?)\s*([a-z]*?)(?:\/s)?$/i.exec(value) ?? fail()
        const unit = units[(m[2] ?? '').toLowerCase()] ?? fail()
        out.bandwidth = Math.max(1, Math.round(Number(m[1]) * unit))
        break
      }
      default:
        fail()
    }
  }
  return out
}

/** mulberry32: a tiny seeded PRNG, enough for repeatable fault patterns. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The decision for request number `index` depends only on the seed and the index. */
export function decideFault(options: FaultOptions, index: number): FaultDecision {
  const random = mulberry32(Math.imul(options.seed ^ 0x5bd1e995, 0x01000193) ^ Math.imul(index + 1, 0x9e3779b1))
  const [r1, r2, r3, r4] = [random(), random(), random(), random()]
  const error = options.error && r1 < options.error ? (r2 < 0.5 ? 500 : 503) : undefined
  const [min, max] = options.latency ?? [0, 0]
  const latencyMs = Math.round(min + r3 * (max - min))
  const drop = !error && !!options.drop && r4 < options.drop
  return { error, latencyMs, drop }
}

/** Passes the first `keep` bytes, then fails, which makes the server cut the connection. */
export function truncating(keep: number): Transform {
  let passed = 0
  return new Transform({
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      const room = keep - passed
      if (room <= 0) return callback(new Error('fault injection: connection dropped'))
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk
      passed += part.length
      this.push(part)
      if (part.length < chunk.length || passed >= keep) {
        // Let the bytes reach the socket before failing.
        setTimeout(() => callback(new Error('fault injection: connection dropped')), 20)
        return
      }
      callback()
    }
  })
}

/** Paces the bytes to `bytesPerSecond`. */
export function throttled(bytesPerSecond: number): Transform {
  const slice = Math.max(1, Math.min(64 * 1024, Math.floor(bytesPerSecond / 20)))
  let sent = 0
  const started = Date.now()
  return new Transform({
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      const pushSlices = (offset: number): void => {
        if (offset >= chunk.length) return callback()
        const part = chunk.subarray(offset, offset + slice)
        sent += part.length
        this.push(part)
        const due = started + (sent / bytesPerSecond) * 1000
        setTimeout(() => pushSlices(offset + part.length), Math.max(0, due - Date.now()))
      }
      pushSlices(0)
    }
  })
}

/** A string or buffer payload as a stream. */
export function payloadStream(payload: string | Buffer | Readable): Readable {
  return typeof payload === 'string' || Buffer.isBuffer(payload) ? Readable.from([Buffer.from(payload)]) : payload
}
