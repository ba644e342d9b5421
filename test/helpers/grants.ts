import { PathGate } from '../../main/files/path-gate'
import { PathGrants } from '../../main/files/path-grants'

/** The browser host's gate: typed paths are taken as they are, UNC and device paths refused. */
export function acceptingGate(): PathGate {
  return new PathGate(new PathGrants({ file: null, log: () => {} }), { mode: 'accept' })
}
