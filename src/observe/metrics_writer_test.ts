import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "../../tests/helpers/test.ts";
import { parseMetricsFile } from "../../tests/helpers/metrics_file.ts";
import { tempDir } from "../../tests/helpers/temp_dir.ts";
import type { MetricsSnapshot } from "./metrics_format.ts";
import { MetricsFileWriter } from "./metrics_writer.ts";

function snapshot(commandCount: number): MetricsSnapshot {
  return {
    time: Date.now(),
    name: "",
    clientType: "typescript",
    clientVersion: "0.1.0",
    appId: "",
    labels: [["app", "test"]],
    cpu: 0,
    mem: 1,
    invalidNodeCount: 0,
    commandCount,
    retryCount: 0,
    delayQueueTimeoutCount: 0,
    eventLoops: [{ processSize: 0, queueSize: 0 }],
    nodes: [],
  };
}

test("the file writer creates its directory, writes a header and one line per snapshot, and closes on disable", () => {
  const dir = tempDir("writer");
  try {
    const writer = new MetricsFileWriter(`${dir.path}/nested/metrics`, 0);
    writer.onEnable(5, 2);
    assert.match(writer.path, /metrics-\d{14}\.log$/);
    writer.onSnapshot(snapshot(1));
    writer.onSnapshot(snapshot(2));
    writer.onDisable(snapshot(3));
    assert.equal(writer.path, "");
    writer.onSnapshot(snapshot(4)); // after disable: ignored, no reopened file
    writer.onDisable(snapshot(5)); // idempotent
    const nested = readdirSync(`${dir.path}/nested/metrics`);
    assert.equal(nested.length, 1);
    const file = parseMetricsFile(dir.read(`nested/metrics/${nested[0]}`));
    assert.deepEqual([file.latencyColumns, file.latencyShift], [5, 2]);
    assert.deepEqual(file.clusters.map((c) => c.commandCount), [1, 2, 3]);
    assert.deepEqual(file.clusters[0].labels, [["app", "test"]]);
  } finally {
    dir.remove();
  }
});

test("past its size limit the writer starts a new file with its own header, and two writers never share a file", () => {
  const dir = tempDir("rotate");
  try {
    const a = new MetricsFileWriter(dir.path, 300);
    const b = new MetricsFileWriter(dir.path, 0);
    a.onEnable(7, 1);
    b.onEnable(7, 1);
    assert.notEqual(a.path, b.path);
    for (let i = 1; i <= 4; i++) a.onSnapshot(snapshot(i)); // header ~450 bytes: every line rotates
    a.onDisable(snapshot(5));
    b.onDisable(snapshot(9));
    const files = dir.files();
    assert.ok(files.length >= 3, `expected rotated files, got ${files}`);
    const counts = files.map((f) => parseMetricsFile(dir.read(f)).clusters.map((c) => c.commandCount));
    assert.deepEqual(counts.flat().sort((x, y) => x - y), [1, 2, 3, 4, 5, 9]);
  } finally {
    dir.remove();
  }
});
