/**
 * One contender in its own process, started by bench/throughput.ts (never run by hand):
 *
 *   <runtime> bench/child.ts <aerolite|aerolite-pipeline|aerolite-metrics|aerolite-tracing|aerolite-nodenet|aerolite-pool|official|raw>
 *
 * Reads its plan from the BENCH_CHILD_PLAN environment variable (JSON `ChildPlan`), warms up, then
 * for each cell: warms that cell, prints `{"type":"ready",...}`, waits for a `go` line on stdin (the
 * runner samples this process's CPU and memory meanwhile), runs the measured operations and prints
 * `{"type":"cell",...}`. Exits when stdin closes, so a dead runner leaves no child behind.
 * @module
 */
import process from "node:process";
import { createInterface } from "node:readline";
import { type CellStats, type Driver, runCell, type Workload } from "./workload.ts";

/** What the runner asks a child to do. */
export interface ChildPlan {
  /** Contender kind (also argv[2]). */
  kind:
    | "aerolite"
    | "aerolite-pipeline"
    | "aerolite-metrics"
    | "aerolite-tracing"
    | "aerolite-nodenet"
    | "aerolite-pool"
    | "official"
    | "raw";
  /** Seed list. */
  hosts: string;
  /** Workloads, in order. */
  workloads: Workload[];
  /** Commands in flight, in order. */
  concurrencies: number[];
  /** Measured operations per cell, by workload and concurrency (`"get@64"`). */
  counts: Record<string, number>;
  /** Pipeline depth for `aerolite-pipeline`. */
  pipelineDepth: number;
  /**
   * Single-record operations of each workload in the process warm-up (batches: a hundredth, at
   * least 100), before any cell: long enough for every runtime's JIT to reach its top tier.
   */
  warmupOps: number;
}

/** What the child prints for each measured cell: the cell's own stats plus where and what it cost. */
export interface ChildCell extends CellStats {
  /** Line type. */
  type: "cell";
  /** Workload. */
  workload: Workload;
  /** Commands in flight. */
  concurrency: number;
  /** process.cpuUsage() user+system over the measured operations, µs (all threads of the process). */
  cpuUs: number;
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function send(message: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(message) + "\n");
}

async function waitForGo(): Promise<void> {
  const next = await lines.next();
  if (next.done) process.exit(3); // The runner went away.
}

async function connect(plan: ChildPlan): Promise<Driver> {
  const maxConcurrency = Math.max(...plan.concurrencies);
  const options = { hosts: plan.hosts, maxConcurrency };
  switch (plan.kind) {
    case "aerolite":
      return (await import("./drivers/aerolite.ts")).aeroliteDriver(options);
    case "aerolite-pipeline":
      return (await import("./drivers/aerolite.ts")).aeroliteDriver({
        ...options,
        pipelineDepth: plan.pipelineDepth,
      });
    case "aerolite-metrics":
      return (await import("./drivers/aerolite.ts")).aeroliteDriver({ ...options, observe: "metrics" });
    case "aerolite-tracing":
      return (await import("./drivers/aerolite.ts")).aeroliteDriver({ ...options, observe: "tracing" });
    case "aerolite-nodenet":
      return (await import("./drivers/aerolite.ts")).aeroliteDriver({ ...options, nodeNet: true });
    case "aerolite-pool":
      return (await import("./drivers/aerolite.ts")).aeroliteDriver({ ...options, defaultPool: true });
    case "official":
      return (await import("./drivers/official.ts")).officialDriver(options);
    case "raw":
      return (await import("./drivers/raw.ts")).rawDriver(options);
  }
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.env.BENCH_CHILD_PLAN ?? "") as ChildPlan;
  const driver = await connect(plan);
  // Process warm-up: every workload at moderate concurrency until the JIT has compiled the hot
  // path in its top tier. Both V8 (TurboFan) and JavaScriptCore (FTL) compiled execute() and the
  // attempt loop only between the 5,000th and the 20,000th get at 16 in flight (--trace-opt,
  // BUN_JSC_reportFTLCompileTimes); with 2,000 ops the first cells ran in a lower tier.
  const warm = plan.warmupOps;
  for (const w of plan.workloads) {
    await runCell(driver, w, 16, w === "batch" ? Math.max(100, Math.ceil(warm / 100)) : warm);
  }
  for (const workload of plan.workloads) {
    for (const concurrency of plan.concurrencies) {
      const count = plan.counts[`${workload}@${concurrency}`];
      await runCell(driver, workload, concurrency, Math.max(concurrency * 2, Math.ceil(count / 10)));
      send({ type: "ready", workload, concurrency });
      await waitForGo();
      const cpu0 = process.cpuUsage();
      const stats = await runCell(driver, workload, concurrency, count);
      const cpu = process.cpuUsage(cpu0);
      send({ type: "cell", workload, concurrency, ...stats, cpuUs: cpu.user + cpu.system });
      await waitForGo();
    }
  }
  await driver.close();
  send({ type: "done" });
  process.exit(0);
}

main().catch((e) => {
  send({ type: "error", message: String((e as Error)?.stack ?? e) });
  process.exit(1);
});
