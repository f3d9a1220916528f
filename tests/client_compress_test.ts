// The `compress` policy: type-4 requests over 128 bytes and INFO1_COMPRESS_RESPONSE replies.
// Community Edition refuses compressed requests with 25: those tests are target tests (the mock
// runs with `compression: false`, and the real target of test:real is CE 8.1). Tests of working
// compression are mock-only: CE has none (an Enterprise server would take them).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest, type TargetTestOptions } from "./helpers/target.ts";
import { withCluster } from "./helpers/cluster.ts";
import { rejectsWithCode } from "./helpers/errors.ts";
import { exp, Filter, Key, ops, ResultCode, ServerError } from "../mod.ts";
import type { Client } from "../mod.ts";
import { messageBody } from "../src/commands/command.ts";
import { buildQuery, parseQueryFrame, type QueryRequest } from "../src/commands/query.ts";
import { PROTO_TYPE_COMPRESSED, PROTO_TYPE_MESSAGE } from "../src/wire/proto.ts";
import { RawConn } from "./helpers/raw_conn.ts";

const big = "x".repeat(2000);
/** The mock answers compressed requests as Community Edition does. */
const CE: TargetTestOptions = { mock: { compression: false } };

test("a 2000-byte string put and read back with compress: true round-trips", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const key = new Key("test", "compress", "big");
    await client.put(key, { s: big, n: 7 }, { compress: true });
    const rec = await client.get(key, undefined, { compress: true });
    assert.ok(rec);
    assert.deepEqual({ ...rec.bins }, { s: big, n: 7 });
    assert.equal(rec.generation, 1);
    const sel = await client.get(key, ["s"], { compress: true });
    assert.deepEqual({ ...sel?.bins }, { s: big });
    assert.equal(await client.exists(key, { compress: true }), true);
  });
});

test("read-only operate and batch reads with compress: true decode their compressed replies", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const keys = [1, 2, 3].map((i) => new Key("test", "compress", `b${i}`));
    for (const [i, k] of keys.entries()) await client.put(k, { s: big + i }, { compress: true });
    const rec = await client.operate(keys[0], [ops.read("s")], { compress: true });
    assert.equal(rec.bins.s, big + 0);
    const recs = await client.batchGet([...keys, new Key("test", "compress", "none")], undefined, {
      compress: true,
    });
    assert.deepEqual(recs.map((r) => r?.bins.s), [big + 0, big + 1, big + 2, undefined]);
  });
});

targetTest(
  "a server without compression answers a big compressed put with 25 and the client rejects",
  async (t) => {
    const { client } = t;
    const key = new Key(t.ns, t.set("compress"), "ce");
    const e = await rejectsWithCode(
      client.put(key, { s: big }, { compress: true }),
      ResultCode.ENTERPRISE_ONLY,
    );
    assert.ok(e instanceof ServerError);
    assert.equal(e.code, 25);
    assert.match(e.message, /compress: true/, "the error names the policy to change");
    assert.equal(await client.get(key), null);
    // The same put uncompressed is accepted: the 25 came from the type-4 frame.
    await client.put(key, { s: big });
    assert.equal((await client.get(key))?.bins.s, big);
  },
  CE,
);

targetTest("requests of 128 bytes or less stay type 3 under compress: true", async (t) => {
  // Every type-4 request is refused here, so success proves the small ones went uncompressed.
  const { client } = t;
  const key = new Key(t.ns, t.set("compress"), "small");
  await client.put(key, { s: "tiny" }, { compress: true });
  const rec = await client.get(key, undefined, { compress: true });
  assert.deepEqual({ ...rec?.bins }, { s: "tiny" });
  await rejectsWithCode(client.put(key, { s: "y".repeat(100) }, { compress: true }), 25);
}, CE);

test("compress must be a boolean", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const key = new Key("test", "compress", "bad");
    await assert.rejects(
      client.get(key, undefined, { compress: "yes" as unknown as boolean }),
      TypeError,
    );
  });
});

/** Keys the scan/query tests read back, sorted. */
async function scanned(
  client: Client,
  set: string,
  options: Parameters<Client["query"]>[2] = {},
  ns = "test",
): Promise<number[]> {
  const out: number[] = [];
  for await (const r of client.query(ns, set, options)) out.push(r.bins.i as number);
  return out.sort((a, b) => a - b);
}

test("a scan and a query with compress: true read every record through compressed requests and replies", async () => {
  await withCluster({ nodes: 2 }, async ({ client }) => {
    for (let i = 0; i < 40; i++) await client.put(new Key("test", "zq", i), { i, s: big });
    const all = Array.from({ length: 40 }, (_, i) => i);
    assert.deepEqual(await scanned(client, "zq", { policy: { compress: true } }), all);
    await client.createIndex({ ns: "test", set: "zq", bin: "i", name: "zq_i", type: "numeric" });
    // The filter expression alone is over 128 bytes: the request goes compressed whatever else it holds.
    const expression = exp.or(...all.map((i) => exp.eq(exp.intBin("i"), exp.int(i))));
    const query = { filter: Filter.range("i", 10, 19), expression, policy: { compress: true } };
    assert.deepEqual(await scanned(client, "zq", query), all.slice(10, 20));
  });
});

test("the mock compresses each scan reply frame when INFO1_COMPRESS_RESPONSE is set", async () => {
  await withCluster({ nodes: 1 }, async ({ client, mock }) => {
    for (let i = 0; i < 10; i++) await client.put(new Key("test", "zr", i), { i, s: big });
    const req: QueryRequest = {
      ns: "test",
      set: "zr",
      includeBinData: true,
      recordsPerSecond: 0,
      socketTimeout: 0,
      taskId: 7n,
    };
    const parts = Array.from({ length: 4096 }, (_, id) => ({ id, done: false }));
    const raw = await RawConn.open(mock.nodes[0].port);
    try {
      for (const compress of [false, true]) {
        const request = buildQuery({ ...req, compress }, parts, 0);
        assert.equal(request[1], compress ? PROTO_TYPE_COMPRESSED : PROTO_TYPE_MESSAGE);
        raw.send(request);
        // Read frames until the one holding the INFO3_LAST message.
        const types = new Set<number>();
        for (let last = false; !last;) {
          const f = await raw.next();
          assert.ok(f !== null, "the mock closed the connection");
          types.add(f[1]);
          last = parseQueryFrame(messageBody(f[1], f.subarray(8)), () => {}, () => {}).last;
        }
        assert.deepEqual([...types], [compress ? PROTO_TYPE_COMPRESSED : PROTO_TYPE_MESSAGE]);
      }
    } finally {
      await raw.close();
    }
  });
});

targetTest(
  "a server without compression refuses a compressed scan with 25 and the error names the compress policy",
  async (t) => {
    const { client } = t;
    const set = t.set("zc");
    await client.put(new Key(t.ns, set, 1), { i: 1 });
    const e = await rejectsWithCode(scanned(client, set, { policy: { compress: true } }, t.ns), 25);
    assert.match(e.message, /compress: true/);
    // Without compress the same scan works.
    assert.deepEqual(await scanned(client, set, {}, t.ns), [1]);
    // A one-partition query request stays under 128 bytes: sent uncompressed, accepted.
    const pid = new Key(t.ns, set, 1).partitionId;
    const one = { partitions: { begin: pid, count: 1 }, policy: { compress: true } };
    assert.deepEqual(await scanned(client, set, one, t.ns), [1]);
  },
  CE,
);

targetTest(
  "a background query under compress: true is refused by a server without compression, naming the policy",
  async (t) => {
    const { client } = t;
    const e = await rejectsWithCode(
      client.queryBackground(t.ns, t.set("zb"), { ops: [ops.write("x", big)], policy: { compress: true } }),
      25,
    );
    assert.match(e.message, /compress: true/);
  },
  CE,
);
