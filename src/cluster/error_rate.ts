/**
 * The circuit breaker of one node, with the official clients' semantics (`maxErrorRate`,
 * `errorRateWindow`): errors that close a connection (network errors, client-side timeouts,
 * except a totalTimeout expiry of a request sent with less than half the command's budget left:
 * see `execute.ts`), failed connects, and the server's DEVICE_OVERLOAD (18) and TIMEOUT (9) answers count against
 * the node; once more than `maxErrorRate` were counted, commands to it are refused before
 * anything is sent (MAX_ERROR_RATE, -15) until the tender resets every node's count, once each
 * `errorRateWindow` regular tend cycles. Unlike the official clients, a connect the address
 * refuses does not count (it loads no server; it makes the node suspect instead, see
 * refusal.ts), and a refused command is routed again rather than failed: see `maxErrorRate`.
 * @module
 */

/**
 * Errors counted against one node in the current window.
 * @example
 * ```ts
 * import { AerospikeError } from "../errors.ts";
 * import { ResultCode } from "../wire/result_code.ts";
 * const rate = new ErrorRate(100, () => console.warn("node backs off"));
 * rate.add();
 * if (rate.count > rate.max) throw new AerospikeError(ResultCode.MAX_ERROR_RATE);
 * rate.reset(); // by the tender, each window
 * ```
 */
export class ErrorRate {
  /** Errors counted in this window. */
  count: number = 0;
  /** Errors allowed per window (Infinity: no limit, maxErrorRate 0). */
  readonly max: number;
  #onExceeded: (() => void) | undefined;
  #waiting: { promise: Promise<void>; resolve: () => void } | undefined;

  /**
   * @param maxErrorRate errors allowed per window (0: no limit, nothing is counted)
   * @param onExceeded called once per window, when the count first passes the limit
   */
  constructor(maxErrorRate: number, onExceeded?: () => void) {
    this.max = maxErrorRate > 0 ? maxErrorRate : Infinity;
    this.#onExceeded = onExceeded;
  }

  /** Whether commands to the node are refused now (nothing is sent). */
  get open(): boolean {
    return this.count > this.max;
  }

  /** Counts one error (nothing without a limit). */
  add(): void {
    if (this.max === Infinity) return;
    if (++this.count === this.max + 1) this.#onExceeded?.();
  }

  /** Starts a new window; commands waiting in `whenClosed()` go on. */
  reset(): void {
    this.count = 0;
    this.#release();
  }

  /**
   * Resolves when the breaker closes: the window ends (`reset()`) or the node leaves the
   * cluster (`release()`). One promise is shared by every waiter of a window.
   */
  whenClosed(): Promise<void> {
    if (!this.open) return Promise.resolve();
    if (this.#waiting === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => resolve = r);
      this.#waiting = { promise, resolve };
    }
    return this.#waiting.promise;
  }

  /** The node left the cluster: whoever waits in `whenClosed()` routes again. */
  release(): void {
    this.#release();
  }

  #release(): void {
    const w = this.#waiting;
    this.#waiting = undefined;
    w?.resolve();
  }
}
