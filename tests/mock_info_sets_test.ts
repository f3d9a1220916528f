/**
 * `sets` / `sets/<ns>` on a multi-node mock: each node counts the records it holds a copy of
 * (master or replica), as a real node does; a CE 8.1 node's `objects=` in `namespace/<ns>` is the
 * same master + prole count (tests/fixtures/vectors/info_cluster_node*.json show two nodes with
 * replication factor 2).
 */
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { nodeCounters, total } from "./helpers/server_stats.ts";
import { Key } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";
import { RawConn } from "./helpers/raw_conn.ts";
import { infoMap, putFrame, replyMessage } from "./helpers/mock_requests.ts";
import { encodeInfoRequest } from "../src/wire/info.ts";

async function info(port: number, cmds: string[]): Promise<Map<string, string>> {
  const c = await RawConn.open(port);
  try {
    return infoMap((await c.request(encodeInfoRequest(cmds)))!);
  } finally {
    await c.close();
  }
}

const objectsOf = (text: string, key = "objects"): number =>
  Number(new RegExp(`(?:^|[:;])${key}=(\\d+)`).exec(text)![1]);

async function perNode(mock: MockCluster): Promise<{ sets: number; ns: number }[]> {
  const out = [];
  for (const node of mock.nodes) {
    const m = await info(node.port, ["sets/test", "namespace/test"]);
    out.push({ sets: objectsOf(m.get("sets/test")!), ns: objectsOf(m.get("namespace/test")!) });
  }
  return out;
}

async function putMany(mock: MockCluster, n: number): Promise<void> {
  const c = await RawConn.open(mock.nodes[0].port);
  try {
    for (let i = 0; i < n; i++) {
      assert.equal(replyMessage((await c.request(putFrame(`k${i}`, i)))!).resultCode, 0);
    }
  } finally {
    await c.close();
  }
}

test("with one replica, each node's sets count is its own share and the shares add up", async () => {
  await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 1 } } });
  await putMany(mock, 60);
  const counts = await perNode(mock);
  assert.equal(counts.reduce((a, c) => a + c.sets, 0), 60);
  assert.ok(counts.every((c) => c.sets < 60), JSON.stringify(counts));
  for (const c of counts) assert.equal(c.sets, c.ns, "sets objects = namespace master + prole objects");
});

test("with two replicas, each node counts masters and replicas: twice the records in all", async () => {
  await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  await putMany(mock, 60);
  const counts = await perNode(mock);
  assert.equal(counts.reduce((a, c) => a + c.sets, 0), 120);
  for (const c of counts) assert.equal(c.sets, c.ns);
  // Two nodes with two replicas (the captured cluster's layout): each holds every record.
  await using pair = await MockCluster.start({ nodes: 2, namespaces: { test: { replicationFactor: 2 } } });
  await putMany(pair, 20);
  assert.deepEqual((await perNode(pair)).map((c) => c.sets), [20, 20]);
});

targetTest(
  "each node counts the copies of a set's records it holds: records times copies in all",
  async (t) => {
    const set = t.set("sets");
    for (let i = 0; i < 60; i++) await t.client.put(new Key(t.ns, set, i), { i });
    const counts = await nodeCounters(t.client, `sets/${t.ns}/${set}`, "objects");
    assert.equal(counts.size, t.nodes);
    // Two copies on a cluster of two or more (the shared server and the mock target keep two).
    assert.equal(total(counts), 60 * Math.min(2, t.nodes), JSON.stringify([...counts]));
  },
  { nodes: 3 },
);
