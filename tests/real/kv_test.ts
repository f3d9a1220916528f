// Key-value scenarios run against the target (the mock, or the real server under AEROSPIKE_HOSTS),
// so a mock that drifts from the server shows here.
import assert from "node:assert/strict";
import { targetTest } from "../helpers/target.ts";
import { resultCode } from "../helpers/errors.ts";
import { Double, Key, ops, ResultCode } from "../../mod.ts";

targetTest(
  "put/get/select/exists/remove round-trip every scalar type and CDT values",
  async ({ client, ns, set: setName }) => {
    const set = setName("kv");
    const key = new Key(ns, set, "scalars");
    const bins = {
      i: 42,
      big: 2n ** 62n,
      d: 3.25,
      whole: new Double(2),
      s: "héllo",
      b: new Uint8Array([1, 255, 0]),
      t: true,
      l: [1, "a", [2.5, true]],
      m: { x: 1, y: ["z"] },
    };
    await client.put(key, bins);
    const rec = await client.get(key);
    assert.ok(rec);
    assert.deepEqual({ ...rec.bins, m: { ...(rec.bins.m as object) } }, { ...bins, whole: 2 });
    assert.equal(rec.generation, 1);
    assert.deepEqual({ ...(await client.get(key, ["i", "s"]))!.bins }, { i: 42, s: "héllo" });
    assert.equal(await client.exists(key), true);
    assert.equal(await client.remove(key), true);
    assert.equal(await client.remove(key), false);
    assert.equal(await client.get(key), null);
    assert.equal(await client.exists(key), false);
  },
);

targetTest(
  "exists and generation policies answer the server's codes",
  async ({ client, ns, set: setName }) => {
    const set = setName("kv");
    const key = new Key(ns, set, "policies");
    await client.put(key, { v: 1 });
    assert.equal(
      await resultCode(client.put(key, { v: 2 }, { exists: "create" })),
      ResultCode.KEY_EXISTS_ERROR,
    );
    assert.equal(
      await resultCode(client.put(key, { v: 2 }, { generation: 99, generationPolicy: "eq" })),
      ResultCode.GENERATION_ERROR,
    );
    assert.equal(
      await resultCode(client.put(new Key(ns, set, "none"), { v: 1 }, { exists: "updateOnly" })),
      2,
    );
    await client.put(key, { v: 3 }, { generation: 1, generationPolicy: "eq" });
    assert.equal((await client.get(key))!.generation, 2);
    await client.remove(key);
  },
);

targetTest("operate adds, appends and reads; touch and ttl", async ({ client, ns, set: setName }) => {
  const set = setName("kv");
  const key = new Key(ns, set, "operate");
  await client.put(key, { n: 1, s: "a" }, { ttl: 1000 });
  const rec = await client.operate(key, [
    ops.add("n", 8),
    ops.read("n"),
    ops.append("s", "!"),
    ops.read("s"),
  ]);
  assert.deepEqual({ ...rec.bins }, { n: 9, s: "a!" });
  assert.equal(await resultCode(client.operate(key, [ops.add("s", 1)])), ResultCode.BIN_TYPE_ERROR);
  await client.touch(key, { ttl: 2000 });
  const after = await client.get(key);
  assert.ok(after!.ttl > 1000 && after!.ttl <= 2000, `ttl ${after!.ttl}`);
  assert.equal(await resultCode(client.touch(new Key(ns, set, "missing"))), ResultCode.KEY_NOT_FOUND_ERROR);
  await client.remove(key);
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
