import type { NoticeAction } from '../common/channels/app'
import { AppError } from '../common/errors'

/**
 * What services may ask of the desktop: dialogs, notifications, the shell and the taskbar.
 * main/desktop.ts implements it with Electron; the browser host gets `browserDesktop()`, where the
 * renderer asks for typed or pasted paths instead of native dialogs. Services get it injected.
 */
export interface FileFilter {
  name: string
  extensions: string[]
}

/** What a typed path is for, in the question main asks before it lets the path in. */
export type PathPurpose = 'read' | 'write' | 'folder'

export interface Desktop {
  /** False in the browser host: dialogs return null there and the UI asks for a typed path instead. */
  readonly hasNativeDialogs: boolean
  /** False in the browser host: there every notification is shown in the app instead. */
  readonly hasNativeNotifications: boolean
  /** The chosen files, or null when cancelled (or not available). */
  openFiles(options?: {
    title?: string
    defaultPath?: string
    filters?: FileFilter[]
    multiple?: boolean
  }): Promise<string[] | null>
  chooseFolder(options?: { title?: string; defaultPath?: string }): Promise<string | null>
  saveFile(options?: { title?: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>
  /**
   * A system notification; `onClick` runs when the user clicks it (the window is brought to front first).
   * `action` is what the browser host's in-page notice offers instead, as a button (it cannot call `onClick`).
   */
  notify(notification: { title: string; body: string; onClick?: () => void; action?: NoticeAction }): void
  /** Opens an https: link in the default browser; anything else is refused with a Validation error. */
  openExternal(url: string): Promise<void>
  /**
   * Opens a single sign-on page (the provider's authorization endpoint) in the system browser: https, or http on
   * 127.0.0.1 (the sandbox's provider). The browser host opens it in a new tab of the same browser.
   */
  openSignIn(url: string): Promise<void>
  showItemInFolder(path: string): void
  /** Opens a file or folder with its default application; throws FileNotFound when the OS cannot. */
  openPath(path: string): Promise<void>
  /** The theme of the window's native parts (title bar, menus, dialogs): the in-app choice. */
  setTheme(theme: 'light' | 'dark' | 'system'): void
  /** Taskbar progress: a fraction in [0, 1], or null to clear it. */
  setProgress(fraction: number | null): void
  /** Asks the user (a native message box) whether the app may use a path they typed. False when it cannot ask. */
  confirmPath(path: string, purpose: PathPurpose): Promise<boolean>
  /** Asks before a file that can run code is opened, saying where it came from. False when it cannot ask. */
  confirmOpen(path: string, origin: string): Promise<boolean>
}

export const pathQuestion: Record<PathPurpose, string> = {
  read: 'Let JobQueue Desktop read this file?',
  write: 'Let JobQueue Desktop write this file?',
  folder: 'Let JobQueue Desktop save files in this folder?'
}

/** Only https: links leave the app, and only without credentials in them. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.username === '' && u.password === '' && u.hostname !== ''
  } catch {
    return false
  }
}

export function assertSafeExternalUrl(url: string): void {
  if (!isSafeExternalUrl(url)) {
    throw new AppError(
      'Validation',
      'JobQueue Desktop only opens https:// links in your browser. Check the link address.'
    )
  }
}

/** A provider's sign-in page: https, or http on 127.0.0.1 only; never with credentials in the URL. */
export function isSafeSignInUrl(url: string): boolean {
  try {
    const u = new URL(url)
    const web = u.protocol === 'https:' || (u.protocol === 'http:' && u.hostname === '127.0.0.1')
    return web && u.username === '' && u.password === '' && u.hostname !== ''
  } catch {
    return false
  }
}

export function assertSafeSignInUrl(url: string): void {
  if (!isSafeSignInUrl(url)) {
    throw new AppError(
      'Validation',
      'The sign-in page must be an https:// address (http:// only on 127.0.0.1). Ask your administrator to check the authority.'
    )
  }
}

/** Taskbar progress for Electron: -1 removes it, values are clamped to [0, 1]. */
export function progressValue(fraction: number | null): number {
  if (fraction === null || !Number.isFinite(fraction)) return -1
  return Math.min(1, Math.max(0, fraction))
}

/**
 * The browser host's desktop: no native dialogs, notifications and links are handed to `onNotice` for the page to
 * show. A notification with an action becomes its title and a button (the body says what a click does).
 */
export function browserDesktop(
  onNotice: (message: string, action?: NoticeAction) => void = () => {},
  onOpenUrl: (url: string) => void = (url) => onNotice(`Open this page in your browser to sign in: ${url}`)
): Desktop {
  return {
    hasNativeDialogs: false,
    hasNativeNotifications: false,
    openFiles: () => Promise.resolve(null),
    chooseFolder: () => Promise.resolve(null),
    saveFile: () => Promise.resolve(null),
    notify: ({ title, body, action }) => (action ? onNotice(title, action) : onNotice(`${title}: ${body}`)),
    openExternal: (url) =>
      settle(() => {
        assertSafeExternalUrl(url)
        onNotice(`Open this link in your browser: ${url}`)
      }),
    openSignIn: (url) =>
      settle(() => {
        assertSafeSignInUrl(url)
        onOpenUrl(url)
      }),
    showItemInFolder: (path) => onNotice(`Saved to ${path}`),
    openPath: (path) => settle(() => onNotice(`Open ${path} from your file manager.`)),
    setProgress: () => {},
    // A browser tab's chrome is the browser's; the page switches its own colours.
    setTheme: () => {},
    // The browser host has no message box; typed paths are taken as they are there (see PathGate).
    confirmPath: () => Promise.resolve(false),
    confirmOpen: () => Promise.resolve(false)
  }
}

/** Runs `f` now; its throw becomes a rejection, as in an async function. */
function settle(f: () => void): Promise<void> {
  return new Promise((resolve) => {
    f()
    resolve()
  })
}
