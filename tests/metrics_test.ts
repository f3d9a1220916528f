// Extended metrics (client.enableMetrics) on the mock and a real cluster. The node-leaving test
// stops and restarts a node; on a real cluster of 3+ nodes it runs only when told how:
//   AEROSPIKE_HOSTS=127.0.0.1:9000 \
//   AEROSPIKE_NODE_STOP="AS_PORT=9000 ../shared/aerospike-server/stop.sh 2" \
//   AEROSPIKE_NODE_START="AS_PORT=9000 ../shared/aerospike-server/start.sh 3" \
//   npx deno test --allow-net --allow-read=. --allow-write=tests/.tmp --allow-env --allow-run tests/metrics_test.ts
import assert from "node:assert/strict";
import { Key, type MetricsOptions, type MetricsSnapshot, type NodeRef, ServerError } from "../mod.ts";
import { type ParsedCluster, parseMetricsFile } from "./helpers/metrics_file.ts";
import { NODE_CONTROL, startNode, stopNode, waitFor } from "./helpers/node_control.ts";
import { TARGET, targetTest } from "./helpers/target.ts";
import { tempDir } from "./helpers/temp_dir.ts";

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const TEND = TARGET === "real" ? 1000 : 50;

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

targetTest(
  "a node that leaves gets its final record in the metrics file; snapshots list the nodes left, then all again",
  async (t) => {
    const dir = tempDir("metrics-leave");
    try {
      const removed: NodeRef[] = [];
      const added: NodeRef[] = [];
      t.client.on("nodeRemoved", (n) => void removed.push(n));
      t.client.on("nodeAdded", (n) => void added.push(n));
      t.client.enableMetrics({ interval: 1, reportDir: dir.path });
      const set = t.set("leave");
      const writes = 60;
      await Promise.all(Array.from({ length: writes }, (_, i) => t.client.put(new Key(t.ns, set, i), { i })));
      const before = t.client.nodes().length;
      const read = () => parseMetricsFile(dir.read(dir.files()[0]));
      await stopNode(t);
      await waitFor("nodeRemoved", () => removed.length > 0, 30 * TEND);
      const gone = removed[0];
      await waitFor(
        "a snapshot without the node",
        () => read().clusters.some((c) => c.nodes.length === before - 1),
        10 * TEND,
      );
      await startNode(t);
      await waitFor("nodeAdded", () => added.some((n) => n.name === gone.name), 30 * TEND);
      t.client.disableMetrics();

      const file = read();
      assert.equal(file.nodeCloses.length, 1);
      const closed = file.nodeCloses[0];
      assert.equal(closed.name, gone.name);
      assert.equal(`${closed.address}:${closed.port}`, gone.address);
      const closedWrites = sum(
        closed.namespaces.filter((e) => e.name === t.ns).flatMap((e) => e.latency.write),
      );
      assert.ok(closedWrites > 0, "the writes the node served before it left");
      const last = file.clusters.at(-1)!;
      assert.equal(last.nodes.length, before);
      // The node's counters left with its final record; the others kept theirs.
      assert.equal(latencyCount(last, t.ns, "write") + closedWrites, writes);
    } finally {
      dir.remove();
    }
  },
  { minNodes: 3, ignore: !NODE_CONTROL, client: { tendInterval: TEND, log: { level: "off" } } },
);

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
