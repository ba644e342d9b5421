import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

/**
 * Puts the server on one core and this process (and the curl it starts) on another, as if the server were
 * another machine: on a 2-core box they would otherwise fight for the same cores, and the client that uses
 * more CPU (ours, on Node) would also slow the server down. Returns a function that undoes it.
 * Without `taskset`, with one core, or with BENCH_PIN=0, nothing is pinned, and the note says so.
 */
export function pinServerApart(serverPid: number): { undo: () => void; note: string } {
  if (process.env.BENCH_PIN === '0') return { undo: () => {}, note: 'not pinned (BENCH_PIN=0)' }
  if (availableParallelism() < 2) return { undo: () => {}, note: 'not pinned (one core)' }
  try {
    const all = `0-${availableParallelism() - 1}`
    execFileSync('taskset', ['-a', '-cp', '0', String(serverPid)], { stdio: 'ignore' })
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' })
    return {
      undo: () => execFileSync('taskset', ['-a', '-cp', all, String(process.pid)], { stdio: 'ignore' }),
      note: 'server pinned to core 0, clients to core 1'
    }
  } catch {
    return { undo: () => {}, note: 'not pinned (no taskset)' }
  }
}
