/**
 * The throughput workload shared by every client under test: `concurrency` workers, each with one
 * command outstanding (half puts, half gets over 10,000 keys) for `seconds`. Measures ops/s,
 * p50/p99 latency and process CPU per op (node:process works on Deno, Bun and Node).
 * @module
 */
import process from "node:process";

/** The two commands a client under test provides. */
export interface WorkloadClient {
  /** Writes bins `{ n: i, s: "value-" + i }` to key i. */
  put(i: number): Promise<unknown>;
  /** Reads key i. */
  get(i: number): Promise<unknown>;
}

/** What one run measured. */
export interface WorkloadResult {
  /** Client name. */
  name: string;
  /** Workers. */
  concurrency: number;
  /** Completed commands per second. */
  opsPerSecond: number;
  /** Median latency, ms. */
  p50: number;
  /** 99th percentile latency, ms. */
  p99: number;
  /** Process CPU (user + system) per completed command, µs. */
  cpuPerOp: number;
  /** Failed commands. */
  errors: number;
}

/** Number of keys the workload spreads over. */
export const KEY_COUNT = 10_000;

/** Writes every key once so gets find records. */
export async function preload(client: WorkloadClient): Promise<void> {
  for (let i = 0; i < KEY_COUNT; i += 100) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < i + 100; j++) batch.push(client.put(j));
    await Promise.all(batch);
  }
}

/** Runs the workload and returns what it measured. */
export async function runWorkload(
  name: string,
  client: WorkloadClient,
  options: { concurrency: number; seconds: number },
): Promise<WorkloadResult> {
  const latencies: number[] = [];
  let ops = 0;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const worker = async (id: number): Promise<void> => {
    let i = id;
    while (performance.now() < end) {
      i = (i * 7919 + 1) % KEY_COUNT;
      const t = performance.now();
      try {
        await (i & 1 ? client.put(i) : client.get(i));
        latencies.push(performance.now() - t);
        ops++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w + 1)));
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    name,
    concurrency: options.concurrency,
    opsPerSecond: Math.round(ops / elapsed),
    p50: pct(0.5),
    p99: pct(0.99),
    cpuPerOp: (cpu.user + cpu.system) / Math.max(1, ops),
    errors,
  };
}

/** One line per result. */
export function formatResult(r: WorkloadResult): string {
  return `${r.name.padEnd(26)} concurrency ${r.concurrency}  ${String(r.opsPerSecond).padStart(7)} ops/s  ` +
    `p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  cpu ${
      r.cpuPerOp.toFixed(1)
    } µs/op  errors ${r.errors}`;
}
