import { buildFacade, type EventChannel, type HandlerTable } from '../../common/contract'
import type { EventBus } from '../../main/events'
import { createDispatch } from '../../main/ipc/dispatch'
import { testLogger } from '../helpers/logger'
import { track } from './settle'

/**
 * Puts `window.jobqueue` on the page over a part of main's handler table and its events, through main's real
 * dispatch (inputs parsed by the contract). Values are copied as if they crossed IPC; calls are tracked for settle().
 */
export function installFacadeOverMain(table: Partial<HandlerTable>, events: EventBus): void {
  const dispatch = createDispatch(table as HandlerTable, testLogger())
  const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))
  const facade = buildFacade(
    (channel, input) => track(dispatch(channel, copy(input), { transport: 'browser' }).then(copy)),
    (event: EventChannel, listener) => events.subscribe((e, payload) => e === event && listener(copy(payload)))
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
}
