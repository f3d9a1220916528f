// compat (the official client's API on aerolite): the Config class, CDT contexts as base64, and
// what the official suite's client.js, put.js, key.js, remove.js, udf.js and truncate.js expect of
// single-record commands, callbacks, events and admin calls. Target tests run on the mock and on
// the real server (AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";
import { targetTest } from "../helpers/target.ts";
import { withCompat } from "./with_compat.ts";
import Aerospike, {
  type AerospikeError,
  Bin,
  Config,
  Context,
  Key,
  lists,
  maps,
  type Record,
  status,
} from "../../src/compat/mod.ts";

test("compat: new Config keeps well-typed settings and makes policy class instances", () => {
  const c = new Config({
    hosts: "h1:3001",
    user: "admin",
    connTimeoutMs: 1000,
    policies: { read: { totalTimeout: 1000 }, write: new Aerospike.WritePolicy({ totalTimeout: 5 }) },
  });
  assert.equal(c.hosts, "h1:3001");
  assert.equal(c.user, "admin");
  assert.equal(c.connTimeoutMs, 1000);
  assert.ok(c.policies.read instanceof Aerospike.ReadPolicy);
  assert.equal((c.policies.read as { totalTimeout?: number }).totalTimeout, 1000);
  assert.ok(c.policies.write instanceof Aerospike.WritePolicy);
  const bad = new Config({
    connTimeoutMs: 1.5,
    user: { name: "x" },
    password: 12345,
    rackId: "r",
    log: "./x",
  });
  for (const k of ["connTimeoutMs", "user", "password", "rackId", "log"]) assert.ok(!(k in bad), k);
  assert.deepEqual(bad.policies, {});
  assert.throws(() => new Config({ policies: { timeout: 1000 } }), TypeError);
  // Without hosts: AEROSPIKE_HOSTS, else localhost on the given port.
  assert.equal(new Config({ port: 3333 }).hosts, Deno.env.get("AEROSPIKE_HOSTS") ?? "localhost:3333");
});

test("compat: contextToBase64 / contextFromBase64 round-trip every kind of step", () => {
  const c = Aerospike.client({ hosts: "127.0.0.1:1" });
  const contexts = [
    new Context().addListIndex(5),
    new Context().addListIndexCreate(45, lists.order.ORDERED, true),
    new Context().addListRank(15),
    new Context().addListValue("apple"),
    new Context().addListValue(4500),
    new Context().addMapIndex(10),
    new Context().addMapRank(11),
    new Context().addMapKey("nested").addListIndex(-1),
    new Context().addMapKeyCreate("nested", maps.order.KEY_ORDERED),
    new Context().addMapValue(1000),
  ];
  for (const ctx of contexts) {
    const text = c.contextToBase64(ctx);
    assert.equal(typeof text, "string");
    assert.deepEqual(c.contextFromBase64(text), ctx);
  }
  assert.throws(() => c.contextToBase64(undefined as never), TypeError);
  assert.throws(() => c.contextToBase64("test" as never), TypeError);
});

targetTest(
  "compat: a failed read hands its callback the caller's key; records carry that key object",
  async (t) => {
    await withCompat(t, async (c) => {
      const key = new Key(t.ns, t.set("cc"), "gone");
      const [err, rec] = await new Promise<[AerospikeError | null, Record | undefined]>((resolve) => {
        void c.get(key, (e: AerospikeError | null, r?: unknown) => resolve([e, r as Record])).catch(() => {});
      });
      assert.equal(err?.code, status.ERR_RECORD_NOT_FOUND);
      assert.equal(rec?.key, key);
      const [rerr, rkey] = await new Promise<[AerospikeError | null, unknown]>((resolve) => {
        void c.remove(key, (e: AerospikeError | null, k?: unknown) => resolve([e, k])).catch(() => {});
      });
      assert.equal(rerr?.code, status.ERR_RECORD_NOT_FOUND);
      assert.equal(rkey, key);
      const k2 = new Key(t.ns, t.set("cc"), "here");
      await c.put(k2, { i: 1 });
      const got = await c.get(k2);
      assert.equal(got.key, k2); // the same object, given its digest as the official client does
      assert.ok(k2.digest instanceof Uint8Array && k2.digest.length === 20);
    });
  },
);

targetTest(
  "compat: put takes plain-object keys and Bin objects, and refuses undefined bin values",
  async (t) => {
    await withCompat(t, async (c) => {
      const set = t.set("cc");
      const plain = { ns: t.ns, set, key: 1234 };
      await c.put(plain as never, { foo: "bar" });
      assert.deepEqual((await c.get(new Key(t.ns, set, 1234))).bins, { foo: "bar" });
      const key = new Key(t.ns, set, "bin");
      await c.put(key, new Bin("map", { b: 2, a: [1] }) as never);
      assert.deepEqual((await c.get(key)).bins, { map: { a: [1], b: 2 } });
      await assert.rejects(
        c.put(new Key(t.ns, set, "undef"), { valid: 1, invalid: undefined }),
        (e: AerospikeError) => e.code === status.ERR_PARAM,
      );
      assert.equal(await c.exists(new Key(t.ns, set, "undef")), false);
      await assert.rejects(
        c.put({ ns: t.ns, set, key: 3.5 } as never, { a: 1 }),
        (e: AerospikeError) => e.code === status.ERR_PARAM,
      );
    });
  },
);

targetTest("compat: remove with RemovePolicy { gen: EQ, generation } checks the generation", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("cc"), "gen");
    await c.put(key, { s: "a" });
    await c.put(key, { s: "b" }); // generation 2
    const eq = (generation: number) =>
      new Aerospike.RemovePolicy({ gen: Aerospike.policy.gen.EQ, generation });
    await assert.rejects(
      c.remove(key, eq(1)),
      (e: AerospikeError) => e.code === status.ERR_RECORD_GENERATION,
    );
    assert.equal(await c.exists(key), true);
    await c.remove(key, eq(2));
    assert.equal(await c.exists(key), false);
  });
});

targetTest(
  "compat: truncate takes nanoseconds (Date.now() * 1e6); udfRemove of a missing module resolves",
  async (t) => {
    await withCompat(t, async (c) => {
      const set = t.set("cctr");
      await c.put(new Key(t.ns, set, "old"), { i: 1 });
      await new Promise((r) => setTimeout(r, 20)); // the server's clock must pass the write's millisecond
      const before = Date.now() * 1e6;
      await new Promise((r) => setTimeout(r, 20));
      await c.put(new Key(t.ns, set, "new"), { i: 2 });
      await c.truncate(t.ns, set, before);
      let oldGone = false;
      for (let i = 0; i < 50 && !oldGone; i++) {
        oldGone = !(await c.exists(new Key(t.ns, set, "old")));
        if (!oldGone) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(oldGone);
      assert.equal(await c.exists(new Key(t.ns, set, "new")), true);
      const job = await c.udfRemove("compat-no-such-module.lua") as { checkStatus(): Promise<boolean> };
      assert.equal(await job.checkStatus(), true);
      await assert.rejects(
        c.udfRegister("whatever.lua", -99),
        (e: AerospikeError) => e.code === status.ERR_PARAM,
      );
    });
  },
);

targetTest(
  "compat: connect emits nodeAdded and event per node; isConnected(true) asks the cluster",
  async (t) => {
    const c = Aerospike.client({ hosts: t.seeds });
    const seen: { name: string; nodeName: string }[] = [];
    c.on("event", (e: unknown) => seen.push(e as { name: string; nodeName: string }));
    let added = 0;
    c.on("nodeAdded", () => added++);
    await c.connect();
    try {
      const nodes = c.getNodes().map((n) => n.name).sort();
      assert.deepEqual(seen.map((e) => e.nodeName).sort(), nodes);
      assert.ok(seen.every((e) => e.name === "nodeAdded"));
      assert.equal(added, nodes.length);
      assert.equal(c.isConnected(), true);
      const orig = c.as_client.isConnected;
      c.as_client.isConnected = () => false;
      assert.equal(c.isConnected(true), false);
      assert.equal(c.isConnected(false), true);
      c.as_client.isConnected = orig;
    } finally {
      c.close();
    }
    assert.equal(c.isConnected(false), false);
  },
);

targetTest("compat: info/infoAny/infoNode/infoAll without a request answer the default set", async (t) => {
  await withCompat(t, async (c) => {
    const node = c.getNodes()[0];
    for (const text of [await c.info(null), await c.infoAny(), await c.infoNode(null as never, node)]) {
      assert.match(text, /\nversion\t/);
      assert.match(text, /\nedition\t/);
    }
    const all = await c.infoAll() as { host: { node_id: string }; info: string }[];
    assert.equal(all.length, c.getNodes().length);
    for (const a of all) assert.match(a.info, new RegExp(`(^|\\n)node\\t${a.host.node_id}\\n`));
  });
});

targetTest("compat: scan.operate with touch(ttl) writes that ttl", async (t) => {
  await withCompat(t, async (c) => {
    const set = t.set("cctouch");
    for (let i = 0; i < 3; i++) await c.put(new Key(t.ns, set, i), { i });
    const job = await c.scan(t.ns, set).operate([Aerospike.operations.touch(1234)]);
    await job.wait(20);
    const rec = await c.get(new Key(t.ns, set, 1));
    assert.ok(rec.ttl! > 1200 && rec.ttl! <= 1234, `ttl ${rec.ttl}`);
  });
});

targetTest(
  "compat: batchRead without bins gives found records empty bins; batchRemove fails as a whole on a generation mismatch",
  async (t) => {
    await withCompat(t, async (c) => {
      const set = t.set("ccbatch");
      const keys = [0, 1, 2].map((i) => new Key(t.ns, set, i));
      for (const k of keys) await c.put(k, { i: 1 });
      const missing = new Key(t.ns, set, "missing");
      const read = await c.batchRead([...keys, missing].map((key) => ({ key }))) as {
        status: number;
        record: Record;
      }[];
      assert.deepEqual(read.map((r) => r.status), [0, 0, 0, status.ERR_RECORD_NOT_FOUND]);
      for (const r of read.slice(0, 3)) assert.deepEqual(r.record.bins, {});
      assert.ok(read.slice(0, 3).every((r) => r.record.gen === 1));
      const wrongGen = new Aerospike.BatchRemovePolicy({ gen: Aerospike.policy.gen.EQ, generation: 10 });
      await assert.rejects(
        c.batchRemove(keys, null, wrongGen),
        (e: AerospikeError) => e.code === status.BATCH_FAILED,
      );
      for (const k of keys) assert.equal(await c.exists(k), true);
      const rightGen = new Aerospike.BatchRemovePolicy({ gen: Aerospike.policy.gen.EQ, generation: 1 });
      const removed = await c.batchRemove([...keys, missing], null, rightGen) as { status: number }[];
      assert.deepEqual(removed.map((r) => r.status), [0, 0, 0, status.ERR_RECORD_NOT_FOUND]);
      for (const k of keys) assert.equal(await c.exists(k), false);
    });
  },
);

test("compat: setupGlobalCommandQueue throws once a client has connected", async () => {
  const mock = await (await import("../../server_mock/mod.ts")).MockCluster.start({ nodes: 1 });
  try {
    const c = await Aerospike.connect({ hosts: mock.seeds });
    c.close();
    assert.throws(
      () => Aerospike.setupGlobalCommandQueue({ maxCommandsInProcess: 5 }),
      /Command queue has already been initialized!/,
    );
  } finally {
    await mock.close();
  }
});
