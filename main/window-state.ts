import { join } from 'node:path'
import { z } from 'zod'
import { JsonFile } from './store/json-file'
import type { Logger } from './log'

/** The main window's size, position and maximized flag, kept in `<dataDir>/window-state.json`. */
export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(200).max(100_000),
  maximized: z.boolean()
})
export type WindowState = z.infer<typeof windowStateSchema>

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false }
export const MIN_WINDOW_SIZE = { width: 900, height: 600 }
/** How much of the title bar must lie on a display for a saved position to be trusted. */
const VISIBLE_MARGIN = 64

/**
 * The state to open with: the saved one when its title bar lies on one of today's displays
 * (a monitor may have been unplugged), otherwise the saved size without a position (the OS centres it).
 */
export function placeOnDisplays(saved: WindowState, workAreas: Rectangle[]): WindowState {
  const width = Math.max(saved.width, MIN_WINDOW_SIZE.width)
  const height = Math.max(saved.height, MIN_WINDOW_SIZE.height)
  if (saved.x === undefined || saved.y === undefined) return { width, height, maximized: saved.maximized }
  const { x, y } = saved
  const titleBarVisible = workAreas.some(
    (a) =>
      x + width - VISIBLE_MARGIN >= a.x &&
      x + VISIBLE_MARGIN <= a.x + a.width &&
      y >= a.y &&
      y + VISIBLE_MARGIN <= a.y + a.height
  )
  if (titleBarVisible) return { x, y, width, height, maximized: saved.maximized }
  const largest = workAreas.reduce<Rectangle | undefined>(
    (best, a) => (!best || a.width * a.height > best.width * best.height ? a : best),
    undefined
  )
  return {
    width: largest ? Math.min(width, largest.width) : width,
    height: largest ? Math.min(height, largest.height) : height,
    maximized: saved.maximized
  }
}

export class WindowStateStore {
  private readonly file: JsonFile<WindowState>
  private writing: Promise<void> = Promise.resolve()

  constructor(
    dataDir: string,
    private readonly logger: Logger
  ) {
    this.file = new JsonFile({ path: join(dataDir, 'window-state.json'), schema: windowStateSchema, version: 1 })
  }

  async load(): Promise<WindowState> {
    try {
      const read = await this.file.read()
      if (read.status === 'ok') return read.value
      if (read.status === 'corrupt')
        this.logger.warn(`The saved window position was unreadable (${read.reason}); moved it to ${read.movedTo}.`)
    } catch (e) {
      this.logger.warn(`Could not read the saved window position: ${e instanceof Error ? e.message : String(e)}`)
    }
    return DEFAULT_WINDOW_STATE
  }

  async save(bounds: Rectangle, maximized: boolean): Promise<void> {
    const state = windowStateSchema.safeParse({
      x: Math.round(bounds.x),
      y: Math.round(bounds.y),
      width: Math.round(bounds.width),
      height: Math.round(bounds.height),
      maximized
    })
    if (!state.success) return
    // Writes run one after another, so the last state wins.
    this.writing = this.writing
      .then(() => this.file.write(state.data))
      .catch((e: unknown) => {
        this.logger.warn(`Could not save the window position: ${e instanceof Error ? e.message : String(e)}`)
      })
    await this.writing
  }

  /** Resolves when every save started so far has reached the disk. */
  flush(): Promise<void> {
    return this.writing
  }
}
