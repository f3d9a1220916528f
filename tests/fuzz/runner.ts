/**
 * Runs fuzz cases `[start, start + count)` of a seed and tallies the outcomes. Shared by
 * `deno task fuzz` (fuzz.ts) and the bounded run in the test suite (fuzz_test.ts).
 * @module
 */
import type { NodeHandlerContext } from "../../server_mock/handlers/dispatch.ts";
import type { Seed } from "./corpus.ts";
import { chunks, generateCase } from "./generator.ts";
import { Rng } from "./rng.ts";
import { feedReply, feedRequest, FuzzDefect, mockContext } from "./targets.ts";

/** The mock's store is reset every this many cases (a defect replays from its block's start). */
export const STORE_BLOCK = 256;

/** One defect, with what it takes to reproduce it. */
export interface DefectReport {
  /** Case index. */
  index: number;
  /** Seed frame name. */
  seed: string;
  /** Mutations applied. */
  mutations: string[];
  /** The failing stage and error. */
  message: string;
  /** The input, hex (the whole input, at most 4 KiB of it). */
  hex: string;
}

/** Totals of a run. */
export interface FuzzTally {
  /** Cases run. */
  cases: number;
  /** Cases per direction. */
  byDir: Map<string, number>;
  /** Stage outcomes by error class ("ok", "incomplete", "WireFormatError", ...). */
  byClass: Map<string, number>;
  /** Stage outcomes by "stage:class". */
  byStage: Map<string, number>;
  /** Slowest case: index and ms. */
  slowest: { index: number; ms: number };
  /** Defects found. */
  defects: DefectReport[];
}

/** Options of `runFuzz`. */
export interface FuzzOptions {
  /** Run seed. */
  seed: number;
  /** First case index. @default 0 */
  start?: number;
  /** Number of cases. */
  count: number;
  /** Called every `progressEvery` cases. @default undefined */
  onProgress?: (done: number, tally: FuzzTally) => void;
  /** @default 10000 */
  progressEvery?: number;
  /** A case slower than this (ms) counts as a defect: its work was not bounded. @default 5000 */
  slowMs?: number;
  /** Stop after this many defects. @default 20 */
  maxDefects?: number;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b.subarray(0, 4096)) s += x.toString(16).padStart(2, "0");
  return s;
}

/** Runs the cases and returns the tally; never throws for a defect (it is reported). */
export async function runFuzz(corpus: readonly Seed[], options: FuzzOptions): Promise<FuzzTally> {
  const { seed, count } = options;
  const start = options.start ?? 0;
  const every = options.progressEvery ?? 10_000;
  const slowMs = options.slowMs ?? 5000;
  const maxDefects = options.maxDefects ?? 20;
  const tally: FuzzTally = {
    cases: 0,
    byDir: new Map(),
    byClass: new Map(),
    byStage: new Map(),
    slowest: { index: -1, ms: 0 },
    defects: [],
  };
  let ctx: NodeHandlerContext = mockContext();
  for (let index = start; index < start + count; index++) {
    if (index % STORE_BLOCK === 0) ctx = mockContext();
    const c = generateCase(corpus, seed, index);
    const parts = chunks(Rng.forCase(seed ^ 0x5bd1e995, index), c.bytes);
    const t0 = performance.now();
    try {
      const outcomes = c.dir === "reply" ? await feedReply(parts) : await feedRequest(parts, ctx);
      for (const o of outcomes) {
        bump(tally.byStage, o);
        bump(tally.byClass, o.slice(o.indexOf(":") + 1));
      }
    } catch (e) {
      const message = e instanceof FuzzDefect
        ? e.message
        : `harness: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
      tally.defects.push({ index, seed: c.seed, mutations: c.mutations, message, hex: toHex(c.bytes) });
    }
    const ms = performance.now() - t0;
    if (ms > tally.slowest.ms) tally.slowest = { index, ms };
    if (ms > slowMs) {
      tally.defects.push({
        index,
        seed: c.seed,
        mutations: c.mutations,
        message: `slow: ${ms.toFixed(0)} ms`,
        hex: toHex(c.bytes),
      });
    }
    tally.cases++;
    bump(tally.byDir, c.dir);
    if (tally.defects.length >= maxDefects) break;
    if (options.onProgress !== undefined && tally.cases % every === 0) options.onProgress(tally.cases, tally);
  }
  return tally;
}
