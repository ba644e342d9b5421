import { ref } from 'vue'
import type { ErrorValue } from '../../../../common/errors'
import type { ExportFormatChoice, QueueExportInput } from '../../../../common/queue-export'
import { call } from '../../api'
import { useDesktopStore } from '../../stores/desktop'

export const exportFormats: { format: ExportFormatChoice; label: string; extension: string }[] = [
  { format: 'xlsx', label: 'Excel workbook (.xlsx)', extension: 'xlsx' },
  { format: 'csv', label: 'CSV, comma-separated (.csv)', extension: 'csv' }
]

/**
 * Exports what the queue shows. The view sends its filter, sort and columns, never rows: main recomputes them.
 * In the app a save dialog picks the file; the browser host has none, and main writes into the download folder.
 */
export function useQueueExport(view: () => Omit<QueueExportInput, 'format' | 'path'>) {
  const desktop = useDesktopStore()
  void desktop.load()
  const busy = ref(false)
  /** The file just written, for "Open" and "Show in folder". */
  const saved = ref<{ path: string; rows: number } | null>(null)

  async function exportAs(format: ExportFormatChoice): Promise<ErrorValue | null> {
    const kind = exportFormats.find((f) => f.format === format) ?? exportFormats[0]!
    let path: string | undefined
    await desktop.load()
    if (desktop.nativeDialogs) {
      const chosen = await call('desktop.saveFile', {
        title: 'Export the queue',
        defaultPath: `Queue.${kind.extension}`,
        filters: [{ name: kind.label, extensions: [kind.extension] }]
      })
      if (!chosen.ok) return chosen.error
      if (!chosen.value.path) return null
      path = chosen.value.path
    }
    busy.value = true
    try {
      const r = await call('queue.export', { ...view(), format, ...(path ? { path } : {}) })
      if (!r.ok) return r.error
      saved.value = r.value
      return null
    } finally {
      busy.value = false
    }
  }

  async function reveal(how: 'desktop.openPath' | 'desktop.showItemInFolder'): Promise<ErrorValue | null> {
    if (!saved.value) return null
    const r = await call(how, { path: saved.value.path })
    return r.ok ? null : r.error
  }

  return { busy, saved, exportAs, reveal }
}
