import { computed, ref, watch, type Ref } from 'vue'
import type { LogMatches } from '../../../../common/queue'
import { api } from '../../api'

/** A match: the line it is on and which of that line's matches it is (0 = the first). */
export interface LogMatch {
  line: number
  nth: number
}

const nf = new Intl.NumberFormat()

/**
 * Find in a job's log like Find in an editor: main finds every match once per text (`jobs.findInLog`); Enter,
 * Shift+Enter and the arrows step through them, wrapping around, and the counter says "match 3 of 12".
 * `current` is the viewer's current line: a new search starts from it.
 */
export function useLogSearch(
  source: () => { jobId: string; fileName: string },
  current: Ref<number | null>,
  goTo: (line: number) => void
) {
  const query = ref('')
  const searching = ref(false)
  const problem = ref<string | null>(null)
  /** The matches of `matchedText`; null before a search and after the text changes. */
  const matches = ref<LogMatches | null>(null)
  const matchedText = ref('')
  /** The current match's number among the listed ones (0-based); null when none is current. */
  const at = ref<number | null>(null)

  watch(query, () => {
    matches.value = null
    at.value = null
    problem.value = null
  })

  /** Where each listed line's matches start in the numbering of all matches. */
  const starts = computed(() => {
    let n = 0
    return (matches.value?.hits ?? []).map((h) => {
      const s = n
      n += h.count
      return s
    })
  })
  const listed = computed(() => {
    const hits = matches.value?.hits ?? []
    const last = hits.length - 1
    return last < 0 ? 0 : (starts.value[last] ?? 0) + (hits[last]?.count ?? 0)
  })

  const match = computed<LogMatch | null>(() => {
    const k = at.value
    const hits = matches.value?.hits
    if (k === null || !hits) return null
    let i = starts.value.findIndex((s, j) => k >= s && k < s + (hits[j]?.count ?? 0))
    if (i < 0) i = 0
    return { line: hits[i]?.line ?? 0, nth: k - (starts.value[i] ?? 0) }
  })

  const counter = computed(() => {
    const m = matches.value
    if (!m) return null
    if (m.total === 0) return 'No matches'
    const more = m.truncated ? ` (the first ${nf.format(listed.value)} can be stepped through)` : ''
    const of = `of ${nf.format(m.total)}${more}`
    return at.value === null ? `${nf.format(m.total)} matches` : `match ${nf.format(at.value + 1)} ${of}`
  })

  async function find(text: string): Promise<boolean> {
    searching.value = true
    const { jobId, fileName } = source()
    const r = await api.call('jobs.findInLog', { id: jobId, fileName, text })
    searching.value = false
    if (text !== query.value.trim()) return false
    if (!r.ok) {
      problem.value = r.error.message
      return false
    }
    matches.value = r.value
    matchedText.value = text
    return true
  }

  /** The next match (down) or the previous one (up), wrapping around. */
  async function step(direction: 'down' | 'up'): Promise<void> {
    const text = query.value.trim()
    if (!text) return
    if (!matches.value || matchedText.value !== text) {
      at.value = null
      if (!(await find(text))) return
    }
    const n = listed.value
    if (n === 0) return
    let next: number
    if (at.value !== null) next = (at.value + (direction === 'down' ? 1 : n - 1)) % n
    else next = firstFrom(direction)
    at.value = next
    if (match.value) goTo(match.value.line)
  }

  /** A new search's first match: the first at or after the current line going down, before it going up. */
  function firstFrom(direction: 'down' | 'up'): number {
    const hits = matches.value?.hits ?? []
    const line = current.value
    if (line === null) return direction === 'down' ? 0 : listed.value - 1
    if (direction === 'down') {
      const i = hits.findIndex((h) => h.line >= line)
      return i < 0 ? 0 : (starts.value[i] ?? 0)
    }
    const i = hits.findLastIndex((h) => h.line < line)
    return i < 0 ? listed.value - 1 : (starts.value[i] ?? 0) + (hits[i]?.count ?? 1) - 1
  }

  function onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter') return
    e.preventDefault()
    void step(e.shiftKey ? 'up' : 'down')
  }

  return { query, searching, problem, counter, match, step, onKey }
}
