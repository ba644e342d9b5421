import '../common/zod-csp'
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildFacade } from '../common/contract'

// The renderer gets window.jobqueue and nothing else: one method per contract channel, no raw ipcRenderer.
const facade = buildFacade(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (event, listener) => {
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, handler)
    return () => ipcRenderer.removeListener(event, handler)
  }
)
contextBridge.exposeInMainWorld('jobqueue', facade)
