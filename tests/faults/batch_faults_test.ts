/** Fault matrix, batches: batchGet() (reads) and batch() of writes × every fault. */
import assert from "node:assert/strict";
import { AerospikeError, type BasePolicy, type Client, Key, ops } from "../../mod.ts";
import type { ClusterFixture } from "../helpers/cluster.ts";
import type { MockNode } from "../../server_mock/node.ts";
import { type Family, matrix } from "./matrix.ts";

interface BatchState {
  keys: Key[];
  /** Indexes of the keys the faulted node masters. */
  onTarget: Set<number>;
}

// Eight keys with at least two on each node; the fault goes to the master of the first.
async function seed(fx: ClusterFixture): Promise<{ state: BatchState; target: MockNode }> {
  const keys: Key[] = [];
  const masters: MockNode[] = [];
  for (let i = 0; keys.length < 8 || new Set(masters).size < 2; i++) {
    const k = new Key("test", "faults", `batch-${i}`);
    keys.push(k);
    masters.push(fx.mock.masterOf("test", k.partitionId)!);
  }
  for (const [i, k] of keys.entries()) await fx.client.put(k, { v: i });
  const target = masters[0];
  const onTarget = new Set(masters.flatMap((m, i) => (m === target ? [i] : [])));
  assert.ok(onTarget.size < keys.length);
  await fx.client.batchGet(keys);
  return { state: { keys, onTarget }, target };
}

const batchGet: Family<BatchState> = {
  name: "batchGet()",
  kind: "batch",
  write: false,
  setup: seed,
  run: async (client: Client, { keys }: BatchState, policy?: BasePolicy) => {
    const recs = await client.batchGet(keys, undefined, policy);
    assert.deepEqual(recs.map((r) => r?.bins.v), keys.map((_, i) => i));
  },
};

const batchWrite: Family<BatchState> = {
  name: "batch() of writes",
  kind: "batch",
  write: true,
  setup: seed,
  run: async (client: Client, { keys }: BatchState, policy?: BasePolicy) => {
    const results = await client.batch(
      keys.map((key, i) => ({ type: "write" as const, key, ops: [ops.write("v", 100 + i)] })),
      policy,
    );
    const failed = results.flatMap((r, i) => (r.resultCode !== 0 ? [i] : []));
    if (failed.length === 0) return;
    // A node's rows travel in one request: those without an answer when it broke fail together,
    // with one code (rows answered before the break keep their result).
    const first = results[failed[0]];
    for (const i of failed) {
      assert.equal(results[i].resultCode, first.resultCode, `row ${i}`);
      assert.equal(results[i].inDoubt, first.inDoubt, `row ${i}`);
    }
    throw new AerospikeError(first.resultCode, "batch rows failed", { inDoubt: first.inDoubt });
  },
  applied: async (client: Client, { keys, onTarget }: BatchState) => {
    const recs = await client.batchGet(keys);
    const done = [...onTarget].map((i) => recs[i]?.bins.v === 100 + i);
    assert.ok(done.every((d) => d === done[0]), "the faulted node's rows ran all or none");
    return done[0];
  },
};

matrix(batchGet);
matrix(batchWrite);
