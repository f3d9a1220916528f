/**
 * The README's self-contained code blocks run as written: the usage example against a mock (only
 * its `hosts` is swapped for the mock's seeds) and the mock example as is. `deno task check` type-
 * checks every block (`.ci/doc_check.ts`); this runs the ones that can run. Mock-only: the usage
 * block writes fixed keys and the mock block starts its own cluster.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "./helpers/test.ts";
import { tempDir } from "./helpers/temp_dir.ts";
import { MockCluster } from "../server_mock/mod.ts";

const README = new URL("../README.md", import.meta.url);
const ROOT = new URL("../", import.meta.url);

/** The first ```ts block after `heading`. */
function block(readme: string, heading: string): string {
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README has no "${heading}" section`);
  const start = readme.indexOf("```ts\n", at) + "```ts\n".length;
  return readme.slice(start, readme.indexOf("```", start));
}

/** Runs `source` as a module of its own (so its `@aerolite/client` imports resolve as a user's would). */
async function run(source: string, name: string): Promise<void> {
  const dir = tempDir("readme");
  try {
    const path = join(dir.path, `${name}.ts`);
    writeFileSync(path, source);
    await import(new URL(path, ROOT).href);
  } finally {
    dir.remove();
  }
}

test("the README's usage example runs as written against a mock", async () => {
  const readme = await Deno.readTextFile(README);
  await using mock = await MockCluster.start({ nodes: 1 });
  const usage = block(readme, "## Usage");
  assert.ok(usage.includes(`"127.0.0.1:3000"`));
  await run(usage.replaceAll(`"127.0.0.1:3000"`, JSON.stringify(mock.seeds)), "usage");
});

test("the README's mock example runs as written", async () => {
  await run(block(await Deno.readTextFile(README), "## Testing your application with the mock"), "mock");
});
