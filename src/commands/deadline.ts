/**
 * One deadline sweeper per client: commands register the time their current attempt must end by,
 * and a single interval timer (running only while something is registered) expires the overdue
 * ones. Deadlines are grouped in buckets of `resolution` ms so adding and removing are O(1).
 * @module
 */

/** Something with a deadline the sweeper can expire. */
export interface DeadlineEntry {
  /** Absolute deadline in ms (`Date.now()` clock). */
  deadline: number;
  /** Called once when the deadline passed while still registered. */
  expire(now: number): void;
}

/** Options of a sweeper. */
export interface SweeperOptions {
  /**
   * Granularity of deadlines and tick interval in ms.
   * @default 5
   */
  resolution?: number;
  /**
   * Clock, injectable for tests.
   * @default Date.now
   */
  now?: () => number;
}

/**
 * Expires overdue entries with one timer. The timer stops when nothing is registered, so an
 * idle client holds no timer and the process can exit.
 * @example
 * ```ts
 * const sweeper = new DeadlineSweeper();
 * const entry = { deadline: Date.now() + 100, expire: () => console.log("late") };
 * sweeper.add(entry);
 * sweeper.remove(entry);
 * ```
 */
export class DeadlineSweeper {
  #resolution: number;
  #now: () => number;
  #buckets = new Map<number, Set<DeadlineEntry>>();
  #where = new Map<DeadlineEntry, number>();
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param options resolution and clock */
  constructor(options: SweeperOptions = {}) {
    this.#resolution = Math.max(1, options.resolution ?? 5);
    this.#now = options.now ?? Date.now;
  }

  /** Entries currently registered. */
  get size(): number {
    return this.#where.size;
  }

  /** True while the sweeper's timer runs. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Registers (or moves) an entry at its current `deadline`. A non-finite deadline is ignored. */
  add(entry: DeadlineEntry): void {
    this.remove(entry);
    if (!Number.isFinite(entry.deadline)) return;
    const bucket = Math.ceil(entry.deadline / this.#resolution);
    let set = this.#buckets.get(bucket);
    if (set === undefined) {
      set = new Set();
      this.#buckets.set(bucket, set);
    }
    set.add(entry);
    this.#where.set(entry, bucket);
    if (this.#timer === undefined) this.#timer = setInterval(() => this.sweep(), this.#resolution);
  }

  /** Unregisters an entry (no-op when absent). */
  remove(entry: DeadlineEntry): void {
    const bucket = this.#where.get(entry);
    if (bucket === undefined) return;
    this.#where.delete(entry);
    const set = this.#buckets.get(bucket)!;
    set.delete(entry);
    if (set.size === 0) this.#buckets.delete(bucket);
    if (this.#where.size === 0) this.#stop();
  }

  /** Expires every entry whose deadline passed; called by the timer, callable from tests. */
  sweep(): void {
    const now = this.#now();
    const due: DeadlineEntry[] = [];
    for (const [bucket, set] of this.#buckets) {
      if (bucket * this.#resolution > now + this.#resolution) continue;
      for (const e of set) if (e.deadline <= now) due.push(e);
    }
    for (const e of due) {
      this.remove(e);
      try {
        e.expire(now);
      } catch {
        // An entry's own failure must not stop the sweep of the others.
      }
    }
  }

  /** Drops every entry without expiring it and stops the timer. */
  clear(): void {
    this.#buckets.clear();
    this.#where.clear();
    this.#stop();
  }

  #stop(): void {
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
