// Batch, scan/query, index, UDF and info scenarios against a real server (AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";
import { NO_SERVER, REAL_NS, runSet, withRealClient } from "./real_env.ts";
import { AerospikeError, type Client, Filter, Key, ops, PartitionStatus, ResultCode } from "../../mod.ts";

const ignore = NO_SERVER;
const ns = REAL_NS;
const set = runSet("aerolite_multi");

/** A client for one test; the set is truncated afterwards. */
function withClient(fn: (c: Client) => Promise<void>): Promise<void> {
  return withRealClient(async (client) => {
    try {
      await fn(client);
    } finally {
      await client.truncate(ns, set).catch(() => {});
    }
  });
}

test("real: batchGet of 1,000 keys in key order with missing keys, mixed batch per-item codes", async () => {
  await withClient(async (client) => {
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
}, { ignore });

test("real: scan pages by cursor return every record exactly once", async () => {
  await withClient(async (client) => {
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
  });
}, { ignore });

test("real: index range query and UDF apply with the shipped Lua module", async () => {
  await withClient(async (client) => {
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
    const source = await Deno.readTextFile(new URL("../fixtures/udf/test_udf.lua", import.meta.url));
    await client.udfRegister("test_udf.lua", source);
    const key = new Key(ns, set, 1);
    assert.equal(await client.apply(key, "test_udf", "add", [2, 40]), 42);
    await assert.rejects(
      client.apply(key, "test_udf", "boom"),
      (e: unknown) =>
        e instanceof AerospikeError && e.code === ResultCode.UDF_BAD_RESPONSE && /boom/.test(e.message),
    );
    await client.udfRemove("test_udf.lua");
  });
}, { ignore });
