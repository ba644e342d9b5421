import type { ItemState } from '../../../../common/downloads'
import { formatBytes } from '../wizard/format'

export { formatBytes }

export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(Math.round(bytesPerSecond))}/s` : ''
}

/** `1 h 02 min`, `3 min 05 s`, `12 s`; empty when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return ''
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s left`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s left`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min left`
}

export function percentOf(done: number, total: number | null): number {
  return total ? Math.min(100, Math.floor((done / total) * 100)) : 0
}

export const stateLook: Record<ItemState, { label: string; icon: string; tone: string }> = {
  queued: { label: 'Waiting', icon: 'pi pi-clock', tone: 'muted' },
  active: { label: 'Downloading', icon: 'pi pi-spin pi-spinner', tone: 'accent' },
  paused: { label: 'Paused', icon: 'pi pi-pause', tone: 'muted' },
  done: { label: 'Done', icon: 'pi pi-check-circle', tone: 'success' },
  failed: { label: 'Failed', icon: 'pi pi-times-circle', tone: 'danger' },
  cancelled: { label: 'Cancelled', icon: 'pi pi-ban', tone: 'muted' }
}
