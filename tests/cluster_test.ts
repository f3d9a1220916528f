/**
 * Cluster tending against the in-process mock cluster: discovery, node add/stop/restart,
 * rebalancing, fast connect failures, cluster-name checks, pools and close.
 */
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { MockCluster } from "../server_mock/mod.ts";
import { Cluster, type ClusterNode } from "../src/cluster/cluster.ts";
import { AerospikeError, ConnectionError } from "../src/errors.ts";
import { defaultConnector } from "../src/transport/auto.ts";
import { MemoryNetwork } from "../src/transport/memory.ts";
import { ownsPartition, parseReplicas, PARTITION_COUNT } from "../src/wire/info.ts";
import { ResultCode } from "../src/wire/result_code.ts";

const TEND = 50;
// "Within two tend intervals": two intervals plus the time the cycles themselves take.
const FOLLOW_MS = 2 * TEND + 250;

async function waitFor(what: string, cond: () => boolean, ms = FOLLOW_MS): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}

function names(cluster: Cluster): string[] {
  return cluster.nodes.map((n) => n.name).sort();
}

// Each node's own claims (read over a pooled connection, not the tend path) against our routing.
async function assertRoutingMatchesNodes(cluster: Cluster, ns = "test"): Promise<void> {
  const claims = new Map<ClusterNode, Uint8Array[]>();
  for (const node of cluster.nodes) {
    const info = await node.info(["replicas"]);
    claims.set(node, parseReplicas(info.get("replicas")!).get(ns)!.replicas);
  }
  for (let pid = 0; pid < PARTITION_COUNT; pid++) {
    const master = cluster.nodeFor(ns, pid, "master", 0, false);
    assert.ok(master !== undefined, `partition ${pid} has a master`);
    assert.ok(
      ownsPartition(claims.get(master)![0], pid),
      `partition ${pid}: ${master.name} claims to be master`,
    );
    const prole = cluster.nodeFor(ns, pid, "sequence", 1, false);
    assert.ok(prole !== undefined && prole !== master, `partition ${pid} has a distinct replica`);
    assert.ok(
      ownsPartition(claims.get(prole)![1], pid),
      `partition ${pid}: ${prole.name} claims to be replica`,
    );
  }
}

function mockNames(mock: MockCluster): string[] {
  return mock.nodes.map((n) => n.name).sort();
}

test("connect from one seed discovers all three nodes and their partition maps", async () => {
  const mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const firstSeed = mock.seeds.split(",")[0];
  const cluster = await Cluster.connect({ hosts: firstSeed, tendInterval: TEND });
  try {
    assert.deepEqual(names(cluster), mockNames(mock));
    assert.equal(cluster.hasNamespace("test"), true);
    assert.equal(cluster.hasNamespace("nope"), false);
    assert.equal(cluster.nodeFor("nope", 1, "master", 0, false), undefined);
    await assertRoutingMatchesNodes(cluster);
    assert.ok(cluster.randomNode() !== undefined);
    assert.equal(cluster.stats().nodes.length, 3);
    for (const n of cluster.nodes) assert.equal(n.features.has("replicas"), true);
  } finally {
    await cluster.close();
    await mock.close();
  }
});

test("one node reached through two seed addresses is one node", async () => {
  const mock = await MockCluster.start({ nodes: 2, namespaces: { test: { replicationFactor: 2 } } });
  const [seed] = mock.seeds.split(",");
  const port = Number(seed.split(":")[1]);
  const cluster = await Cluster.connect({
    hosts: [{ host: "127.0.0.1", port }, { host: "localhost", port }, { host: "127.0.0.1", port }],
    tendInterval: TEND,
  });
  try {
    assert.deepEqual(names(cluster), mockNames(mock));
  } finally {
    await cluster.close();
    await mock.close();
  }
});

test("the cluster follows an added node, a stopped node, a restart and a rebalance within two tend intervals", async () => {
  const mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const cluster = await Cluster.connect({ hosts: mock.seeds, tendInterval: TEND });
  try {
    await mock.addNode();
    await waitFor("the added node", () => cluster.nodes.length === 4);
    assert.deepEqual(names(cluster), mockNames(mock));
    await waitFor("partitions on the new node", () => {
      const added = cluster.nodes.find((n) => n.name === mock.nodes[3].name)!;
      for (let pid = 0; pid < PARTITION_COUNT; pid++) {
        if (cluster.nodeFor("test", pid, "master", 0, false) === added) return true;
      }
      return false;
    });
    await assertRoutingMatchesNodes(cluster);

    const stopped = mock.nodes[1].name;
    const before = cluster.nodes.find((n) => n.name === stopped)!;
    await mock.nodes[1].stop();
    await waitFor("the stopped node to go", () => !cluster.nodes.some((n) => n.name === stopped));
    assert.equal(before.active, false);
    assert.equal(before.pool.closed, true);
    await waitFor("no partition routed to the stopped node", () => !cluster.partitions.references(before));
    await assertRoutingMatchesNodes(cluster);

    await mock.nodes[1].restart();
    await waitFor("the restarted node", () => cluster.nodes.some((n) => n.name === stopped));
    await waitFor("a full map again", () => cluster.nodes.length === 4);
    await assertRoutingMatchesNodes(cluster);

    const masters = Array.from(
      { length: PARTITION_COUNT },
      (_, p) => cluster.nodeFor("test", p, "master", 0, false),
    );
    mock.rebalance();
    await waitFor("the rebalanced map", () => {
      for (let p = 0; p < PARTITION_COUNT; p++) {
        if (cluster.nodeFor("test", p, "master", 0, false) !== masters[p]) return true;
      }
      return false;
    });
    await new Promise((r) => setTimeout(r, 2 * TEND + 50));
    await assertRoutingMatchesNodes(cluster);
  } finally {
    await cluster.close();
    await mock.close();
  }
});

test("connect to a closed port fails fast with SERVER_NOT_AVAILABLE naming the seed", async () => {
  const listener = await defaultConnector().listen({ host: "127.0.0.1", port: 0, onConn: (c) => c.close() });
  const port = listener.port;
  await listener.close();
  const start = Date.now();
  await assert.rejects(Cluster.connect({ hosts: `127.0.0.1:${port}`, connectTimeout: 500 }), (e: unknown) => {
    assert.ok(e instanceof ConnectionError);
    assert.equal(e.code, ResultCode.SERVER_NOT_AVAILABLE);
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    return true;
  });
  assert.ok(Date.now() - start < 500 + 250, `took ${Date.now() - start} ms`);
});

test("connect to a server that never answers fails within connectTimeout", async () => {
  // A tiny silent server: accepts and reads, never replies.
  const listener = await defaultConnector().listen({
    host: "127.0.0.1",
    port: 0,
    onConn: (c) => c.onData(() => {}),
  });
  try {
    const start = Date.now();
    await assert.rejects(
      Cluster.connect({ hosts: `127.0.0.1:${listener.port}`, connectTimeout: 200 }),
      (e: unknown) => e instanceof ConnectionError && e.code === ResultCode.SERVER_NOT_AVAILABLE,
    );
    const took = Date.now() - start;
    assert.ok(took >= 150 && took < 200 + 250, `took ${took} ms`);
  } finally {
    await listener.close();
  }
});

test("a cluster-name mismatch rejects the seeds with CLUSTER_NAME_MISMATCH_ERROR", async () => {
  const mock = await MockCluster.start({ nodes: 2, namespaces: { test: { replicationFactor: 2 } } });
  try {
    await assert.rejects(
      Cluster.connect({ hosts: mock.seeds, clusterName: "not-this-cluster" }),
      (e: unknown) => {
        assert.ok(e instanceof AerospikeError);
        assert.equal(e.code, ResultCode.CLUSTER_NAME_MISMATCH_ERROR);
        assert.match(e.message, /not-this-cluster/);
        return true;
      },
    );
    const probe = await Cluster.connect({ hosts: mock.seeds });
    const name = (await probe.nodes[0].info(["cluster-name"])).get("cluster-name")!;
    await probe.close();
    const cluster = await Cluster.connect({ hosts: mock.seeds, clusterName: name });
    assert.equal(cluster.nodes.length, 2);
    await cluster.close();
  } finally {
    await mock.close();
  }
});

test("credentials are checked before any I/O (tests/client_auth_test.ts covers logging in)", async () => {
  await assert.rejects(Cluster.connect({ hosts: "127.0.0.1:1", user: "u" }), TypeError);
  await assert.rejects(
    Cluster.connect({ hosts: "127.0.0.1:1", user: "u", password: "p", authMode: "external" }),
    TypeError,
  );
});

test("pools warm minConnsPerNode, cap at maxConnsPerNode and reap idle connections", async () => {
  const mock = await MockCluster.start({ nodes: 2, namespaces: { test: { replicationFactor: 2 } } });
  const cluster = await Cluster.connect({
    hosts: mock.seeds,
    tendInterval: TEND,
    minConnsPerNode: 2,
    maxConnsPerNode: 3,
  });
  try {
    await waitFor("warm pools", () => cluster.stats().nodes.every((n) => n.connections.idle === 2));
    const node = cluster.nodes[0];
    const conns = [await node.pool.acquire(), await node.pool.acquire(), await node.pool.acquire()];
    await assert.rejects(
      node.pool.acquire(),
      (e: unknown) => e instanceof AerospikeError && e.code === ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE,
    );
    for (const c of conns) node.pool.release(c, true);
    assert.equal((await node.info(["build"])).get("build")?.length !== 0, true);
  } finally {
    await cluster.close();
  }
  const reaping = await Cluster.connect({ hosts: mock.seeds, tendInterval: TEND, maxSocketIdle: 0.02 });
  try {
    const node = reaping.nodes[0];
    node.pool.release(await node.pool.acquire(), true);
    assert.equal(node.pool.idle, 1);
    await waitFor("the idle connection to be reaped", () => node.pool.open === 0);
  } finally {
    await reaping.close();
    await mock.close();
  }
});

test("close stops tending, closes every connection, and is idempotent", async () => {
  const mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const cluster = await Cluster.connect({ hosts: mock.seeds, tendInterval: TEND, minConnsPerNode: 1 });
  const nodes = cluster.nodes;
  await cluster.close();
  await cluster.close();
  assert.equal(cluster.nodes.length, 0);
  assert.equal(cluster.nodeFor("test", 0, "master", 0, false), undefined);
  for (const n of nodes) {
    assert.equal(n.active, false);
    assert.equal(n.pool.open, 0);
  }
  await assert.rejects(
    nodes[0].pool.acquire(),
    (e: unknown) => e instanceof AerospikeError && e.code === ResultCode.CLIENT_CLOSED,
  );
  await mock.close();
});

test("a node whose info stalls does not stop the others from being tended", async () => {
  const mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const cluster = await Cluster.connect({ hosts: mock.seeds, tendInterval: TEND, connectTimeout: 100 });
  try {
    const stalled = mock.nodes[2].name;
    mock.nodes[2].faults({ on: "info", stall: true });
    await mock.addNode();
    // A cycle now lasts a tend interval plus the stalled refresh's budget (100 ms); the new node
    // must be found while the stalled one is still a member (it is dropped after 5 failed cycles).
    await waitFor(
      "the added node despite the stalled one",
      () => cluster.nodes.some((n) => n.name === mock.nodes[3].name),
      2 * (TEND + 100) + 250,
    );
    assert.ok(cluster.nodes.some((n) => n.name === stalled), "the stalled node is not dropped at once");
    await waitFor(
      "the stalled node to be dropped",
      () => !cluster.nodes.some((n) => n.name === stalled),
      6 * 500,
    );
    mock.nodes[2].clearFaults();
    await waitFor("the recovered node to return", () => cluster.nodes.length === 4, 2 * (TEND + 300) + 250);
    await assertRoutingMatchesNodes(cluster);
  } finally {
    await cluster.close();
    await mock.close();
  }
});

test("connect to an unreachable seed gives up after connectTimeout without blocking the event loop", async () => {
  const net = new MemoryNetwork();
  net.blackhole("10.1.2.3", 3000);
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  const start = Date.now();
  try {
    await assert.rejects(
      Cluster.connect({ hosts: "10.1.2.3", connectTimeout: 150, connector: net }),
      (e: unknown) => {
        assert.ok(e instanceof ConnectionError);
        assert.equal(e.code, ResultCode.SERVER_NOT_AVAILABLE);
        assert.match(e.message, /10\.1\.2\.3:3000.*ETIMEDOUT/);
        return true;
      },
    );
  } finally {
    clearInterval(ticker);
  }
  const took = Date.now() - start;
  assert.ok(took >= 140 && took < 150 + 250, `took ${took} ms`);
  assert.ok(ticks >= 5, `timers kept running during connect (${ticks} ticks)`);
});

test("useServicesAlternate discovers peers through peers-clear-alt", async () => {
  // The mock (like a node without alternate addresses configured) lists no alternate peers,
  // so only the seed is found; with the standard list all three are.
  const mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const seed = mock.seeds.split(",")[0];
  const alt = await Cluster.connect({ hosts: seed, tendInterval: TEND, useServicesAlternate: true });
  const std = await Cluster.connect({ hosts: seed, tendInterval: TEND });
  try {
    assert.equal(alt.nodes.length, 1);
    assert.equal(std.nodes.length, 3);
  } finally {
    await alt.close();
    await std.close();
    await mock.close();
  }
});

test("a tend connection holding an extra info reply is reopened instead of answering the next tend", async () => {
  const mock = await MockCluster.start({ nodes: 1 });
  const cluster = await Cluster.connect({ hosts: mock.seeds, tendInterval: TEND });
  try {
    const node = mock.nodes[0];
    const opened = node.stats().connections.opened;
    node.faults({ on: "info", nth: 1, duplicateReply: true });
    // The duplicated reply lands on the tend connection; later cycles must not read it as theirs.
    await waitFor("a new tend connection", () => node.stats().connections.opened > opened, 6 * TEND + 500);
    await new Promise((r) => setTimeout(r, 3 * TEND));
    assert.equal(node.stats().connections.reusedAfterFault, 0, "a request went out on the broken connection");
    assert.equal(cluster.nodes.length, 1);
  } finally {
    await cluster.close();
    await mock.close();
  }
});
