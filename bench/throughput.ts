/**
 * Side-by-side throughput: every contender in its own process against one server, the same fixed
 * work for each, rounds alternating contenders (A B C .. A B C ..), medians reported.
 *
 *   npx deno task bench                # codec micro-benchmarks, then this
 *   npx deno run -A bench/throughput.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run -A bench/throughput.ts
 *
 * Contenders: aerolite on Deno, Bun and Node (tsx); the official `aerospike` client on Node; the raw
 * floor (pre-encoded requests over the runtime's own sockets) on each runtime; aerolite on Deno with
 * `pipeline: { depth }` when the client has that option. Server: `AEROSPIKE_HOSTS` when given; else a
 * one-node real server from `../shared/aerospike-server` when it is there (bench/real_server.ts;
 * BENCH_SERVER=mock skips it); else a one-node standalone mock in a child process (a TypeScript
 * process itself, hence a lower ceiling).
 * Writes bench/results/latest.{md,json,svg}; `--render` rewrites the .md and .svg from the .json.
 *
 * Env: BENCH_ROUNDS (3), BENCH_OPS (single-record ops per cell, default 8000; half at
 * concurrency 1), BENCH_BATCH_OPS (batches per cell, 400), BENCH_CONCURRENCY ("1,16,64,256"),
 * BENCH_WORKLOADS ("get,put,mix,batch"), BENCH_CONTENDERS (ids, comma-separated; default all that
 * can run; `aerolite-deno-metrics` and `aerolite-deno-tracing`, aerolite on Deno with extended
 * metrics on or a tracing-channel subscriber, `aerolite-deno-nodenet`, aerolite on Deno over
 * `node:net` sockets, and `aerolite-deno-pool`, aerolite on Deno with its default pool of 100 sockets per
 * node rather than one per command in flight, run only when named), BENCH_PIPELINE_DEPTH (8),
 * BENCH_WARMUP (single-record ops per workload in each child's warm-up before any cell, 20000;
 * batches a hundredth), BENCH_OUT (bench/results).
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Client, Key } from "../mod.ts";
import type { ChildPlan } from "./child.ts";
import { svgChart } from "./chart.ts";
import { type CellRecord, onShutdown, runChild, shutdown, wasInterrupted } from "./proc.ts";
import {
  type BenchResult,
  type Contender,
  cpuTable,
  machineLine,
  markdownReport,
  opsTable,
  summarise,
} from "./report.ts";
import { startRealServer } from "./real_server.ts";
import { startStandaloneMock } from "./standalone_mock.ts";
import { binsFor, KEY_COUNT, NAMESPACE, SET, type Workload, WORKLOADS } from "./workload.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const rounds = Number(env("BENCH_ROUNDS", "3"));
const opsPerCell = Number(env("BENCH_OPS", "8000"));
const batchesPerCell = Number(env("BENCH_BATCH_OPS", "400"));
const concurrencies = env("BENCH_CONCURRENCY", "1,16,64,256").split(",").map(Number);
const workloads = env("BENCH_WORKLOADS", WORKLOADS.join(",")).split(",") as Workload[];
const pipelineDepth = Number(env("BENCH_PIPELINE_DEPTH", "8"));
const warmupOps = Number(env("BENCH_WARMUP", "20000"));
const outDir = env("BENCH_OUT", `${root}bench/results`);
for (const w of workloads) if (!WORKLOADS.includes(w)) throw new RangeError(`unknown workload ${w}`);

function counts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of workloads) {
    for (const c of concurrencies) {
      const base = w === "batch" ? batchesPerCell : opsPerCell;
      out[`${w}@${c}`] = Math.max(c === 1 ? Math.ceil(base / 2) : base, c * (w === "batch" ? 2 : 8));
    }
  }
  return out;
}

function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    return undefined;
  }
}

/** Runtimes found, with the command line that starts a child on each. */
function runtimes(): { commands: Record<string, string[]>; versions: Record<string, string> } {
  const commands: Record<string, string[]> = {};
  const versions: Record<string, string> = {};
  // --allow-write: the metrics contender writes its report files to the OS temp directory.
  commands.deno = [
    Deno.execPath(),
    "run",
    "--allow-net",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-sys",
  ];
  versions.Deno = Deno.version.deno;
  const bunLink = `${root}node_modules/.bin/bun`;
  const bun = existsSync(bunLink) ? realpathSync(bunLink) : "bun";
  const bunVersion = tryRun(bun, ["--version"]);
  if (bunVersion) [commands.bun, versions.Bun] = [[bun], bunVersion];
  const nodeVersion = tryRun("node", ["--version"]);
  if (nodeVersion) {
    [commands.node, versions.Node] = [["node", "--import", "tsx"], nodeVersion.replace(/^v/, "")];
  }
  try {
    versions.aerospike =
      JSON.parse(readFileSync(`${root}node_modules/aerospike/package.json`, "utf8")).version;
  } catch {
    // Not installed: no official contender.
  }
  return { commands, versions };
}

function hasPipelineOption(): boolean {
  return ["src/cluster/cluster.ts", "src/client.ts"].some((f) => {
    try {
      return /^\s*pipeline\??\s*:/m.test(readFileSync(`${root}${f}`, "utf8"));
    } catch {
      return false;
    }
  });
}

function contenders(rt: ReturnType<typeof runtimes>): Contender[] {
  const all: Contender[] = [
    { id: "aerolite-deno", label: "aerolite Deno", runtime: "deno", kind: "aerolite" },
    { id: "aerolite-bun", label: "aerolite Bun", runtime: "bun", kind: "aerolite" },
    { id: "aerolite-node", label: "aerolite Node", runtime: "node", kind: "aerolite" },
    { id: "official-node", label: "official (Node)", runtime: "node", kind: "official" },
    { id: "raw-deno", label: "raw Deno", runtime: "deno", kind: "raw" },
    { id: "raw-bun", label: "raw Bun", runtime: "bun", kind: "raw" },
    { id: "raw-node", label: "raw Node", runtime: "node", kind: "raw" },
  ];
  if (hasPipelineOption()) {
    all.push({
      id: "aerolite-deno-pipeline",
      label: `aerolite Deno, pipeline ${pipelineDepth}`,
      runtime: "deno",
      kind: "aerolite-pipeline",
    });
  }
  // Observation overhead (issue 15): only when named in BENCH_CONTENDERS, next to aerolite-deno.
  const optIn: Contender[] = [
    {
      id: "aerolite-deno-metrics",
      label: "aerolite Deno, metrics on",
      runtime: "deno",
      kind: "aerolite-metrics",
    },
    {
      id: "aerolite-deno-tracing",
      label: "aerolite Deno, tracing subscribed",
      runtime: "deno",
      kind: "aerolite-tracing",
    },
    // Deno's own sockets against its node:net (issue 17: Deno's tail at 256 in flight).
    {
      id: "aerolite-deno-nodenet",
      label: "aerolite Deno, node:net sockets",
      runtime: "deno",
      kind: "aerolite-nodenet",
    },
    // The default pool of 100 sockets per node, where the others get one per command in flight.
    {
      id: "aerolite-deno-pool",
      label: "aerolite Deno, default pool (100 sockets)",
      runtime: "deno",
      kind: "aerolite-pool",
    },
  ];
  const wanted = process.env.BENCH_CONTENDERS?.split(",").map((s) => s.trim());
  if (wanted !== undefined) all.push(...optIn);
  return all.filter((c) =>
    rt.commands[c.runtime] !== undefined && (c.kind !== "official" || rt.versions.aerospike !== undefined) &&
    (wanted === undefined || wanted.includes(c.id))
  );
}

async function preload(hosts: string): Promise<void> {
  const client = await Client.connect({ hosts, policies: { write: { totalTimeout: 10_000 } } });
  try {
    for (let i = 0; i < KEY_COUNT; i += 200) {
      const chunk: Promise<void>[] = [];
      for (let j = i; j < Math.min(KEY_COUNT, i + 200); j++) {
        chunk.push(client.put(new Key(NAMESPACE, SET, j), binsFor(j)));
      }
      await Promise.all(chunk);
    }
  } finally {
    await client.close();
  }
}

function machine(versions: Record<string, string>, server: string, load0: number): BenchResult["machine"] {
  let cpu = os.cpus()[0]?.model ?? "unknown CPU";
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {
    // Not Linux.
  }
  return {
    date: new Date().toISOString(),
    cpu,
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()}`,
    versions,
    server,
    load: [load0, os.loadavg()[0]],
  };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const load0 = os.loadavg()[0];
  const rt = runtimes();
  const list = contenders(rt);
  let hosts = process.env.AEROSPIKE_HOSTS;
  let server = `AEROSPIKE_HOSTS=${hosts}`;
  const real = hosts === undefined ? await startRealServer() : undefined;
  if (real !== undefined) {
    onShutdown(() => Promise.resolve(real.stop()));
    hosts = real.seeds;
    server = real.label;
  } else if (hosts === undefined) {
    const mock = await startStandaloneMock(1);
    onShutdown(() => mock.stop());
    hosts = mock.seeds;
    server = `standalone mock, 1 node (aerolite mock on Deno ${Deno.version.deno}, own process)`;
  }
  await preload(hosts);
  const plan = (kind: ChildPlan["kind"]): ChildPlan => ({
    kind,
    hosts: hosts!,
    workloads,
    concurrencies,
    counts: counts(),
    pipelineDepth,
    warmupOps,
  });
  console.log(`throughput: ${list.map((c) => c.label).join(", ")}`);
  console.log(
    `  ${workloads.join("/")} × in flight ${concurrencies.join("/")} · ${rounds} rounds · server ${server}`,
  );
  const records = new Map<string, CellRecord[]>(list.map((c) => [c.id, []]));
  const failed = new Set<string>();
  for (let round = 1; round <= rounds; round++) {
    for (const c of list) {
      if (failed.has(c.id)) continue;
      const elapsed = Math.round((performance.now() - t0) / 1000);
      console.log(`[round ${round}/${rounds}, ${elapsed} s] ${c.label}`);
      try {
        const cells = await runChild(rt.commands[c.runtime], plan(c.kind), root, (cell) => {
          const ops = cell.ops / cell.elapsedMs * 1000;
          console.log(
            `    ${cell.workload.padEnd(5)} ${String(cell.concurrency).padStart(3)} in flight ` +
              `${Math.round(ops).toLocaleString("en-US").padStart(8)} ops/s  p50 ${cell.p50.toFixed(2)}  ` +
              `p99 ${cell.p99.toFixed(2)} ms  cpu ${(cell.cpuUs / Math.max(1, cell.ops)).toFixed(1)} µs/op` +
              (cell.errors ? `  ${cell.errors} errors: ${cell.firstError}` : ""),
          );
        });
        records.get(c.id)!.push(...cells);
      } catch (e) {
        if (wasInterrupted()) return;
        console.error(`  ${c.label} failed, left out of later rounds: ${(e as Error).message}`);
        failed.add(c.id);
      }
    }
  }
  const result: BenchResult = {
    machine: machine(rt.versions, server, load0),
    config: {
      command: process.env.BENCH_COMMAND ?? "npx deno task bench",
      revision: tryRun("git", ["describe", "--always", "--dirty"]) ?? "unknown",
      rounds,
      counts: counts(),
      countsNote: `${opsPerCell} single-record ops or ${batchesPerCell} batches, half at 1 in flight`,
      pipelineDepth,
      warmupOps,
      cpuSource: "process.cpuUsage() in the child around the measured operations (user+sys, all threads)",
    },
    contenders: list.filter((c) => records.get(c.id)!.length > 0),
    workloads,
    concurrencies,
    cells: summarise(new Map([...records].filter(([, v]) => v.length > 0))),
    seconds: (performance.now() - t0) / 1000,
  };
  writeResults(result);
  console.log(
    `\n${machineLine(result.machine)}\n\nops/s (medians of ${rounds} rounds)\n\n${opsTable(result)}`,
  );
  console.log(`\nclient CPU µs per op\n\n${cpuTable(result)}\n`);
  console.log(`wrote ${outDir}/latest.{md,json,svg} (${Math.round(result.seconds)} s)`);
}

function writeResults(result: BenchResult): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}/latest.json`, JSON.stringify(result, null, 2) + "\n");
  writeFileSync(`${outDir}/latest.md`, markdownReport(result));
  writeFileSync(`${outDir}/latest.svg`, svgChart(result));
}

try {
  // `--render`: rewrite latest.md and latest.svg from latest.json (after a change to the report format).
  if (process.argv.includes("--render")) {
    writeResults(JSON.parse(readFileSync(`${outDir}/latest.json`, "utf8")));
  } else await main();
} finally {
  await shutdown();
}
process.exit(wasInterrupted() ? 130 : 0);
