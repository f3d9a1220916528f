// A background query over a set a node knows nothing of: CE 8.1.2.0 refuses it there with
// KEY_NOT_FOUND_ERROR (2) and starts no job (`query-show` answers "job not found"), which the
// official clients read as "nothing to do there". A node knows a set once it stored a record of it
// (kept after the records are removed) or an index was created on it. On 3 real nodes a set with
// one record is known to the two nodes holding a copy of it only.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { exp, Key, ops } from "../mod.ts";
import type { Client } from "../mod.ts";

// The nodes that started job `id` (the others answer `ERROR:2:job not found`).
async function nodesWithJob(client: Client, id: bigint): Promise<number> {
  const answers = await client.infoAll(`query-show:trid=${id}`);
  let n = 0;
  for (const value of answers.values()) {
    if (value.startsWith("ERROR:2")) continue;
    assert.match(value, /status=/);
    n++;
  }
  return n;
}

targetTest("a background query over a set no node holds a record of starts no job anywhere", async (t) => {
  const set = t.set("bg_empty");
  const job = await t.client.queryBackground(t.ns, set, { ops: [ops.touch()] });
  await job.wait(); // rejected with KEY_NOT_FOUND_ERROR (2) on a real node before
  assert.equal(await nodesWithJob(t.client, job.id), 0);
  const udf = await t.client.queryBackground(t.ns, set, { udf: { module: "bg_none", fn: "f" } });
  await udf.wait();
  assert.equal(await nodesWithJob(t.client, udf.id), 0);
  // A read does not make the set known; a write does, even one whose record is removed.
  assert.equal(await t.client.get(new Key(t.ns, set, 1)), null);
  const afterGet = await t.client.queryBackground(t.ns, set, { ops: [ops.touch()] });
  assert.equal(await nodesWithJob(t.client, afterGet.id), 0);
  await t.client.put(new Key(t.ns, set, 1), { n: 1 });
  await t.client.remove(new Key(t.ns, set, 1));
  const afterRemove = await t.client.queryBackground(t.ns, set, { ops: [ops.touch()] });
  await afterRemove.wait();
  assert.ok(await nodesWithJob(t.client, afterRemove.id) >= 1);
  assert.equal((await afterRemove.info()).recordsRead, 0);
});

targetTest("a background query over a whole empty namespace starts its job on every node", async (t) => {
  // The whole namespace has no set to look up: every node takes the job.
  const job = await t.client.queryBackground(t.ns, null, {
    ops: [ops.touch()],
    expression: exp.build(exp.bool(false)), // no record is written
  });
  await job.wait();
  assert.equal(await nodesWithJob(t.client, job.id), t.nodes);
});

targetTest("a set of one record is known to the nodes holding a copy of it only", async (t) => {
  const set = t.set("bg_one");
  await t.client.put(new Key(t.ns, set, "k"), { n: 1 });
  const copies = Number(
    /effective_replication_factor=(\d+)/.exec(await t.client.info(`namespace/${t.ns}`))?.[1],
  );
  assert.ok(copies >= 1);
  const job = await t.client.queryBackground(t.ns, set, { ops: [ops.add("n", 1)] });
  await job.wait();
  assert.equal(await nodesWithJob(t.client, job.id), copies);
  assert.equal((await t.client.get(new Key(t.ns, set, "k")))?.bins.n, 2);
}, { nodes: 3, minNodes: 3 });

targetTest("a background UDF of a missing module fails on every record, not at the start", async (t) => {
  const set = t.set("bg_nomod");
  for (let i = 0; i < 3; i++) await t.client.put(new Key(t.ns, set, i), { n: i });
  const job = await t.client.queryBackground(t.ns, set, { udf: { module: "bg_missing_module", fn: "f" } });
  await job.wait();
  const info = await job.info();
  assert.equal(info.recordsFailed, 3);
  assert.equal(info.recordsRead, 0);
});
