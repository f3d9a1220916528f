/**
 * Timed waits of the execute loop that must end when the client closes: the pause between retry
 * rounds of a batch or scan (`Executor.pause`), and the sleep between a command's attempts,
 * which its run's interrupt (deadline, abort, close) ends early.
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import type { Run } from "./run.ts";

interface Pause {
  timer: ReturnType<typeof setTimeout>;
  end: (err?: AerospikeError) => void;
}

/**
 * The retry-round pauses in progress of one executor, so that closing the client ends them at
 * once instead of keeping their callers (and timers) alive.
 * @example
 * ```ts
 * import { AerospikeError } from "../errors.ts";
 * import { ResultCode } from "../wire/result_code.ts";
 * const signal = AbortSignal.timeout(1000);
 * const closedError = () => new AerospikeError(ResultCode.CLIENT_CLOSED, "client closed");
 * const pauses = new Pauses();
 * await pauses.pause(100, signal);
 * pauses.endAll(() => closedError()); // on close: every pause rejects with its own error
 * ```
 */
export class Pauses {
  #pauses = new Set<Pause>();

  /** Waits `ms`; resolves early when `signal` aborts (at once if it has), rejects on `endAll`. */
  pause(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const entry: Pause = {
        timer: setTimeout(() => entry.end(), ms),
        end: (err?: AerospikeError): void => {
          clearTimeout(entry.timer);
          this.#pauses.delete(entry);
          signal?.removeEventListener("abort", onAbort);
          if (err === undefined) resolve();
          else reject(err);
        },
      };
      const onAbort = (): void => entry.end();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#pauses.add(entry);
    });
  }

  /** Ends every pause in progress with an error of its own. */
  endAll(error: () => AerospikeError): void {
    for (const p of this.#pauses) p.end(error());
  }
}

/** Sleeps `ms` between a run's attempts, unless the run is interrupted first (then rejects). */
export async function sleepUnder(run: Run, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await run.wait(new Promise<void>((resolve) => timer = setTimeout(resolve, ms)));
  } finally {
    clearTimeout(timer);
  }
}
