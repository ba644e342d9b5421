import { spawn, type ChildProcess } from 'node:child_process'
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
