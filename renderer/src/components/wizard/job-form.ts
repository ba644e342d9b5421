import { computed, reactive, ref, toRaw, watch } from 'vue'
import { jobTypeLabels, type JobType, type KnownJobType } from '../../../../common/domain'
import { requestFiles, validateJobRequest, type JobRequest, type RequestIssue } from '../../../../common/job-request'
import type { FileInfo } from '../../../../common/files'
import { call } from '../../api'
import { isUnder, useIssueTiming } from './issue-timing'

export type ImportMode = 'separate' | 'combined'

export function emptyRequest(type: KnownJobType): JobRequest {
  const base = { name: '', description: null, scheduledExecutionDate: null }
  if (type === 'ExcelExportJob') return { type, ...base, template: null, databaseKey: 'MI_Training', records: [] }
  if (type === 'TextImportJob') return { type, ...base, template: null, data: [], attachments: [] }
  return { type, ...base, template: null, data: [], combined: [], attachments: [] }
}

/** The file extensions each role expects; another extension is a warning, never a refusal. */
export function expectedExtensions(type: JobType, field: string): string[] | null {
  if (field.startsWith('attachments')) return null
  if (type === 'TextImportJob') return field === 'template' ? ['.xml'] : null
  return ['.xlsx', '.xlsm', '.xls']
}

function extensionOf(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? ''
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot).toLowerCase() : ''
}

/**
 * A job request being edited: the shared rules of common/domain.ts, plus what only this machine can
 * tell (do the files exist and can they be read), plus a schedule in the past.
 */
export function useJobForm(initial: JobRequest, now: () => Date = () => new Date()) {
  // toRaw: the caller's request is usually reactive, and structuredClone cannot clone a Proxy.
  const request = reactive(structuredClone(toRaw(initial))) as JobRequest
  const importMode = ref<ImportMode>(
    request.type === 'ExcelImportJob' && request.combined.length > 0 ? 'combined' : 'separate'
  )
  const files = ref(new Map<string, FileInfo>())

  const paths = computed(() =>
    requestFiles(request)
      .map((f) => f.path.trim())
      .filter((p) => p !== '')
  )
  let inspecting = 0
  async function inspect(): Promise<void> {
    const ticket = ++inspecting
    const wanted = [...new Set(paths.value)]
    if (wanted.length === 0) return
    const r = await call('files.inspect', { paths: wanted })
    if (ticket !== inspecting || !r.ok) return
    files.value = new Map(r.value.files.map((f) => [f.path, f]))
  }
  watch(paths, () => void inspect(), { immediate: true })

  const ruleIssues = computed<RequestIssue[]>(() => validateJobRequest(request))
  const fileIssues = computed<RequestIssue[]>(() =>
    requestFiles(request).flatMap((f) => {
      const info = files.value.get(f.path.trim())
      return info?.problem ? [{ field: `${f.field}.path`, message: info.problem }] : []
    })
  )
  const scheduleIssues = computed<RequestIssue[]>(() => {
    const when = request.scheduledExecutionDate
    if (!when) return []
    return new Date(when).getTime() < now().getTime()
      ? [
          {
            field: 'scheduledExecutionDate',
            message: 'This time has passed. Choose a time in the future, or "As soon as possible".'
          }
        ]
      : []
  })
  const issues = computed(() => [...ruleIssues.value, ...fileIssues.value, ...scheduleIssues.value])
  const warnings = computed<RequestIssue[]>(() =>
    requestFiles(request).flatMap((f) => {
      const expected = expectedExtensions(request.type, f.field)
      const ext = extensionOf(f.path)
      if (!expected || f.path.trim() === '' || expected.includes(ext)) return []
      return [
        {
          field: `${f.field}.path`,
          message: `${jobTypeLabels[request.type]} files are usually ${expected.join(', ')}; this one is "${ext || 'without an extension'}".`
        }
      ]
    })
  )

  // Problems show at a field once it was left, and all of them once Submit was tried.
  const timing = useIssueTiming(issues)
  const shown = timing.shown

  /** The first shown message for a field or anything under it (`data` matches `data.0.path`). */
  function issueFor(field: string): string | null {
    return shown.value.find((i) => isUnder(i.field, field))?.message ?? null
  }
  /** The first shown message for exactly this field (`data`, not `data.0.path`): what a whole list is missing or breaks. */
  function issueAt(field: string): string | null {
    return shown.value.find((i) => i.field === field)?.message ?? null
  }
  function warningFor(field: string): string | null {
    return warnings.value.find((i) => isUnder(i.field, field))?.message ?? null
  }

  function setImportMode(mode: ImportMode): void {
    importMode.value = mode
    if (request.type !== 'ExcelImportJob') return
    if (mode === 'combined') {
      request.template = null
      request.data = []
    } else {
      request.combined = []
    }
  }

  /** The request as it is saved or sent: trimmed paths, empty virtual paths dropped. */
  function snapshot(): JobRequest {
    const copy = structuredClone(JSON.parse(JSON.stringify(request))) as JobRequest
    const clean = (f: { path: string; virtualPath?: string }) => {
      f.path = f.path.trim()
      if (!f.virtualPath?.trim()) delete f.virtualPath
    }
    if (copy.template) clean(copy.template)
    if (copy.type !== 'ExcelExportJob') {
      copy.data.forEach(clean)
      copy.attachments.forEach(clean)
      if (copy.type === 'ExcelImportJob') copy.combined.forEach(clean)
    }
    return copy
  }

  return {
    request,
    importMode,
    files,
    issues,
    /** The problems shown now (see `useIssueTiming`). */
    shownIssues: shown,
    /** Every problem is shown (Submit was tried, or a saved draft was opened). */
    showingAll: timing.attempted,
    showAll: timing.showAll,
    touch: timing.touch,
    attemptSubmit: timing.attempt,
    warnings,
    issueFor,
    issueAt,
    warningFor,
    setImportMode,
    snapshot,
    refreshFiles: inspect
  }
}

export type JobForm = ReturnType<typeof useJobForm>
