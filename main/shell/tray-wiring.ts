import type { EventChannel } from '../../common/contract'
import type { OpenTarget } from '../../common/open-target'
import { trayMenu, trayTooltip, type TrayAction, type TrayInput, type TrayMenuItem } from './tray-model'

/** The native tray as the wiring sees it: main/desktop.ts implements it with Electron's Tray and Menu. */
export interface TrayView {
  setToolTip(text: string): void
  setMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void): void
}

export interface TrayWiringDeps {
  tray: TrayView
  /** The events main sends the window (main/events.ts): the tray follows the session and the queue deltas. */
  subscribe: (listener: (event: EventChannel) => void) => () => void
  input: () => TrayInput
  showWindow: () => Promise<void>
  navigate: (target: OpenTarget) => void
  quit: () => void
  log: (message: string, error?: unknown) => void
}

/**
 * Keeps the tray's tooltip and menu in step with the queue (rebuilt only when their text changes; queue events are
 * throttled at the source), and runs its quick actions. Returns the function that stops following.
 */
export function wireTray(d: TrayWiringDeps): () => void {
  let tooltip: string | null = null
  let menu: string | null = null
  const run = (action: TrayAction): void => {
    if (action.kind === 'quit') {
      d.quit()
      return
    }
    d.showWindow()
      .then(() => {
        if (action.kind === 'open') d.navigate(action.target)
      })
      .catch((e: unknown) => d.log('the window could not be shown from the tray', e))
  }
  const refresh = (): void => {
    const input = d.input()
    const nextTooltip = trayTooltip(input)
    if (nextTooltip !== tooltip) d.tray.setToolTip((tooltip = nextTooltip))
    const items = trayMenu(input)
    const key = JSON.stringify(items)
    if (key !== menu) {
      menu = key
      d.tray.setMenu(items, run)
    }
  }
  refresh()
  return d.subscribe((event) => {
    if (event === 'session.changed' || event === 'queue.delta') refresh()
  })
}
