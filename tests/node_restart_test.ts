/**
 * A node stopping under commands (issue 22): a refused connect makes the node suspect and
 * refreshes the cluster at once, the node is dropped although its peers still list it (a real
 * cluster notices only after its heartbeat timeout: the mock's `stop({ noticed: false })`), and
 * commands that sent nothing go to the partition's other replica without counting against
 * `maxRetries`. Mock-only: the real cluster's version is bench/rolling_restart.ts.
 */
import assert from "node:assert/strict";
import { AerospikeError, type Client, Key, type LogEntry, ops, ResultCode } from "../mod.ts";
import type { MockCluster } from "../server_mock/mod.ts";
import { startCluster, THREE_NODES_RF2 } from "./helpers/cluster.ts";
import { waitFor } from "./helpers/node_control.ts";
import { test } from "./helpers/test.ts";
import { defaultConnector } from "../src/transport/auto.ts";
import type { Connector } from "../src/transport/transport.ts";

// A key of each partition mastered by `node` (so every write of them first goes there).
function keysMasteredBy(mock: MockCluster, node: number, count: number): Key[] {
  const keys: Key[] = [];
  for (let i = 0; keys.length < count; i++) {
    const key = new Key("test", "restart", i);
    if (mock.masterOf("test", key.partitionId) === mock.nodes[node]) keys.push(key);
  }
  return keys;
}

// Lets the client's sockets see the close of the connections a stopped node dropped (a write sent
// on one before that is in doubt: it cannot tell it was never read).
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 50));
}

// Opens a pooled connection to every node, so a stop closes connections the pool holds.
async function touchEveryNode(client: Client, mock: MockCluster): Promise<void> {
  for (let n = 0; n < mock.nodes.length; n++) {
    for (const key of keysMasteredBy(mock, n, 2)) await client.put(key, { v: 0 });
  }
}

test("a stopped node still listed by its peers is dropped at the refresh its refused connect starts; writes with maxRetries 0 go to the replica", async () => {
  const log: LogEntry[] = [];
  const removed: string[] = [];
  // The tend interval is far longer than the test: only the refresh a refused connect asks for runs.
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 60_000, log: { level: "info", sink: (e) => log.push(e) } },
  });
  try {
    const { mock, client } = fx;
    client.on("nodeRemoved", (n, why) => removed.push(`${n.name}: ${why}`));
    await touchEveryNode(client, mock);
    const gone = mock.nodes[1];
    const keys = keysMasteredBy(mock, 1, 20);
    await gone.stop({ noticed: false });
    await settle();
    assert.equal(mock.liveNodes().length, 3, "the other nodes still count it in");

    const results = await Promise.allSettled(
      keys.map((key, i) => client.put(key, { v: i + 1 }, { maxRetries: 0, totalTimeout: 5000 })),
    );
    const failed = results.filter((r) => r.status === "rejected");
    assert.deepEqual(failed, [], "no write failed");
    assert.deepEqual(removed, [
      `${gone.name}: its address refused the tend connection (nothing listens there: the server stopped)`,
    ]);
    assert.ok(!client.nodes().some((n) => n.name === gone.name));
    assert.equal(client.stats().retries, 0, "re-routing an unsent command is not a retry");
    // Every write is on the running nodes: read back from the replica that took it.
    for (const [i, key] of keys.entries()) assert.equal((await client.get(key))?.bins.v, i + 1);

    const suspect = log.filter((e) =>
      e.level === "warn" && e.node === gone.name && /suspect/.test(e.message)
    );
    assert.equal(suspect.length, 1, "one warning names the suspect node");
    assert.ok(log.some((e) => e.level === "info" && /refreshing the cluster ahead/.test(e.message)));
    assert.ok(log.some((e) => e.level === "warn" && e.node === gone.name && /removed/.test(e.message)));
  } finally {
    await fx.close();
  }
});

test("a node dropped while its peers still list it is added again once it answers, and is re-checked until then", async () => {
  const added: string[] = [];
  const removed: string[] = [];
  const fx = await startCluster({ ...THREE_NODES_RF2, client: { tendInterval: 20, log: { level: "off" } } });
  try {
    const { mock, client } = fx;
    client.on("nodeAdded", (n) => added.push(n.name));
    client.on("nodeRemoved", (n) => removed.push(n.name));
    const node = mock.nodes[2];
    await node.stop({ noticed: false });
    await waitFor("nodeRemoved", () => removed.length === 1, 10_000);
    assert.deepEqual(removed, [node.name]);
    // Later refreshes find it listed but refusing: it stays out.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(client.nodes().length, 2);
    assert.deepEqual(added, []);
    await node.restart();
    await waitFor("nodeAdded", () => added.length === 1, 10_000);
    assert.deepEqual(added, [node.name]);
    assert.equal(client.nodes().length, 3);
    await client.put(keysMasteredBy(mock, 2, 1)[0], { v: 1 }, { maxRetries: 0 });
  } finally {
    await fx.close();
  }
});

test("a node whose tend requests only time out is not suspected, nor dropped before its failures add up", async () => {
  const failures: string[] = [];
  const suspects: string[] = [];
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 20, connectTimeout: 500, log: { level: "off" } },
  });
  try {
    const { mock, client } = fx;
    const slow = mock.nodes[1];
    client.observe({
      tendFailed: (n) => {
        if (n?.name === slow.name) failures.push(n.name);
      },
      nodeSuspect: (n) => suspects.push(n.name),
    });
    slow.faults({ on: "info", stall: true });
    await waitFor("two failed tend refreshes", () => failures.length >= 2, 10_000);
    assert.ok(client.nodes().some((n) => n.name === slow.name), "a node that times out is kept");
    assert.deepEqual(suspects, []);
    slow.clearFaults();
  } finally {
    await fx.close();
  }
});

test("a write to a cluster with no node left fails within totalTimeout, not in doubt", async () => {
  const fx = await startCluster({ nodes: 1, client: { tendInterval: 60_000, log: { level: "off" } } });
  try {
    const { mock, client } = fx;
    const key = new Key("test", "restart", 1);
    await client.put(key, { v: 1 });
    await mock.nodes[0].stop({ noticed: false });
    await settle();
    const err = await client.put(key, { v: 2 }, { maxRetries: 0, totalTimeout: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof AerospikeError, String(err));
    assert.equal(err.inDoubt, false);
    assert.ok(
      err.code === ResultCode.TIMEOUT || err.code === ResultCode.INVALID_NODE_ERROR ||
        err.code === ResultCode.CONNECTION_ERROR,
      `code ${err.code}`,
    );
  } finally {
    await fx.close();
  }
});

test("a batch's request to a stopped node that sent nothing is re-split to the partitions' new owners, not counted as a retry", async () => {
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 60_000, log: { level: "off" } },
  });
  try {
    const { mock, client } = fx;
    await touchEveryNode(client, mock);
    const gone = mock.nodes[1];
    const theirs = keysMasteredBy(mock, 1, 12);
    const others = keysMasteredBy(mock, 0, 4).concat(keysMasteredBy(mock, 2, 4));
    const keys = [...theirs, ...others];
    for (const [i, key] of keys.entries()) await client.put(key, { v: i });
    await gone.stop({ noticed: false });
    await settle();

    const records = await client.batchGet(keys, undefined, { maxRetries: 0, totalTimeout: 5000 });
    assert.deepEqual(records.map((r) => r?.bins.v), keys.map((_, i) => i));
    assert.ok(!client.nodes().some((n) => n.name === gone.name), "the refused node was dropped");
    assert.equal(client.stats().retries, 0, "re-routing an unsent request is not a retry");

    // Writes too: each row reaches the new owner once, none in doubt.
    const results = await client.batch(
      theirs.map((key, i) => ({ type: "write" as const, key, ops: [ops.write("w", i)] })),
      { maxRetries: 0, totalTimeout: 5000 },
    );
    assert.deepEqual(results.map((r) => [r.resultCode, r.inDoubt]), theirs.map(() => [0, false]));
    for (const [i, key] of theirs.entries()) assert.equal((await client.get(key))?.bins.w, i);
  } finally {
    await fx.close();
  }
});

test("a batch write to a node that refuses connects goes to the new owner: the refresh drops the node first", async () => {
  // The node stops before the client ever pooled a connection to it: the batch's connect is refused.
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 60_000, log: { level: "off" } },
  });
  try {
    const { mock, client } = fx;
    const gone = mock.nodes[2];
    const keys = keysMasteredBy(mock, 2, 8);
    await gone.stop({ noticed: false });
    const results = await client.batch(
      keys.map((key, i) => ({ type: "write" as const, key, ops: [ops.write("v", i)] })),
      { maxRetries: 0, totalTimeout: 5000 },
    );
    assert.deepEqual(results.map((r) => [r.resultCode, r.inDoubt]), keys.map(() => [0, false]));
    assert.equal(client.stats().retries, 0);
  } finally {
    await fx.close();
  }
});

test("a scan whose node request was refused reads the stopped node's partitions from their new owners, not counted as a retry", async () => {
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 60_000, log: { level: "off" } },
  });
  try {
    const { mock, client } = fx;
    const keys = Array.from({ length: 60 }, (_, i) => new Key("test", "restart-scan", i));
    for (const [i, key] of keys.entries()) await client.put(key, { v: i });
    const gone = mock.nodes[0];
    await gone.stop({ noticed: false });
    await settle();
    // The cluster re-forms (its heartbeat timeout) when the client drops the node: until the
    // next refresh the stopped node's partitions have no master.
    client.on("nodeRemoved", () => mock.noticeStopped());
    const seen = new Set<number>();
    for await (
      const r of client.query("test", "restart-scan", { policy: { maxRetries: 0, totalTimeout: 5000 } })
    ) {
      seen.add(r.bins.v as number);
    }
    assert.equal(seen.size, keys.length);
    assert.ok(!client.nodes().some((n) => n.name === gone.name), "the refused node was dropped");
  } finally {
    await fx.close();
  }
});

test("a read whose node refuses goes to the next replica at once, without waiting for the refresh", async () => {
  // The refresh the refusal starts cannot end within the read's totalTimeout: the other nodes'
  // info stalls and the tend waits up to connectTimeout.
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 60_000, connectTimeout: 3000, log: { level: "off" } },
  });
  try {
    const { mock, client } = fx;
    const gone = mock.nodes[1];
    const keys = keysMasteredBy(mock, 1, 6);
    for (const [i, key] of keys.entries()) await client.put(key, { v: i });
    // Fresh connects only: the pool's connections to the node would otherwise be found closed.
    await gone.stop({ noticed: false });
    await settle();
    for (const n of [mock.nodes[0], mock.nodes[2]]) n.faults({ on: "info", stall: true });
    const values = await Promise.all(
      keys.map((key) => client.get(key, { maxRetries: 0, totalTimeout: 1000 }).then((r) => r?.bins.v)),
    );
    assert.deepEqual(values, keys.map((_, i) => i));
    assert.equal(client.stats().retries, 0, "moving off a refusing node is not a retry");
    for (const n of [mock.nodes[0], mock.nodes[2]]) n.clearFaults();
  } finally {
    await fx.close();
  }
});

test("a write whose connect outlasts socketTimeout keeps waiting within totalTimeout: nothing was sent", async () => {
  // Connects made after `slow` is set take 150 ms; the write's socketTimeout is 50 ms.
  let slow = false;
  const inner = defaultConnector();
  const connector: Connector = {
    connect: async (o) => {
      if (slow) await new Promise((r) => setTimeout(r, 150));
      return await inner.connect(o);
    },
    listen: (o) => inner.listen(o),
  };
  // No command has run yet: the pool is empty and the write connects.
  const fx = await startCluster({
    nodes: 1,
    client: { connector, tendInterval: 60_000, log: { level: "off" } },
  });
  try {
    const { client } = fx;
    assert.equal(client.stats().connections.open, 0);
    slow = true;
    const key = new Key("test", "restart", "slow-connect");
    await client.put(key, { v: 1 }, { maxRetries: 0, socketTimeout: 50, totalTimeout: 5000 });
    slow = false;
    assert.equal((await client.get(key))?.bins.v, 1);
    assert.equal(client.stats().retries, 0);
  } finally {
    await fx.close();
  }
});

test("a background query that cannot reach a stopped node starts, after the refresh that drops it, on the nodes left and leaves no record out", async () => {
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 60_000, log: { level: "off" } },
  });
  try {
    const { mock, client } = fx;
    const keys = Array.from({ length: 60 }, (_, i) => new Key("test", "restart-bg", i));
    for (const [i, key] of keys.entries()) await client.put(key, { v: i });
    const gone = mock.nodes[0];
    const others = mock.nodes.filter((n) => n !== gone).map((n) => n.name);
    await gone.stop({ noticed: false });
    await settle();
    // The cluster re-forms when the client drops the node (see the scan test below).
    client.on("nodeRemoved", () => mock.noticeStopped());
    const job = await client.queryBackground("test", "restart-bg", {
      ops: [ops.write("bg", 1)],
      policy: { maxRetries: 0, totalTimeout: 5000 },
    });
    await job.wait();
    assert.ok(!client.nodes().some((n) => n.name === gone.name), "the refused node was dropped");
    assert.equal(client.stats().retries, 0, "re-routing an unsent request is not a retry");
    // Sent to the others before the refresh, the job would have left the stopped node's partitions out.
    for (const key of keys) assert.equal((await client.get(key))?.bins.bg, 1);
    const shown = await client.infoAll(`query-show:trid=${job.id}`);
    assert.deepEqual([...shown.keys()].sort(), others.sort());
    for (const value of shown.values()) assert.match(value, /status=done/);
  } finally {
    await fx.close();
  }
});
