import type {
  EventChannel,
  InputOf,
  InvokeChannel,
  JobQueueFacade,
  OutputOf,
  PayloadOf,
  Unsubscribe
} from '../../common/contract'
import type { ErrorCode, ErrorValue, Result } from '../../common/errors'

/**
 * The renderer's typed client over `window.jobqueue`. Every type comes from common/contract.ts.
 * Calls never throw: a broken bridge or a transport failure becomes an error value like any other.
 */

/** Arguments of `call(channel, ...)`: none when the channel takes no input. */
export type CallArgs<C extends InvokeChannel> =
  undefined extends InputOf<C> ? [input?: InputOf<C>] : [input: InputOf<C>]

type LooseFacade = Record<
  string,
  Record<string, ((input?: unknown) => Promise<Result<unknown>>) | undefined> | undefined
>

export interface ApiClient {
  call<C extends InvokeChannel>(channel: C, ...args: CallArgs<C>): Promise<Result<OutputOf<C>>>
  on<E extends EventChannel>(event: E, listener: (payload: PayloadOf<E>) => void): Unsubscribe
}

const bridgeMissing: ErrorValue = {
  code: 'Internal',
  message:
    'This window lost its link to JobQueue Desktop. Restart the app; if you use the browser host, reload the page.'
}

/** A client over a given facade (or a function that finds it when a call is made). */
export function createApiClient(facade: () => JobQueueFacade | undefined): ApiClient {
  return {
    async call<C extends InvokeChannel>(channel: C, ...args: CallArgs<C>): Promise<Result<OutputOf<C>>> {
      const dot = channel.indexOf('.')
      const method = (facade() as unknown as LooseFacade | undefined)?.[channel.slice(0, dot)]?.[channel.slice(dot + 1)]
      if (!method) return { ok: false, error: bridgeMissing }
      try {
        return (await method(args[0])) as Result<OutputOf<C>>
      } catch (e) {
        return {
          ok: false,
          error: {
            code: 'Internal',
            message: 'JobQueue Desktop did not answer this request. Try again; if it keeps happening, restart the app.',
            detail: e instanceof Error ? e.message : String(e)
          }
        }
      }
    },
    on(event, listener) {
      const f = facade()
      return f ? f.on(event, listener) : () => {}
    }
  }
}

/** The client over the facade the preload (or the browser shim) put on the window. */
export const api: ApiClient = createApiClient(() => (window as Partial<Window>).jobqueue)

/** Shorthand for `api.call`. */
export function call<C extends InvokeChannel>(channel: C, ...args: CallArgs<C>): Promise<Result<OutputOf<C>>> {
  return api.call(channel, ...args)
}

/** What the user can do about an error. Views render `actionLabel` as a button and handle `action`. */
export type ErrorAction =
  'retry' | 'reenter-password' | 'open-connections' | 'open-settings' | 'fix-input' | 'choose-file' | 'restart' | 'none'

export interface ErrorHint {
  /** A short headline for a toast or an inline message. */
  title: string
  action: ErrorAction
  /** The button text for the action; absent when there is nothing to click. */
  actionLabel?: string
  /** Where the action leads, when it is a screen of the app. */
  route?: string
}

// Record<ErrorCode, …>: adding a code to common/errors.ts fails the typecheck here until it has a hint.
const hints: Record<ErrorCode, ErrorHint> = {
  Validation: { title: 'Some values need attention', action: 'fix-input', actionLabel: 'Review the fields' },
  UnknownChannel: {
    title: 'This window and the app are out of step',
    action: 'restart',
    actionLabel: 'Restart JobQueue Desktop'
  },
  UntrustedSender: {
    title: 'The request was refused for safety',
    action: 'restart',
    actionLabel: 'Restart JobQueue Desktop'
  },
  Internal: { title: 'Something went wrong', action: 'retry', actionLabel: 'Try again' },
  Cancelled: { title: 'Cancelled', action: 'none' },
  NotConnected: {
    title: 'Not connected to a server',
    action: 'open-connections',
    actionLabel: 'Connect',
    route: '/connections'
  },
  Network: { title: 'The network is unavailable', action: 'retry', actionLabel: 'Retry' },
  Dns: {
    title: 'Server not found',
    action: 'open-connections',
    actionLabel: 'Check the server address',
    route: '/connections'
  },
  ConnectionRefused: { title: 'The server refused the connection', action: 'retry', actionLabel: 'Retry' },
  Timeout: { title: 'The server took too long to answer', action: 'retry', actionLabel: 'Retry' },
  Tls: {
    title: 'The server’s certificate is not trusted',
    action: 'open-connections',
    actionLabel: 'Review certificate settings',
    route: '/connections'
  },
  Unauthorized: {
    title: 'Sign-in failed',
    action: 'reenter-password',
    actionLabel: 'Re-enter password',
    route: '/connections'
  },
  Forbidden: { title: 'You do not have permission', action: 'none' },
  NotFound: { title: 'It is no longer there', action: 'retry', actionLabel: 'Refresh' },
  Conflict: { title: 'It changed in the meantime', action: 'retry', actionLabel: 'Refresh and try again' },
  ServerError: { title: 'The server had a problem', action: 'retry', actionLabel: 'Retry' },
  ServerResponseInvalid: { title: 'The server sent an answer the app does not understand', action: 'none' },
  NoServerApi: {
    title: 'No Granta MI Server API at this address',
    action: 'open-connections',
    actionLabel: 'Check the Service Layer URL',
    route: '/connections'
  },
  VersionUnsupported: {
    title: 'This Granta MI version is not supported',
    action: 'open-connections',
    actionLabel: 'Choose another server',
    route: '/connections'
  },
  Keychain: {
    title: 'The password store is unavailable',
    action: 'reenter-password',
    actionLabel: 'Enter password for this session',
    route: '/connections'
  },
  Disk: {
    title: 'The file could not be written',
    action: 'open-settings',
    actionLabel: 'Choose another folder',
    route: '/settings'
  },
  FileNotFound: { title: 'A file is missing', action: 'choose-file', actionLabel: 'Choose the file again' },
  PasswordRequired: {
    title: 'A password is needed',
    action: 'reenter-password',
    actionLabel: 'Enter password',
    route: '/connections'
  },
  InsecureRedirect: {
    title: 'The server sent the app somewhere unsafe',
    action: 'open-connections',
    actionLabel: 'Check the server address',
    route: '/connections'
  },
  AuthUnavailable: {
    title: 'This sign-in method cannot be used here',
    action: 'open-connections',
    actionLabel: 'Choose another sign-in method',
    route: '/connections'
  },
  ClockSkew: { title: 'The computer clock is wrong', action: 'retry', actionLabel: 'Try again' }
}

/** The user-facing hint for an error value (or a bare code). */
export function errorHint(error: ErrorValue | ErrorCode): ErrorHint {
  const code = typeof error === 'string' ? error : error.code
  return hints[code] ?? hints.Internal
}
