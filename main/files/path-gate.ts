import type { PathPurpose } from '../desktop-api'
import { forbiddenPath, type GrantKind, type PathGrants } from './path-grants'

/**
 * How a path the user typed (not picked) is let in. In the app, main asks the user itself, with a native message
 * box: the renderer cannot answer for them. The browser host is a test and demo tool behind its token, and takes
 * typed paths as they are (UNC and device paths still refused).
 */
export type TypedPaths =
  { mode: 'accept' } | { mode: 'confirm'; confirm: (path: string, purpose: PathPurpose) => Promise<boolean> }

export class PathGate {
  constructor(
    readonly grants: PathGrants,
    private readonly typed: TypedPaths
  ) {}

  get acceptsTyped(): boolean {
    return this.typed.mode === 'accept'
  }

  /** Lets a path in: granted already, or typed and confirmed now. Throws Forbidden otherwise. */
  async admit(path: string, purpose: PathPurpose, kind: GrantKind = 'file', persist = false): Promise<void> {
    if (this.grants.isGranted(path)) {
      if (persist) this.grants.keep(path)
      return
    }
    const refused = this.grants.refusal(path, 'typed')
    if (refused) throw refused
    if (this.typed.mode === 'confirm' && !(await this.typed.confirm(path, purpose))) throw forbiddenPath(path)
    this.grants.grant(path, kind, 'typed', persist)
  }

  /** Without asking: a typed path is let in only by the browser host. */
  admitQuietly(path: string, kind: GrantKind = 'file'): boolean {
    if (this.grants.isGranted(path)) return true
    if (this.typed.mode !== 'accept' || this.grants.refusal(path, 'typed')) return false
    this.grants.grant(path, kind, 'typed')
    return true
  }
}
