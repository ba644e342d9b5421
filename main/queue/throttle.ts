import type { Clock } from '../clock'

/** Runs `run` soon, at most once per `gapMs`: calls in between join the one already scheduled. */
export class Throttle {
  private cancel: (() => void) | null = null
  private lastAt = 0

  constructor(
    private readonly clock: Clock,
    private readonly gapMs: number,
    private readonly run: () => void
  ) {}

  schedule(): void {
    if (this.cancel) return
    const wait = Math.max(0, this.lastAt + this.gapMs - this.clock.now().getTime())
    this.cancel = this.clock.setTimeout(
      () => {
        this.cancel = null
        this.lastAt = this.clock.now().getTime()
        this.run()
      },
      wait,
      { unref: true }
    )
  }

  stop(): void {
    this.cancel?.()
    this.cancel = null
  }
}
