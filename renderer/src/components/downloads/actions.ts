import type { ItemState } from '../../../../common/downloads'

export type ItemAction = 'pause' | 'resume' | 'retry' | 'cancel' | 'open' | 'reveal'

export const actionLook: Record<ItemAction, { label: string; icon: string }> = {
  pause: { label: 'Pause', icon: 'pi pi-pause' },
  resume: { label: 'Resume', icon: 'pi pi-play' },
  retry: { label: 'Retry', icon: 'pi pi-refresh' },
  cancel: { label: 'Cancel', icon: 'pi pi-times' },
  open: { label: 'Open', icon: 'pi pi-external-link' },
  reveal: { label: 'Show in folder', icon: 'pi pi-folder-open' }
}

/** What a user can do with one file in each state, in the engine's terms (see DownloadEngine's controls). */
export function itemActions(state: ItemState): ItemAction[] {
  switch (state) {
    case 'queued':
    case 'active':
      return ['pause', 'cancel']
    case 'paused':
      return ['resume', 'cancel']
    case 'failed':
      return ['retry', 'cancel']
    case 'cancelled':
      return ['retry']
    case 'done':
      return ['open', 'reveal']
  }
}
