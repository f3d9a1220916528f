// Key-value commands of Client against the target (the mock, or the real server under AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { rejectsWithCode, resultCode } from "./helpers/errors.ts";
import { Client, Double, exp, GeoJSON, Key, type Operation, ops, ResultCode } from "../mod.ts";

targetTest("put then get round-trips every scalar type", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "scalars");
  const bins = {
    i: 42,
    neg: -7,
    big: 2n ** 62n,
    d: 3.25,
    whole: new Double(2),
    s: "héllo",
    b: new Uint8Array([1, 255, 0]),
    t: true,
  };
  await client.put(key, bins);
  const rec = await client.get(key);
  assert.ok(rec);
  assert.deepEqual({ ...rec.bins }, { ...bins, whole: 2 });
  assert.equal(Object.getPrototypeOf(rec.bins), null);
  assert.equal(rec.generation, 1);
  assert.equal(rec.ttl, -1);
  assert.equal(rec.key, key);
});

targetTest("put then get round-trips lists, maps and GeoJSON", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), 7);
  const bins = { l: [1, "a", [2.5, true]], m: { x: 1, y: ["z"] }, g: GeoJSON.point(1, 2) };
  await client.put(key, bins);
  const rec = await client.get(key);
  assert.deepEqual(rec?.bins.l, bins.l);
  const m = rec?.bins.m;
  assert.deepEqual(m instanceof Map ? Object.fromEntries(m) : { ...(m as object) }, bins.m);
  assert.ok(rec?.bins.g instanceof GeoJSON);
});

targetTest("get with a bin selection returns only those bins, [] only the header", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "select");
  await client.put(key, { a: 1, b: 2, c: 3 });
  const rec = await client.get<{ a: number; c: number }>(key, ["a", "c"]);
  assert.deepEqual({ ...rec!.bins }, { a: 1, c: 3 });
  const header = await client.get(key, []);
  assert.deepEqual({ ...header!.bins }, {});
  assert.equal(header!.generation, 1);
});

targetTest("get resolves null, exists false and remove false for a missing key", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "missing");
  assert.equal(await client.get(key), null);
  assert.equal(await client.exists(key), false);
  assert.equal(await client.remove(key), false);
  await client.put(key, { v: 1 });
  assert.equal(await client.exists(key), true);
  assert.equal(await client.remove(key), true);
  assert.equal(await client.get(key), null);
});

targetTest("a null bin in put removes that bin", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "nullbin");
  await client.put(key, { a: 1, b: 2 });
  await client.put(key, { b: null });
  assert.deepEqual({ ...(await client.get(key))!.bins }, { a: 1 });
});

targetTest("exists policies reject with KEY_EXISTS_ERROR and KEY_NOT_FOUND_ERROR", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "exists");
  await rejectsWithCode(
    client.put(key, { v: 1 }, { exists: "updateOnly" }),
    ResultCode.KEY_NOT_FOUND_ERROR,
  );
  await rejectsWithCode(client.put(key, { v: 1 }, { exists: "replace" }), ResultCode.KEY_NOT_FOUND_ERROR);
  await client.put(key, { v: 1, w: 1 }, { exists: "create" });
  const e = await rejectsWithCode(
    client.put(key, { v: 2 }, { exists: "create" }),
    ResultCode.KEY_EXISTS_ERROR,
  );
  assert.equal(e.inDoubt, false);
  await client.put(key, { v: 3 }, { exists: "replace" });
  assert.deepEqual({ ...(await client.get(key))!.bins }, { v: 3 });
  await client.put(key, { x: 4 }, { exists: "createOrReplace" });
  assert.deepEqual({ ...(await client.get(key))!.bins }, { x: 4 });
});

targetTest("generation policies reject a stale write with GENERATION_ERROR", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "gen");
  await client.put(key, { v: 1 });
  await client.put(key, { v: 2 });
  await rejectsWithCode(
    client.put(key, { v: 3 }, { generation: 1, generationPolicy: "eq" }),
    ResultCode.GENERATION_ERROR,
  );
  await client.put(key, { v: 3 }, { generation: 2, generationPolicy: "eq" });
  await rejectsWithCode(
    client.put(key, { v: 4 }, { generation: 3, generationPolicy: "gt" }),
    ResultCode.GENERATION_ERROR,
  );
  await client.put(key, { v: 4 }, { generation: 9, generationPolicy: "gt" });
  assert.equal((await client.get(key))!.bins.v, 4);
});

targetTest("ttl is written and reported; touch resets it and bumps the generation", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "ttl");
  await client.put(key, { v: 1 }, { ttl: 1000 });
  const rec = await client.get(key);
  assert.ok(rec!.ttl > 990 && rec!.ttl <= 1000, `ttl ${rec!.ttl}`);
  await client.touch(key, { ttl: 5000 });
  const touched = await client.get(key);
  assert.ok(touched!.ttl > 4990 && touched!.ttl <= 5000, `ttl ${touched!.ttl}`);
  assert.equal(touched!.generation, 2);
  await rejectsWithCode(client.touch(new Key(t.ns, t.set("kv"), "nope")), ResultCode.KEY_NOT_FOUND_ERROR);
});

targetTest("operate returns bins (last per bin) and one result per operation", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "op");
  await client.put(key, { i: 42, s: "héllo" });
  const rec = await client.operate(key, [
    ops.add("i", 8),
    ops.read("i"),
    ops.append("s", "!"),
    ops.read("s"),
  ]);
  assert.deepEqual({ ...rec.bins }, { i: 50, s: "héllo!" });
  assert.deepEqual(rec.results, [null, 50, null, "héllo!"]);
  assert.equal(rec.generation, 2);
  const rec2 = await client.operate(key, [ops.prepend("s", ">"), ops.write("n", 1), ops.read()]);
  assert.deepEqual({ ...rec2.bins }, { i: 50, s: ">héllo!", n: 1 });
  await rejectsWithCode(client.operate(new Key(t.ns, t.set("kv"), "none"), [ops.read("i")]), 2);
  await rejectsWithCode(client.operate(key, [ops.add("s", 1)]), ResultCode.BIN_TYPE_ERROR);
  await client.operate(key, [ops.delete()]);
  assert.equal(await client.exists(key), false);
});

targetTest("misuse throws TypeError or RangeError before any I/O", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("kv"), "misuse");
  await assert.rejects(client.put(key, {}), TypeError);
  await assert.rejects(client.get("k" as unknown as Key), TypeError);
  await assert.rejects(client.put(key, { v: 1 }, { ttl: -5 }), RangeError);
  await assert.rejects(client.operate(key, []), TypeError);
  assert.throws(() => ops.add("n", "x" as unknown as number), TypeError);
});

// Found by the differential fuzzer (issue 13).
targetTest(
  "a node sorts unordered maps by key on write and refuses bad map keys",
  async ({ client, ns, set }) => {
    const key = new Key(ns, set("mapkeys"), "m");
    await client.put(key, { m: new Map<unknown, number>([["b", 1], ["a", 2], [3, 0]]) as Map<never, never> });
    const m = (await client.get(key))?.bins.m as Map<unknown, unknown>;
    assert.deepEqual([...m.keys()], [3, "a", "b"]);
    assert.equal(await resultCode(client.put(key, { m: new Map([[1.5, 1]]) as Map<never, never> })), 1);
    assert.equal(
      await resultCode(
        client.put(key, { m: new Map<unknown, number>([[1, 1], [1n, 2]]) as Map<never, never> }),
      ),
      1,
    );
    await client.remove(key);
  },
);

targetTest("a removed bin's slot takes the record's last bin", async ({ client, ns, set }) => {
  const key = new Key(ns, set("binorder"), "b");
  await client.put(key, { a: 1, b: 2, c: 3, d: 4, e: 5 });
  await client.operate(key, [ops.write("a", null)]);
  assert.deepEqual(Object.keys((await client.get(key))!.bins), ["e", "b", "c", "d"]);
  await client.remove(key);
});

targetTest(
  "a write that would create a record without bins answers KEY_NOT_FOUND",
  async ({ client, ns, set }) => {
    const key = new Key(ns, set("nobins"), "n");
    await client.remove(key);
    assert.equal(await resultCode(client.put(key, { w: null })), ResultCode.KEY_NOT_FOUND_ERROR);
    assert.equal(
      await resultCode(client.operate(key, [ops.write("w", null)])),
      ResultCode.KEY_NOT_FOUND_ERROR,
    );
    assert.equal(await client.get(key), null);
  },
);

// Plain test: no server is involved, the options are refused before any connect.
test("malformed batch, query and info policies are refused before connecting (no cluster is left tending)", async () => {
  // A closed port: had the checks come after the connect, the connect error would win instead.
  const hosts = "127.0.0.1:1";
  await assert.rejects(Client.connect({ hosts, policies: { batch: { totalTimeout: -1 } } }), RangeError);
  await assert.rejects(Client.connect({ hosts, policies: { query: { totalTimeout: -1 } } }), RangeError);
  await assert.rejects(Client.connect({ hosts, policies: { info: { totalTimeout: 0 } } }), RangeError);
});

targetTest("close() rejects later commands with CLIENT_CLOSED and is idempotent", async (t) => {
  const { client } = t;
  await client.close();
  await rejectsWithCode(client.get(new Key(t.ns, t.set("kv"), "x")), ResultCode.CLIENT_CLOSED);
});

targetTest("concurrent and repeated close() calls share one close and all resolve", async (t) => {
  const { client } = t;
  await client.put(new Key(t.ns, t.set("kv"), "close"), { v: 1 });
  const first = client.close();
  const second = client.close();
  assert.equal(second, first, "a second close() while closing returns the same promise");
  await Promise.all([first, second, client[Symbol.asyncDispose]()]);
  assert.equal(client.close(), first, "close() after close() returns the same settled promise");
  await client.close();
  assert.equal(client.isConnected(), false);
  assert.equal(client.stats().connections.open, 0);
});

targetTest("await using closes the client when its scope ends, also on a throw", async (t) => {
  let kept: Client | undefined;
  const key = new Key(t.ns, t.set("kv"), "using");
  {
    await using client = await Client.connect({ hosts: t.seeds });
    kept = client;
    await client.put(key, { v: 1 });
    assert.equal(client.isConnected(), true);
  }
  assert.equal(kept.isConnected(), false);
  await rejectsWithCode(kept.get(key), ResultCode.CLIENT_CLOSED);

  const boom = new Error("boom");
  await assert.rejects(async () => {
    await using client = await Client.connect({ hosts: t.seeds });
    kept = client;
    throw boom;
  }, (e) => e === boom);
  assert.equal(kept.isConnected(), false);
});

// Found by the differential fuzzer (issue 13): what a node checks in a write's op list first.
targetTest(
  "a write's op list is checked before the record: read-all mixes, touch, GeoJSON",
  async ({ client, ns, set }) => {
    const key = new Key(ns, set("writeops"), "w");
    await client.put(key, { i: 1, g: GeoJSON.point(1, 2) });
    const code = (list: Operation[]) => resultCode(client.operate(key, list));
    assert.equal(await code([ops.add("i", 1), ops.read("i"), ops.read()]), ResultCode.PARAMETER_ERROR);
    assert.equal(await code([ops.write("s", "x"), ops.read(), ops.read()]), ResultCode.PARAMETER_ERROR);
    assert.equal((await client.get(key))?.bins.i, 1, "nothing was applied");
    assert.equal(await code([ops.add("g", 1)]), ResultCode.SERVER_ERROR, "GeoJSON add answers -1");
    assert.equal(await code([ops.append("g", "x")]), ResultCode.SERVER_ERROR);
    assert.equal(await code([ops.add("i", new Double(0.5))]), ResultCode.BIN_TYPE_ERROR);
    await client.remove(key);
    assert.equal(await code([ops.touch(), ops.append("i", "x")]), ResultCode.KEY_NOT_FOUND_ERROR);
  },
);

// Found by the differential fuzzer's policy and batch families (issue 13): a write's checks run
// in the server's order, and a touch op answers no op.
targetTest(
  "write checks run in the server's order; durable delete is Enterprise only",
  async ({ client, ns, set }) => {
    const key = new Key(ns, set("order"), "o");
    await client.remove(key);
    // A record being created has generation 0.
    assert.equal(await resultCode(client.put(key, { a: 1 }, { generationPolicy: "eq", generation: 1 })), 3);
    await client.put(key, { a: 1 }, { generationPolicy: "eq", generation: 0 });
    // create-only answers before the generation, which answers before the filter.
    const never = exp.build(exp.eq(exp.intBin("a"), 100));
    assert.equal(
      await resultCode(
        client.put(key, { a: 2 }, { exists: "create", generationPolicy: "eq", generation: 9 }),
      ),
      5,
    );
    assert.equal(
      await resultCode(client.put(key, { a: 2 }, { generationPolicy: "eq", generation: 9, filter: never })),
      3,
    );
    assert.equal(
      await resultCode(client.remove(key, { generationPolicy: "eq", generation: 9, filter: never })),
      3,
    );
    assert.equal(await resultCode(client.put(key, { a: 2 }, { filter: never })), ResultCode.FILTERED_OUT);
    assert.equal(await resultCode(client.remove(key, { durableDelete: true })), 25);
    const r = await client.operate(key, [ops.touch(), ops.read("a"), ops.read("a")]);
    assert.deepEqual(r.results.slice(1), [1, 1]);
    await client.remove(key);
  },
);
