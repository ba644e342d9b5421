import type { Router } from 'vue-router'
import { baseName } from '../../../common/job-request'
import { api } from '../api'
import { useNotify } from './useNotify'

/**
 * Draft files handed to the app (double-clicked in Explorer, `--import`, a second start): takes what main
 * imported, says so, and opens Drafts on the last new draft. Returns the unsubscribe function.
 */
export function useDraftHandOff(router: Router): () => void {
  const notify = useNotify()
  async function take(): Promise<void> {
    const result = await api.call('drafts.takeHandOffs')
    if (!result.ok) return notify.error(result.error)
    let opened: string | null = null
    for (const item of result.value) {
      if ('draft' in item) {
        notify.success('Draft opened', `“${item.draft.name}” from ${baseName(item.file)}`)
        opened = item.draft.id
      } else notify.error(item.error)
    }
    if (opened) await router.push({ path: '/drafts', query: { highlight: opened } })
  }
  const off = api.on('drafts.handedOff', () => void take())
  void take()
  return off
}
