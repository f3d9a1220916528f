/**
 * Deno-side guard for the portability suite: catches, without Bun or Node at hand, a listed module
 * that is missing, is not a test module, or loads the golden vectors (which need
 * `Deno.readTextFile`, which the shims do not provide). Other Deno APIs are allowed behind a
 * runtime check (`detectRuntime() === "deno"`); Bun and Node runs catch unguarded ones.
 */
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";
import { PORTABLE_TESTS, SHIM_TEST } from "./portable.ts";

const ROOT = new URL("../../", import.meta.url);
const VECTORS_IMPORT_RE = /["'][^"']*helpers\/vectors\.ts["']/;

test("the vector-loader check sees an import of tests/helpers/vectors.ts", () => {
  assert.match('import { loadStep } from "../../tests/helpers/vectors.ts";', VECTORS_IMPORT_RE);
  assert.doesNotMatch('import { test } from "../helpers/test.ts";', VECTORS_IMPORT_RE);
});

test("every module of the portability suite exists and does not load the golden vectors", async () => {
  assert.equal(PORTABLE_TESTS.length >= 1, true, "the portability suite is empty");
  for (const path of [SHIM_TEST, ...PORTABLE_TESTS]) {
    assert.match(path, /_test\.ts$/, `${path} is not a test module`);
    const source = await Deno.readTextFile(new URL(path, ROOT));
    assert.doesNotMatch(source, VECTORS_IMPORT_RE, `${path} loads golden vectors: Deno-only`);
  }
});
