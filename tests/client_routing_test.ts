// Routing: with 3 mock nodes and replication 2 every single-record command lands on the master;
// reads with replica "sequence" move to the replica after a master fault.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { THREE_NODES_RF2, withCluster } from "./helpers/cluster.ts";
import { Key, ops } from "../mod.ts";

test("every single-record command lands on the partition's master", async () => {
  await withCluster(THREE_NODES_RF2, async ({ mock, client }) => {
    assert.equal(client.stats().nodes.length, 3);
    for (let i = 0; i < 200; i++) {
      const key = new Key("test", "route", `k${i}`);
      await client.put(key, { v: i });
      assert.equal((await client.get(key))!.bins.v, i);
      assert.equal(await client.exists(key), true);
      await client.operate(key, [ops.add("v", 1), ops.read("v")]);
      await client.touch(key);
      if (i % 2 === 0) await client.remove(key);
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
  });
});

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
