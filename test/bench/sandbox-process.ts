import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

/** The sandbox in its own process, so that the bench process's memory is the app's alone. */
export async function startSandboxProcess(
  dataDir: string,
  extraArgs: readonly string[] = []
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'main/sandbox/cli.ts'), '--port', '0', '--data', dataDir, ...extraArgs],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /Service Layer URL: (\S+)/.exec(out)
      if (m?.[1]) ok(m[1])
    })
    child.on('exit', (code) => fail(new Error(`the sandbox stopped (code ${code}): ${out}`)))
  })
  return { url, child }
}

/** CPU time (user + system) a process has used so far, from /proc; null where there is no /proc. */
export function processCpuMs(pid: number | undefined): number | null {
  return statTicksMs(`/proc/${pid}/stat`, 11)
}

/** CPU time (user + system) of this process's children that have ended and been waited for (curl, once run). */
export function endedChildrenCpuMs(): number | null {
  return statTicksMs('/proc/self/stat', 13)
}

/** The sum of two tick fields of a /proc stat file, from `at` on, in ms. */
function statTicksMs(file: string, at: number): number | null {
  try {
    const stat = readFileSync(file, 'utf8')
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks,
    // and the ended children's cutime and cstime the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[at]) + Number(fields[at + 1])) * 1000) / TICKS_PER_SECOND
  } catch {
    return null
  }
}
/** Linux's USER_HZ, the same on every architecture Node runs on. */
const TICKS_PER_SECOND = 100
