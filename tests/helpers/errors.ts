/**
 * Assertions on rejected client calls: the promise must reject, with an `AerospikeError` (and,
 * for {@linkcode rejectsWithCode}, with that result code); a call that resolves fails the test.
 *
 * @example
 * ```ts
 * const e = await rejectsWithCode(client.put(key, bins, { exists: "create" }), ResultCode.KEY_EXISTS_ERROR);
 * assert.equal(e.inDoubt, false);
 * ```
 */
import assert from "node:assert/strict";
import { AerospikeError } from "../../mod.ts";

/** Awaits `p` and returns the `AerospikeError` it rejected with; fails if it resolved or threw something else. */
export async function failure(
  p: Promise<unknown>,
  expected = "expected a rejection",
): Promise<AerospikeError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AerospikeError, `expected an AerospikeError, got ${e}`);
    return e;
  }
  assert.fail(expected);
}

/** Like {@linkcode failure}, and the error must carry `code` (the assertion shows the error's message). */
export async function rejectsWithCode(p: Promise<unknown>, code: number): Promise<AerospikeError> {
  const e = await failure(p, `expected a rejection with code ${code}`);
  assert.equal(e.code, code, e.message);
  return e;
}

/** Awaits `p`: 0 when it resolved, else the code of the `AerospikeError` it rejected with (anything else fails). */
export async function resultCode(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    assert.ok(e instanceof AerospikeError, `expected an AerospikeError, got ${e}`);
    return e.code;
  }
}
