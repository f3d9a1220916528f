// Policies the official clients have (issue 20): replica "random", rackIds, readModeSC bits,
// compressionThreshold, batch sendSetName, per-call info timeouts and the client defaults per
// command kind. Target tests run on the mock and on the real server (AEROSPIKE_HOSTS); the ones
// the Community Edition cannot show say so. timeoutDelay has its own file.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { withCluster } from "./helpers/cluster.ts";
import { rejectsWithCode } from "./helpers/errors.ts";
import { tapConn } from "./helpers/tap_conn.ts";
import {
  Client,
  type Conn,
  type ConnectOptions,
  type Connector,
  Key,
  type Listener,
  type ListenOptions,
  ops,
  ResultCode,
  TimeoutError,
} from "../mod.ts";
import { defaultConnector } from "../src/transport/auto.ts";

/** Records the info3 byte of every type-3 (message) request the client writes. */
class Info3Recorder implements Connector {
  readonly info3: number[] = [];
  #inner = defaultConnector();
  async connect(options: ConnectOptions): Promise<Conn> {
    const conn = await this.#inner.connect(options);
    return tapConn(conn, {
      write: (d) => {
        if (d.length > 11 && d[1] === 3) this.info3.push(d[11]);
      },
    });
  }
  listen(options: ListenOptions): Promise<Listener> {
    return this.#inner.listen(options);
  }
}

/** Read counts per node of `client` (commandStats on). */
function readsPerNode(client: Client): number[] {
  return client.stats().nodes.map((n) => n.commands?.read.count ?? 0);
}

targetTest(
  "replica 'random' spreads reads of one key over every node; 'master' keeps them on one",
  async (t) => {
    const key = new Key(t.ns, t.set("rnd"), "k");
    await t.client.put(key, { v: 1 });
    const client = await Client.connect({
      hosts: t.seeds,
      commandStats: true,
      policies: t.client === undefined ? {} : {},
    });
    try {
      for (let i = 0; i < 6 * t.nodes; i++) {
        assert.equal(
          (await client.get(key, { replica: "master" }))?.bins.v,
          1,
        );
      }
      assert.equal(readsPerNode(client).filter((n) => n > 0).length, 1, "master: one node");
      for (let i = 0; i < 6 * t.nodes; i++) {
        assert.equal(
          (await client.get(key, { replica: "random" }))?.bins.v,
          1,
        );
      }
      assert.equal(readsPerNode(client).filter((n) => n > 0).length, t.nodes, "random: every node");
      // Writes with replica random go to the master.
      await client.put(key, { v: 2 }, { replica: "random" });
      assert.equal((await client.get(key, { replica: "random" }))?.bins.v, 2);
    } finally {
      await client.close();
    }
  },
  { minNodes: 2, nodes: 3 },
);

targetTest(
  "rackIds with preferRack reads and writes (CE reports no racks: reads go as sequence)",
  async (t) => {
    const client = await Client.connect({
      hosts: t.seeds,
      rackIds: [7, 3],
      policies: { read: { replica: "preferRack", totalTimeout: 10_000 } },
    });
    try {
      const key = new Key(t.ns, t.set("rack"), "k");
      await client.put(key, { v: 1 });
      assert.equal((await client.get(key))?.bins.v, 1);
    } finally {
      await client.close();
    }
    await assert.rejects(Client.connect({ hosts: t.seeds, rackIds: [] }), TypeError);
    await assert.rejects(Client.connect({ hosts: t.seeds, rackIds: [1, -2] }), RangeError);
  },
);

targetTest(
  "readModeSC sets INFO3_SC_READ_TYPE/RELAX as the official clients do; linearize is Enterprise only",
  async (t) => {
    const connector = new Info3Recorder();
    const client = await Client.connect({
      hosts: t.seeds,
      connector,
      policies: { read: { totalTimeout: 10_000 } },
    });
    try {
      const key = new Key(t.ns, t.set("sc"), "k");
      await client.put(key, { v: 1 });
      const modes = { session: 0, allowReplica: 0x80, allowUnavailable: 0xc0 } as const;
      for (const [mode, bits] of Object.entries(modes)) {
        connector.info3.length = 0;
        const readModeSC = mode as keyof typeof modes;
        assert.equal((await client.get(key, { readModeSC }))?.bins.v, 1);
        assert.equal((await client.operate(key, [ops.read("v")], { readModeSC })).bins.v, 1);
        const batch = await client.batchGet([key], undefined, { readModeSC });
        assert.deepEqual(batch.map((r) => r?.bins.v), [1]);
        // get and operate carry the bits in the header; the batch in its row (the parent's is 0).
        assert.deepEqual(connector.info3.slice(0, 2), [bits, bits], mode);
      }
      // A linearized read (TYPE without RELAX) is Enterprise only: CE's repl_ping_check answers 25.
      connector.info3.length = 0;
      const linearize = { readModeSC: "linearize" } as const;
      await rejectsWithCode(client.get(key, linearize), ResultCode.ENTERPRISE_ONLY);
      await rejectsWithCode(client.operate(key, [ops.read("v")], linearize), ResultCode.ENTERPRISE_ONLY);
      assert.deepEqual(connector.info3.slice(0, 2), [0x40, 0x40]);
      const [row] = await client.batch([{ type: "read", key }], linearize);
      assert.equal(row.resultCode, ResultCode.ENTERPRISE_ONLY);
      await assert.rejects(client.get(key, { readModeSC: "strong" as "session" }), TypeError);
    } finally {
      await client.close();
    }
  },
);

targetTest(
  "compressionThreshold: a request under it goes plain, over it compressed (CE refuses that with 25)",
  async (t) => {
    const key = new Key(t.ns, t.set("cth"), "k");
    const bins = { s: "x".repeat(300) };
    await t.client.put(key, bins, { compress: true, compressionThreshold: 100_000 });
    assert.equal((await t.client.get(key))?.bins.s, bins.s);
    await rejectsWithCode(
      t.client.put(key, bins, { compress: true, compressionThreshold: 200 }),
      ResultCode.ENTERPRISE_ONLY,
    );
  },
  { mock: { compression: false } },
);

test("compressionThreshold on a server that takes compression (mock): both sides of the threshold work", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const key = new Key("test", "cth", "k");
    await client.put(key, { s: "y".repeat(300) }, { compress: true, compressionThreshold: 0 });
    assert.equal(
      (await client.get(key, { compress: true, compressionThreshold: 0 }))?.bins.s,
      "y".repeat(300),
    );
  });
});

targetTest("batch takes sendSetName (a no-op: the set name is always sent) and allowInlineSSD", async (t) => {
  const set = t.set("bss");
  const keys = [1, 2].map((i) => new Key(t.ns, set, i));
  for (const k of keys) await t.client.put(k, { v: k.userKey as number });
  for (const sendSetName of [true, false]) {
    const got = await t.client.batchGet(keys, undefined, { sendSetName, allowInlineSSD: true });
    assert.deepEqual(got.map((r) => r?.bins.v), [1, 2]);
  }
});

targetTest("info() and infoAll() take a per-call totalTimeout", async (t) => {
  assert.match(await t.client.info("build", { totalTimeout: 5_000 }), /^\d+\.\d+/);
  const all = await t.client.infoAll("build", { totalTimeout: 5_000 });
  assert.equal(all.size, t.nodes);
  await assert.rejects(t.client.info("build", { totalTimeout: -1 }), RangeError);
  await assert.rejects(
    t.client.info("build", { timeout: 5 } as unknown as { totalTimeout: number }),
    TypeError,
  );
});

test("a stalled info command gives up at the call's totalTimeout, not the client's", async () => {
  await withCluster(
    { nodes: 1, client: { policies: { info: { totalTimeout: 60_000 } } } },
    async ({ client, mock }) => {
      mock.nodes[0].faults({ on: "info", stall: true });
      const err = await client.info("build", { totalTimeout: 100 }).then(() => undefined, (e) => e);
      mock.nodes[0].faults({});
      assert.ok(err instanceof TimeoutError || err?.code === ResultCode.TIMEOUT, String(err));
    },
  );
});

targetTest(
  "client defaults per command kind: remove, operate, apply, scan and the batch item kinds",
  async (t) => {
    const set = t.set("kinds");
    const client = await Client.connect({
      hosts: t.seeds,
      policies: {
        read: { totalTimeout: 10_000 },
        write: { totalTimeout: 10_000 },
        batch: { totalTimeout: 10_000 },
        query: { totalTimeout: 10_000 },
        remove: { durableDelete: true }, // CE: ENTERPRISE_ONLY (25), which shows it was applied
        operate: { ttl: 5_000 },
        apply: { generationPolicy: "eq", generation: 99 },
        scan: { compress: true, compressionThreshold: 0 }, // the mock runs as CE here: 25
        batchWrite: { ttl: 7_000 },
        batchRemove: { durableDelete: true },
        batchParentWrite: { respondAllKeys: true },
      },
    });
    try {
      const key = new Key(t.ns, set, "k");
      await client.put(key, { v: 1 });
      const plain = (await client.get(key))?.ttl ?? 0;
      await rejectsWithCode(client.remove(key), ResultCode.ENTERPRISE_ONLY);
      assert.equal(await client.remove(key, { durableDelete: false }), true, "a call's policy wins");
      await client.put(key, { v: 1 });
      const r = await client.operate(key, [ops.add("v", 1), ops.read("v")]);
      assert.equal(r.bins.v, 2);
      assert.ok(r.ttl > 4_000 && r.ttl <= 5_000, `operate ttl ${r.ttl} (put ttl ${plain})`);
      // A generation check on a UDF is a "forbidden policy": 4 before the module is looked up.
      await rejectsWithCode(client.apply(key, "nomodule", "fn", []), ResultCode.PARAMETER_ERROR);
      await rejectsWithCode(client.query(t.ns, set).toArray(), ResultCode.ENTERPRISE_ONLY);
      const [w, rm, ap] = await client.batch([
        { type: "write", key, ops: [ops.write("w", 1)] },
        { type: "remove", key: new Key(t.ns, set, "other") },
        { type: "apply", key: new Key(t.ns, set, "other2"), udf: { module: "nomodule", fn: "f" } },
      ]);
      assert.equal(w.resultCode, ResultCode.OK);
      assert.ok(((await client.get(key))?.ttl ?? 0) > 6_000, "batch write item took batchWrite.ttl");
      assert.equal(rm.resultCode, ResultCode.ENTERPRISE_ONLY);
      // The module check comes before any policy of an apply item: 100 on both targets.
      assert.equal(ap.resultCode, ResultCode.UDF_BAD_RESPONSE);
    } finally {
      await client.close();
    }
    await assert.rejects(
      Client.connect({ hosts: t.seeds, policies: { remove: { ttl: "x" as unknown as number } } }),
      TypeError,
    );
    await assert.rejects(
      Client.connect({ hosts: t.seeds, policies: { batchRemove: { ttl: 5 } } }),
      TypeError,
    );
  },
  { mock: { compression: false } },
);
