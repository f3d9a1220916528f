/**
 * The soak's books: every command issued and how it settled, and per key what a final read may
 * legitimately return. Writes to one key never overlap (the soak locks a key while its write is
 * out, and for a grace period after an in-doubt outcome, so that write has either landed or never
 * will before the next one), so each key's history is a sequence:
 * - an acknowledged write makes its value the only expected one;
 * - an in-doubt write adds its value to the possible ones (it may or may not have applied);
 * - a write that failed and is not in doubt changes nothing (it must not have applied).
 * @module
 */

/** What a final read of a key may return: a value id, or null for "no record". */
export interface KeyBook {
  /** Value of the last acknowledged write; null when none was acknowledged. */
  acked: number | null;
  /** Values of in-doubt writes after that acknowledgement. */
  maybe: number[];
}

/** Counters of the whole run. */
export interface Totals {
  /** Commands issued (client calls made). */
  issued: number;
  /** Calls that resolved. */
  resolved: number;
  /** Calls that rejected (backpressure refusals included). */
  rejected: number;
  /** Settlement callbacks that fired a second time for one call (must stay 0). */
  doubleSettled: number;
  /** Rejections by result code. */
  failedByCode: Map<number, number>;
  /** Rejected writes flagged in doubt. */
  inDoubt: number;
  /** BackpressureError refusals (each retried as a new call). */
  backpressure: number;
  /** The first error message seen per result code. */
  sample: Map<number, string>;
}

/**
 * The ledger.
 * @example
 * ```ts
 * const books = new Books();
 * const settle = books.issue();
 * settle.ok();
 * ```
 */
export class Books {
  /** Run totals. */
  readonly totals: Totals = {
    issued: 0,
    resolved: 0,
    rejected: 0,
    doubleSettled: 0,
    failedByCode: new Map(),
    inDoubt: 0,
    backpressure: 0,
    sample: new Map(),
  };
  /** Per key (by index). */
  readonly keys: Map<number, KeyBook> = new Map();

  /** Records one issued call; the returned object must be told once how it settled. */
  issue(): {
    ok(): void;
    fail(code: number, inDoubt: boolean, backpressure: boolean, message?: string): void;
  } {
    this.totals.issued++;
    let settled = false;
    const once = (): boolean => {
      if (settled) {
        this.totals.doubleSettled++;
        return false;
      }
      settled = true;
      return true;
    };
    return {
      ok: () => {
        if (once()) this.totals.resolved++;
      },
      fail: (code, inDoubt, backpressure, message) => {
        if (!once()) return;
        if (message !== undefined && !this.totals.sample.has(code)) this.totals.sample.set(code, message);
        this.totals.rejected++;
        this.totals.failedByCode.set(code, (this.totals.failedByCode.get(code) ?? 0) + 1);
        if (inDoubt) this.totals.inDoubt++;
        if (backpressure) this.totals.backpressure++;
      },
    };
  }

  /** A write of `value` to `key` was acknowledged. */
  acked(key: number, value: number): void {
    this.keys.set(key, { acked: value, maybe: [] });
  }

  /** A write of `value` to `key` failed in doubt. */
  inDoubt(key: number, value: number): void {
    const b = this.keys.get(key) ?? { acked: null, maybe: [] };
    b.maybe.push(value);
    this.keys.set(key, b);
  }

  /** Checks a final read; returns a description of the mismatch, or null when it balances. */
  check(key: number, read: number | null): string | null {
    const b = this.keys.get(key);
    if (b === undefined) return null;
    if (read === b.acked || (read !== null && b.maybe.includes(read))) return null;
    return `key ${key}: read ${read}, expected ${b.acked}${b.maybe.length ? ` or one of ${b.maybe}` : ""}`;
  }
}
