/**
 * Child processes of the throughput runner: spawning a contender, the ready/go handshake during
 * which the runner samples the child's CPU time and peak memory from /proc, and killing every
 * child (and the mock) on exit, error or Ctrl-C.
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import process from "node:process";
import { createInterface } from "node:readline";
import type { ChildCell, ChildPlan } from "./child.ts";

/** CPU time and peak resident memory of a process, as /proc shows them. */
export interface ProcSample {
  /** utime + stime, µs (clock-tick resolution, usually 10 ms). */
  cpuUs: number;
  /** VmHWM, KiB. */
  peakRssKb: number;
}

let clockTicks = 0;

/** Reads /proc/<pid>/stat and /proc/<pid>/status; undefined where there is no /proc. */
export function sampleProc(pid: number): ProcSample | undefined {
  try {
    if (clockTicks === 0) {
      try {
        clockTicks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
      } catch {
        clockTicks = 100;
      }
    }
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name (which may hold spaces): state is field 3.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(rest[11]) + Number(rest[12]); // utime (14), stime (15)
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    return { cpuUs: ticks * 1e6 / clockTicks, peakRssKb: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return undefined;
  }
}

const live = new Set<ChildProcess>();
let stopping = false;
let interrupted = false;
const cleanups: (() => Promise<void>)[] = [];

/** Registers work to run (once) before the runner exits, after every child has been killed. */
export function onShutdown(fn: () => Promise<void>): void {
  hookSignals();
  cleanups.push(fn);
}

/** True once SIGINT or SIGTERM has arrived. */
export function wasInterrupted(): boolean {
  return interrupted;
}

let shuttingDown: Promise<void> | undefined;

/** Kills every live child and runs the shutdown hooks (once; later calls await the same work). */
export function shutdown(): Promise<void> {
  stopping = true;
  for (const c of live) c.kill("SIGKILL");
  live.clear();
  return shuttingDown ??= (async () => {
    while (cleanups.length > 0) await cleanups.pop()!().catch(() => {});
  })();
}

let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      interrupted = true;
      console.error(`\n${sig}: stopping every child process`);
      shutdown().finally(() => process.exit(130));
    });
  }
}

/** A measured cell as the runner records it: the child's figures plus the runner's /proc samples. */
export interface CellRecord extends ChildCell {
  /** CPU over the cell from /proc/<pid>/stat, µs; undefined without /proc. */
  procCpuUs?: number;
  /** Peak RSS of the child so far, KiB (/proc VmHWM). */
  peakRssKb?: number;
}

/**
 * Runs one contender process to the end and returns its cells; `onCell` sees each as it arrives.
 * Rejects (after killing the child) on an error line, an early exit or `stallMs` of silence.
 */
export function runChild(
  command: string[],
  plan: ChildPlan,
  cwd: string,
  onCell: (cell: CellRecord) => void,
  stallMs = 120_000,
): Promise<CellRecord[]> {
  hookSignals();
  if (stopping) return Promise.reject(new Error("stopping"));
  const child = spawn(command[0], [...command.slice(1), "bench/child.ts", plan.kind], {
    cwd,
    env: { ...process.env, BENCH_CHILD_PLAN: JSON.stringify(plan) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  live.add(child);
  const cells: CellRecord[] = [];
  let stderr = "";
  child.stderr!.on("data", (d: Uint8Array) => {
    stderr = (stderr + new TextDecoder().decode(d)).slice(-4000);
  });
  return new Promise<CellRecord[]>((resolve, reject) => {
    let before: ProcSample | undefined;
    let finished = false;
    let done = false;
    let timer = setTimeout(() => fail("no output"), stallMs);
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      live.delete(child);
      if (error) {
        child.kill("SIGKILL");
        reject(error);
      } else resolve(cells);
    };
    const fail = (why: string): void =>
      finish(new Error(`${command[0]} child.ts ${plan.kind}: ${why}\n${stderr.trim()}`));
    const go = (): void => void child.stdin!.write("go\n");
    createInterface({ input: child.stdout! }).on("line", (line) => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(`silent for ${stallMs / 1000} s`), stallMs);
      let msg: { type?: string; message?: string };
      try {
        msg = JSON.parse(line);
      } catch {
        return; // Not ours (a runtime warning on stdout).
      }
      if (msg.type === "ready") {
        before = sampleProc(child.pid!);
        go();
      } else if (msg.type === "cell") {
        const after = sampleProc(child.pid!);
        const cell = msg as CellRecord;
        if (before && after) {
          cell.procCpuUs = after.cpuUs - before.cpuUs;
          cell.peakRssKb = after.peakRssKb;
        }
        cells.push(cell);
        onCell(cell);
        go();
      } else if (msg.type === "error") fail(msg.message ?? "error");
      else if (msg.type === "done") {
        done = true;
        child.stdin!.end();
        // It exits by itself; a child that lingers is killed so the next one runs alone.
        clearTimeout(timer);
        timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      }
    });
    child.on("error", (e) => fail(e.message));
    child.on("exit", (code, signal) => {
      if (done) finish();
      else fail(`exited early (${signal ?? code})`);
    });
  });
}
