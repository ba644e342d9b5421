import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import {
  SANDBOX_CONNECTION_ID,
  authKindSchema,
  sandboxUserSchema,
  tlsOptionsSchema,
  storedConnectionSchema,
  usesPassword,
  type ConnectionForm,
  type SandboxUser,
  type StoredConnection
} from '../../common/connections'
import { AppError } from '../../common/errors'
import { JsonFile } from '../store/json-file'

/** What the user may choose for a connection IT set: how to sign in, never its name or address. */
export const organisationChoiceSchema = z.object({
  auth: authKindSchema,
  username: z.string(),
  tls: tlsOptionsSchema,
  updatedAt: z.string()
})
export type OrganisationChoice = z.infer<typeof organisationChoiceSchema>

const fileSchema = z.object({
  connections: z.array(storedConnectionSchema),
  /** Reconnect to this one on start. */
  lastUsedId: z.string().nullable(),
  /** The built-in sandbox connection's chosen user. */
  sandboxUser: sandboxUserSchema,
  /** How the user signs in to each connection IT set (policy defaultConnections), by its id. */
  organisation: z.record(z.string(), organisationChoiceSchema).default({})
})
type ConnectionsFile = z.output<typeof fileSchema>

const SCHEMA_VERSION = 1
const empty = (): ConnectionsFile => ({ connections: [], lastUsedId: null, sandboxUser: 'admin', organisation: {} })

export interface ConnectionStoreOptions {
  dataDir: string
  clock?: () => Date
  newId?: () => string
}

/** Saved connections in `<dataDir>/connections.json`: atomic writes, a schema version, corrupt files moved aside. */
export class ConnectionStore {
  private readonly file: JsonFile<ConnectionsFile>
  private data: ConnectionsFile | null = null
  private loading: Promise<ConnectionsFile> | null = null
  private writes: Promise<void> = Promise.resolve()
  private problem: string | null = null

  constructor(private readonly options: ConnectionStoreOptions) {
    this.file = new JsonFile({
      path: join(options.dataDir, 'connections.json'),
      schema: fileSchema,
      version: SCHEMA_VERSION,
      clock: options.clock
    })
  }

  get path(): string {
    return this.file.path
  }

  /** What went wrong when the file was read, for the user. */
  get notice(): string | null {
    return this.problem
  }

  async list(): Promise<StoredConnection[]> {
    return [...(await this.load()).connections]
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    return (await this.load()).connections.find((c) => c.id === id)
  }

  async require(id: string): Promise<StoredConnection> {
    const found = await this.get(id)
    if (!found)
      throw new AppError('NotFound', 'That connection no longer exists. Refresh the list and choose another.', { id })
    return found
  }

  async create(form: ConnectionForm): Promise<StoredConnection> {
    const now = this.now()
    const connection: StoredConnection = {
      id: (this.options.newId ?? randomUUID)(),
      ...this.fields(form),
      createdAt: now,
      updatedAt: now
    }
    await this.change((d) => ({ ...d, connections: [...d.connections, connection] }))
    return connection
  }

  async update(id: string, form: ConnectionForm): Promise<{ before: StoredConnection; after: StoredConnection }> {
    const before = await this.require(id)
    const after: StoredConnection = { ...before, ...this.fields(form), updatedAt: this.now() }
    await this.change((d) => ({ ...d, connections: d.connections.map((c) => (c.id === id ? after : c)) }))
    return { before, after }
  }

  async delete(id: string): Promise<StoredConnection> {
    const gone = await this.require(id)
    await this.change((d) => ({
      ...d,
      connections: d.connections.filter((c) => c.id !== id),
      lastUsedId: d.lastUsedId === id ? null : d.lastUsedId
    }))
    return gone
  }

  async lastUsedId(): Promise<string | null> {
    return (await this.load()).lastUsedId
  }

  async setLastUsed(id: string | null): Promise<void> {
    if ((await this.load()).lastUsedId === id) return
    await this.change((d) => ({ ...d, lastUsedId: id }))
  }

  async sandboxUser(): Promise<SandboxUser> {
    return (await this.load()).sandboxUser
  }

  async setSandboxUser(user: SandboxUser): Promise<void> {
    if ((await this.load()).sandboxUser === user) return
    await this.change((d) => ({ ...d, sandboxUser: user }))
  }

  async organisationChoice(id: string): Promise<OrganisationChoice | undefined> {
    return (await this.load()).organisation[id]
  }

  /** Keeps how the user signs in to a connection IT set (its name and address stay the policy's). */
  async setOrganisationChoice(id: string, form: ConnectionForm): Promise<OrganisationChoice> {
    const { auth, username, tls } = this.fields(form)
    const choice: OrganisationChoice = { auth, username, tls, updatedAt: this.now() }
    await this.change((d) => ({ ...d, organisation: { ...d.organisation, [id]: choice } }))
    return choice
  }

  private fields(form: ConnectionForm) {
    return {
      name: form.name,
      url: form.url,
      auth: form.auth,
      username: usesPassword(form.auth) ? form.username : '',
      tls: form.tls
    }
  }

  private now(): string {
    return (this.options.clock ?? (() => new Date()))().toISOString()
  }

  private load(): Promise<ConnectionsFile> {
    if (this.data) return Promise.resolve(this.data)
    this.loading ??= this.file.read().then(
      (result) => {
        if (result.status === 'ok') this.data = result.value
        else {
          this.data = empty()
          if (result.status === 'corrupt') {
            this.problem = `Your saved connections could not be read (${result.reason}). The file was moved to ${result.movedTo} and the list starts empty; add your connections again.`
          }
        }
        if (this.data.connections.some((c) => c.id === SANDBOX_CONNECTION_ID)) {
          this.data = { ...this.data, connections: this.data.connections.filter((c) => c.id !== SANDBOX_CONNECTION_ID) }
        }
        return this.data
      },
      (e: unknown) => {
        this.loading = null
        throw new AppError('Disk', `Your saved connections could not be read from ${this.file.path}: ${String(e)}`)
      }
    )
    return this.loading
  }

  /** Applies a change and writes the file; writes run one after another. */
  private async change(update: (d: ConnectionsFile) => ConnectionsFile): Promise<void> {
    await this.load()
    const run = this.writes.then(async () => {
      const next = update(this.data ?? empty())
      try {
        await this.file.write(next)
      } catch (e) {
        throw new AppError(
          'Disk',
          `Your connections could not be saved to ${this.file.path}: ${e instanceof Error ? e.message : String(e)}`
        )
      }
      this.data = next
    })
    this.writes = run.catch(() => {})
    await run
  }
}
