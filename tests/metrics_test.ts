import assert from "node:assert/strict";
import { Key, type MetricsOptions, type MetricsSnapshot, type NodeMetrics, ServerError } from "../mod.ts";
import { type ParsedCluster, parseMetricsFile } from "./helpers/metrics_file.ts";
import { targetTest } from "./helpers/target.ts";
import { tempDir } from "./helpers/temp_dir.ts";

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Commands of one kind in `ns` over every node of a parsed cluster record. */
function latencyCount(c: ParsedCluster, ns: string, type: string): number {
  let n = 0;
  for (const node of c.nodes) {
    for (const entry of node.namespaces) if (entry.name === ns) n += sum(entry.latency[type]);
  }
  return n;
}

targetTest(
  "a metrics file written during a load run parses back to the command counts the load issued",
  async (t) => {
    const dir = tempDir("metrics-load");
    try {
      t.client.enableMetrics({ interval: 1, reportDir: dir.path, labels: { app: "load", run: "1" } });
      const set = t.set("metrics");
      const puts = 300;
      const gets = 500;
      const misses = 40;
      for (let i = 0; i < puts; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, j) => t.client.put(new Key(t.ns, set, i + j), { n: i + j })),
        );
      }
      for (let i = 0; i < gets; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, j) => t.client.get(new Key(t.ns, set, (i + j) % puts))),
        );
      }
      for (let i = 0; i < misses; i++) {
        assert.equal(
          await t.client.get(new Key(t.ns, set, `missing-${i}`)),
          null,
        );
      }
      await assert.rejects(t.client.put(new Key(t.ns, set, 0), { n: 0 }, { exists: "create" }), ServerError);
      t.client.disableMetrics();
      t.client.disableMetrics(); // idempotent

      const files = dir.files();
      assert.equal(files.length, 1, `one file: ${files}`);
      assert.match(files[0], /^metrics-\d{14}\.log$/);
      const file = parseMetricsFile(dir.read(files[0]));
      assert.deepEqual([file.version, file.latencyColumns, file.latencyShift], [2, 7, 1]);
      const last = file.clusters.at(-1)!;
      assert.deepEqual(last.labels, [["app", "load"], ["run", "1"]]);
      assert.equal(last.clientType, "typescript");
      assert.equal(last.nodes.length, t.nodes);
      assert.equal(latencyCount(last, t.ns, "write"), puts, "successful writes in the histograms");
      assert.equal(latencyCount(last, t.ns, "read"), gets + misses, "reads (a missing key is a success)");
      const errors = sum(
        last.nodes.flatMap((n) => n.namespaces.filter((e) => e.name === t.ns).map((e) => e.errors)),
      );
      assert.equal(errors, 1, "the refused create");
      // Every request and reply carries at least an 8-byte proto header and a 22-byte message header.
      const entries = last.nodes.flatMap((n) => n.namespaces.filter((e) => e.name === t.ns));
      const commands = puts + gets + misses + 1;
      assert.ok(sum(entries.map((e) => e.bytesOut)) >= commands * 30, "bytesOut");
      assert.ok(sum(entries.map((e) => e.bytesIn)) >= commands * 30, "bytesIn");
      // The puts carry a key field and a bin: more than the headers.
      assert.ok(
        sum(entries.map((e) => e.bytesOut)) > sum(entries.map((e) => e.bytesIn)),
        "requests outweigh replies",
      );
      assert.equal(last.commandCount, puts + gets + misses + 1);
      assert.equal(last.retryCount, 0);
      const addresses = t.client.stats().nodes.map((n) => n.address);
      for (const n of last.nodes) {
        assert.ok(addresses.includes(`${n.address}:${n.port}`), `${n.address}:${n.port}`);
        assert.equal(n.asyncConn[0], 0, "no connection in use once the load is done");
        assert.ok(n.asyncConn[1] >= 1, "idle connections in the pool");
      }
      // Cumulative counters never go down from one snapshot to the next.
      for (let i = 1; i < file.clusters.length; i++) {
        assert.ok(file.clusters[i].commandCount >= file.clusters[i - 1].commandCount);
      }
    } finally {
      dir.remove();
    }
  },
  { client: { tendInterval: 100 } },
);

targetTest(
  "a metrics listener gets the snapshots every interval and the final one on close, and no file is written",
  async (t) => {
    const snapshots: MetricsSnapshot[] = [];
    const finals: MetricsSnapshot[] = [];
    const shapes: number[][] = [];
    t.client.enableMetrics({
      interval: 1,
      latencyColumns: 4,
      latencyShift: 3,
      listener: {
        onEnable: (columns, shift) => void shapes.push([columns, shift]),
        onSnapshot: (s) => void snapshots.push(s),
        onDisable: (s) => void finals.push(s),
      },
    });
    const key = new Key(t.ns, t.set("listener"), 1);
    await t.client.put(key, { a: 1 });
    const deadline = Date.now() + 5000;
    while (snapshots.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(snapshots.length >= 2, `snapshots: ${snapshots.length}`);
    await t.client.close(); // closing disables metrics: the final snapshot, no timer left behind
    assert.deepEqual(shapes, [[4, 3]]);
    assert.equal(finals.length, 1);
    const ns = finals[0].nodes.flatMap((n) => n.namespaces).filter((e) => e.name === t.ns);
    assert.equal(sum(ns.map((e) => sum(e.latency.write))), 1);
    assert.ok(ns.every((e) => e.latency.read.length === 4));
  },
  { client: { tendInterval: 50 } },
);

targetTest("enableMetrics() refuses bad options before anything starts", (t) => {
  const dir = tempDir("metrics-bad");
  try {
    for (
      const bad of <MetricsOptions[]> [
        { interval: 0 },
        { interval: 1.5 },
        { latencyColumns: 0 },
        { latencyShift: 0 },
        { reportSizeLimit: 1000 },
        { labels: { "a,b": "c" } },
        { labels: { a: "x]" } },
        { appId: "a\nb" },
      ]
    ) {
      assert.throws(
        () => t.client.enableMetrics({ reportDir: dir.path, ...bad }),
        RangeError,
        JSON.stringify(bad),
      );
    }
    assert.throws(() => t.client.enableMetrics({ listener: {} as never }), TypeError);
    assert.deepEqual(dir.files(), []);
    assert.doesNotThrow(() => t.client.disableMetrics()); // never enabled: no-op
  } finally {
    dir.remove();
  }
});

targetTest("a node that leaves gets its final record from the metrics listener", async (t) => {
  const closed: NodeMetrics[] = [];
  t.client.enableMetrics({
    interval: 100,
    listener: { onSnapshot() {}, onNodeClose: (n) => void closed.push(n) },
  });
  const set = t.set("leave");
  await Promise.all(Array.from({ length: 30 }, (_, i) => t.client.put(new Key(t.ns, set, i), { i })));
  const leaving = t.mock!.nodes[2];
  leaving.stop();
  const deadline = Date.now() + 5000;
  while (closed.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(closed.length, 1);
  assert.equal(closed[0].name, leaving.name);
  assert.ok(!t.client.stats().nodes.some((n) => n.name === leaving.name));
  const written = closed[0].namespaces.find((e) => e.name === t.ns);
  assert.ok(written === undefined || written.latency.write.length === 7);
  t.client.disableMetrics();
}, { nodes: 3, only: "mock", client: { tendInterval: 50, log: { level: "off" } } }); // stops a node: fault injection

targetTest("close() with metrics on writes the final snapshot and closes the file", async (t) => {
  const dir = tempDir("metrics-close");
  try {
    t.client.enableMetrics({ reportDir: dir.path }); // default interval 30: only the final snapshot
    await t.client.put(new Key(t.ns, t.set("close"), 1), { a: 1 });
    await t.client.close();
    const file = parseMetricsFile(dir.read(dir.files()[0]));
    assert.equal(file.clusters.length, 1);
    assert.equal(latencyCount(file.clusters[0], t.ns, "write"), 1);
    assert.throws(() => t.client.enableMetrics({ reportDir: dir.path }), TypeError);
    assert.equal(dir.files().length, 1);
  } finally {
    dir.remove();
  }
});
