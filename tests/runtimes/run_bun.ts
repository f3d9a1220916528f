/**
 * Runs the portability suite under Bun: `bun tests/runtimes/run_bun.ts [files...]` (what
 * `deno task test:bun` does). Without file arguments it runs the shim's sanity test and every
 * module in `portable.ts`, in one `bun test` process with the `Deno.test` shim preloaded.
 *
 * Bun prints its own summary; a JUnit report is read back to check that every module ran at least
 * one test, so a shim that registers nothing cannot pass. Exit code 1 on any failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import process from "node:process";
import { PORTABLE_TESTS, SHIM_TEST } from "./portable.ts";

/** Per-module counts read from Bun's JUnit report. */
interface SuiteCounts {
  tests: number;
  skipped: number;
  failures: number;
}

/** Reads `<testsuite file=... tests=... skipped=... failures=...>` entries from a JUnit report. */
function readJunit(xml: string): Map<string, SuiteCounts> {
  const suites = new Map<string, SuiteCounts>();
  for (const m of xml.matchAll(/<testsuite\b([^>]*)>/g)) {
    const attr = (name: string): string => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1])?.[1] ?? "";
    suites.set(resolve(attr("file")), {
      tests: Number(attr("tests")),
      skipped: Number(attr("skipped")),
      failures: Number(attr("failures")),
    });
  }
  return suites;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : [SHIM_TEST, ...PORTABLE_TESTS];
const missing = files.filter((f) => !existsSync(f));
if (missing.length > 0) {
  for (const f of missing) console.error(`run_bun: ${f}: no such file`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), "aerolite-bun-"));
const report = join(dir, "junit.xml");
const args = ["test", "--preload", "./tests/runtimes/bun_preload.ts", "--reporter=junit"];
args.push(`--reporter-outfile=${report}`, ...files.map((f) => `./${relative(".", f)}`));
const child = spawnSync(process.execPath, args, { stdio: "inherit" });

const problems: string[] = [];
if (child.status !== 0) problems.push(`bun test exited with ${child.status ?? child.signal}`);
let ran = 0;
if (!existsSync(report)) {
  problems.push("bun test wrote no JUnit report");
} else {
  const suites = readJunit(readFileSync(report, "utf8"));
  for (const f of files) {
    const counts = suites.get(resolve(f));
    if (counts === undefined || counts.tests === 0) {
      problems.push(`${f}: no tests ran (is the shim working?)`);
    } else ran += counts.tests - counts.skipped;
  }
}
rmSync(dir, { recursive: true, force: true });

if (ran === 0) problems.push("zero tests ran");
for (const p of problems) console.error(`run_bun: ${p}`);
const line = `run_bun: ${files.length} modules, ${ran} tests ran`;
console.log(problems.length > 0 ? `${line}: FAILED` : line);
process.exit(problems.length > 0 ? 1 : 0);
