// The observer interface (src/observe): what the command loop and the tend loop report, and that
// nothing is reported (or built) for commands while no observer listens to them.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { type CommandObservation, Filter, Key, ops, ResultCode } from "../mod.ts";
import { ObserverHub } from "../src/observe/hub.ts";

test("every command kind reports start and end with its node, namespace and result code", async () => {
  await withCluster({ nodes: 2 }, async ({ client }) => {
    const started: CommandObservation[] = [];
    const ended: CommandObservation[] = [];
    const stop = client.observe({ commandStart: (c) => started.push(c), commandEnd: (c) => ended.push(c) });
    const key = new Key("test", "obs", "k1");
    await client.put(key, { v: 1 });
    await client.get(key);
    await client.batchGet([key, new Key("test", "obs", "k2")]);
    for await (const _ of client.query("test", "obs")) { /* drain */ }
    await client.info("build");
    stop();
    await client.get(key); // no longer observed
    const kinds = ended.map((c) => c.kind);
    assert.deepEqual(kinds.slice(0, 2), ["write", "read"]);
    assert.ok(kinds.includes("batch"));
    assert.ok(kinds.includes("query"));
    assert.equal(kinds.at(-1), "info");
    assert.equal(started.length, ended.length);
    for (const c of ended) {
      assert.equal(c.code, 0, `${c.kind} ended with ${c.code}`);
      assert.ok(c.node !== undefined && c.node.name.length > 0 && c.node.address.includes(":"));
      assert.ok(c.latency >= 0);
      assert.equal(c.attempts, 1);
    }
    assert.equal(ended[0].ns, "test");
    assert.equal(ended[0].set, "obs");
  });
});

test("a failed command reports its error code; a retried one reports each retry", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    const ended: CommandObservation[] = [];
    const retries: number[] = [];
    client.observe({
      commandEnd: (c) => ended.push(c),
      commandRetry: (_c, e) => retries.push(e.code),
    });
    const key = new Key("test", "obs", "missing");
    await assert.rejects(client.touch(key)); // KEY_NOT_FOUND_ERROR
    mock.nodes[0].faults({ on: "read", nth: 1, resultCode: ResultCode.KEY_BUSY });
    await client.get(key, { maxRetries: 2 });
    assert.equal(ended[0].code, ResultCode.KEY_NOT_FOUND_ERROR);
    assert.equal(ended[0].error?.code, ResultCode.KEY_NOT_FOUND_ERROR);
    assert.equal(ended[1].code, 0);
    assert.equal(ended[1].attempts, 2);
    assert.deepEqual(retries, [ResultCode.KEY_BUSY]);
  });
});

test("an observer without command methods leaves the command loop unobserved", () => {
  const hub = new ObserverHub();
  assert.equal(hub.commands, false);
  const remove = hub.add({ nodeAdded: () => {} });
  assert.equal(hub.commands, false);
  const removeEnd = hub.add({ commandEnd: () => {} });
  assert.equal(hub.commands, true);
  removeEnd();
  assert.equal(hub.commands, false);
  remove();
  assert.equal(hub.size, 0);
});

test("an observer that throws does not fail the command", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    client.observe({
      commandStart: () => {
        throw new Error("boom");
      },
      commandEnd: () => {
        throw new Error("boom");
      },
    });
    const key = new Key("test", "obs", "t");
    await client.put(key, { v: 1 });
    assert.equal((await client.get(key))?.bins.v, 1);
  });
});

test("a query and a background query are observed as kind query with their namespace and set", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const queries: { ns: string; set: string | undefined }[] = [];
    client.observe({ commandEnd: (c) => c.kind === "query" && queries.push({ ns: c.ns, set: c.set }) });
    await client.createIndex({ ns: "test", set: "obsq", bin: "n", name: "obsq_n", type: "numeric" });
    await client.put(new Key("test", "obsq", 1), { n: 5 });
    const rows = [];
    for await (const r of client.query("test", "obsq", { filter: Filter.range("n", 1, 9) })) rows.push(r);
    assert.equal(rows.length, 1);
    assert.equal(queries.length, 1);
    // Each node's part of a query names the namespace and set it reads, like any other command.
    assert.equal(queries[0].ns, "test");
    assert.equal(queries[0].set, "obsq");
    await (await client.queryBackground("test", "obsq", { ops: [ops.write("m", 1)] })).wait();
    assert.equal(queries.length, 2);
    assert.equal(queries[1].ns, "test");
    assert.equal(queries[1].set, "obsq");
  });
});

test("commandStats: stats() counts commands, errors, timeouts and retries per kind and per node", async () => {
  await withCluster(
    { nodes: 1, client: { commandStats: true, log: { level: "off" } } },
    async ({ mock, client }) => {
      const key = new Key("test", "obs", "stats");
      await client.put(key, { v: 1 });
      await client.get(key);
      await client.get(key);
      await assert.rejects(client.touch(new Key("test", "obs", "none"))); // KEY_NOT_FOUND_ERROR: an error
      mock.nodes[0].faults({ on: "read", nth: 1, stall: true });
      await client.get(key, { socketTimeout: 30, maxRetries: 1 }); // one timed-out attempt, then success
      await client.batchGet([key]);
      await client.info("build");
      const s = client.stats();
      assert.ok(s.commands !== undefined);
      assert.deepEqual(
        { ...s.commands.read, latency: undefined },
        { count: 3, errors: 0, timeouts: 1, retries: 1, latency: undefined },
      );
      assert.equal(s.commands.write.count, 2);
      assert.equal(s.commands.write.errors, 1);
      assert.equal(s.commands.batch.count, 1);
      assert.equal(s.commands.info.count, 1);
      // Official default buckets: <=1 >1 >2 >4 >8 >16 >32 ms; successful commands only.
      assert.deepEqual(s.commands.read.latency.bounds, [1, 2, 4, 8, 16, 32]);
      assert.equal(s.commands.read.latency.counts.reduce((a, b) => a + b), 3);
      assert.equal(s.commands.write.latency.counts.reduce((a, b) => a + b), 1);
      assert.deepEqual(s.nodes[0].commands?.read, s.commands.read);
    },
  );
});

test("commandStats shapes the histograms; without it stats() has no command detail", async () => {
  await withCluster(
    { nodes: 1, client: { commandStats: { latencyColumns: 5, latencyShift: 3 } } },
    async ({ client }) => {
      await client.put(new Key("test", "obs", "shape"), { v: 1 });
      assert.deepEqual(client.stats().commands?.write.latency.bounds, [1, 8, 64, 512]);
      assert.equal(client.stats().commands?.write.latency.counts.length, 5);
    },
  );
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await client.put(new Key("test", "obs", "plain"), { v: 1 });
    assert.equal(client.stats().commands, undefined);
    assert.equal(client.stats().nodes[0].commands, undefined);
  });
  const { Client } = await import("../mod.ts");
  await assert.rejects(
    Client.connect({ hosts: "127.0.0.1:1", commandStats: { latencyColumns: 0 } }),
    RangeError,
  );
});

test("the latency histogram follows the official bucket rule (ms rounded up, bound inclusive)", async () => {
  const { LatencyHistogram } = await import("../src/observe/histogram.ts");
  const h = new LatencyHistogram(); // 7 columns, shift 1
  for (const ms of [0.2, 1, 1.01, 2, 3.5, 4, 8.9, 32, 32.5, 5000]) h.add(ms);
  // <=1: 0.2, 1 | <=2: 1.01, 2 | <=4: 3.5, 4 | <=8: - | <=16: 8.9 | <=32: 32 | rest: 32.5, 5000
  assert.deepEqual(h.snapshot().counts, [2, 2, 2, 0, 1, 1, 2]);
  assert.equal(h.total, 10);
});
