import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import { DROP_GRANT_CHANNEL, invokeChannelNames } from '../../common/contract'
import { AppError, type Result } from '../../common/errors'
import type { AppServices } from '../app'
import { isAppUrl } from '../app-protocol'
import { createDispatch } from './dispatch'

/**
 * Binds the handler table to ipcMain: one `ipcMain.handle` per invoke channel.
 * A call is answered only when it comes from the main frame of the app's own window showing the app's own
 * origin (app://jobqueue); its input is parsed by the contract before any handler runs; nothing it does
 * can throw into main. Events from the EventBus are forwarded to the window.
 */
export interface IpcBindingOptions {
  app: AppServices
  /** The window whose main frame may call; null while there is none. */
  window: () => BrowserWindow | null
  log?: (msg: string, err?: unknown) => void
}

const untrusted: Result<never> = {
  ok: false,
  error: new AppError(
    'UntrustedSender',
    'This request did not come from the JobQueue Desktop window and was refused.'
  ).toValue()
}

/** Why a sender is refused, or null when it is the app's own main frame. */
export function senderProblem(event: IpcMainInvokeEvent | IpcMainEvent, window: BrowserWindow | null): string | null {
  const frame = event.senderFrame
  if (!frame) return 'the frame is gone'
  if (!window || window.isDestroyed() || event.sender.id !== window.webContents.id) return 'not the app window'
  if (frame.parent !== null || frame.frameToken !== event.sender.mainFrame.frameToken) return 'a subframe'
  if (!isAppUrl(frame.url)) return `a foreign origin (${frame.url.slice(0, 100)})`
  return null
}

export function bindIpc(options: IpcBindingOptions): () => void {
  const log = options.log ?? (() => {})
  const dispatch = createDispatch(options.app.handlers, log)

  for (const channel of invokeChannelNames) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      try {
        const problem = senderProblem(event, options.window())
        if (problem) {
          log(`refused ${channel}: sender is ${problem}`)
          return untrusted
        }
        return await dispatch(channel, payload, { transport: 'electron' })
      } catch (e) {
        // senderFrame can throw once a frame is disposed; dispatch itself never throws.
        log(`ipc ${channel} failed`, e)
        return untrusted
      }
    })
  }

  const onDrop = (event: IpcMainEvent, path: unknown): void => {
    try {
      const problem = senderProblem(event, options.window())
      if (problem) return log(`refused a dropped file: sender is ${problem}`)
      if (typeof path === 'string' && path.length > 0 && path.length <= 32_767)
        options.app.grants.grant(path, 'file', 'drop')
    } catch (e) {
      log('a dropped file was not granted', e)
    }
  }
  ipcMain.on(DROP_GRANT_CHANNEL, onDrop)

  const unsubscribe = options.app.events.subscribe((event, payload) => {
    const win = options.window()
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(event, payload)
  })

  return () => {
    unsubscribe()
    ipcMain.removeListener(DROP_GRANT_CHANNEL, onDrop)
    for (const channel of invokeChannelNames) ipcMain.removeHandler(channel)
  }
}
