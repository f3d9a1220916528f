// Batch reads, exists and mixed batches against the target (a 3-node mock, or the real cluster).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { THREE_NODES_RF2, withCluster } from "./helpers/cluster.ts";
import { counterDelta, nodeCounters } from "./helpers/server_stats.ts";
import { Key, ops, ResultCode } from "../mod.ts";

targetTest(
  "batchGet of 1,000 keys across 3 nodes resolves in key order with null for missing keys",
  async (t) => {
    const { client, mock } = t;
    const keys = Array.from({ length: 1000 }, (_, i) => new Key(t.ns, t.set("b"), `k${i}`));
    for (let i = 0; i < keys.length; i += 2) await client.put(keys[i], { i, s: `v${i}` });
    for (const n of mock?.nodes ?? []) n.resetStats();
    const before = await nodeCounters(client, "statistics", "batch_index_initiate");
    const recs = await client.batchGet(keys);
    // One request per node, each to the node mastering its keys.
    if (mock !== undefined) assert.deepEqual(mock.nodes.map((n) => n.stats().commands.batch), [1, 1, 1]);
    else {
      const after = await nodeCounters(client, "statistics", "batch_index_initiate");
      assert.deepEqual([...counterDelta(before, after).values()], Array(t.nodes).fill(1));
    }
    assert.equal(recs.length, 1000);
    for (let i = 0; i < keys.length; i++) {
      if (i % 2 === 1) assert.equal(recs[i], null, `key ${i} is missing`);
      else {
        assert.equal(recs[i]?.bins.i, i);
        assert.equal(recs[i]?.bins.s, `v${i}`);
        assert.equal(recs[i]?.key, keys[i]);
      }
    }
    const selected = await client.batchGet(keys.slice(0, 4), ["s"]);
    assert.deepEqual(selected.map((r) => r && { ...r.bins }), [{ s: "v0" }, null, { s: "v2" }, null]);
    const exists = await client.batchExists(keys.slice(0, 6));
    assert.deepEqual(exists, [true, false, true, false, true, false]);
  },
  { nodes: 3 },
);

targetTest("a mixed batch answers each item with its own result code and record", async (t) => {
  const { client } = t;
  const k = (s: string): Key => new Key(t.ns, t.set("mixed"), s);
  await client.put(k("a"), { n: 1 });
  await client.put(k("gone"), { n: 9 });
  const results = await client.batch([
    { type: "read", key: k("a") },
    { type: "read", key: k("missing") },
    { type: "write", key: k("b"), ops: [ops.write("v", "x"), ops.read("v")] },
    { type: "write", key: k("a"), ops: [ops.add("n", 5), ops.read("n")] },
    { type: "remove", key: k("gone") },
    { type: "write", key: k("nobody"), ops: [ops.write("v", 1)], policy: { exists: "updateOnly" } },
    { type: "read", key: k("a"), bins: ["n"] },
  ]);
  assert.deepEqual(results.map((r) => r.resultCode), [0, 2, 0, 0, 0, 2, 0]);
  assert.equal(results[0].record?.bins.n, 1);
  assert.equal(results[1].record, undefined);
  assert.equal(results[2].record?.bins.v, "x");
  assert.equal(results[3].record?.bins.n, 6);
  assert.ok(results.every((r) => !r.inDoubt));
  assert.equal(await client.get(k("gone")), null);
  assert.equal((await client.get(k("b")))?.bins.v, "x");
}, { nodes: 3 });

// Mock-only: stops a node in the middle of a batch (fault injection).
test("a node stopped in the middle of a batch loses no key: its rows are retried on the new owners", async () => {
  await withCluster({ ...THREE_NODES_RF2, client: { tendInterval: 20 } }, async ({ mock, client }) => {
    const keys = Array.from({ length: 300 }, (_, i) => new Key("test", "stop", i));
    for (let i = 0; i < keys.length; i++) await client.put(keys[i], { i });
    mock.nodes[1].faults({ on: "batch", delayMs: 300 });
    const pending = client.batchGet(keys, undefined, {
      totalTimeout: 5000,
      sleepBetweenRetries: 100,
      maxRetries: 4,
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(mock.nodes[1].stats().commands.batch, 1, "node 1 got its part of the batch");
    await mock.nodes[1].stop();
    const recs = await pending;
    assert.deepEqual(recs.map((r) => r?.bins.i), keys.map((_, i) => i));
  });
});

targetTest("batch misuse throws before any I/O", async (t) => {
  const { client } = t;
  await assert.rejects(client.batchGet(["x" as unknown as Key]), TypeError);
  await assert.rejects(
    client.batch([{ type: "nope" as "read", key: new Key(t.ns, t.set("s"), 1) }]),
    TypeError,
  );
  await assert.rejects(client.batchGet([], undefined, { maxConcurrentNodes: -1 }), RangeError);
  assert.deepEqual(await client.batchGet([]), []);
  assert.equal(ResultCode.KEY_NOT_FOUND_ERROR, 2);
}, { nodes: 3 });
