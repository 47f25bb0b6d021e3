/**
 * Work done side by side that ends at its first failure: waits that would otherwise go on polling a
 * container that never gets ready, keeping the caller from reporting the failure. `signal` aborts
 * when the caller's signal does, or at the first failure.
 */
export class FirstFailure {
  readonly signal: AbortSignal;
  private readonly failure = new AbortController();

  constructor(callerSignal?: AbortSignal) {
    this.signal = callerSignal === undefined ? this.failure.signal : AbortSignal.any([callerSignal, this.failure.signal]);
  }

  /** Whether a failure (rather than the caller) has ended the work. */
  get failed(): boolean {
    return this.failure.signal.aborted;
  }

  /** Ends the work: the first call's reason is the signal's. */
  fail(reason?: unknown): void {
    this.failure.abort(reason);
  }

  /** `work`'s outcome, as it is; a rejection also ends the rest of the work. */
  async watch<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }
}
