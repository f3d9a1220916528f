// A namespace no node serves: the official clients fail at once with INVALID_NAMESPACE (20,
// "Namespace not found in partition map"); so does aerolite, without retries or map refreshes.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { AerospikeError, Key } from "../mod.ts";

function assertInvalidNamespace(err: unknown, what: string): void {
  assert.ok(err instanceof AerospikeError, `${what}: expected an AerospikeError, got ${err}`);
  assert.equal(err.code, 20, `${what}: ${err.message}`);
  assert.match(err.message, /nonamespace/);
}

targetTest("a command on a namespace no node serves fails at once with INVALID_NAMESPACE (20)", async (t) => {
  const key = new Key("nonamespace", "s", "k");
  const policy = { maxRetries: 5, totalTimeout: 20_000 };
  const calls: [string, () => Promise<unknown>][] = [
    ["get", () => t.client.get(key, policy)],
    ["put", () => t.client.put(key, { a: 1 }, policy)],
    ["exists", () => t.client.exists(key, policy)],
    ["remove", () => t.client.remove(key, policy)],
  ];
  for (const [what, call] of calls) {
    const retriesBefore = t.client.stats().retries;
    assert.equal(typeof retriesBefore, "number");
    const err = await call().then(() => undefined, (e) => e);
    assertInvalidNamespace(err, what);
    assert.equal(t.client.stats().retries, retriesBefore, `${what} was not retried`);
  }
  // The namespace the cluster has still works on the same client.
  const ok = new Key(t.ns, t.set("ns_ok"), "k");
  await t.client.put(ok, { a: 1 });
  assert.equal((await t.client.get(ok))?.bins.a, 1);
});

targetTest(
  "a batch row on a namespace no node serves fails with INVALID_NAMESPACE (20); the others are read",
  async (t) => {
    const ok = new Key(t.ns, t.set("ns_batch"), "k");
    await t.client.put(ok, { a: 1 });
    const rows = await t.client.batch([
      { type: "read", key: new Key("nonamespace", "s", "k") },
      { type: "read", key: ok },
    ], { maxRetries: 5, totalTimeout: 20_000 });
    assert.equal(rows[0].resultCode, 20);
    assert.equal(rows[1].resultCode, 0);
    assert.equal(rows[1].record?.bins.a, 1);
  },
);
