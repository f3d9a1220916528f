/** Fault matrix, scans: a scan of a set, on both nodes, × every fault; every record exactly once. */
import assert from "node:assert/strict";
import { type BasePolicy, type Client, Key } from "../../mod.ts";
import type { ClusterFixture } from "../helpers/cluster.ts";
import type { MockNode } from "../../server_mock/node.ts";
import { type Family, matrix } from "./matrix.ts";

const RECORDS = 40;

async function seed(fx: ClusterFixture): Promise<{ state: null; target: MockNode }> {
  for (let i = 0; i < RECORDS; i++) await fx.client.put(new Key("test", "scan", i), { v: i });
  assert.equal(await fx.client.query("test", "scan").count(), RECORDS);
  return { state: null, target: fx.mock.nodes[0] };
}

const scan: Family<null> = {
  name: "query() scan",
  kind: "scan",
  write: false,
  setup: seed,
  run: async (client: Client, _state: null, policy?: BasePolicy) => {
    const recs = await client.query("test", "scan", { policy }).toArray();
    const values = recs.map((r) => r.bins.v as number).sort((a, b) => a - b);
    assert.deepEqual(values, Array.from({ length: RECORDS }, (_, i) => i), "every record exactly once");
  },
};

matrix(scan);
