/**
 * Latency histograms with the official clients' bucket rule: a command's elapsed time is rounded
 * up to whole milliseconds, bucket 0 holds `<= 1 ms`, and each following bucket's upper bound is
 * the previous one shifted left by `latencyShift`; the last bucket holds everything above. With 7
 * columns and shift 1: `<=1ms >1ms >2ms >4ms >8ms >16ms >32ms`; 5 columns, shift 3: `<=1ms >1ms
 * >8ms >64ms >512ms`. One flat array per histogram, incremented in place: recording allocates
 * nothing.
 * @module
 */

/** Highest `latencyColumns` accepted. */
export const MAX_LATENCY_COLUMNS = 64;

/**
 * Checks a histogram shape: `latencyColumns` 1..64, `latencyShift` 1..31 (both integers, and
 * the largest bound must stay below 2^53). Throws a RangeError naming the bad option.
 */
export function checkLatencyShape(latencyColumns: number, latencyShift: number): void {
  if (!Number.isInteger(latencyColumns) || latencyColumns < 1 || latencyColumns > MAX_LATENCY_COLUMNS) {
    throw new RangeError(
      `latencyColumns must be an integer from 1 to ${MAX_LATENCY_COLUMNS}, got ${String(latencyColumns)}`,
    );
  }
  if (!Number.isInteger(latencyShift) || latencyShift < 1 || latencyShift > 31) {
    throw new RangeError(`latencyShift must be an integer from 1 to 31, got ${String(latencyShift)}`);
  }
  if ((latencyColumns - 2) * latencyShift > 52) {
    throw new RangeError(
      `latencyColumns ${latencyColumns} with latencyShift ${latencyShift} puts bucket bounds past 2^52 ms`,
    );
  }
}

/**
 * Upper bounds (ms, inclusive) of every bucket but the last: `[1, 1 << shift, 1 << 2*shift, ...]`.
 * @example
 * ```ts
 * bucketBounds(7, 1); // [1, 2, 4, 8, 16, 32]
 * ```
 */
export function bucketBounds(latencyColumns: number, latencyShift: number): number[] {
  const bounds: number[] = [];
  let limit = 1;
  for (let i = 0; i < latencyColumns - 1; i++) {
    bounds.push(limit);
    limit *= 2 ** latencyShift;
  }
  return bounds;
}

/**
 * The bucket an elapsed time falls in (`elapsedMs` fractional; rounded up to whole ms first, as
 * the official clients round nanoseconds up to milliseconds).
 */
export function bucketIndex(elapsedMs: number, bounds: readonly number[]): number {
  const ms = Math.ceil(elapsedMs);
  const last = bounds.length;
  for (let i = 0; i < last; i++) {
    if (ms <= bounds[i]) return i;
  }
  return last;
}
