// Scans and queries against a 3-node mock: exactly-once delivery, pagination by cursor across a
// rebalance, cancellation, push-back and secondary-index filters.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { type ClusterFixture, THREE_NODES_RF2, withCluster } from "./helpers/cluster.ts";
import type { MockCluster } from "../server_mock/mod.ts";
import { Filter, GeoJSON, Key, PartitionStatus } from "../mod.ts";

// A 3-node mock (replication 2, tended every 20 ms) holding `records` records { n } in set "q".
async function withRecords(records: number, fn: (fixture: ClusterFixture) => Promise<void>): Promise<void> {
  await withCluster({ ...THREE_NODES_RF2, client: { tendInterval: 20 } }, async (fixture) => {
    for (let i = 0; i < records; i += 500) {
      const batch = [];
      for (let j = i; j < Math.min(records, i + 500); j++) {
        batch.push(fixture.client.put(new Key("test", "q", j), { n: j }));
      }
      await Promise.all(batch);
    }
    await fn(fixture);
  });
}

function openConnections(mock: MockCluster): number {
  return mock.nodes.reduce((sum, n) => sum + (n.running ? n.stats().connections.open : 0), 0);
}

test("a scan of 10,000 records on 3 nodes returns each record exactly once", async () => {
  await withRecords(10_000, async ({ client }) => {
    const seen = new Uint8Array(10_000);
    for await (const r of client.query("test", "q")) {
      const n = r.bins.n as number;
      assert.equal(seen[n], 0, `record ${n} twice`);
      seen[n] = 1;
      assert.equal(r.key.set, "q");
    }
    assert.equal(seen.reduce((a, b) => a + b, 0), 10_000);
    assert.equal(await client.query("test", "q", { includeBinData: false }).count(), 10_000);
    assert.equal(await client.query("test", "other").count(), 0);
  });
});

test("maxRecords pages resumed by cursor lose and repeat nothing, even across rebalances", async () => {
  await withRecords(2_000, async ({ mock, client }) => {
    const seen = new Set<number>();
    let cursor: PartitionStatus | undefined;
    let pages = 0;
    for (;;) {
      const page = client.query("test", "q", { maxRecords: 300, cursor });
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
      mock.rebalance();
    }
    assert.equal(seen.size, 2_000);
    assert.ok(pages >= 7, `only ${pages} pages`);
  });
});

test("break out of a scan releases every connection on the client and the nodes", async () => {
  await withRecords(3_000, async ({ mock, client }) => {
    let n = 0;
    for await (const _ of client.query("test", "q", { highWaterMark: 16 })) {
      if (++n === 10) break;
    }
    assert.equal(client.stats().inFlight, 0);
    assert.equal(client.stats().connections.open - client.stats().connections.idle, 0, "no busy connection");
    await new Promise((r) => setTimeout(r, 50));
    // The nodes see the pooled connections plus one tend connection each: nothing half-read is left.
    assert.equal(openConnections(mock), client.stats().connections.open + mock.nodes.length);
    // The pool still works afterwards.
    assert.equal(await client.query("test", "q").count(), 3_000);
  });
});

test("a slow consumer keeps the records parsed ahead bounded", async () => {
  await withRecords(5_000, async ({ client }) => {
    const stream = client.query("test", "q", { highWaterMark: 32 });
    let n = 0;
    for await (const _ of stream) {
      n++;
      if (n % 500 === 0) await new Promise((r) => setTimeout(r, 5));
      assert.ok(stream.buffered <= 32 + 3 * 200, `buffered ${stream.buffered}`);
    }
    assert.equal(n, 5_000);
    assert.ok(stream.peakBuffered < 5_000 / 2, `peak ${stream.peakBuffered}`);
  });
});

test("secondary-index equal, range and geo filters return exactly the matching records", async () => {
  await withRecords(0, async ({ client }) => {
    for (let i = 0; i < 60; i++) {
      await client.put(new Key("test", "idx", i), {
        n: i,
        name: i % 3 === 0 ? "alice" : "bob",
        loc: GeoJSON.point(100 + i * 0.01, 1),
        tags: [i % 5, 100 + i],
      });
    }
    await client.createIndex({ ns: "test", set: "idx", bin: "n", name: "idx_n", type: "numeric" });
    await client.createIndex({ ns: "test", set: "idx", bin: "name", name: "idx_name", type: "string" });
    await client.createIndex({ ns: "test", set: "idx", bin: "loc", name: "idx_loc", type: "geo2dsphere" });
    await client.createIndex({
      ns: "test",
      set: "idx",
      bin: "tags",
      name: "idx_tags",
      type: "numeric",
      collection: "list",
    });
    const ns = async (filter: ReturnType<typeof Filter.equal>): Promise<number[]> =>
      (await client.query("test", "idx", { filter }).toArray()).map((r) => r.bins.n as number).sort((a, b) =>
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
    await client.dropIndex("test", "idx_n");
  });
});
