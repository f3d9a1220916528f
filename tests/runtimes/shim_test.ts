/**
 * Sanity test of the `Deno.test` shims, run first by `run_bun.ts` and `run_node.ts` (and by
 * `deno task test` like any other test). The runners also require each module to run at least one
 * test, so together these catch a shim that registers nothing, runs bodies out of order, does not
 * await async bodies, or ignores `ignore`.
 */
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";

const log: string[] = [];

test("a registered test body runs", () => {
  log.push("first");
});

test("an ignored test is skipped", () => {
  log.push("ignored");
  throw new Error("this test has ignore: true and must not run");
}, { ignore: true });

test("an async test body is awaited before the next test starts", async () => {
  await new Promise<void>((done) => setTimeout(done, 5));
  log.push("async");
});

test("tests run in registration order and skip ignored ones", () => {
  assert.deepEqual(log, ["first", "async"]);
});

test("a failing assertion throws, so the runner can report it", () => {
  assert.throws(() => assert.equal(1, 2));
});
