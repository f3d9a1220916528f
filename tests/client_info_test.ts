// Info, index management, namespaces/sets, truncate and background jobs against a 3-node mock.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { AerospikeError, Filter, Key, ops } from "../mod.ts";

test("info answers from one node (named or any) and infoAll from every node", async () => {
  await withCluster({ nodes: 3 }, async ({ client }) => {
    const names = client.stats().nodes.map((n) => n.name);
    assert.equal(await client.info("node", { node: names[1] }), names[1]);
    assert.ok(names.includes(await client.info("node")));
    const all = await client.infoAll("node");
    assert.deepEqual([...all.keys()].sort(), [...names].sort());
    for (const [name, value] of all) assert.equal(value, name);
    assert.deepEqual(await client.namespaces(), ["test"]);
    await assert.rejects(client.info("node", { node: "nope" }), AerospikeError);
    // info() gives the raw value, errors included.
    assert.match(await client.info("no-such-command"), /^ERROR:4/);
  });
});

test("an info error answer becomes an AerospikeError with the server's code and text", async () => {
  await withCluster({ nodes: 3 }, async ({ client }) => {
    await client.createIndex({ ns: "test", set: "s", bin: "n", name: "dup", type: "numeric" });
    await assert.rejects(
      client.createIndex({ ns: "test", set: "s", bin: "other", name: "dup", type: "numeric" }),
      (e: unknown) => e instanceof AerospikeError && e.code === 200,
    );
    await client.dropIndex("test", "dup");
    await assert.rejects(
      client.dropIndex("test", "dup"),
      (e: unknown) => e instanceof AerospikeError && e.code === 201,
    );
  });
});

test("sets() counts records and truncate() empties a set", async () => {
  await withCluster({ nodes: 3 }, async ({ client }) => {
    for (let i = 0; i < 30; i++) await client.put(new Key("test", "t", i), { n: i });
    await client.put(new Key("test", "keep", 1), { n: 1 });
    // Each node counts the copies it holds; the mock's nodes each report the whole store.
    const counts = await client.sets("test");
    assert.ok((counts.get("t") ?? 0) >= 30, `t: ${counts.get("t")}`);
    assert.ok(counts.has("keep"));
    await client.truncate("test", "t");
    assert.equal(await client.query("test", "t").count(), 0);
    assert.equal(await client.query("test", "keep").count(), 1);
    await client.truncate("test");
    assert.equal(await client.query("test", "keep").count(), 0);
  });
});

test("a background ops query updates every matching record and its job reports done", async () => {
  await withCluster({ nodes: 3 }, async ({ client }) => {
    for (let i = 0; i < 40; i++) {
      await client.put(new Key("test", "bg", i), { n: i, name: i % 2 ? "bob" : "al" });
    }
    await client.createIndex({ ns: "test", set: "bg", bin: "name", name: "bg_name", type: "string" });
    const job = await client.queryBackground("test", "bg", {
      filter: Filter.equal("name", "bob"),
      ops: [ops.write("seen", 1)],
    });
    await job.wait({ pollMs: 10 });
    assert.equal(await job.status(), "done");
    const recs = await client.query("test", "bg").toArray();
    assert.equal(recs.length, 40);
    for (const r of recs) assert.equal(r.bins.seen, r.bins.name === "bob" ? 1 : undefined);
  });
});
