import { AppError } from '../../common/errors'

/** The part of the session manager that knows when a refused sign-in has been renewed by the user. */
export interface SignInWaiter {
  whenSignedIn(options: { timeoutMs: number; signal?: AbortSignal }): Promise<boolean>
}

/** How long a change or a submission waits for the user to sign in again before it fails with the refusal. */
export const signInWaitMs = 15 * 60_000

export function isUnauthorized(e: unknown): boolean {
  return e instanceof AppError && e.code === 'Unauthorized'
}

/**
 * Runs `action`; when the server refused the sign-in, waits until the user has signed in again and runs it once
 * more (with the new session's client, since `action` asks for it). Any other failure, or a second refusal, is thrown.
 */
export async function retryAfterSignIn<T>(
  waiter: SignInWaiter | undefined,
  action: () => Promise<T>,
  options: { timeoutMs?: number; signal?: AbortSignal } = {}
): Promise<T> {
  try {
    return await action()
  } catch (e) {
    if (!waiter || !isUnauthorized(e)) throw e
    const signedIn = await waiter.whenSignedIn({ timeoutMs: options.timeoutMs ?? signInWaitMs, signal: options.signal })
    if (!signedIn) throw e
    return action()
  }
}
