// Scans and queries against the target (a 3-node mock, or the real cluster): exactly-once
// delivery, pagination by cursor (across rebalances on the mock), cancellation, push-back and
// secondary-index filters.
import assert from "node:assert/strict";
import { type Target, targetTest, type TargetTestOptions } from "./helpers/target.ts";
import type { MockCluster } from "../server_mock/mod.ts";
import { Filter, GeoJSON, Key, PartitionStatus } from "../mod.ts";

/** Three nodes (on the mock: replication 2), tended every 20 ms. */
const QUERY_TARGET: TargetTestOptions = { nodes: 3, client: { tendInterval: 20 } };

/** Writes `records` records { n } to a set of their own and returns its name. */
async function fill(t: Target, records: number): Promise<string> {
  const set = t.set("q");
  for (let i = 0; i < records; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(records, i + 100); j++) {
      batch.push(t.client.put(new Key(t.ns, set, j), { n: j }));
    }
    await Promise.all(batch);
  }
  return set;
}

function openConnections(mock: MockCluster): number {
  return mock.nodes.reduce((sum, n) => sum + (n.running ? n.stats().connections.open : 0), 0);
}

targetTest("a scan of 10,000 records on 3 nodes returns each record exactly once", async (t) => {
  const { client, ns } = t;
  const set = await fill(t, 10_000);
  const seen = new Uint8Array(10_000);
  for await (const r of client.query(ns, set)) {
    const n = r.bins.n as number;
    assert.equal(seen[n], 0, `record ${n} twice`);
    seen[n] = 1;
    assert.equal(r.key.set, set);
  }
  assert.equal(seen.reduce((a, b) => a + b, 0), 10_000);
  assert.equal(await client.query(ns, set, { includeBinData: false }).count(), 10_000);
  assert.equal(await client.query(ns, t.set("other")).count(), 0);
}, QUERY_TARGET);

targetTest(
  "maxRecords pages resumed by cursor lose and repeat nothing, even across rebalances",
  async (t) => {
    const { client, ns } = t;
    const set = await fill(t, 2_000);
    {
      const seen = new Set<number>();
      let cursor: PartitionStatus | undefined;
      let pages = 0;
      for (;;) {
        const page = client.query(ns, set, { maxRecords: 300, cursor });
        const recs = await page.toArray();
        assert.ok(recs.length <= 300, `page of ${recs.length}`);
        for (const r of recs) {
          const n = r.bins.n as number;
          assert.ok(!seen.has(n), `record ${n} repeated on page ${pages}`);
          seen.add(n);
        }
        // The cursor survives serialisation.
        cursor = PartitionStatus.fromBase64(page.cursor().toBase64());
        pages++;
        if (cursor.done) break;
        assert.ok(pages < 50, "pagination does not end");
        t.mock?.rebalance(); // new partition owners between pages (the mock can do that at will)
      }
      assert.equal(seen.size, 2_000);
      assert.ok(pages >= 7, `only ${pages} pages`);
    }
  },
  QUERY_TARGET,
);

targetTest("break out of a scan releases every connection on the client and the nodes", async (t) => {
  const { client, ns, mock } = t;
  const set = await fill(t, 3_000);
  let n = 0;
  for await (const _ of client.query(ns, set, { highWaterMark: 16 })) {
    if (++n === 10) break;
  }
  assert.equal(client.stats().inFlight, 0);
  assert.equal(client.stats().connections.open - client.stats().connections.idle, 0, "no busy connection");
  if (mock !== undefined) {
    await new Promise((r) => setTimeout(r, 50));
    // The nodes see the pooled connections plus one tend connection each: nothing half-read is left.
    // (A real node's connection count also holds other clients', so only the mock is asked.)
    assert.equal(openConnections(mock), client.stats().connections.open + mock.nodes.length);
  }
  // The pool still works afterwards.
  assert.equal(await client.query(ns, set).count(), 3_000);
}, QUERY_TARGET);

targetTest("a slow consumer keeps the records parsed ahead bounded", async (t) => {
  const { client, ns } = t;
  // The client parses a whole reply frame at once, so it can hold the high-water mark plus one
  // frame per node. The mock sends small frames (100 records or 64 KiB); a real node fills a chunk up to
  // 1 MiB (the server's QUERY_CHUNK_LIMIT), so there the records carry 2 KB to keep a frame short.
  const pad = t.mock === undefined ? "x".repeat(2000) : "";
  const perFrame = t.mock === undefined ? Math.ceil(2 ** 20 / pad.length) + 1 : 200;
  const set = t.set("slow");
  for (let i = 0; i < 5_000; i += 100) {
    const writes = [];
    for (let j = i; j < i + 100; j++) writes.push(client.put(new Key(ns, set, j), { n: j, pad }));
    await Promise.all(writes);
  }
  const stream = client.query(ns, set, { highWaterMark: 32 });
  let n = 0;
  for await (const _ of stream) {
    n++;
    if (n % 500 === 0) await new Promise((r) => setTimeout(r, 5));
    assert.ok(stream.buffered <= 32 + t.nodes * perFrame, `buffered ${stream.buffered}`);
  }
  assert.equal(n, 5_000);
  assert.ok(stream.peakBuffered < 5_000 / 2, `peak ${stream.peakBuffered}`);
}, QUERY_TARGET);

targetTest("secondary-index equal, range and geo filters return exactly the matching records", async (t) => {
  const { client } = t;
  const set = t.set("idx");
  const names: string[] = [];
  const index = async (bin: string, type: "numeric" | "string" | "geo2dsphere", collection?: "list") => {
    const name = `${set}_${bin}`;
    await client.createIndex({ ns: t.ns, set, bin, name, type, collection });
    names.push(name);
  };
  try {
    for (let i = 0; i < 60; i++) {
      await client.put(new Key(t.ns, set, i), {
        n: i,
        name: i % 3 === 0 ? "alice" : "bob",
        loc: GeoJSON.point(100 + i * 0.01, 1),
        tags: [i % 5, 100 + i],
      });
    }
    await index("n", "numeric");
    await index("name", "string");
    await index("loc", "geo2dsphere");
    await index("tags", "numeric", "list");
    const ns = async (filter: ReturnType<typeof Filter.equal>): Promise<number[]> =>
      (await client.query(t.ns, set, { filter }).toArray()).map((r) => r.bins.n as number).sort((a, b) =>
        a - b
      );
    assert.deepEqual(await ns(Filter.range("n", 10, 14)), [10, 11, 12, 13, 14]);
    assert.deepEqual(await ns(Filter.equal("n", 7)), [7]);
    assert.deepEqual(await ns(Filter.equal("name", "alice")), Array.from({ length: 20 }, (_, i) => i * 3));
    assert.deepEqual(await ns(Filter.equal("tags", 4, { collection: "list" })), [
      4,
      9,
      14,
      19,
      24,
      29,
      34,
      39,
      44,
      49,
      54,
      59,
    ]);
    // 0.05 degrees of longitude at the equator is about 5.5 km.
    assert.deepEqual(await ns(Filter.geoWithinRadius("loc", 100, 1, 5_000)), [0, 1, 2, 3, 4]);
    const square = {
      type: "Polygon",
      coordinates: [[[100.095, 0.9], [100.125, 0.9], [100.125, 1.1], [100.095, 1.1], [100.095, 0.9]]],
    };
    assert.deepEqual(await ns(Filter.geoWithinRegion("loc", square)), [10, 11, 12]);
  } finally {
    for (const name of names) await client.dropIndex(t.ns, name);
  }
}, QUERY_TARGET);

targetTest(
  "a scan and a query return the user key of records written with sendKey, and only of those",
  async (t) => {
    const set = t.set("qkey");
    const { client, ns } = t;
    await client.createIndex({ ns, set, bin: "n", name: `${set}_n`, type: "numeric" });
    try {
      const bytes = new Uint8Array([0, 1, 254, 255]);
      await client.put(new Key(ns, set, "user:1"), { n: 1 }, { sendKey: true });
      await client.put(new Key(ns, set, 2), { n: 2 }, { sendKey: true });
      await client.put(new Key(ns, set, 2n ** 62n), { n: 3 }, { sendKey: true });
      await client.put(new Key(ns, set, bytes), { n: 4 }, { sendKey: true });
      await client.put(new Key(ns, set, "no-key"), { n: 5 });
      const byN = new Map<number, Key>();
      for await (const r of client.query(ns, set)) byN.set(r.bins.n as number, r.key);
      assert.equal(byN.size, 5);
      assert.equal(byN.get(1)!.userKey, "user:1");
      assert.equal(byN.get(2)!.userKey, 2);
      assert.equal(byN.get(3)!.userKey, 2n ** 62n);
      assert.deepEqual(byN.get(4)!.userKey, bytes);
      assert.equal(byN.get(5)!.userKey, undefined);
      // The digest the server sent is the one the user key hashes to.
      for (const k of byN.values()) {
        if (k.userKey !== undefined) assert.ok(k.equals(new Key(ns, set, k.userKey)));
      }
      const found = [];
      for await (const r of client.query(ns, set, { filter: Filter.range("n", 1, 1) })) {
        found.push(
          r.key.userKey,
        );
      }
      assert.deepEqual(found, ["user:1"]);
    } finally {
      await client.dropIndex(ns, `${set}_n`);
    }
  },
);
