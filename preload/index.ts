import '../common/zod-csp'
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { buildFacade, DROP_GRANT_CHANNEL } from '../common/contract'

// The renderer gets window.jobqueue and nothing else: one method per contract channel, no raw ipcRenderer.
const facade = buildFacade(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (event, listener) => {
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, handler)
    return () => ipcRenderer.removeListener(event, handler)
  },
  // Electron no longer puts a path on dropped File objects; webUtils reads it in the preload.
  // The preload, not the page, tells main the user dropped this file: main grants it (a page cannot forge a File's path).
  (file) => {
    const path = webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0])
    if (path) ipcRenderer.send(DROP_GRANT_CHANNEL, path)
    return path
  }
)
contextBridge.exposeInMainWorld('jobqueue', facade)
