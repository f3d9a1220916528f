import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { parseMetricsFile } from "../../tests/helpers/metrics_file.ts";
import { bucketBounds, bucketIndex, checkLatencyShape } from "./latency_buckets.ts";
import {
  formatCluster,
  formatNodeClose,
  metricsFileName,
  metricsHeader,
  type MetricsSnapshot,
  type NodeMetrics,
} from "./metrics_format.ts";

const zeros = (n: number): number[] => new Array(n).fill(0);

function sampleNode(name: string, port: number): NodeMetrics {
  const conn = { inUse: 1, inPool: 2, opened: 3, closed: 0, recovered: 0, aborted: 0 };
  return {
    name,
    address: "127.0.0.1",
    port,
    syncConn: { inUse: 0, inPool: 0, opened: 0, closed: 0, recovered: 0, aborted: 0 },
    asyncConn: conn,
    namespaces: [
      {
        name: "",
        errors: 0,
        timeouts: 0,
        keyBusy: 0,
        bytesIn: 0,
        bytesOut: 0,
        latency: { conn: [3, 0, 0], write: zeros(3), read: zeros(3), batch: zeros(3), query: zeros(3) },
      },
      {
        name: "test",
        errors: 4,
        timeouts: 5,
        keyBusy: 1,
        bytesIn: 0,
        bytesOut: 0,
        latency: { conn: zeros(3), write: [7, 1, 0], read: [90, 8, 2], batch: zeros(3), query: [0, 0, 1] },
      },
    ],
  };
}

test("bucket bounds double with shift 1 and grow eightfold with shift 3, as the official clients document", () => {
  assert.deepEqual(bucketBounds(7, 1), [1, 2, 4, 8, 16, 32]);
  assert.deepEqual(bucketBounds(5, 3), [1, 8, 64, 512]);
  assert.deepEqual(bucketBounds(1, 1), []);
});

test("an elapsed time is rounded up to whole milliseconds before it picks its bucket", () => {
  const b = bucketBounds(7, 1);
  assert.equal(bucketIndex(0, b), 0);
  assert.equal(bucketIndex(0.2, b), 0);
  assert.equal(bucketIndex(1, b), 0);
  assert.equal(bucketIndex(1.0001, b), 1); // 2 ms after rounding up: the ">1ms" bucket
  assert.equal(bucketIndex(2, b), 1);
  assert.equal(bucketIndex(2.5, b), 2);
  assert.equal(bucketIndex(32, b), 5);
  assert.equal(bucketIndex(33, b), 6);
  assert.equal(bucketIndex(1e9, b), 6);
  assert.equal(bucketIndex(5, []), 0); // one column holds everything
});

test("a histogram shape out of range is a RangeError naming the option", () => {
  checkLatencyShape(7, 1);
  checkLatencyShape(54, 1);
  checkLatencyShape(1, 31);
  assert.throws(() => checkLatencyShape(0, 1), /latencyColumns/);
  assert.throws(() => checkLatencyShape(65, 1), /latencyColumns/);
  assert.throws(() => checkLatencyShape(7.5, 1), /latencyColumns/);
  assert.throws(() => checkLatencyShape(7, 0), /latencyShift/);
  assert.throws(() => checkLatencyShape(30, 3), /2\^52/);
  assert.throws(() => checkLatencyShape(55, 1), /2\^52/);
});

test("metrics file names and line timestamps use local time in the official layout", () => {
  const t = new Date(2026, 11, 7, 9, 5, 3, 42).getTime();
  assert.equal(metricsFileName(t), "metrics-20261207090503.log");
  assert.match(metricsHeader(t, 7, 1), /^2026-12-07 09:05:03\.042 header\(2\) cluster\[name,clientType,/);
  assert.match(metricsHeader(t, 7, 1), / latency\(7,1\)\[type\[l1,l2,l3\.\.\.\]\]$/);
});

test("a formatted snapshot parses back to the same numbers, field by field", () => {
  const t = new Date(2026, 11, 7, 9, 5, 3, 42).getTime();
  const snapshot: MetricsSnapshot = {
    time: t,
    name: "prod",
    clientType: "typescript",
    clientVersion: "0.1.0",
    appId: "",
    labels: [["app", "web"], ["zone", "a"]],
    cpu: 12,
    mem: 123456,
    invalidNodeCount: 0,
    commandCount: 111,
    retryCount: 2,
    delayQueueTimeoutCount: 1,
    eventLoops: [{ processSize: 3, queueSize: 4 }],
    nodes: [sampleNode("A1", 3000), sampleNode("B2", 3010)],
  };
  const text = [metricsHeader(t, 3, 1), formatCluster(snapshot), formatNodeClose(t, sampleNode("B2", 3010))]
    .join("\n") + "\n";
  const file = parseMetricsFile(text);
  assert.equal(file.version, 2);
  assert.equal(file.latencyColumns, 3);
  assert.equal(file.latencyShift, 1);
  const c = file.clusters[0];
  assert.equal(c.name, "prod");
  assert.equal(c.clientType, "typescript");
  assert.deepEqual(c.labels, [["app", "web"], ["zone", "a"]]);
  assert.deepEqual([c.cpu, c.mem, c.commandCount, c.retryCount, c.delayQueueTimeoutCount], [
    12,
    123456,
    111,
    2,
    1,
  ]);
  assert.deepEqual(c.eventLoops, [[3, 4]]);
  assert.deepEqual(c.nodes.map((n) => [n.name, n.address, n.port]), [["A1", "127.0.0.1", 3000], [
    "B2",
    "127.0.0.1",
    3010,
  ]]);
  assert.deepEqual(c.nodes[0].asyncConn, [1, 2, 3, 0, 0, 0]);
  assert.deepEqual(c.nodes[0].syncConn, [0, 0, 0, 0, 0, 0]);
  const ns = c.nodes[0].namespaces[1];
  assert.deepEqual([ns.name, ns.errors, ns.timeouts, ns.keyBusy], ["test", 4, 5, 1]);
  assert.deepEqual(ns.latency, {
    conn: [0, 0, 0],
    write: [7, 1, 0],
    read: [90, 8, 2],
    batch: [0, 0, 0],
    query: [0, 0, 1],
  });
  assert.equal(c.nodes[0].namespaces[0].name, "");
  assert.equal(file.nodeCloses[0].name, "B2");
});

test("a snapshot without labels or nodes still has balanced brackets", () => {
  const line = formatCluster({
    time: 0,
    name: "",
    clientType: "typescript",
    clientVersion: "0.1.0",
    appId: "",
    labels: [],
    cpu: 0,
    mem: 0,
    invalidNodeCount: 0,
    commandCount: 0,
    retryCount: 0,
    delayQueueTimeoutCount: 0,
    eventLoops: [{ processSize: 0, queueSize: 0 }],
    nodes: [],
  });
  assert.match(line, / cluster\[,typescript,0\.1\.0,,\[\],0,0,0,0,0,0,\[\[0,0\]\],\[\]\]$/);
  assert.equal(parseMetricsFile(`${metricsHeader(0, 7, 1)}\n${line}\n`).clusters[0].nodes.length, 0);
});
