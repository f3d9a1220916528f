/**
 * The throughput workload every contender runs (bench/throughput.ts starts one child process per
 * contender, bench/child.ts drives it through this module): get and put of a 5-bin record, a 50/50
 * mix, and batch reads of 100 keys, each a fixed number of operations at a fixed number of
 * commands in flight on one event loop. Everything a contender needs to build its own requests
 * (keys, bins, batch key ranges) is derived from the operation number, so every contender does the
 * same work.
 * @module
 */

/** Namespace and set of the benchmark records. */
export const NAMESPACE = "test";
/** Set of the benchmark records. */
export const SET = "bench";
/** Number of keys (integer user keys 0..KEY_COUNT-1), written once before any contender runs. */
export const KEY_COUNT = 10_000;
/** Keys per batch read. */
export const BATCH_SIZE = 100;
/** Distinct batches: batch b reads keys b*BATCH_SIZE .. b*BATCH_SIZE+99. */
export const BATCH_COUNT = KEY_COUNT / BATCH_SIZE;

/** The workload names, in report order. */
export const WORKLOADS = ["get", "put", "mix", "batch"] as const;
/** One workload. */
export type Workload = typeof WORKLOADS[number];

/** The record every put writes for key i: five small bins (two integers, a double, two strings). */
export type BenchBins = { n: number; s: string; d: number; t: string; z: number };

/** The bins of key `i`. */
export function binsFor(i: number): BenchBins {
  return { n: i, s: "value-" + i, d: i + 0.5, t: "tag-" + (i % 10), z: i * 3 };
}

/** What a contender provides: one command per call, resolved when its reply has arrived. */
export interface Driver {
  /** Reads every bin of key `i`. */
  get(i: number, lane: number): Promise<unknown>;
  /** Writes `binsFor(i)` to key `i`. */
  put(i: number, lane: number): Promise<unknown>;
  /** Reads batch `b` (BATCH_SIZE consecutive keys). */
  batchGet(b: number, lane: number): Promise<unknown>;
  /** Releases sockets and timers. */
  close(): Promise<void>;
}

/** What one measured cell produced inside the child. */
export interface CellStats {
  /** Completed operations (a batch counts as one). */
  ops: number;
  /** Failed operations. */
  errors: number;
  /** Wall time of the cell, ms. */
  elapsedMs: number;
  /** Latency percentiles, ms. */
  p50: number;
  /** 99th percentile, ms. */
  p99: number;
  /** 99.9th percentile, ms. */
  p999: number;
  /** First error message, if any. */
  firstError?: string;
}

/** Key of operation `n`: a fixed permutation of 0..KEY_COUNT-1 (7919 is prime, coprime to 10^4). */
export function keyOf(n: number): number {
  return (n * 7919 + 17) % KEY_COUNT;
}

function pick(driver: Driver, workload: Workload): (n: number, lane: number) => Promise<unknown> {
  switch (workload) {
    case "get":
      return (n, lane) => driver.get(keyOf(n), lane);
    case "put":
      return (n, lane) => driver.put(keyOf(n), lane);
    case "mix":
      return (n, lane) => (n & 1 ? driver.put(keyOf(n), lane) : driver.get(keyOf(n), lane));
    case "batch":
      return (n, lane) => driver.batchGet(n % BATCH_COUNT, lane);
  }
}

/**
 * Runs `count` operations of `workload` with `concurrency` lanes, each keeping one command in
 * flight, and returns throughput and latency percentiles.
 */
export async function runCell(
  driver: Driver,
  workload: Workload,
  concurrency: number,
  count: number,
): Promise<CellStats> {
  const op = pick(driver, workload);
  const latencies = new Float64Array(count);
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  const lane = async (id: number): Promise<void> => {
    while (next < count) {
      const n = next++;
      const t = performance.now();
      try {
        await op(n, id);
        latencies[done++] = performance.now() - t;
      } catch (e) {
        errors++;
        firstError ??= String((e as Error)?.message ?? e);
      }
    }
  };
  const start = performance.now();
  const lanes: Promise<void>[] = [];
  for (let i = 0; i < concurrency; i++) lanes.push(lane(i));
  await Promise.all(lanes);
  const elapsedMs = performance.now() - start;
  const sorted = latencies.subarray(0, done).sort();
  const pct = (p: number): number =>
    sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  const stats: CellStats = { ops: done, errors, elapsedMs, p50: pct(0.5), p99: pct(0.99), p999: pct(0.999) };
  if (firstError !== undefined) stats.firstError = firstError;
  return stats;
}
