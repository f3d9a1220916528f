/**
 * The differential runner: draws cases from the registered generators, runs each on the mock and on
 * the real server from the same starting record, and compares what they answered (results or
 * result codes) and the records left behind. A difference is shrunk by dropping operations while it
 * persists and reported with everything needed to reproduce it.
 * @module
 */
import { Key } from "../../mod.ts";
import { describeOp, type DiffCase, Rng, show } from "./case.ts";
import { GENERATORS } from "./generators.ts";
import { type Answer, type DiffTarget, type DiffTargets, openTargets, runOn } from "./target.ts";

/** Options of a run. */
export interface DiffOptions {
  /** Seed of the whole run. */
  seed: number;
  /** Stop drawing cases once this many operations have been run. */
  operations: number;
  /** Families to draw from, round-robin by case index. @default every registered family */
  families?: string[];
  /** Run only this case index (a reproduction). @default undefined */
  only?: number;
  /** Stop after this many differences. @default Infinity */
  stopAfter?: number;
  /** Cases in flight at once. @default 4 */
  concurrency?: number;
  /** Real seeds. @default AEROSPIKE_HOSTS */
  hosts?: string;
  /** Namespace on both targets. @default AEROSPIKE_NAMESPACE or "test" */
  namespace?: string;
  /** Called with each difference's report as it is found. */
  onDifference?: (d: Difference) => void;
  /** Called every `progressEvery` cases. */
  onProgress?: (s: DiffSummary) => void;
  /** @default 2000 */
  progressEvery?: number;
}

/** One difference, shrunk. */
export interface Difference {
  /** Case index under the run's seed. */
  index: number;
  /** The case's family. */
  family: string;
  /** The readable reproduction (several lines). */
  report: string;
}

/** What a run did. */
export interface DiffSummary {
  /** Cases run. */
  cases: number;
  /** Operations run (an operate case counts its operations, a `run` case counts 1). */
  operations: number;
  /** Cases per family. */
  casesByFamily: Map<string, number>;
  /** Differences per family. */
  differencesByFamily: Map<string, number>;
  /** Operations by builder name (from labels; unlabelled ones by op type). */
  operationMix: Map<string, number>;
  /** Every difference found. */
  differences: Difference[];
  /** Wall time in milliseconds. */
  ms: number;
}

const bump = (m: Map<string, number>, k: string, n = 1): void => void m.set(k, (m.get(k) ?? 0) + n);

/** The operations a case counts for. */
export function caseOps(c: DiffCase): number {
  return c.run !== undefined ? 1 : (c.ops?.length ?? 0);
}

/** Draws case `index` (families round-robin by index). */
export function drawCase(seed: number, index: number, families: readonly string[]): DiffCase {
  const family = families[index % families.length];
  const gen = GENERATORS[family];
  if (gen === undefined) {
    throw new Error(`unknown family ${family}; known: ${Object.keys(GENERATORS).join(", ")}`);
  }
  return gen(Rng.forCase(seed, index));
}

function same(a: Answer, b: Answer): boolean {
  return show(a) === show(b);
}

async function both(t: DiffTarget[], c: DiffCase, keys: Key[], ops = c.ops): Promise<Answer[]> {
  return await Promise.all(t.map((x) => runOn(x, c, keys, ops)));
}

/** Drops operations one at a time while the two targets still disagree. */
async function shrink(t: DiffTarget[], c: DiffCase, keys: Key[], answers: Answer[]) {
  let ops = c.ops ?? [];
  if (c.run !== undefined) return { ops, answers };
  for (let i = ops.length - 1; i >= 0 && ops.length > 1; i--) {
    const fewer = ops.filter((_, j) => j !== i);
    const a = await both(t, c, keys, fewer);
    if (!same(a[0], a[1])) {
      ops = fewer;
      answers = a;
    }
  }
  return { ops, answers };
}

function answerText(a: Answer): string {
  const parts: string[] = [];
  if (a.setup !== undefined) parts.push(`starting record refused: ${a.setup}`);
  if (a.error !== undefined) parts.push(`error ${a.error}`);
  if (a.value !== undefined) parts.push(show(a.value));
  parts.push(`then ${show(a.records)}`);
  return parts.join("; ");
}

function report(
  o: DiffOptions,
  families: string[],
  index: number,
  c: DiffCase,
  ops: DiffCase["ops"],
  a: Answer[],
) {
  const lines = [
    `DIFFERENCE in ${c.family}, seed ${o.seed}, case ${index}`,
    `  reproduce: npx deno task diff --seed ${o.seed} --case ${index} --families ${families.join(",")}`,
    `  record:    ${c.bins === null ? "(none)" : show(c.bins)}`,
  ];
  if (c.setup !== undefined) {
    lines.push(`  setup:     ${c.setup.toString().replace(/\s+/g, " ").slice(0, 300)}`);
  }
  if (c.policy !== undefined) lines.push(`  policy:    ${show(c.policy)}`);
  if (c.run !== undefined) {
    lines.push(`  run:       ${c.note ?? c.run.toString().replace(/\s+/g, " ").slice(0, 400)}`);
  } else (ops ?? []).forEach((op, i) => lines.push(`  op ${i + 1}: ${describeOp(op)}`));
  lines.push(`  mock: ${answerText(a[0])}`, `  real: ${answerText(a[1])}`);
  return lines.join("\n");
}

/** Runs the differential fuzzer; opens and closes both targets itself. */
export async function runDiff(o: DiffOptions): Promise<DiffSummary> {
  const ns = o.namespace ?? Deno.env.get("AEROSPIKE_NAMESPACE") ?? "test";
  const families = o.families ?? Object.keys(GENERATORS);
  for (const f of families) if (!(f in GENERATORS)) throw new Error(`unknown family ${f}`);
  const opened: DiffTargets = await openTargets(o.hosts ?? Deno.env.get("AEROSPIKE_HOSTS") ?? "", ns);
  const t = opened.targets;
  const set = `diff_${(Date.now() % 1_000_000).toString(36)}`;
  const s: DiffSummary = {
    cases: 0,
    operations: 0,
    casesByFamily: new Map(),
    differencesByFamily: new Map(),
    operationMix: new Map(),
    differences: [],
    ms: 0,
  };
  const t0 = performance.now();
  let next = o.only ?? 0;
  const stopAfter = o.stopAfter ?? Infinity;
  const done = () => o.only !== undefined ? next > o.only : s.operations >= o.operations;
  const worker = async (w: number): Promise<void> => {
    const keys = [0, 1, 2, 3].map((j) => new Key(ns, set, `w${w}k${j}`));
    while (!done() && s.differences.length < stopAfter) {
      const index = next++;
      const c = drawCase(o.seed, index, families);
      s.cases++;
      s.operations += caseOps(c);
      bump(s.casesByFamily, c.family);
      for (const op of c.ops ?? []) {
        bump(s.operationMix, `${c.family}: ${describeOp(op).replace(/\(.*$/s, "")}`);
      }
      if (c.run !== undefined) bump(s.operationMix, `${c.family}: run`);
      const a = await both(t, c, keys);
      if (!same(a[0], a[1])) {
        const small = await shrink(t, c, keys, a);
        const d = {
          index,
          family: c.family,
          report: report(o, families, index, c, small.ops, small.answers),
        };
        s.differences.push(d);
        bump(s.differencesByFamily, c.family);
        o.onDifference?.(d);
      }
      if (o.onProgress && s.cases % (o.progressEvery ?? 2000) === 0) {
        s.ms = performance.now() - t0;
        o.onProgress(s);
      }
    }
  };
  try {
    const n = o.only !== undefined ? 1 : (o.concurrency ?? 4);
    await Promise.all(Array.from({ length: n }, (_, w) => worker(w)));
  } finally {
    await opened.close();
  }
  s.ms = performance.now() - t0;
  return s;
}

/** The summary as printable text. */
export function summaryText(s: DiffSummary, seed: number): string {
  const table = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `    ${k.padEnd(44)} ${v}`).join("\n");
  const secs = s.ms / 1000;
  return [
    `diff: seed ${seed}, ${s.cases} cases, ${s.operations} operations in ${secs.toFixed(1)} s ` +
    `(${(s.operations / secs).toFixed(0)} ops/s)`,
    `  cases by family:\n${table(s.casesByFamily)}`,
    `  operation mix:\n${table(s.operationMix)}`,
    s.differences.length === 0
      ? "  0 differences"
      : `  ${s.differences.length} difference(s) by family:\n${table(s.differencesByFamily)}`,
  ].join("\n");
}
