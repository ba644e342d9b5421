import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface HostProcess {
  url: string
  dataDir: string
  stop(): Promise<void>
}

export interface HostProcessOptions {
  dataDir?: string
  args?: string[]
  /** The built-in sandbox's minimum running time per job: 0 where no test watches a job run (the app's default is 3 s). */
  sandboxMinRunningMs?: number
}

/** Starts `main/browser-host.ts` as a real child process (the built renderer must exist in out/renderer). */
export async function startHostProcess(options: HostProcessOptions = {}): Promise<HostProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'jq-e2e-'))
  const minRunning =
    options.sandboxMinRunningMs === undefined ? [] : ['--sandbox-min-running-ms', String(options.sandboxMinRunningMs)]
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve('main/browser-host.ts'),
      '--port',
      '0',
      '--data',
      dataDir,
      ...minRunning,
      ...(options.args ?? [])
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } }
  )
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      rej(new Error(`browser host did not start in 90 s:\n${stderr}`))
    }, 90_000)
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Open: (\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        res(m[1])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`browser host exited (${code}):\n${stderr}`))
    })
  })
  return {
    url,
    dataDir,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res()
        child.once('exit', () => res())
        child.kill('SIGTERM')
      })
  }
}

/** Starts the host on a private copy of the built renderer: a rebuild while tests run must not pull files from under the page. */
export async function startHostOnRendererCopy(options: HostProcessOptions = {}): Promise<HostProcess> {
  const renderer = join(mkdtempSync(join(tmpdir(), 'jq-e2e-renderer-')), 'renderer')
  cpSync(resolve('out/renderer'), renderer, { recursive: true })
  return startHostProcess({ ...options, args: ['--renderer', renderer, ...(options.args ?? [])] })
}
