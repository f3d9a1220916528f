/**
 * Runs the portability suite under Node: `node --import tsx --test-force-exit
 * --test-reporter=spec tests/runtimes/run_node.ts [files...]` (what `deno task test:node` does).
 * Without file arguments it runs the shim's sanity test and every module in `portable.ts`.
 *
 * It fails (exit code 1) when a module is missing, fails to load, registers no test, when any test
 * fails, or when fewer test bodies ran than were registered without `ignore`.
 * `--test-force-exit` keeps a leaked handle from hanging Node; Deno's sanitizers report leaks.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { nodeShimStats, registerModule, takeQueued } from "./node_shim.ts";
import { PORTABLE_TESTS, SHIM_TEST } from "./portable.ts";
import type { ShimTestDefinition } from "./shim_types.ts";

const files = process.argv.length > 2 ? process.argv.slice(2) : [SHIM_TEST, ...PORTABLE_TESTS];
const problems: string[] = [];
const loaded: { file: string; defs: ShimTestDefinition[] }[] = [];
let expected = 0;

// Installed first, so it also reports a process that ends early.
process.on("exit", (code) => {
  for (const p of problems) console.error(`run_node: ${p}`);
  const line =
    `run_node: ${files.length} modules, ${expected} tests expected to run, ${nodeShimStats.ran} ran`;
  if (nodeShimStats.ran !== expected || expected === 0 || problems.length > 0) {
    console.error(`${line}: FAILED`);
    process.exitCode = 1;
  } else {
    console.log(code === 0 ? line : `${line}, some failed`);
  }
});

for (const file of files) {
  const path = resolve(file);
  if (!existsSync(path)) {
    problems.push(`${file}: no such file`);
    continue;
  }
  try {
    await import(pathToFileURL(path).href);
  } catch (err) {
    problems.push(`${file}: failed to load: ${err instanceof Error ? err.stack : String(err)}`);
    takeQueued();
    continue;
  }
  const defs = takeQueued();
  if (defs.length === 0) problems.push(`${file}: registered no tests (is the Deno.test shim working?)`);
  expected += defs.filter((d) => d.ignore !== true).length;
  loaded.push({ file, defs });
}

// Only now hand the tests to node:test: it starts running at the first registration, and
// --test-force-exit would end the process while a slow module (first tsx transform) still loads.
for (const { file, defs } of loaded) registerModule(file, defs);
if (problems.length > 0) process.exitCode = 1;
