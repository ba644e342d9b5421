import { computed, ref, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import type { DraftSummary } from '../../../../common/drafts'
import { call } from '../../api'
import { useNotify } from '../../composables/useNotify'
import { useDesktopStore } from '../../stores/desktop'
import { useDraftsStore } from '../../stores/drafts'
import { exportFileName } from './draft-look'

/**
 * Exporting a draft to a .jqdraft file and importing one: through the native dialogs where there are any,
 * otherwise through a path prompt whose state (shown, busy, error) this holds.
 */
export function useDraftExchange(dataDir: Ref<string | null>) {
  const store = useDraftsStore()
  const desktop = useDesktopStore()
  const notify = useNotify()
  const router = useRouter()

  const exporting = ref<DraftSummary | null>(null)
  const exportVisible = ref(false)
  const exportBusy = ref(false)
  const exportError = ref<string | null>(null)
  const separator = computed(() => (dataDir.value?.includes('\\') ? '\\' : '/'))
  const exportInitial = computed(() => {
    const file = exportFileName(exporting.value?.name ?? '')
    return dataDir.value ? `${dataDir.value}${separator.value}${file}` : file
  })

  async function startExport(d: DraftSummary): Promise<void> {
    exporting.value = d
    exportError.value = null
    if (desktop.nativeDialogs) {
      const r = await call('desktop.saveFile', {
        title: `Export "${d.name || 'Untitled draft'}"`,
        defaultPath: exportFileName(d.name),
        filters: [{ name: 'JobQueue draft', extensions: ['jqdraft'] }]
      })
      if (r.ok && r.value.path) await doExport(r.value.path)
      return
    }
    exportVisible.value = true
  }
  async function doExport(path: string): Promise<void> {
    const d = exporting.value
    if (!d) return
    exportBusy.value = true
    const r = await store.exportTo(d.id, path)
    exportBusy.value = false
    if (!r.ok) {
      if (exportVisible.value) exportError.value = r.error.message
      else notify.error(r.error)
      return
    }
    exportVisible.value = false
    notify.success(
      'Draft exported',
      `Saved to ${r.value.path}. Send this file to a colleague; they import it in Drafts.`
    )
  }

  const importVisible = ref(false)
  const importBusy = ref(false)
  const importError = ref<string | null>(null)
  async function startImport(): Promise<void> {
    importError.value = null
    if (desktop.nativeDialogs) {
      const r = await call('desktop.openFiles', {
        title: 'Import a draft',
        multiple: false,
        filters: [{ name: 'JobQueue draft', extensions: ['jqdraft'] }]
      })
      const path = r.ok ? r.value.paths?.[0] : undefined
      if (path) await doImport(path)
      return
    }
    importVisible.value = true
  }
  async function doImport(path: string): Promise<void> {
    importBusy.value = true
    const r = await store.importFile(path)
    importBusy.value = false
    if (!r.ok) {
      if (importVisible.value) importError.value = r.error.message
      else notify.error(r.error)
      return
    }
    importVisible.value = false
    const flagged = r.value.reasons.filter((x) => x.path).length
    if (flagged)
      notify.warn(
        'Draft imported — files to relink',
        `${flagged} file${flagged === 1 ? ' is' : 's are'} not on this computer. Use Relink to pick them.`
      )
    else notify.success('Draft imported', `"${r.value.name || 'Untitled draft'}" is ready.`)
    void router.replace({ query: { highlight: r.value.id } })
  }

  return {
    exporting,
    exportVisible,
    exportBusy,
    exportError,
    exportInitial,
    startExport,
    doExport,
    importVisible,
    importBusy,
    importError,
    startImport,
    doImport
  }
}
