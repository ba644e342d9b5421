import type { BatchSource, ItemCounts } from '../../common/downloads'
import { plural } from '../../common/format'
import { serverStatusPhrase } from '../../common/status-words'

/** What the download manager says to the user: batch labels, notices and refusals. */

/** A batch's label in the list: `Succeeded or completed with errors, name contains "x" · 12 files`. */
export function batchLabel(source: BatchSource, files: number): string {
  const n = plural(files, 'file')
  if (source.kind === 'file') return source.fileName
  if (source.kind === 'jobs') return `${plural(source.jobIds.length, 'job')} · ${n}`
  const f = source.filter
  const parts = [
    f.status ? serverStatusPhrase(f.status) : undefined,
    f.jobType,
    f.nameFilter ? `name contains "${f.nameFilter}"` : undefined,
    f.descriptionFilter ? `description contains "${f.descriptionFilter}"` : undefined,
    f.submitterNameFilter ? `submitted by ${f.submitterNameFilter}` : undefined
  ].filter(Boolean)
  return `${parts.length ? parts.join(', ') : 'All jobs'} · ${n}`
}

/** The desktop notification's text when a batch has finished. */
export function finishedNotice(b: { destination: string; counts: ItemCounts }): { title: string; body: string } {
  const failed = b.counts.failed ? `, ${b.counts.failed} failed` : ''
  return {
    title: 'Downloads finished',
    body: `${plural(b.counts.done, 'file')} saved in ${b.destination}${failed}. Click to open the folder.`
  }
}

export const say = {
  notConnected: 'Sign in to this connection first, then add the downloads again.',
  noDestination: 'Choose a destination folder for the downloads.',
  notAbsolute: (d: string) => `The destination ${d} is not a full folder path. Choose a folder.`,
  nothingToDownload: (why: string | undefined) =>
    why ? `Nothing to download: ${why}` : 'Nothing to download: the selected jobs have no output files.',
  itemGone: 'That download is no longer in the list.',
  batchGone: 'That batch is no longer in the list.',
  gaveUp: (attempts: number) => ` Gave up after ${attempts} attempts.`
}
