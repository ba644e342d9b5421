import type { BatchSource, ItemState } from '../../../../common/downloads'
import { formatBytes, plural } from '../../../../common/format'

/** Whole percent, 0–100; 0 when the size is unknown. */
export function percentOf(done: number, total: number | null): number {
  return total ? Math.max(0, Math.min(100, Math.floor((done / total) * 100))) : 0
}

/** `3.2 MB of 10 MB`, or just the bytes so far while the size is unknown. */
export function formatProgressBytes(done: number, total: number | null): string {
  return total === null ? formatBytes(done) : `${formatBytes(done)} of ${formatBytes(total)}`
}

export const stateLook: Record<
  ItemState,
  { label: string; icon: string; tone: 'muted' | 'accent' | 'success' | 'danger' | 'warning' }
> = {
  queued: { label: 'Waiting', icon: 'pi pi-clock', tone: 'muted' },
  active: { label: 'Downloading', icon: 'pi pi-arrow-circle-down', tone: 'accent' },
  paused: { label: 'Paused', icon: 'pi pi-pause-circle', tone: 'warning' },
  done: { label: 'Done', icon: 'pi pi-check-circle', tone: 'success' },
  failed: { label: 'Failed', icon: 'pi pi-times-circle', tone: 'danger' },
  cancelled: { label: 'Cancelled', icon: 'pi pi-ban', tone: 'muted' }
}

/** What a batch request will download, in words, for the dialog's first line. */
export function describeSource(source: BatchSource): string {
  if (source.kind === 'file') return `${source.fileName}`
  if (source.kind === 'jobs') return `Every output file of ${plural(source.jobIds.length, 'job')}`
  const f = source.filter
  const parts = [
    f.status ? `status ${f.status}` : null,
    f.jobType ? `type ${f.jobType}` : null,
    f.nameFilter ? `name contains “${f.nameFilter}”` : null,
    f.descriptionFilter ? `description contains “${f.descriptionFilter}”` : null,
    f.submitterNameFilter ? `submitted by ${f.submitterNameFilter}` : null
  ].filter((p): p is string => p !== null)
  return parts.length
    ? `Every output file of every job with ${parts.join(', ')}`
    : 'Every output file of every job in the queue'
}

/** The path to show for a file: under the batch's folder when it is there, else as it is. */
export function shownPath(targetPath: string, destination: string): string {
  const d = destination.replace(/[\\/]+$/, '')
  if (
    targetPath.length > d.length + 1 &&
    targetPath.slice(0, d.length).toLowerCase() === d.toLowerCase() &&
    /[\\/]/.test(targetPath[d.length] ?? '')
  ) {
    return targetPath.slice(d.length + 1).replace(/\\/g, '/')
  }
  return targetPath
}
