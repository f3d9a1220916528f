// Info, index management, namespaces/sets, truncate and background jobs against the target (a
// 3-node mock, or the real cluster).
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { AerospikeError, type Client, Filter, Key, ops, ResultCode, TimeoutError } from "../mod.ts";
import type { MockCluster } from "../server_mock/mod.ts";

/** Polls `cond` every 50 ms for up to 10 s; fails naming `what`. */
async function eventually(cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`never true: ${what}`);
}

targetTest("info answers from one node (named or any) and infoAll from every node", async (t) => {
  const { client } = t;
  const names = client.stats().nodes.map((n) => n.name);
  const last = names[names.length - 1];
  assert.equal(await client.info("node", { node: last }), last);
  assert.ok(names.includes(await client.info("node")));
  const all = await client.infoAll("node");
  assert.deepEqual([...all.keys()].sort(), [...names].sort());
  for (const [name, value] of all) assert.equal(value, name);
  assert.ok((await client.namespaces()).includes(t.ns));
  await assert.rejects(client.info("node", { node: "nope" }), AerospikeError);
  // info() gives the raw value, errors included.
  assert.match(await client.info("no-such-command"), /^ERROR:4/);
}, { nodes: 3 });

targetTest(
  'info("") answers the node\'s default set as name-tab-value lines; infoAll("") from every node',
  async (t) => {
    const { client } = t;
    const all = await client.info("");
    const lines = new Map(
      all.split("\n").filter((l) => l !== "").map((l) => l.split("\t") as [string, string]),
    );
    assert.equal(lines.get("build"), await client.info("build"));
    assert.match(lines.get("edition") ?? "", /Aerospike/);
    assert.ok(lines.has("version") && lines.has("node"), all.slice(0, 200));
    const name = client.nodes()[0].name;
    assert.match(await client.info("", { node: name }), new RegExp(`(^|\\n)node\\t${name}\\n`));
    const each = await client.infoAll("");
    assert.deepEqual([...each.keys()].sort(), client.nodes().map((n) => n.name).sort());
    for (const [node, text] of each) assert.match(text, new RegExp(`(^|\\n)node\\t${node}\\n`));
  },
);

targetTest("an info error answer becomes an AerospikeError with the server's code and text", async (t) => {
  const { client, ns } = t;
  const set = t.set("s");
  const name = `${set}_dup`;
  await client.createIndex({ ns, set, bin: "n", name, type: "numeric" });
  await assert.rejects(
    client.createIndex({ ns, set, bin: "other", name, type: "numeric" }),
    (e: unknown) => e instanceof AerospikeError && e.code === 200,
  );
  await client.dropIndex(ns, name);
  // The server answers "ok" to dropping an index it does not know.
  await client.dropIndex(ns, name);
  assert.match(await client.info(`sindex/${ns}/${name}`), /^ERROR:201:/);
}, { nodes: 3 });

targetTest("sets() counts records and truncate() empties a set", async (t) => {
  const { client, ns } = t;
  const [set, keep] = [t.set("t"), t.set("keep")];
  for (let i = 0; i < 30; i++) await client.put(new Key(ns, set, i), { n: i });
  await client.put(new Key(ns, keep, 1), { n: 1 });
  // Each node counts the copies it holds.
  const counts = await client.sets(ns);
  assert.ok((counts.get(set) ?? 0) >= 30, `${set}: ${counts.get(set)}`);
  assert.ok(counts.has(keep));
  // The server truncates what was updated before its own clock's millisecond: a record written in
  // that same millisecond may survive (seen once on 1 real node, the set never emptied).
  await new Promise((r) => setTimeout(r, 5));
  await client.truncate(ns, set);
  // A real node spreads a truncate to the others through its metadata system, asynchronously:
  // right after the call another node may still serve the set (the mock truncates at once).
  await eventually(async () => await client.query(ns, set).count() === 0, "the set is empty");
  assert.equal(await client.query(ns, keep).count(), 1);
  // A whole namespace only on the mock: on a real server it would also empty what other runs keep.
  await client.truncate(ns, t.mock === undefined ? keep : undefined);
  await eventually(async () => await client.query(ns, keep).count() === 0, "the namespace is empty");
}, { nodes: 3 });

targetTest("a background ops query updates every matching record and its job reports done", async (t) => {
  const { client, ns } = t;
  const set = t.set("bg");
  for (let i = 0; i < 40; i++) {
    await client.put(new Key(ns, set, i), { n: i, name: i % 2 ? "bob" : "al" });
  }
  const index = `${set}_name`;
  await client.createIndex({ ns, set, bin: "name", name: index, type: "string" });
  const job = await client.queryBackground(ns, set, {
    filter: Filter.equal("name", "bob"),
    ops: [ops.write("seen", 1)],
  });
  await job.wait({ pollMs: 10 });
  assert.equal(await job.status(), "done");
  const recs = await client.query(ns, set).toArray();
  assert.equal(recs.length, 40);
  for (const r of recs) assert.equal(r.bins.seen, r.bins.name === "bob" ? 1 : undefined);
  await client.dropIndex(ns, index);
}, { nodes: 3 });

// Mock-only: the connections are held by data commands slowed down with the mock's delay fault.
/**
 * Opens `n` connections, then starts `n` reads that the node answers only after `delayMs`, each
 * holding one pooled connection until then.
 */
async function holdEveryConnection(
  mock: MockCluster,
  client: Client,
  n: number,
  delayMs: number,
): Promise<{ done: Promise<unknown>; finished: () => number }> {
  await Promise.all(Array.from({ length: n }, (_, i) => client.exists(new Key("test", "hold", i))));
  mock.nodes[0].faults({ on: "read", delayMs });
  let finished = 0;
  const done = Promise.all(
    Array.from(
      { length: n },
      (_, i) =>
        client.get(new Key("test", "hold", i), undefined, { totalTimeout: 10_000 }).finally(() => finished++),
    ),
  );
  while (client.stats().connections.idle > 0) await new Promise((r) => setTimeout(r, 5));
  return { done, finished: () => finished };
}

const TWO_CONNS = { maxConnsPerNode: 2 };

test("truncate() waits for a pooled connection while data commands hold every one, then succeeds", async () => {
  const client = { ...TWO_CONNS, policies: { info: { totalTimeout: 10_000 } } };
  await withCluster({ nodes: 1, client }, async ({ mock, client }) => {
    await client.put(new Key("test", "gone", 1), { n: 1 });
    const held = await holdEveryConnection(mock, client, 2, 300);
    assert.equal(held.finished(), 0);
    await client.truncate("test", "gone"); // before: NO_AVAILABLE_CONNECTIONS_TO_NODE (-8) at once
    assert.ok(held.finished() >= 1, "truncate() ran on a connection a slow read gave back");
    assert.ok(client.stats().connections.open <= 2);
    await held.done;
    mock.nodes[0].faults({});
    assert.equal(await client.query("test", "gone").count(), 0);
  });
});

test("info() and truncate() waiting for a connection fail with TIMEOUT within their own timeout", async () => {
  const client = { ...TWO_CONNS, policies: { info: { totalTimeout: 100 } } };
  await withCluster({ nodes: 1, client }, async ({ mock, client }) => {
    const held = await holdEveryConnection(mock, client, 2, 2_000);
    await assert.rejects(
      client.truncate("test", "t"),
      (e: unknown) =>
        e instanceof TimeoutError && e.code === ResultCode.TIMEOUT &&
        /came free within 100 ms/.test(e.message),
    );
    await assert.rejects(client.info("build"), TimeoutError);
    assert.equal(held.finished(), 0, "the timeout came from the info command's own budget");
    await held.done;
  });
});

test("a data command waiting at the cap gets the connection an info command gives back", async () => {
  const client = { maxConnsPerNode: 1, policies: { info: { totalTimeout: 10_000 } } };
  await withCluster({ nodes: 1, client }, async ({ mock, client }) => {
    const held = await holdEveryConnection(mock, client, 1, 300);
    const info = client.info("build"); // waits for the slow read's connection
    await new Promise((r) => setTimeout(r, 20));
    // Parked at the node's gate; it must be woken when info() releases, long before its deadline.
    const read = client.exists(new Key("test", "hold", 0), { totalTimeout: 5_000 });
    assert.notEqual(await info, "");
    await held.done;
    mock.nodes[0].faults({});
    assert.equal(await read, false); // resolved (the key does not exist), not TIMEOUT
  });
});
