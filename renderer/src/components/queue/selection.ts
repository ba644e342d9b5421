/** List selection as in Windows: click selects one, Ctrl toggles, Shift extends from the anchor. */
export interface SelectionState {
  selected: Set<string>
  /** Index of the row Shift ranges start from. */
  anchor: number | null
}

export interface Modifiers {
  ctrl: boolean
  shift: boolean
}

export function selectAt(state: SelectionState, ids: readonly string[], index: number, mod: Modifiers): SelectionState {
  const id = ids[index]
  if (id === undefined) return state
  if (mod.shift && state.anchor !== null) {
    const [lo, hi] = state.anchor < index ? [state.anchor, index] : [index, state.anchor]
    const range = ids.slice(lo, hi + 1)
    const selected = mod.ctrl ? new Set([...state.selected, ...range]) : new Set(range)
    return { selected, anchor: state.anchor }
  }
  if (mod.ctrl) {
    const selected = new Set(state.selected)
    if (selected.has(id)) selected.delete(id)
    else selected.add(id)
    return { selected, anchor: index }
  }
  return { selected: new Set([id]), anchor: index }
}

/** The checkbox of a row: toggles it without touching the rest. */
export function toggleAt(state: SelectionState, ids: readonly string[], index: number): SelectionState {
  return selectAt(state, ids, index, { ctrl: true, shift: false })
}

/** Drops ids that are no longer listed (deleted, purged, filtered out). */
export function pruneSelection(
  selected: Set<string>,
  present: ReadonlySet<string> | Map<string, unknown>
): Set<string> {
  let same = true
  for (const id of selected) if (!present.has(id)) same = false
  if (same) return selected
  return new Set([...selected].filter((id) => present.has(id)))
}
