/**
 * The timer of a connect attempt, tolerant of a blocked event loop. When a program issues
 * thousands of commands in one synchronous burst, the loop can stay busy past a connect's whole
 * budget; the connect's completion and its timer then become ready together, and the timer,
 * served first, would fail a socket that had in fact connected. So a timer that fires late (the
 * loop was blocked, not the network slow) gives I/O a short grace before it expires.
 * @module
 */

/** How late a timer must fire, ms, to count as delayed by a blocked loop rather than on time. */
const LATE_MS = 20;
/** The grace a late timer gives I/O before it expires, ms (capped by the budget). */
const GRACE_MS = 25;

/**
 * Calls `expire` once `timeoutMs` have passed, or up to 25 ms later (never more than the budget) when
 * the timer itself fired more than 20 ms late. `cancel()` stops it (idempotent).
 * @example
 * ```ts
 * const timer = new ConnectTimer(1000, () => console.log("connect timed out"));
 * timer.cancel(); // the connect settled first
 * ```
 */
export class ConnectTimer {
  #handle: ReturnType<typeof setTimeout> | undefined;

  /**
   * Starts the timer.
   * @param timeoutMs the connect's budget
   * @param expire called when the budget is spent
   */
  constructor(timeoutMs: number, expire: () => void) {
    const due = Date.now() + timeoutMs;
    this.#handle = setTimeout(() => {
      if (Date.now() - due > LATE_MS) {
        // Now that the loop is free again, a connect the kernel already completed is delivered
        // within a few turns: wait a short grace, at most the budget itself, before expiring.
        this.#handle = setTimeout(() => {
          this.#handle = undefined;
          expire();
        }, Math.min(timeoutMs, GRACE_MS));
        return;
      }
      this.#handle = undefined;
      expire();
    }, timeoutMs);
  }

  /** Stops the timer; `expire` will not be called. */
  cancel(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
