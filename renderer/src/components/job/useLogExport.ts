import { ref } from 'vue'
import type { LogInfo } from '../../../../common/queue'
import { formatBytes } from '../../../../common/format'
import { api } from '../../api'
import { useNotify } from '../../composables/useNotify'
import { useDesktopStore } from '../../stores/desktop'

/** The clipboard takes a log up to this size; a larger one is saved instead. */
export const MAX_COPY_BYTES = 5 * 1024 * 1024
const COPY_BLOCK = 5000

/**
 * Copy the whole log to the clipboard, or save it to a file: through the native save dialog in the app, through a
 * typed path in the browser host (`promptVisible`). Main writes the file, and only where the user let it.
 */
export function useLogExport(source: () => { jobId: string; fileName: string }, info: () => LogInfo | null) {
  const notify = useNotify()
  const desktop = useDesktopStore()
  void desktop.load()
  const copying = ref(false)
  const saving = ref(false)
  const promptVisible = ref(false)
  const promptError = ref<string | null>(null)

  async function copy(): Promise<void> {
    const i = info()
    if (!i) return
    if (i.bytes > MAX_COPY_BYTES) {
      notify.warn('Too large to copy', `This log is ${formatBytes(i.bytes)}: save it to a file instead.`)
      return
    }
    copying.value = true
    const { jobId, fileName } = source()
    const lines: string[] = []
    for (let start = 0; start < i.lineCount; start += COPY_BLOCK) {
      const r = await api.call('jobs.logLines', { id: jobId, fileName, start, count: COPY_BLOCK })
      if (!r.ok) {
        copying.value = false
        notify.error(r.error)
        return
      }
      lines.push(...r.value.lines)
    }
    try {
      await navigator.clipboard.writeText(lines.join('\n') + '\n')
      notify.success('Copied', `${fileName} is on the clipboard.`)
    } catch {
      notify.warn('Could not copy', 'Save the log to a file instead.')
    } finally {
      copying.value = false
    }
  }

  async function save(): Promise<void> {
    promptError.value = null
    if (!desktop.nativeDialogs) {
      promptVisible.value = true
      return
    }
    const r = await api.call('desktop.saveFile', {
      title: 'Save the log',
      defaultPath: source().fileName,
      filters: [{ name: 'Log file', extensions: ['log', 'txt'] }]
    })
    if (r.ok && r.value.path) await saveTo(r.value.path)
  }

  async function saveTo(path: string): Promise<void> {
    saving.value = true
    const { jobId, fileName } = source()
    const r = await api.call('jobs.saveLog', { id: jobId, fileName, path })
    saving.value = false
    if (!r.ok) {
      if (promptVisible.value) promptError.value = r.error.message
      else notify.error(r.error)
      return
    }
    promptVisible.value = false
    notify.success('Log saved', `Saved to ${r.value.path}.`)
  }

  return { copying, saving, promptVisible, promptError, copy, save, saveTo }
}
