import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { type NamespaceReplicas, PARTITION_BITMAP_BYTES, setPartition } from "../wire/info.ts";
import { PartitionMap, type RoutableNode } from "./partition_map.ts";

class FakeNode implements RoutableNode {
  active = true;
  suspect = false;
  racks = new Map<string, number>();
  constructor(readonly name: string) {}
  hasRack(ns: string, rackId: number): boolean {
    return this.racks.get(ns) === rackId;
  }
}

function bitmap(pids: number[]): Uint8Array {
  const b = new Uint8Array(PARTITION_BITMAP_BYTES);
  for (const p of pids) setPartition(b, p);
  return b;
}

function claims(ns: string, perReplica: number[][], regime = 0): Map<string, NamespaceReplicas> {
  return new Map([[ns, { regime, replicas: perReplica.map(bitmap) }]]);
}

// Partition 7: A master, B prole. Partition 8: B master, A prole. Partition 4095: C master only.
function threeNodes(): { a: FakeNode; b: FakeNode; c: FakeNode; map: PartitionMap<FakeNode> } {
  const a = new FakeNode("A"), b = new FakeNode("B"), c = new FakeNode("C");
  const map = PartitionMap.empty<FakeNode>()
    .withNodeReplicas(a, claims("test", [[7], [8]]))
    .withNodeReplicas(b, claims("test", [[8], [7]]))
    .withNodeReplicas(c, claims("test", [[4095], []]));
  return { a, b, c, map };
}

test("master routing picks replica 0 and nothing for an unknown namespace or partition", () => {
  const { a, b, c, map } = threeNodes();
  assert.equal(map.nodeFor("test", 7, "master", 0, false), a);
  assert.equal(map.nodeFor("test", 8, "master", 3, true), b);
  assert.equal(map.nodeFor("test", 4095, "master", 0, false), c);
  assert.equal(map.nodeFor("test", 9, "master", 0, false), undefined);
  assert.equal(map.nodeFor("other", 7, "master", 0, false), undefined);
  assert.equal(map.nodeFor("test", 4096, "master", 0, false), undefined);
  assert.equal(map.nodeFor("test", -1, "sequence", 0, false), undefined);
  assert.equal(map.has("test"), true);
  assert.equal(map.has("other"), false);
});

test("sequence routing moves to the next replica on each attempt and skips inactive nodes", () => {
  const { a, b, map } = threeNodes();
  assert.equal(map.nodeFor("test", 7, "sequence", 0, false), a);
  assert.equal(map.nodeFor("test", 7, "sequence", 1, false), b);
  assert.equal(map.nodeFor("test", 7, "sequence", 2, false), a);
  assert.equal(map.nodeFor("test", 7, "sequence", 1, true), b, "writes with sequence rotate too");
  a.active = false;
  assert.equal(map.nodeFor("test", 7, "sequence", 0, false), b);
  assert.equal(map.nodeFor("test", 7, "master", 0, false), undefined, "master never falls back");
  b.active = false;
  assert.equal(map.nodeFor("test", 7, "sequence", 0, false), undefined);
});

test("sequence reads move past a suspect node while another replica is known; writes do not", () => {
  const { a, b, c, map } = threeNodes();
  a.suspect = true;
  assert.equal(map.nodeFor("test", 7, "sequence", 0, false), b);
  assert.equal(map.nodeFor("test", 7, "sequence", 2, false), b);
  assert.equal(map.nodeFor("test", 7, "sequence", 0, true), a, "a write waits for the refresh instead");
  assert.equal(map.nodeFor("test", 7, "master", 0, false), a);
  b.suspect = true;
  assert.equal(map.nodeFor("test", 7, "sequence", 1, false), b, "every replica suspect: the one asked for");
  c.suspect = true;
  assert.equal(map.nodeFor("test", 4095, "sequence", 0, false), c, "the only replica");
});

test("any routing round-robins reads over the replicas and sends writes to the master", () => {
  const { a, b, map } = threeNodes();
  const seen = new Set<FakeNode | undefined>();
  for (let i = 0; i < 4; i++) seen.add(map.nodeFor("test", 7, "any", 0, false));
  assert.deepEqual(seen, new Set([a, b]));
  for (let i = 0; i < 4; i++) assert.equal(map.nodeFor("test", 7, "any", i, true), a);
});

test("preferRack routing prefers the node on the client's rack and rotates on retries", () => {
  const { a, b, map } = threeNodes();
  b.racks.set("test", 2);
  a.racks.set("test", 1);
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false, [2]), b);
  assert.equal(map.nodeFor("test", 7, "preferRack", 1, false, [2]), a);
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false, [1]), a);
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false, [9]), a, "unknown rack: replica order");
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false), a, "no rackId: sequence");
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, true, [2]), a, "writes: sequence");
  b.active = false;
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false, [2]), a);
});

test("preferRack with a rackIds list tries the racks in preference order, then the others", () => {
  const { a, b, map } = threeNodes();
  a.racks.set("test", 1);
  b.racks.set("test", 2);
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false, [2, 1]), b, "rack 2 first");
  assert.equal(map.nodeFor("test", 7, "preferRack", 1, false, [2, 1]), a, "then rack 1");
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false, [5, 1, 2]), a, "rack 5 has none: rack 1");
  assert.equal(map.nodeFor("test", 7, "preferRack", 0, false, [5, 6]), a, "no listed rack: replica order");
  assert.equal(map.nodeFor("test", 7, "random", 0, false, [2]), a, "random in the map is the master");
});

test("a new snapshot leaves the old one untouched (copy on write)", () => {
  const { a, b, map } = threeNodes();
  const next = map.withNodeReplicas(b, claims("test", [[7, 8], []]));
  assert.equal(next.nodeFor("test", 7, "master", 0, false), b);
  assert.equal(map.nodeFor("test", 7, "master", 0, false), a);
  // Replica 1 of partition 7 keeps B until its new owner reports (as the official clients do).
  assert.equal(next.nodeFor("test", 7, "sequence", 1, false), b);
});

test("a lower SC regime never overwrites a higher one", () => {
  const a = new FakeNode("A"), b = new FakeNode("B");
  let map = PartitionMap.empty<FakeNode>().withNodeReplicas(a, claims("sc", [[5]], 3));
  map = map.withNodeReplicas(b, claims("sc", [[5]], 2));
  assert.equal(map.nodeFor("sc", 5, "master", 0, false), a);
  map = map.withNodeReplicas(b, claims("sc", [[5]], 4));
  assert.equal(map.nodeFor("sc", 5, "master", 0, false), b);
});

test("withoutNode clears a removed node's partitions and keeps the others", () => {
  const { a, b, c, map } = threeNodes();
  const next = map.withoutNode(a);
  assert.equal(next.references(a), false);
  assert.equal(map.references(a), true);
  assert.equal(next.nodeFor("test", 7, "sequence", 0, false), b);
  assert.equal(next.nodeFor("test", 4095, "master", 0, false), c);
  assert.equal(next.withoutNode(a), next, "nothing to clear: same snapshot");
});

test("every partition of a full map routes to its owner", () => {
  const nodes = [new FakeNode("A"), new FakeNode("B"), new FakeNode("C")];
  let map = PartitionMap.empty<FakeNode>();
  nodes.forEach((n, i) => {
    const master: number[] = [], prole: number[] = [];
    for (let p = 0; p < 4096; p++) {
      if (p % 3 === i) master.push(p);
      if ((p + 1) % 3 === i) prole.push(p);
    }
    map = map.withNodeReplicas(n, claims("test", [master, prole]));
  });
  for (let p = 0; p < 4096; p++) {
    assert.equal(map.nodeFor("test", p, "master", 0, false), nodes[p % 3]);
    assert.equal(map.nodeFor("test", p, "sequence", 1, false), nodes[(p + 1) % 3]);
  }
});
