/**
 * A latency histogram with the official clients' buckets (see latency_buckets.ts):
 * `latencyColumns` buckets, bucket 0 for `<= 1 ms`, each next bound `latencyShift` powers of two
 * higher, the last bucket for everything above. Recording allocates nothing.
 * @module
 */
import { bucketBounds, bucketIndex, checkLatencyShape } from "./latency_buckets.ts";

/** The shape of a latency histogram. */
export interface HistogramShape {
  /**
   * Number of buckets.
   * @default 7
   */
  latencyColumns?: number;
  /**
   * Power-of-two step between bucket bounds (1: `<=1ms >1ms >2ms >4ms ...`).
   * @default 1
   */
  latencyShift?: number;
}

/** A histogram as `client.stats()` reports it. */
export interface HistogramSnapshot {
  /** Upper bounds (ms, inclusive) of every bucket but the last. */
  bounds: number[];
  /** Count per bucket (`bounds.length + 1` entries). */
  counts: number[];
}

/**
 * Counts of latencies per bucket.
 * @example
 * ```ts
 * const h = new LatencyHistogram({ latencyColumns: 5, latencyShift: 3 }); // <=1 >1 >8 >64 >512 ms
 * h.add(0.4); h.add(70);
 * h.snapshot().counts; // [1, 0, 0, 1, 0]
 * ```
 */
export class LatencyHistogram {
  /** Upper bounds (ms, inclusive) of every bucket but the last. */
  readonly bounds: readonly number[];
  /** Count per bucket. */
  readonly counts: number[];

  /** @param shape buckets (checked: a RangeError for a bad one) */
  constructor(shape: HistogramShape = {}) {
    const columns = shape.latencyColumns ?? 7;
    const shift = shape.latencyShift ?? 1;
    checkLatencyShape(columns, shift);
    this.bounds = bucketBounds(columns, shift);
    this.counts = new Array<number>(columns).fill(0);
  }

  /** Records one latency (ms, fractional; rounded up to whole ms as the official clients do). */
  add(ms: number): void {
    this.counts[bucketIndex(ms, this.bounds)]++;
  }

  /** Latencies recorded. */
  get total(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  /** A copy of the bounds and counts. */
  snapshot(): HistogramSnapshot {
    return { bounds: [...this.bounds], counts: [...this.counts] };
  }
}
