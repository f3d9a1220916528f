/**
 * Turns the rounds of a throughput run into medians, a Markdown report with ratios, and the JSON
 * written to bench/results/.
 * @module
 */
import type { Workload } from "./workload.ts";
import type { CellRecord } from "./proc.ts";
import type { ChildPlan } from "./child.ts";

/** One contender: a client (or the raw floor) on one runtime. */
export interface Contender {
  /** Stable id, e.g. `aerolite-deno`. */
  id: string;
  /** Column label. */
  label: string;
  /** Runtime of the child process. */
  runtime: "deno" | "bun" | "node";
  /** What the child runs. */
  kind: ChildPlan["kind"];
}

/** The machine and software a run was measured on. */
export interface Machine {
  /** ISO date of the run. */
  date: string;
  /** CPU model. */
  cpu: string;
  /** Logical cores. */
  cores: number;
  /** OS and kernel. */
  os: string;
  /** Runtime and client versions. */
  versions: Record<string, string>;
  /** What served the commands. */
  server: string;
  /** 1-minute load average at the start and the end of the run (other work on the machine). */
  load: [number, number];
}

/** Medians over the rounds of one contender, workload and concurrency. */
export interface CellSummary {
  /** Contender id. */
  contender: string;
  /** Workload. */
  workload: Workload;
  /** Commands in flight. */
  concurrency: number;
  /** Rounds that measured it. */
  rounds: number;
  /** Operations per second (a batch of 100 keys counts as one). */
  opsPerSec: number;
  /** Median latency, ms. */
  p50: number;
  /** 99th percentile latency, ms. */
  p99: number;
  /** 99.9th percentile latency, ms. */
  p999: number;
  /** Client CPU per operation, µs (process.cpuUsage() in the child). */
  cpuUsPerOp: number;
  /** The same from the runner's /proc/<pid>/stat samples (10 ms ticks), when available. */
  procCpuUsPerOp?: number;
  /** Peak RSS of the child process, MiB. */
  peakRssMb?: number;
  /** Failed operations over all rounds. */
  errors: number;
  /** Per-round ops/s, in round order. */
  opsPerSecRounds: number[];
}

/** Everything a run wrote to bench/results/latest.json. */
export interface BenchResult {
  /** Machine. */
  machine: Machine;
  /** Command line and settings. */
  config: Record<string, unknown>;
  /** Contenders, in column order. */
  contenders: Contender[];
  /** Workloads, in order. */
  workloads: Workload[];
  /** Concurrencies, in order. */
  concurrencies: number[];
  /** Medians. */
  cells: CellSummary[];
  /** Wall time of the throughput part, s. */
  seconds: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length & 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Medians of every contender's cells over its rounds. */
export function summarise(records: Map<string, CellRecord[]>): CellSummary[] {
  const out: CellSummary[] = [];
  for (const [contender, cells] of records) {
    const groups = new Map<string, CellRecord[]>();
    for (const c of cells) {
      const k = `${c.workload}@${c.concurrency}`;
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    for (const g of groups.values()) {
      const proc = g.filter((c) => c.procCpuUs !== undefined);
      const rss = g.filter((c) => c.peakRssKb !== undefined);
      const s: CellSummary = {
        contender,
        workload: g[0].workload,
        concurrency: g[0].concurrency,
        rounds: g.length,
        opsPerSec: median(g.map((c) => c.ops / c.elapsedMs * 1000)),
        p50: median(g.map((c) => c.p50)),
        p99: median(g.map((c) => c.p99)),
        p999: median(g.map((c) => c.p999)),
        cpuUsPerOp: median(g.map((c) => c.cpuUs / Math.max(1, c.ops))),
        errors: g.reduce((n, c) => n + c.errors, 0),
        opsPerSecRounds: g.map((c) => Math.round(c.ops / c.elapsedMs * 1000)),
      };
      if (proc.length > 0) s.procCpuUsPerOp = median(proc.map((c) => c.procCpuUs! / Math.max(1, c.ops)));
      if (rss.length > 0) s.peakRssMb = Math.max(...rss.map((c) => c.peakRssKb! / 1024));
      out.push(s);
    }
  }
  return out;
}

const int = (x: number): string => Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "–";
const fix = (x: number, d: number): string => Number.isFinite(x) ? x.toFixed(d) : "–";

/** Ratio columns: label, numerator contender, denominator contender. */
const RATIOS: [string, string, string][] = [
  ["Deno ÷ official", "aerolite-deno", "official-node"],
  ["Bun ÷ official", "aerolite-bun", "official-node"],
  ["Node ÷ official", "aerolite-node", "official-node"],
  ["pipelined ÷ official", "aerolite-deno-pipeline", "official-node"],
  ["Deno ÷ raw Deno", "aerolite-deno", "raw-deno"],
  ["Bun ÷ raw Bun", "aerolite-bun", "raw-bun"],
  ["Node ÷ raw Node", "aerolite-node", "raw-node"],
];

function table(
  r: BenchResult,
  value: (s: CellSummary) => string,
  ratio: ((s: CellSummary) => number) | undefined,
): string {
  const at = new Map(r.cells.map((s) => [`${s.contender}/${s.workload}@${s.concurrency}`, s]));
  const ids = new Set(r.contenders.map((c) => c.id));
  const ratios = ratio ? RATIOS.filter(([, a, b]) => ids.has(a) && ids.has(b)) : [];
  const head = ["workload", "in flight", ...r.contenders.map((c) => c.label), ...ratios.map(([l]) => l)];
  const rows = [`| ${head.join(" | ")} |`, `| ${head.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`];
  for (const w of r.workloads) {
    for (const c of r.concurrencies) {
      const cell = (id: string): CellSummary | undefined => at.get(`${id}/${w}@${c}`);
      const values = r.contenders.map((k) => {
        const s = cell(k.id);
        return s ? value(s) + (s.errors > 0 ? ` (${s.errors} errors)` : "") : "–";
      });
      const ratioValues = ratios.map(([, a, b]) => {
        const x = cell(a), y = cell(b);
        return x && y ? fix(ratio!(x) / ratio!(y), 2) + "×" : "–";
      });
      rows.push(`| ${[w, String(c), ...values, ...ratioValues].join(" | ")} |`);
    }
  }
  return rows.join("\n");
}

/** The throughput table (ops/s with ratios), the README's centrepiece. */
export function opsTable(r: BenchResult): string {
  return table(r, (s) => int(s.opsPerSec), (s) => s.opsPerSec);
}

/** Client CPU per operation, µs, with ratios. */
export function cpuTable(r: BenchResult): string {
  return table(r, (s) => fix(s.cpuUsPerOp, 1), (s) => s.cpuUsPerOp);
}

/** One line naming the machine, software and server. */
export function machineLine(m: Machine): string {
  const v = Object.entries(m.versions).map(([k, x]) => `${k} ${x}`).join(", ");
  const date = m.date.slice(0, 16).replace("T", " ");
  const load = `load ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)}`;
  return `${date} UTC · ${m.cpu}, ${m.cores} cores, ${load} · ${m.os} · ${v} · server: ${m.server}`;
}

function notes(r: BenchResult): string[] {
  const out = [
    `The raw floor sends pre-encoded requests and only counts reply bytes, so it bounds what any client ` +
    `can reach on that runtime and server; for batches its CPU/op leaves out decoding 100 records.`,
  ];
  if (r.machine.server.startsWith("standalone mock")) {
    out.push(
      `The server is the standalone mock: one TypeScript process sharing the same cores with the client, ` +
        `so it is the ceiling here (see the raw floor), not a real Aerospike node. Ratios near 1 between a ` +
        `client and its raw floor mean the mock is saturated, not that the clients are equal.`,
    );
  }
  if (r.machine.server.startsWith("real Aerospike server")) {
    out.push(
      `The server is a real Aerospike node on this same machine: it and the client share the cores, so ` +
        `every figure here includes that contention.`,
    );
  }
  if (r.machine.load[0] > r.machine.cores || r.machine.load[1] > r.machine.cores) {
    out.push(
      `Other work loaded the machine during this run (load average above the core count): expect noise.`,
    );
  }
  return out.flatMap((p) => [p, ``]);
}

/** The whole Markdown report (bench/results/latest.md). */
export function markdownReport(r: BenchResult): string {
  const rounds = Math.max(...r.cells.map((s) => s.rounds));
  return [
    `# Throughput: aerolite against the official client and the raw floor`,
    ``,
    `${machineLine(r.machine)}`,
    ``,
    `Command: \`${r.config.command}\` at revision ${
      r.config.revision ?? "unknown"
    } · medians of ${rounds} rounds (contenders alternate, one process each) · ` +
    `fixed operation counts per cell (${r.config.countsNote}) after a warm-up (${
      typeof r.config.warmupOps === "number"
        ? `${r.config.warmupOps} ops of each workload per process, then a tenth of the cell's count`
        : "a tenth of the cell's count"
    }) · a batch op reads 100 keys · ` +
    `throughput part took ${Math.round(r.seconds)} s.`,
    ``,
    ...notes(r),
    `## Operations per second`,
    ``,
    opsTable(r),
    ``,
    `## Client CPU per operation (µs, user+system of the client process)`,
    ``,
    `Measured with process.cpuUsage() in the child around the measured operations only (all threads of ` +
    `the process); the runner's /proc/<pid>/stat samples (10 ms ticks) are in latest.json as procCpuUsPerOp.`,
    ``,
    cpuTable(r),
    ``,
    `## Latency p50 / p99 / p99.9 (ms)`,
    ``,
    table(r, (s) => `${fix(s.p50, 2)} / ${fix(s.p99, 2)} / ${fix(s.p999, 2)}`, undefined),
    ``,
    `## Peak RSS of the client process (MiB)`,
    ``,
    `| contender | peak RSS |`,
    `| --- | ---: |`,
    ...r.contenders.map((c) => {
      const rss = r.cells.filter((s) => s.contender === c.id && s.peakRssMb !== undefined).map((s) =>
        s.peakRssMb!
      );
      return `| ${c.label} | ${rss.length ? fix(Math.max(...rss), 0) : "–"} |`;
    }),
    ``,
  ].join("\n");
}
