// Options that used to be accepted and dropped, now sent and honoured: per-item batch policies
// (the item's filter expression and write fields in its own row) and readTouchTtlPercent. The
// same assertions run on the mock and, with AEROSPIKE_HOSTS, on the real server.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { type AerospikeRecord, exp, Key, ops, ResultCode, Ttl } from "../mod.ts";

const nAbove = (n: number) => exp.build(exp.gt(exp.intBin("n"), exp.int(n)));

targetTest("a batch read item's own filter is sent in its row and applied to that record only", async (t) => {
  const set = t.set("itemfilter");
  const k = [1, 2, 3].map((i) => new Key(t.ns, set, i));
  for (let i = 0; i < k.length; i++) await t.client.put(k[i], { n: i + 1 });
  const res = await t.client.batch([
    { type: "read", key: k[0], policy: { filter: nAbove(1) } }, // n=1: filtered out
    { type: "read", key: k[1], policy: { filter: nAbove(1) } }, // n=2: passes
    { type: "read", key: k[2] }, // no filter of its own
  ]);
  assert.deepEqual(res.map((r) => r.resultCode), [ResultCode.FILTERED_OUT, ResultCode.OK, ResultCode.OK]);
  assert.equal(res[1].record?.bins.n, 2);
});

targetTest(
  "an item's filter replaces the batch filter for that row; other rows keep the batch's",
  async (t) => {
    const set = t.set("itemfilter2");
    const k = [1, 2].map((i) => new Key(t.ns, set, i));
    await t.client.put(k[0], { n: 1 });
    await t.client.put(k[1], { n: 1 });
    const res = await t.client.batch([
      { type: "read", key: k[0], policy: { filter: nAbove(0) } },
      { type: "read", key: k[1] },
    ], { filter: nAbove(5) });
    assert.deepEqual(res.map((r) => r.resultCode), [ResultCode.OK, ResultCode.FILTERED_OUT]);
  },
);

targetTest(
  "a batch write item's filter, generation check, exists action and ttl are honoured per row",
  async (t) => {
    const set = t.set("itemwrite");
    const k = [1, 2, 3, 4, 5].map((i) => new Key(t.ns, set, i));
    for (const key of k.slice(0, 3)) await t.client.put(key, { n: 1 });
    const res = await t.client.batch([
      { type: "write", key: k[0], ops: [ops.write("n", 10)], policy: { filter: nAbove(5) } },
      {
        type: "write",
        key: k[1],
        ops: [ops.write("n", 20)],
        policy: { generation: 9, generationPolicy: "eq" },
      },
      { type: "write", key: k[2], ops: [ops.write("n", 30)], policy: { exists: "create" } },
      { type: "write", key: k[3], ops: [ops.write("n", 40)], policy: { exists: "updateOnly" } },
      { type: "write", key: k[4], ops: [ops.write("n", 50)], policy: { ttl: 1000 } },
    ]);
    assert.deepEqual(res.map((r) => r.resultCode), [
      ResultCode.FILTERED_OUT,
      ResultCode.GENERATION_ERROR,
      ResultCode.KEY_EXISTS_ERROR,
      ResultCode.KEY_NOT_FOUND_ERROR,
      ResultCode.OK,
    ]);
    const after = await t.client.batchGet(k);
    assert.deepEqual(after.map((r) => r?.bins.n ?? null), [1, 1, 1, null, 50]);
    const ttl = after[4]?.ttl ?? 0;
    assert.ok(ttl > 990 && ttl <= 1000, `ttl ${ttl}`);
  },
);

targetTest("a batch remove item's filter and generation check are honoured per row", async (t) => {
  const set = t.set("itemremove");
  const k = [1, 2, 3].map((i) => new Key(t.ns, set, i));
  for (const key of k) await t.client.put(key, { n: 1 });
  const res = await t.client.batch([
    { type: "remove", key: k[0], policy: { filter: nAbove(5) } },
    { type: "remove", key: k[1], policy: { generation: 1, generationPolicy: "eq" } },
    { type: "remove", key: k[2], policy: { generation: 7, generationPolicy: "eq" } },
  ]);
  assert.deepEqual(res.map((r) => r.resultCode), [
    ResultCode.FILTERED_OUT,
    ResultCode.OK,
    ResultCode.GENERATION_ERROR,
  ]);
  assert.deepEqual(await t.client.batchExists(k), [true, false, true]);
});

targetTest(
  "readTouchTtlPercent resets the ttl only on a read within that share of the write ttl",
  async (t) => {
    const key = new Key(t.ns, t.set("readtouch"), "r");
    await t.client.put(key, { n: 1 }, { ttl: 10 });
    await new Promise((r) => setTimeout(r, 2100)); // ~79% of the write ttl left
    // 50%: the read is not within the last 50% of the record's life (it would take 5 s, room for
    // a loaded machine); -1: never touch.
    await t.client.get(key, { readTouchTtlPercent: 50 });
    await t.client.get(key, { readTouchTtlPercent: -1 });
    const untouched = await t.client.get(key, []);
    assert.ok(untouched !== null && untouched.ttl <= 8, `ttl ${untouched?.ttl}`);
    // 90%: it is, so the server touches the record (the read itself still shows the old ttl).
    const touching = await t.client.get(key, [], { readTouchTtlPercent: 90 });
    assert.ok(touching !== null && touching.ttl <= untouched.ttl);
    // Without a touch the ttl only goes down, so any rise is the touch, however slow the machine.
    let touched: AerospikeRecord | null = touching;
    for (let i = 0; i < 20 && touched !== null && touched.ttl <= untouched.ttl; i++) {
      await new Promise((r) => setTimeout(r, 50)); // the server touches just after answering
      touched = await t.client.get(key, []);
    }
    assert.ok(touched !== null && touched.ttl > untouched.ttl, `ttl ${touched?.ttl} after ${untouched.ttl}`);
    assert.equal(touched.generation, 1, "a read touch keeps the generation");
  },
);

targetTest("a batch read item's readTouchTtlPercent touches that record only", async (t) => {
  const set = t.set("batchtouch");
  const k = [new Key(t.ns, set, 1), new Key(t.ns, set, 2)];
  for (const key of k) await t.client.put(key, { n: 1 }, { ttl: 10 });
  await new Promise((r) => setTimeout(r, 2100));
  await t.client.batch([
    { type: "read", key: k[0], policy: { readTouchTtlPercent: 90 } },
    { type: "read", key: k[1], policy: { readTouchTtlPercent: -1 } },
  ]);
  let recs = await t.client.batchGet(k, []);
  // Both were written together; only a touch can lift one ttl above the other's.
  for (let i = 0; i < 20 && (recs[0]?.ttl ?? 0) <= (recs[1]?.ttl ?? 99); i++) {
    await new Promise((r) => setTimeout(r, 50));
    recs = await t.client.batchGet(k, []);
  }
  assert.ok((recs[0]?.ttl ?? 0) > (recs[1]?.ttl ?? 99), `touched ttl ${recs[0]?.ttl}, other ${recs[1]?.ttl}`);
  assert.ok((recs[1]?.ttl ?? 99) <= 8, `untouched ttl ${recs[1]?.ttl}`);
});

targetTest(
  "ttl CLIENT_DEFAULT takes the client's policies.write.ttl; NEVER_EXPIRE and DONT_UPDATE as named",
  async (t) => {
    const key = new Key(t.ns, t.set("ttlconst"), "k");
    await t.client.put(key, { n: 1 }, { ttl: Ttl.CLIENT_DEFAULT });
    const ttl = (await t.client.get(key))?.ttl ?? 0;
    assert.ok(ttl > 490 && ttl <= 500, `client default ttl ${ttl}`);
    await t.client.put(key, { n: 2 }, { ttl: Ttl.DONT_UPDATE });
    const kept = (await t.client.get(key))?.ttl ?? 0;
    assert.ok(kept > 490 && kept <= 500, `kept ttl ${kept}`);
    await t.client.put(key, { n: 3 }, { ttl: Ttl.NEVER_EXPIRE });
    assert.equal((await t.client.get(key))?.ttl, -1);
  },
  { client: { policies: { write: { ttl: 500 } } } },
);

targetTest("exists createOrUpdate creates and updates; updateOnly refuses a missing record", async (t) => {
  const key = new Key(t.ns, t.set("existsnames"), "k");
  await assert.rejects(
    t.client.put(key, { n: 1 }, { exists: "updateOnly" }),
    (e: { code?: number }) => e.code === ResultCode.KEY_NOT_FOUND_ERROR,
  );
  await t.client.put(key, { n: 1 }, { exists: "createOrUpdate" });
  await t.client.put(key, { n: 2 }, { exists: "createOrUpdate" });
  await t.client.put(key, { m: 3 }, { exists: "updateOnly" });
  assert.deepEqual({ ...(await t.client.get(key))?.bins }, { n: 2, m: 3 });
});
