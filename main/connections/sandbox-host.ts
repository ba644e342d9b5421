import { join } from 'node:path'
import { AppError } from '../../common/errors'
import type { SandboxUser } from '../../common/connections'

export interface RunningSandbox {
  url: string
  stop(): Promise<void>
}

export interface SandboxHostOptions {
  dataDir: string
  /** main/sandbox's startSandbox. */
  start: (options: { port: 0; dataDir: string; seed: boolean }) => Promise<RunningSandbox>
  /** The sandbox's built-in users and their passwords. */
  users: readonly { username: string; password: string }[]
}

/** The built-in sandbox server behind the "Sandbox" connection: started in-process on first use. */
export class SandboxHost {
  private running: Promise<RunningSandbox> | null = null

  constructor(private readonly options: SandboxHostOptions) {}

  /** The sandbox's URL once it runs, else null. */
  url: string | null = null

  async ensureStarted(): Promise<string> {
    this.running ??= this.options
      .start({ port: 0, dataDir: join(this.options.dataDir, 'sandbox'), seed: true })
      .then((s) => {
        this.url = s.url
        return s
      })
      .catch((e: unknown) => {
        this.running = null
        throw new AppError('Internal', `The built-in sandbox server could not start: ${e instanceof Error ? e.message : String(e)}`)
      })
    return (await this.running).url
  }

  password(user: SandboxUser): string {
    const found = this.options.users.find((u) => u.username === user)
    if (!found) throw new AppError('Validation', `The sandbox has no user named ${user}.`)
    return found.password
  }

  async stop(): Promise<void> {
    const running = this.running
    this.running = null
    this.url = null
    if (running) await (await running.catch(() => null))?.stop()
  }
}
