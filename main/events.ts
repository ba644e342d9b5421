import { eventChannels, type EventChannel, type PayloadOf } from '../common/contract'

export type EventListener = (event: EventChannel, payload: unknown) => void

/** Main → renderer events. Services emit; transports (IPC, WebSocket) subscribe and forward. */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventChannel>(event: E, payload: PayloadOf<E>): void {
    const checked = eventChannels[event].parse(payload)
    for (const l of this.listeners) l(event, checked)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
