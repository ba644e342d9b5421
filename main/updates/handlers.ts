import type { HandlerTable } from '../../common/contract'
import type { UpdateService } from './update-service'

/** The update channels (under app.*, beside the other things the app says about itself). */
export type UpdateChannel = 'app.updateStatus' | 'app.checkForUpdates' | 'app.restartToUpdate'

export function updateHandlers(service: UpdateService): Pick<HandlerTable, UpdateChannel> {
  return {
    'app.updateStatus': () => service.current(),
    'app.checkForUpdates': () => service.check(),
    'app.restartToUpdate': () => service.restartToUpdate()
  }
}
