/** Fault matrix, single-record commands: get() (a read), put() and operate() (writes) × every fault. */
import assert from "node:assert/strict";
import { type BasePolicy, type Client, Key, ops } from "../../mod.ts";
import type { ClusterFixture } from "../helpers/cluster.ts";
import type { MockNode } from "../../server_mock/node.ts";
import { type Family, matrix } from "./matrix.ts";

const key = new Key("test", "faults", "single");

async function seed(fx: ClusterFixture): Promise<{ state: Key; target: MockNode }> {
  await fx.client.put(key, { v: 1, n: 1 });
  assert.equal((await fx.client.get(key))?.bins.v, 1);
  return { state: key, target: fx.mock.masterOf("test", key.partitionId)! };
}

const get: Family<Key> = {
  name: "get()",
  kind: "read",
  write: false,
  setup: seed,
  run: async (client: Client, k: Key, policy?: BasePolicy) => {
    const rec = await client.get(k, undefined, policy);
    assert.equal(rec?.bins.v, 1);
  },
};

const put: Family<Key> = {
  name: "put()",
  kind: "write",
  write: true,
  setup: seed,
  run: async (client: Client, k: Key, policy?: BasePolicy) => {
    await client.put(k, { v: 2 }, policy);
  },
  applied: async (client: Client, k: Key) => (await client.get(k))?.bins.v === 2,
};

const operate: Family<Key> = {
  name: "operate()",
  kind: "write",
  write: true,
  setup: seed,
  run: async (client: Client, k: Key, policy?: BasePolicy) => {
    const rec = await client.operate(k, [ops.add("n", 1), ops.read("n")], policy);
    assert.equal(typeof rec.bins.n, "number");
  },
  applied: async (client: Client, k: Key) => (await client.get(k))?.bins.n === 2,
};

matrix(get);
matrix(put);
matrix(operate);

// Bursts on pipelined connections: a failure there fails every command sharing the connection.
const BURST = { label: "×16 pipelined", concurrency: 16, client: { pipeline: { depth: 8 } } };
matrix(get, BURST);
matrix(put, BURST);
