import type { HandlersOf } from '../../common/contract'
import type { GrantaClient } from '../granta'

/** The outputs.* handlers over the signed-in connection's client (`client()` throws NotConnected when offline). */
export function outputHandlers(client: () => Pick<GrantaClient, 'outputSizes'>): HandlersOf<'outputs'> {
  return {
    'outputs.sizes': async ({ id, names }) => ({ sizes: await client().outputSizes(id, names) })
  }
}
