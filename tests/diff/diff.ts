/**
 * `npx deno task diff`: the differential fuzzer. Runs generated cases on the in-process mock and on
 * the real server named by AEROSPIKE_HOSTS and prints every difference (shrunk) and a summary.
 *
 * Options (flags or env): --seed/DIFF_SEED, --ops/DIFF_OPS (operations to run, default 10000),
 * --families/DIFF_FAMILIES (comma-separated, default all), --case N (run one case: a reproduction),
 * --stop-after/DIFF_STOP_AFTER (stop after N differences), --concurrency/DIFF_CONCURRENCY.
 * Exits 1 when any difference was found.
 * @module
 */
import { parseArgs } from "node:util";
import { GENERATORS } from "./generators.ts";
import { runDiff, summaryText } from "./runner.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string" },
    ops: { type: "string" },
    families: { type: "string" },
    case: { type: "string" },
    "stop-after": { type: "string" },
    concurrency: { type: "string" },
  },
});

function int(flag: string | undefined, env: string, fallback: number | undefined): number | undefined {
  const v = flag ?? Deno.env.get(env);
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${env} must be a non-negative integer: ${v}`);
  return n;
}

const seed = int(values.seed, "DIFF_SEED", Date.now() % 1_000_000)!;
const fam = values.families ?? Deno.env.get("DIFF_FAMILIES");
const families = fam ? fam.split(",").map((f) => f.trim()).filter((f) => f !== "") : Object.keys(GENERATORS);
const only = int(values.case, "DIFF_CASE", undefined);
const summary = await runDiff({
  seed,
  operations: int(values.ops, "DIFF_OPS", 10_000)!,
  families,
  only,
  stopAfter: int(values["stop-after"], "DIFF_STOP_AFTER", undefined),
  concurrency: int(values.concurrency, "DIFF_CONCURRENCY", 4),
  onDifference: (d) => console.log(`\n${d.report}`),
  onProgress: (s) =>
    console.log(
      `  ... ${s.cases} cases, ${s.operations} ops, ${
        (s.ms / 1000).toFixed(0)
      } s, ${s.differences.length} differences`,
    ),
});
console.log(`\n${summaryText(summary, seed)}`);
console.log(`  families: ${families.join(",")}`);
if (summary.differences.length > 0) Deno.exit(1);
