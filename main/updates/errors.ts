/**
 * Why an update could not be found or used. The message speaks to the user (it becomes the status message);
 * `kind` is for the log and the tests.
 */
export type UpdateFailure = 'unreachable' | 'feed-invalid' | 'refused' | 'disk'

export class UpdateError extends Error {
  constructor(
    readonly kind: UpdateFailure,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'UpdateError'
  }
}

/** "Tell IT" is the way out of every failure the user cannot fix: the update server is theirs. */
export const askIt = 'If it keeps happening, tell your IT department.'
