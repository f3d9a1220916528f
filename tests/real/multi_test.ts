// Batch, scan/query, index, UDF and info scenarios against the target (the mock, or the real
// server under AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { targetTest } from "../helpers/target.ts";
import { AerospikeError, Filter, Key, ops, PartitionStatus, ResultCode } from "../../mod.ts";

targetTest("batchGet of 1,000 keys in key order with missing keys, mixed batch per-item codes", async (t) => {
  const { client, ns } = t;
  const set = t.set("multi");
  const keys = Array.from({ length: 1000 }, (_, i) => new Key(ns, set, `b${i}`));
  for (let i = 0; i < 1000; i += 2) await client.put(keys[i], { i });
  const recs = await client.batchGet(keys);
  recs.forEach((r, i) => assert.equal(r?.bins.i ?? null, i % 2 ? null : i));
  const res = await client.batch([
    { type: "read", key: keys[0] },
    { type: "read", key: keys[1] },
    { type: "write", key: keys[3], ops: [ops.write("w", 1)] },
    { type: "remove", key: keys[2] },
  ]);
  assert.deepEqual(res.map((r) => r.resultCode), [0, 2, 0, 0]);
});

targetTest("scan pages by cursor return every record exactly once", async (t) => {
  const { client, ns } = t;
  const set = t.set("pages");
  for (let i = 0; i < 500; i++) await client.put(new Key(ns, set, i), { n: i });
  const seen = new Set<number>();
  let cursor: PartitionStatus | undefined;
  for (let page = 0; page < 100; page++) {
    const stream = client.query(ns, set, { maxRecords: 70, cursor });
    for (const r of await stream.toArray()) {
      assert.ok(!seen.has(r.bins.n as number));
      seen.add(r.bins.n as number);
    }
    cursor = PartitionStatus.fromBase64(stream.cursor().toBase64());
    if (cursor.done) break;
  }
  assert.equal(seen.size, 500);
}, { nodes: 3 });

targetTest("an index range query returns exactly the records in range", async (t) => {
  const { client, ns } = t;
  const set = t.set("sindex");
  for (let i = 0; i < 50; i++) await client.put(new Key(ns, set, i), { n: i });
  const index = `${set}_n`;
  await client.createIndex({ ns, set, bin: "n", name: index, type: "numeric" });
  try {
    const got = (await client.query(ns, set, { filter: Filter.range("n", 10, 19) }).toArray())
      .map((r) => r.bins.n as number).sort((a, b) => a - b);
    assert.deepEqual(got, Array.from({ length: 10 }, (_, i) => 10 + i));
  } finally {
    await client.dropIndex(ns, index);
  }
});

// Real only: the mock registers UDF modules but does not run Lua (it answers every apply alike).
targetTest("UDF apply runs the shipped Lua module and reports its error", async (t) => {
  const { client, ns } = t;
  const key = new Key(ns, t.set("udf"), 1);
  await client.put(key, { n: 1 });
  const source = await Deno.readTextFile(new URL("../fixtures/udf/test_udf.lua", import.meta.url));
  await client.udfRegister("test_udf.lua", source);
  assert.equal(await client.apply(key, "test_udf", "add", [2, 40]), 42);
  await assert.rejects(
    client.apply(key, "test_udf", "boom"),
    (e: unknown) =>
      e instanceof AerospikeError && e.code === ResultCode.UDF_BAD_RESPONSE && /boom/.test(e.message),
  );
  await client.udfRemove("test_udf.lua");
}, { only: "real" });
