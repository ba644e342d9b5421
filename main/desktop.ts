import {
  app,
  dialog,
  Menu,
  nativeTheme,
  Notification,
  shell,
  Tray,
  type BrowserWindow,
  type MenuItemConstructorOptions,
  type NativeImage,
  type OpenDialogOptions
} from 'electron'
import { AppError } from '../common/errors'
import {
  assertSafeExternalUrl,
  assertSafeSignInUrl,
  pathQuestion,
  progressValue,
  type Desktop,
  type PathPurpose
} from './desktop-api'
import type { JumpTask } from './shell/jump-list'
import type { TrayAction, TrayMenuItem } from './shell/tray-model'
import type { TrayView } from './shell/tray-wiring'

/** The Desktop services use, implemented with Electron's dialog, Notification and shell. */
export class ElectronDesktop implements Desktop {
  readonly hasNativeDialogs = true
  readonly hasNativeNotifications = true
  /** Notifications are kept referenced until closed, or the OS may drop their click handler. */
  private readonly shown = new Set<Notification>()

  constructor(private readonly window: () => BrowserWindow | null) {}

  async openFiles(options: Parameters<Desktop['openFiles']>[0] = {}): Promise<string[] | null> {
    const properties: OpenDialogOptions['properties'] = options.multiple
      ? ['openFile', 'multiSelections']
      : ['openFile']
    const result = await this.showOpen({
      title: options.title,
      defaultPath: options.defaultPath,
      filters: options.filters,
      properties
    })
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths
  }

  async chooseFolder(options: Parameters<Desktop['chooseFolder']>[0] = {}): Promise<string | null> {
    const result = await this.showOpen({
      title: options.title,
      defaultPath: options.defaultPath,
      properties: ['openDirectory', 'createDirectory']
    })
    return result.canceled ? null : (result.filePaths[0] ?? null)
  }

  async saveFile(options: Parameters<Desktop['saveFile']>[0] = {}): Promise<string | null> {
    const win = this.window()
    const opts = { title: options.title, defaultPath: options.defaultPath, filters: options.filters }
    const result = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
    return result.canceled || !result.filePath ? null : result.filePath
  }

  notify({ title, body, onClick }: Parameters<Desktop['notify']>[0]): void {
    if (!Notification.isSupported()) return
    const n = new Notification({ title, body })
    this.shown.add(n)
    n.on('click', () => {
      const win = this.window()
      if (win && !win.isDestroyed()) {
        if (win.isMinimized()) win.restore()
        win.focus()
      }
      onClick?.()
    })
    n.on('close', () => this.shown.delete(n))
    n.show()
  }

  async openExternal(url: string): Promise<void> {
    assertSafeExternalUrl(url)
    await shell.openExternal(url)
  }

  async openSignIn(url: string): Promise<void> {
    assertSafeSignInUrl(url)
    await shell.openExternal(url)
  }

  showItemInFolder(path: string): void {
    shell.showItemInFolder(path)
  }

  async openPath(path: string): Promise<void> {
    const failure = await shell.openPath(path)
    if (failure) throw new AppError('FileNotFound', `Windows could not open ${path}: ${failure}`)
  }

  setProgress(fraction: number | null): void {
    const win = this.window()
    if (win && !win.isDestroyed()) win.setProgressBar(progressValue(fraction))
  }

  setTheme(theme: 'light' | 'dark' | 'system'): void {
    nativeTheme.themeSource = theme
  }

  async confirmPath(path: string, purpose: PathPurpose): Promise<boolean> {
    return this.ask({
      type: 'question',
      message: pathQuestion[purpose],
      detail: `${path}\n\nYou typed this path. Allow it only if you meant this file or folder.`,
      buttons: ['Allow', 'Cancel']
    })
  }

  async confirmOpen(path: string, origin: string): Promise<boolean> {
    return this.ask({
      type: 'warning',
      message: 'This file can run programs on your computer. Open it?',
      detail: `${path}\n\nIt was downloaded from ${origin}. Open it only if you trust it.`,
      buttons: ['Open', 'Cancel']
    })
  }

  private async ask(opts: { type: 'question' | 'warning'; message: string; detail: string; buttons: string[] }) {
    const win = this.window()
    const box = { ...opts, defaultId: 1, cancelId: 1, noLink: true }
    const result = win ? await dialog.showMessageBox(win, box) : await dialog.showMessageBox(box)
    return result.response === 0
  }

  private showOpen(opts: OpenDialogOptions) {
    const win = this.window()
    return win ? dialog.showOpenDialog(win, opts) : dialog.showOpenDialog(opts)
  }
}

/** The tray icon (main/shell/tray-wiring.ts decides what it says and does); a click on it shows the window. */
export class ElectronTray implements TrayView {
  private readonly tray: Tray

  constructor(icon: NativeImage | string, onClick: () => void) {
    this.tray = new Tray(icon)
    this.tray.on('click', onClick)
  }

  setToolTip(text: string): void {
    if (!this.tray.isDestroyed()) this.tray.setToolTip(text)
  }

  setMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void): void {
    if (this.tray.isDestroyed()) return
    this.tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => trayMenuItem(item, onAction))))
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy()
  }
}

function trayMenuItem(item: TrayMenuItem, onAction: (action: TrayAction) => void): MenuItemConstructorOptions {
  switch (item.type) {
    case 'separator':
      return { type: 'separator' }
    case 'label':
      return { label: item.label, enabled: false }
    case 'action':
      return { label: item.label, click: () => onAction(item.action) }
  }
}

/** The Windows jump list's tasks (main/shell/jump-list.ts); false when Windows refused them. */
export function setJumpList(tasks: JumpTask[]): boolean {
  return app.setUserTasks(tasks)
}
