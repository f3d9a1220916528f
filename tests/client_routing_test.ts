// Routing: with 3 nodes and replication 2 every single-record command lands on the master (on the
// real cluster: no node had to proxy one); reads with replica "sequence" move to the replica after
// a master fault (mock-only: fault injection).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { THREE_NODES_RF2, withCluster } from "./helpers/cluster.ts";
import { counterDelta, nodeCounters, total } from "./helpers/server_stats.ts";
import { Key, ops } from "../mod.ts";

targetTest("every single-record command lands on the partition's master", async (t) => {
  const { client, mock } = t;
  assert.equal(client.stats().nodes.length, t.nodes);
  const proxied = (): Promise<Map<string, number>> =>
    nodeCounters(client, `namespace/${t.ns}`, "client_proxy_complete");
  const writeCount = (): Promise<Map<string, number>> =>
    nodeCounters(client, `namespace/${t.ns}`, "client_write_success");
  const [proxiedBefore, writesBefore] = [await proxied(), await writeCount()];
  for (let i = 0; i < 200; i++) {
    const key = new Key(t.ns, t.set("route"), `k${i}`);
    await client.put(key, { v: i });
    assert.equal((await client.get(key))!.bins.v, i);
    assert.equal(await client.exists(key), true);
    await client.operate(key, [ops.add("v", 1), ops.read("v")]);
    await client.touch(key);
    if (i % 2 === 0) await client.remove(key);
  }
  if (mock === undefined) {
    assert.equal(total(counterDelta(proxiedBefore, await proxied())), 0, "no node proxied a command");
    for (const [node, n] of counterDelta(writesBefore, await writeCount())) {
      assert.ok(n > 0, `node ${node} got no write`);
    }
    return;
  }
  let reads = 0;
  let writes = 0;
  for (const node of mock.nodes) {
    const s = node.stats();
    assert.deepEqual(s.notMaster, { reads: 0, writes: 0 }, `node ${node.name} got misrouted commands`);
    reads += s.commands.read;
    writes += s.commands.write;
    assert.ok(s.commands.read + s.commands.write > 0, `node ${node.name} got no command at all`);
  }
  assert.ok(reads >= 400, `reads ${reads}`);
  assert.ok(writes >= 700, `writes ${writes}`);
}, { nodes: 3 });

// Mock-only: stalls the master (fault injection).
test("a read retried with replica sequence goes to the replica after the master stalls", async () => {
  await withCluster(THREE_NODES_RF2, async ({ mock, client }) => {
    const key = new Key("test", "route", "replica");
    await client.put(key, { v: 1 });
    const master = mock.masterOf("test", key.partitionId)!;
    const replicaName = mock.owners("test")[key.partitionId][1];
    const replica = mock.nodes.find((n) => n.name === replicaName)!;
    const before = replica.stats().commands.read;
    master.faults({ on: "read", stall: true });
    const rec = await client.get(key, { socketTimeout: 50, totalTimeout: 2000, maxRetries: 2 });
    assert.equal(rec!.bins.v, 1);
    assert.equal(replica.stats().commands.read, before + 1);
    assert.equal(client.stats().retries, 1);
    assert.equal(client.stats().timeouts, 1);
  });
});

// Mock-only: stalls the master (fault injection).
test("with replica master every attempt stays on the master and a stalled master times out", async () => {
  await withCluster(THREE_NODES_RF2, async ({ mock, client }) => {
    const key = new Key("test", "route", "masteronly");
    await client.put(key, { v: 1 });
    const master = mock.masterOf("test", key.partitionId)!;
    master.faults({ on: "read", stall: true });
    await assert.rejects(
      client.get(key, { replica: "master", socketTimeout: 30, totalTimeout: 500, maxRetries: 2 }),
      (e: Error & { code?: number; attempts?: number }) => e.code === 9 && e.attempts === 3,
    );
    assert.equal(master.stats().commands.read, 3); // one per attempt, none elsewhere
  });
});
