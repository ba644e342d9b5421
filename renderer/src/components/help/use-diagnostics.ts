import { computed, ref, type Ref } from 'vue'
import type { LogLevelInfo } from '../../../../common/channels/app'
import type { ErrorValue } from '../../../../common/errors'
import type { LogLevel } from '../../../../common/policy'
import { call } from '../../api'
import { useNotify } from '../../composables/useNotify'
import { useDesktopStore } from '../../stores/desktop'

/** `jobqueue-diagnostics-20250131-1405.zip`, in local time. */
export function diagnosticsFileName(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  const day = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}`
  return `jobqueue-diagnostics-${day}-${two(at.getHours())}${two(at.getMinutes())}.zip`
}

/**
 * Help → Diagnostics: the log level, the logs folder, the report copied to the clipboard, and the zip saved through
 * the native save dialog (or a typed path in the browser host, whose prompt state this holds).
 */
export function useDiagnostics(dataDir: Ref<string | null>) {
  const notify = useNotify()
  const desktop = useDesktopStore()
  const logLevel = ref<LogLevelInfo | null>(null)
  const levelError = ref<ErrorValue | null>(null)
  const busy = ref<'copy' | 'save' | 'open' | 'level' | null>(null)

  async function load(): Promise<void> {
    await desktop.load()
    const r = await call('app.logLevel')
    if (r.ok) {
      logLevel.value = r.value
      levelError.value = null
    } else levelError.value = r.error
  }

  async function setLevel(level: LogLevel): Promise<void> {
    busy.value = 'level'
    const r = await call('app.setLogLevel', { level })
    busy.value = null
    if (r.ok) logLevel.value = r.value
    else notify.error(r.error)
  }

  async function openLogs(): Promise<void> {
    busy.value = 'open'
    const r = await call('app.openLogsFolder')
    busy.value = null
    if (!r.ok) notify.error(r.error)
  }

  async function copy(): Promise<void> {
    busy.value = 'copy'
    const r = await call('app.diagnostics')
    busy.value = null
    if (!r.ok) return notify.error(r.error)
    try {
      await navigator.clipboard.writeText(r.value.text)
      notify.success('Diagnostics copied', 'Paste them into your message to support. No password or token is in them.')
    } catch {
      notify.warn('Could not copy', 'Use Save diagnostics… instead, and send the zip file to support.')
    }
  }

  const promptVisible = ref(false)
  const promptError = ref<string | null>(null)
  const separator = computed(() => (dataDir.value?.includes('\\') ? '\\' : '/'))
  const promptInitial = ref('')

  async function startSave(): Promise<void> {
    const name = diagnosticsFileName(new Date())
    promptError.value = null
    if (!desktop.nativeDialogs) {
      promptInitial.value = dataDir.value ? `${dataDir.value}${separator.value}${name}` : name
      promptVisible.value = true
      return
    }
    const r = await call('desktop.saveFile', {
      title: 'Save diagnostics',
      defaultPath: name,
      filters: [{ name: 'Zip archive', extensions: ['zip'] }]
    })
    if (!r.ok) notify.error(r.error)
    else if (r.value.path) await save(r.value.path)
  }

  async function save(path: string): Promise<void> {
    busy.value = 'save'
    const r = await call('app.saveDiagnostics', { path })
    busy.value = null
    if (!r.ok) {
      if (promptVisible.value) promptError.value = r.error.message
      else notify.error(r.error)
      return
    }
    promptVisible.value = false
    notify.success('Diagnostics saved', `Saved to ${r.value.path}. Send this file to support.`)
  }

  return {
    logLevel,
    levelError,
    busy,
    load,
    setLevel,
    openLogs,
    copy,
    startSave,
    save,
    promptVisible,
    promptError,
    promptInitial
  }
}
