/** The mock cluster over real sockets: info for tending, ownership, membership, wrong-node counts. */
import assert from "node:assert/strict";
import { MockCluster } from "../server_mock/mod.ts";
import { PARTITIONS } from "../src/wire/digest.ts";
import { encodeInfoRequest, ownsPartition, parsePeers, parseReplicas } from "../src/wire/info.ts";
import { RawConn } from "./helpers/raw_conn.ts";
import { digestOf, getFrame, infoMap, putFrame, replyMessage } from "./helpers/mock_requests.ts";
import { test } from "./helpers/test.ts";

async function info(port: number, ...commands: string[]): Promise<Map<string, string>> {
  const c = await RawConn.open(port);
  try {
    return infoMap((await c.request(encodeInfoRequest(commands)))!);
  } finally {
    await c.close();
  }
}

async function masters(mock: MockCluster): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const n of mock.liveNodes()) {
    const rep = parseReplicas((await info(n.port, "replicas")).get("replicas")!).get("test")!;
    for (let pid = 0; pid < PARTITIONS; pid++) {
      if (ownsPartition(rep.replicas[0], pid)) {
        assert.ok(!out.has(pid), `partition ${pid} has one master`);
        out.set(pid, n.name);
      }
    }
  }
  return out;
}

test("nodes identify themselves and advertise each other as a real cluster does", async () => {
  await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  assert.equal(mock.seeds, mock.nodes.map((n) => `127.0.0.1:${n.port}`).join(","));
  const a = await info(
    mock.nodes[0].port,
    "node",
    "cluster-name",
    "namespaces",
    "peers-clear-std",
    "features",
  );
  assert.match(a.get("node")!, /^[0-9A-F]{16}$/);
  assert.equal(a.get("cluster-name"), "mock");
  assert.equal(a.get("namespaces"), "test");
  assert.match(a.get("features")!, /pipelining;pquery;pscans/);
  const peers = parsePeers(a.get("peers-clear-std")!);
  assert.deepEqual(peers.peers.map((p) => p.nodeId).sort(), [mock.nodes[1].name, mock.nodes[2].name].sort());
  assert.deepEqual(
    peers.peers.map((p) => p.hosts[0].port).sort(),
    [mock.nodes[1].port, mock.nodes[2].port].sort(),
  );
});

test("replicas give every partition one master and a balanced spread", async () => {
  await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const m = await masters(mock);
  assert.equal(m.size, PARTITIONS);
  for (const n of mock.nodes) {
    const count = [...m.values()].filter((x) => x === n.name).length;
    assert.ok(count > 1100 && count < 1650, `${n.name} masters ${count}`);
  }
  const rep = parseReplicas((await info(mock.nodes[0].port, "replicas")).get("replicas")!).get("test")!;
  assert.equal(rep.replicas.length, 2);
});

test("unknown, enterprise-only and empty info requests answer like CE 8.1", async () => {
  await using mock = await MockCluster.start();
  const port = mock.nodes[0].port;
  const a = await info(port, "no-such-command", "racks:", "build", "edition");
  assert.equal(a.get("no-such-command"), "ERROR:4:unrecognized command");
  assert.equal(a.get("racks:"), "ERROR:25:enterprise only");
  assert.equal(a.get("build"), "8.1.2.0");
  assert.equal(a.get("edition"), "Aerospike Community Edition");
  const c = await RawConn.open(port);
  const all = infoMap((await c.request(new Uint8Array([2, 1, 0, 0, 0, 0, 0, 0])))!);
  await c.close();
  assert.deepEqual([...all.keys()].slice(0, 3), ["features", "node", "compatibility-id"]);
  assert.ok(all.has("partition-generation"));
});

test("stop, restart, addNode and rebalance move partitions and bump the generations", async () => {
  await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const port0 = mock.nodes[0].port;
  const before = await info(port0, "partition-generation", "peers-generation");
  const firstMasters = await masters(mock);
  const port2 = mock.nodes[2].port;
  await mock.nodes[2].stop();
  const stopped = await info(port0, "partition-generation", "peers-generation", "peers-clear-std");
  assert.ok(Number(stopped.get("partition-generation")) > Number(before.get("partition-generation")));
  assert.ok(Number(stopped.get("peers-generation")) > Number(before.get("peers-generation")));
  assert.equal(parsePeers(stopped.get("peers-clear-std")!).peers.length, 1);
  assert.equal((await masters(mock)).size, PARTITIONS, "two nodes still cover every partition");
  await assert.rejects(RawConn.open(port2));
  await mock.nodes[2].restart();
  assert.equal(mock.nodes[2].port, port2);
  assert.deepEqual(await masters(mock), firstMasters, "ownership is a function of the live nodes");
  mock.rebalance();
  const moved = [...(await masters(mock))].filter(([pid, n]) => firstMasters.get(pid) !== n).length;
  assert.ok(moved > 1000, `rebalance moved ${moved} masters`);
  const added = await mock.addNode();
  assert.equal(mock.nodes.length, 4);
  assert.ok([...(await masters(mock)).values()].includes(added.name));
});

test("records survive a node restart and wrong-node arrivals are counted but served", async () => {
  await using mock = await MockCluster.start({ nodes: 2, namespaces: { test: { replicationFactor: 1 } } });
  const { pid } = digestOf("k1");
  const master = mock.masterOf("test", pid)!;
  const other = mock.nodes.find((n) => n !== master)!;
  const c = await RawConn.open(other.port);
  assert.equal(replyMessage((await c.request(putFrame("k1", 5)))!).resultCode, 0);
  assert.equal(replyMessage((await c.request(getFrame("k1")))!).resultCode, 0);
  await c.close();
  const s = other.stats();
  assert.deepEqual(s.notMaster, { reads: 1, writes: 1 });
  assert.deepEqual(s.notReplica, { reads: 1 });
  assert.equal(s.commands.write, 1);
  assert.equal(master.stats().notMaster.writes, 0);
  await master.restart();
  const d = await RawConn.open(master.port);
  const got = replyMessage((await d.request(getFrame("k1")))!);
  assert.equal(got.ops[0].data[7], 5);
  assert.equal(master.stats().connections.open, 1);
  await d.close();
});

test("truncate and truncate-namespace delete records", async () => {
  await using mock = await MockCluster.start();
  const c = await RawConn.open(mock.nodes[0].port);
  await c.request(putFrame("a", 1));
  await c.request(putFrame("b", 1));
  const sets = infoMap((await c.request(encodeInfoRequest(["sets"])))!).get("sets")!;
  assert.match(sets, /ns=test:set=s:objects=2:/);
  const t = infoMap((await c.request(encodeInfoRequest(["truncate:namespace=test;set=s"])))!);
  assert.equal(t.get("truncate:namespace=test;set=s"), "ok");
  assert.equal(replyMessage((await c.request(getFrame("a")))!).resultCode, 2);
  await c.close();
});
