import { computed, ref, type Ref } from 'vue'
import type { RequestIssue } from '../../../../common/job-request'

/** Whether `field` is `prefix` or lies under it (`data.0.path` is under `data`). */
export function isUnder(field: string, prefix: string): boolean {
  return field === prefix || field.startsWith(`${prefix}.`)
}

/**
 * When a form's problems are shown: a field's problems once the user has left it (`touch`), every
 * problem once Submit was tried (`attempt`) or a saved draft is opened (`showAll`). Nothing is red
 * on a new form before the user has done anything.
 */
export function useIssueTiming(issues: Ref<RequestIssue[]>) {
  const touched = ref<ReadonlySet<string>>(new Set())
  const attempted = ref(false)

  const shown = computed(() =>
    attempted.value ? issues.value : issues.value.filter((i) => [...touched.value].some((t) => isUnder(i.field, t)))
  )

  function touch(field: string): void {
    if (touched.value.has(field)) return
    touched.value = new Set([...touched.value, field])
  }

  /** Every problem shows from now on: Submit was tried, or a saved draft was opened to be fixed. */
  function showAll(): void {
    attempted.value = true
  }

  /** Submit was tried: every problem shows from now on. True when there is none. */
  function attempt(): boolean {
    showAll()
    return issues.value.length === 0
  }

  return { shown, attempted, touch, showAll, attempt }
}
