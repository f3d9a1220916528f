/**
 * `deno task fuzz`: feeds mutated server replies through the client's decoders and mutated
 * requests through the mock's, 10^6 cases by default. Env: FUZZ_COUNT, FUZZ_SEED, FUZZ_START.
 * Prints progress and counts by error class; exits 1 on any defect, with the seed and index that
 * reproduce it.
 * @module
 */
import { loadCorpus } from "./corpus.ts";
import { type FuzzTally, runFuzz, STORE_BLOCK } from "./runner.ts";

function envInt(name: string, fallback: number): number {
  const v = Deno.env.get(name);
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return n;
}

function table(map: Map<string, number>): string {
  return [...map].sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k.padEnd(34)} ${v}`).join("\n");
}

const count = envInt("FUZZ_COUNT", 1_000_000);
const seed = envInt("FUZZ_SEED", 20261124);
const start = envInt("FUZZ_START", 0);
const corpus = await loadCorpus();
console.log(`fuzz: seed ${seed}, cases ${start}..${start + count - 1}, ${corpus.length} seed frames`);
const t0 = performance.now();
const progress = (done: number, t: FuzzTally): void => {
  const s = (performance.now() - t0) / 1000;
  const rate = (done / s).toFixed(0);
  const rss = (Deno.memoryUsage().rss / 2 ** 20).toFixed(0);
  console.log(
    `  ${done}/${count} cases, ${s.toFixed(0)} s, ${rate}/s, rss ${rss} MiB, defects ${t.defects.length}`,
  );
};
const tally = await runFuzz(corpus, { seed, start, count, onProgress: progress, progressEvery: 50_000 });
const secs = (performance.now() - t0) / 1000;
console.log(`\n${tally.cases} cases in ${secs.toFixed(1)} s (${(tally.cases / secs).toFixed(0)}/s)`);
console.log(`by direction:\n${table(tally.byDir)}`);
console.log(`stage outcomes by class:\n${table(tally.byClass)}`);
console.log(`stage outcomes:\n${table(tally.byStage)}`);
console.log(`slowest case: #${tally.slowest.index}, ${tally.slowest.ms.toFixed(1)} ms`);
const rss = Deno.memoryUsage().rss;
console.log(`rss at end: ${(rss / 2 ** 20).toFixed(0)} MiB`);
if (tally.defects.length > 0) {
  console.log(`\n${tally.defects.length} DEFECT(S):`);
  for (const d of tally.defects) {
    const block = d.index - (d.index % STORE_BLOCK);
    console.log(`- case ${d.index} (seed frame ${d.seed}; ${d.mutations.join(", ")}): ${d.message}`);
    console.log(
      `  reproduce: FUZZ_SEED=${seed} FUZZ_START=${block} FUZZ_COUNT=${d.index - block + 1} deno task fuzz`,
    );
    console.log(`  input: ${d.hex}`);
  }
  Deno.exit(1);
}
console.log("no defects");
