import { createHash } from 'node:crypto'
import { serviceLayerUrlSchema, type ConnectionForm, type StoredConnection } from '../../common/connections'
import { AppError } from '../../common/errors'
import type { Policy, PolicyConnection } from '../../common/policy'
import type { ConnectionStore } from './connection-store'

/** The id of a connection IT set: stable while its address stays the same, so its saved sign-in survives a restart. */
export const organisationConnectionId = (url: string): string =>
  `org-${createHash('sha256').update(url.toLowerCase()).digest('hex').slice(0, 16)}`

/**
 * The connections IT offers every user (policy `defaultConnections`), with the sign-in each user chose. Their name
 * and address come from the policy and stay read-only; they cannot be deleted. Never any secret in policy.
 */
export class OrganisationConnections {
  private entries: Promise<Map<string, StoredConnection>> | null = null

  constructor(
    private readonly policy: () => Promise<Policy>,
    private readonly store: ConnectionStore
  ) {}

  /** Each connection IT set, in the policy's order, with the user's choice of sign-in. */
  async list(): Promise<StoredConnection[]> {
    const out: StoredConnection[] = []
    for (const base of (await this.fromPolicy()).values()) out.push(await this.withChoice(base))
    return out
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    const base = (await this.fromPolicy()).get(id)
    return base ? this.withChoice(base) : undefined
  }

  async has(id: string): Promise<boolean> {
    return (await this.fromPolicy()).has(id)
  }

  /** Saves how the user signs in; a different name or address is refused, the policy owns both. */
  async update(id: string, form: ConnectionForm): Promise<{ before: StoredConnection; after: StoredConnection }> {
    const before = await this.get(id)
    if (!before)
      throw new AppError('NotFound', 'That connection no longer exists. Refresh the list and choose another.')
    if (form.url !== before.url || form.name !== before.name) {
      throw new AppError(
        'Forbidden',
        `The name and address of ${before.name} are set by your organisation (IT policy) and cannot be changed here. ` +
          'You can change how you sign in, or add a connection of your own for another server.'
      )
    }
    const choice = await this.store.setOrganisationChoice(id, form)
    return { before, after: { ...before, ...choice } }
  }

  /** Deleting is refused: IT offers the connection to every user. */
  refuseDelete(c: StoredConnection): never {
    throw new AppError(
      'Forbidden',
      `${c.name} is set by your organisation (IT policy) and cannot be deleted. Ask your IT department to remove it.`
    )
  }

  private async withChoice(base: StoredConnection): Promise<StoredConnection> {
    const choice = await this.store.organisationChoice(base.id)
    return choice ? { ...base, ...choice } : base
  }

  private fromPolicy(): Promise<Map<string, StoredConnection>> {
    this.entries ??= this.policy().then(
      (p) => entriesOf(p.defaultConnections ?? []),
      () => new Map<string, StoredConnection>()
    )
    return this.entries
  }
}

/** The policy's connections as stored ones; a second entry for the same address is left out. */
function entriesOf(list: PolicyConnection[]): Map<string, StoredConnection> {
  const out = new Map<string, StoredConnection>()
  for (const c of list) {
    const url = serviceLayerUrlSchema.safeParse(c.url)
    if (!url.success) continue
    const id = organisationConnectionId(url.data)
    if (out.has(id)) continue
    out.set(id, {
      id,
      name: c.name,
      url: url.data,
      auth: c.auth ?? 'negotiate',
      username: '',
      tls: { caFile: null, useSystemStore: true },
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString()
    })
  }
  return out
}
