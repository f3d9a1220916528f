/**
 * One deadline sweeper per client: commands register the time their current attempt must end by,
 * and a single interval timer (running only while something is registered, give or take one
 * tick) expires the overdue ones. Deadlines are grouped in buckets of `resolution` ms so adding
 * and removing are O(1).
 * @module
 */

/** Something with a deadline the sweeper can expire. */
export interface DeadlineEntry {
  /** Absolute deadline in ms (`Date.now()` clock). */
  deadline: number;
  /** Called once when the deadline passed while still registered. */
  expire(now: number): void;
  /**
   * Owned by the sweeper: the bucket the entry is registered in, -1 or absent when it is not.
   * Declare it (as -1) in classes so that every entry has the same shape.
   */
  sweepBucket?: number;
  /** Owned by the sweeper: the entry's index in its bucket. */
  sweepIndex?: number;
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

// Ring of buckets: bucket b lives in slot b % SLOTS; a slot may hold entries of later turns.
const SLOTS = 512;

/**
 * Expires overdue entries with one interval timer (a hashed timing wheel): adding and removing
 * an entry is O(1) without hashing or allocation (the entry carries its bucket and index). The
 * timer stops at the first tick that finds nothing registered, so an idle client holds no timer
 * and the process can exit, while a client running one command after another does not start
 * and stop a timer per command.
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
  #slots: DeadlineEntry[][] = Array.from({ length: SLOTS }, () => []);
  #size = 0;
  // Buckets count from the sweeper's creation, so a bucket number stays a small integer: an
  // entry's `sweepBucket` then needs no heap number of its own (a bucket of the epoch would).
  #base: number;
  // Every bucket up to this one has been swept (-1: none yet).
  #swept = -1;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param options resolution and clock */
  constructor(options: SweeperOptions = {}) {
    this.#resolution = Math.max(1, options.resolution ?? 5);
    this.#now = options.now ?? Date.now;
    this.#base = Math.floor(this.#now() / this.#resolution) - 1;
  }

  /** Entries currently registered. */
  get size(): number {
    return this.#size;
  }

  /** True while the sweeper's timer runs. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Registers (or moves) an entry at its current `deadline`. A non-finite deadline is ignored. */
  add(entry: DeadlineEntry): void {
    this.remove(entry);
    if (!Number.isFinite(entry.deadline)) return;
    if (this.#swept < 0) {
      this.#swept = Math.max(0, Math.floor(this.#now() / this.#resolution) - this.#base - 1);
    }
    // An entry already due goes in the next bucket to sweep.
    const bucket = Math.max(Math.ceil(entry.deadline / this.#resolution) - this.#base, this.#swept + 1);
    const slot = this.#slots[bucket % SLOTS];
    entry.sweepBucket = bucket;
    entry.sweepIndex = slot.length;
    slot.push(entry);
    this.#size++;
    if (this.#timer === undefined) this.#timer = setInterval(() => this.sweep(), this.#resolution);
  }

  /** Unregisters an entry (no-op when absent). */
  remove(entry: DeadlineEntry): void {
    const bucket = entry.sweepBucket;
    if (bucket === undefined || bucket < 0) return;
    const slot = this.#slots[bucket % SLOTS];
    const at = entry.sweepIndex!;
    const last = slot.pop()!;
    if (last !== entry) {
      slot[at] = last;
      last.sweepIndex = at;
    }
    entry.sweepBucket = -1;
    this.#size--;
  }

  /** Expires every entry whose deadline passed; called by the timer, callable from tests. */
  sweep(): void {
    const now = this.#now();
    if (this.#size === 0) {
      this.#stop();
      return;
    }
    const due: DeadlineEntry[] = [];
    const upTo = Math.floor(now / this.#resolution) - this.#base;
    // Bucket upTo + 1 may hold entries due now (deadlines are rounded up); after a long stall,
    // one turn of the ring covers every bucket, each slot once.
    const from = Math.max(this.#swept + 1, upTo - SLOTS + 2);
    for (let b = from; b <= upTo + 1; b++) {
      const slot = this.#slots[b % SLOTS];
      for (let i = slot.length - 1; i >= 0; i--) {
        const e = slot[i];
        if (e.sweepBucket! <= upTo + 1 && e.deadline <= now) due.push(e);
      }
    }
    this.#swept = upTo;
    for (const e of due) {
      if (e.sweepBucket! < 0) continue; // removed by an earlier entry's expire()
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
    for (const slot of this.#slots) {
      for (const e of slot) e.sweepBucket = -1;
      slot.length = 0;
    }
    this.#size = 0;
    this.#stop();
  }

  #stop(): void {
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    this.#swept = -1;
  }
}
