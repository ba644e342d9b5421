import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { AppError } from '../../common/errors'
import { sandboxUserSchema, type SandboxCredentials, type SandboxUser } from '../../common/connections'
import type { SandboxUser as SandboxAccount } from '../sandbox/options'
import type { SandboxAccounts } from './sandbox-passwords'

export interface RunningSandbox {
  url: string
  stop(): Promise<void>
  /** The worker thread the server runs in; absent when it runs on the caller's thread (tests). */
  worker?: Worker
  /** Resolves with the reason when the server ends without stop() (its thread crashed), with null after stop(). */
  ended?: Promise<string | null>
}

export interface SandboxHostOptions {
  dataDir: string
  /** Starts the server: `sandboxInThread` (sandbox-thread.ts) in the app; main/sandbox's startSandbox in-process in tests. */
  start: (options: { port: 0; dataDir: string; seed: boolean; users: SandboxAccount[] }) => Promise<RunningSandbox>
  /** The sandbox's built-in users and their passwords: a fixed list (tests, scripts) or SandboxPasswords' random ones. */
  users: readonly SandboxAccount[] | (() => Promise<SandboxAccounts>)
  /** Told, with a message for the user, when the running server ends by itself. */
  onCrash?: (message: string) => void
}

/** The built-in sandbox server behind the "Sandbox" connection: started on first use, again after a crash. */
export class SandboxHost {
  private running: Promise<RunningSandbox> | null = null

  constructor(private readonly options: SandboxHostOptions) {}

  /** The sandbox's URL once it runs, else null. */
  url: string | null = null
  /** The worker thread the sandbox runs in, while it runs (null when `start` runs it in-process). */
  worker: Worker | null = null

  async ensureStarted(): Promise<string> {
    if (!this.running) {
      const dir = join(this.options.dataDir, 'sandbox')
      const running: Promise<RunningSandbox> = this.accounts()
        .then(({ users }) => this.options.start({ port: 0, dataDir: dir, seed: true, users }))
        .then((s) => {
          if (this.running === running) {
            this.url = s.url
            this.worker = s.worker ?? null
          }
          void s.ended?.then((reason) => reason !== null && this.crashed(running, reason))
          return s
        })
        .catch((e: unknown) => {
          if (this.running === running) this.running = null
          const reason = e instanceof Error ? e.message : String(e)
          throw new AppError(
            'Internal',
            `The built-in sandbox server could not start: ${reason}. Connect again to retry; if it fails again, quit the app and move the folder ${dir} aside to start the sandbox afresh.`
          )
        })
      this.running = running
    }
    return (await this.running).url
  }

  async password(user: SandboxUser): Promise<string> {
    const found = (await this.accounts()).users.find((u) => u.username === user)
    if (!found) throw new AppError('Validation', `The sandbox has no user named ${user}.`)
    return found.password
  }

  /** The users, passwords and rights that Connections → Sandbox shows. */
  async credentials(): Promise<SandboxCredentials> {
    const { users, storage } = await this.accounts()
    return {
      storage,
      users: users.flatMap((u) => {
        const username = sandboxUserSchema.safeParse(u.username)
        if (!username.success) return []
        const rights = u.isAdmin ? 'administrator' : u.hasWriteAccess ? 'write' : 'read'
        return [{ username: username.data, password: u.password, rights } as const]
      })
    }
  }

  private async accounts(): Promise<SandboxAccounts> {
    const users = this.options.users
    return typeof users === 'function' ? users() : { users: [...users], storage: 'fixed' }
  }

  async stop(): Promise<void> {
    const running = this.running
    this.forget()
    if (running) await (await running.catch(() => null))?.stop()
  }

  private crashed(running: Promise<RunningSandbox>, reason: string): void {
    if (this.running !== running) return
    this.forget()
    this.options.onCrash?.(
      `The built-in sandbox server stopped unexpectedly (${reason}). Connect to the Sandbox again to restart it.`
    )
  }

  private forget(): void {
    this.running = null
    this.url = null
    this.worker = null
  }
}
