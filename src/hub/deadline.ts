// A time limit as an AbortSignal that holds: a timer of our own, referenced until cleared.
// (On Node 20 an AbortSignal.timeout that only AbortSignal.any still holds can be garbage-collected,
// and the wait it bounded then runs on past its limit.)

/** Fires at `at` (epoch ms), or when `outer` aborts; clear() when the wait is over. */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onOuterAbort = (): void => this.controller.abort(this.outer?.reason);
  /** True once the time ran out (not when `outer` aborted). */
  expired = false;

  constructor(
    at: number,
    private readonly outer?: AbortSignal,
  ) {
    this.timer = setTimeout(
      () => {
        this.expired = true;
        this.controller.abort(new DOMException('the time limit ran out', 'TimeoutError'));
      },
      Math.max(0, at - Date.now()),
    );
    if (outer?.aborted) this.onOuterAbort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}
