/**
 * The timer of a connect attempt, tolerant of a blocked event loop. When a program issues
 * thousands of commands in one synchronous burst, the loop can stay busy past a connect's whole
 * budget; the connect's completion and its timer then become ready together, and the timer,
 * served first, would fail a socket that had in fact connected. So a timer that fires late (the
 * loop was blocked, not the network slow) gives I/O a short grace before it expires.
 * @module
 */

/** How late a timer must fire, ms, to count as delayed by a blocked loop rather than on time. */
export const LATE_MS = 20;
/** The grace a late timer gives I/O before it expires, ms (capped by the budget). */
export const GRACE_MS = 25;

/**
 * Calls `expire` once `timeoutMs` have passed; when the timer fires more than 20 ms late, it waits
 * 25 ms more, again while those waits fire late too, graces adding up to the budget at most. `cancel()` stops it (idempotent).
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
    // Graces end once a timer fires on time (the loop runs freely again) or when they add up to
    // the budget itself: a loop starved over and over still gets its connect failed.
    let graced = 0;
    const fire = (due: number): void => {
      const now = Date.now();
      if (now - due > LATE_MS && graced < timeoutMs) {
        const grace = Math.min(GRACE_MS, timeoutMs - graced);
        graced += grace;
        this.#handle = setTimeout(() => fire(now + grace), grace);
        return;
      }
      this.#handle = undefined;
      expire();
    };
    const start = Date.now();
    this.#handle = setTimeout(() => fire(start + timeoutMs), timeoutMs);
  }

  /** Stops the timer; `expire` will not be called. */
  cancel(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
