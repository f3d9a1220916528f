// compat (the official client's API on aerolite): single-record commands, callbacks and promises,
// official error codes, against the target (the mock, or the real server under AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";
import { targetTest } from "../helpers/target.ts";
import { withCompat } from "./with_compat.ts";
import Aerospike, {
  AerospikeError,
  bitwise,
  GeoJSON,
  hll,
  Key,
  lists,
  maps,
  operations,
  status,
} from "../../src/compat/mod.ts";

targetTest("compat: put/get/select/exists/remove with official shapes", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("compat"), "k1");
    assert.equal(await c.put(key, { i: 1, s: "a", m: { x: 1 }, l: [1, 2] }, { ttl: 100 }), key);
    const rec = await c.get(key);
    assert.ok(rec);
    assert.deepEqual(rec.bins, { i: 1, s: "a", m: { x: 1 }, l: [1, 2] });
    assert.equal(rec.gen, 1);
    assert.ok(rec.ttl! > 0 && rec.ttl! <= 100);
    const sel = await c.select(key, ["s"]);
    assert.deepEqual(sel?.bins, { s: "a" });
    assert.equal(await c.exists(key), true);
    const meta = await c.existsWithMetadata(key);
    assert.equal(meta?.bins, null);
    assert.equal(meta?.gen, 1);
    assert.equal(await c.remove(key), key);
    assert.equal(await c.exists(key), false);
  });
});

targetTest("compat: a missing record rejects get and remove with ERR_RECORD_NOT_FOUND", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("compat"), "missing");
    // One at a time: a second promise made up front could reject before anyone awaits it.
    for (const call of [() => c.get(key), () => c.remove(key)]) {
      const err = await call()!.then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof AerospikeError);
      assert.equal(err.code, status.ERR_RECORD_NOT_FOUND);
      assert.equal(err.code, 2);
    }
  });
});

targetTest("compat: callbacks get (error, result); the call still returns the promise", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("compat"), "cb");
    const put = await new Promise<unknown>((resolve, reject) => {
      const ret = c.put(
        key,
        { a: 1 },
        (err: AerospikeError | null, k?: unknown) => (err ? reject(err) : resolve(k)),
      );
      assert.ok(ret instanceof Promise);
    });
    assert.equal(put, key);
    const code = await new Promise<number | undefined>((resolve) => {
      c.get(new Key(t.ns, t.set("compat"), "nope"), (err: AerospikeError | null) => resolve(err?.code));
    });
    assert.equal(code, status.ERR_RECORD_NOT_FOUND);
  });
});

targetTest("compat: operate with list/map operations, context and return types", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("compat"), "ops");
    await c.put(key, { l: [3, 1, 2], m: { a: 1, b: 2, c: 3 }, n: { inner: [1] }, i: 5 });
    const rec = await c.operate(key, [
      lists.append("l", 4),
      lists.getByRank("l", 0).andReturn(lists.returnType.VALUE),
      maps.getByKey("m", "b").andReturn(maps.returnType.VALUE),
      maps.removeByKeyList("m", ["a"]).invertSelection().andReturn(maps.returnType.COUNT),
      lists.append("n", 2).withContext((ctx: InstanceType<typeof Aerospike.cdt.Context>) =>
        ctx.addMapKey("inner")
      ),
      operations.incr("i", 2),
      operations.read("i"),
    ]);
    assert.ok(rec);
    assert.equal(rec.bins!.l, 1);
    assert.equal(rec.bins!.m, 2);
    assert.equal(rec.bins!.i, 7);
    const after = await c.get(key);
    assert.deepEqual(after?.bins?.m, { a: 1 });
    assert.deepEqual(after?.bins?.n, { inner: [1, 2] });
  });
});

test("compat: Key checks its parts as the official client does", () => {
  assert.throws(() => new Key("", "s", "k"), TypeError);
  assert.throws(() => new Key("ns", "s", 1.5), TypeError);
  assert.throws(() => new Key("ns", "s", null), TypeError);
  const k = new Key("ns", "s", "k");
  assert.equal(k.digest, null);
  assert.ok(k.equals(new Key("ns", "s", "k")));
  assert.ok(!k.equals(new Key("ns", "s", "j")));
});

test("compat: info.parse splits name/value lines and k=v lists", () => {
  const parsed = Aerospike.info.parse("build\t8.1.2.0\nstatistics\ta=1;b=x\nfeatures\tgeo;pipelining\n");
  assert.equal(parsed.build, "8.1.2.0");
  assert.deepEqual(parsed.statistics, { a: 1, b: "x" });
  assert.deepEqual(parsed.features, ["geo", "pipelining"]);
});

targetTest(
  "compat: map KEY_VALUE answers a flat list; bitwise and hll operations; undefined is stored as null",
  async (t) => {
    await withCompat(t, async (c) => {
      const key = new Key(t.ns, t.set("compat"), "kv");
      await c.put(key, { m: { a: 1, b: 2 }, u: [1, undefined], b: new Uint8Array([0b1010_0000]) });
      const rec = await c.operate(key, [
        maps.getByKey("m", "b", maps.returnType.KEY_VALUE),
        bitwise.getInt("b", 0, 4),
        hll.add("h", ["x", "y", "z"], 8),
        hll.getCount("h"),
      ]);
      assert.deepEqual(rec.bins!.m, ["b", 2]);
      assert.equal(rec.bins!.b, 10);
      assert.equal(rec.bins!.h, 3);
      const after = await c.get(key);
      assert.deepEqual(after.bins!.u, [1, null]);
    });
  },
);

test("compat: GeoJSON may be called without new, as the official one", () => {
  const g = GeoJSON({ type: "Point", coordinates: [1, 2] });
  assert.ok(g instanceof GeoJSON);
  assert.equal(g.toString(), JSON.stringify({ type: "Point", coordinates: [1, 2] }));
  assert.deepEqual(GeoJSON.Point(1, 2).value(), { type: "Point", coordinates: [1, 2] });
});

test("compat: Job.pollUntilDone polls until the status function says done, and passes its error on", async () => {
  let calls = 0;
  await Aerospike.Job.pollUntilDone(() => Promise.resolve(++calls === 3), 1);
  assert.equal(calls, 3);
  await assert.rejects(Aerospike.Job.pollUntilDone(() => Promise.reject(new Error("boom")), 1), /boom/);
});

targetTest("compat: operate answers only the bins the server returned, as the official client", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("compat"), "ops-bins");
    await c.put(key, { a: 1 });
    // Measured with the official client (6.7.1) on CE 8.1.2: without INFO2_RESPOND_ALL_OPS a write,
    // or a read of a missing bin, answers nothing, so the record has no such bin (it had `w: null`).
    assert.deepEqual((await c.operate(key, [operations.write("w", 5), operations.read("w")])).bins, { w: 5 });
    assert.deepEqual((await c.operate(key, [operations.write("w", 6)])).bins, {});
    assert.deepEqual((await c.operate(key, [operations.read("zz"), operations.read("a")])).bins, { a: 1 });
    assert.deepEqual((await c.operate(key, [operations.write("w", 7), lists.append("l", 1)])).bins, { l: 1 });
    assert.ok(key.digest instanceof Uint8Array && key.digest.length === 20); // written in at the command
  });
});
