// Push-back: beyond maxCommandsInFlight + maxQueueSize commands reject at once with a
// BackpressureError; queued commands honour their deadlines; memory stays bounded.
import assert from "node:assert/strict";
import process from "node:process";
import { test } from "./helpers/test.ts";
import { type TestClusterOptions, withCluster } from "./helpers/cluster.ts";
import { type AerospikeError, BackpressureError, Client, Key, ResultCode } from "../mod.ts";

// One mock node and a client allowing `inFlight` commands at once plus `queue` waiting ones.
function bounded(inFlight: number, queue: number): TestClusterOptions {
  return { nodes: 1, client: { maxCommandsInFlight: inFlight, maxQueueSize: queue } };
}

test("100,000 commands against a slow node: beyond the queue bound they reject at once", async () => {
  await withCluster(bounded(50, 1000), async ({ mock, client }) => {
    mock.nodes[0].faults({ on: "read", delayMs: 20 });
    const key = new Key("test", "bp", "k");
    await client.put(key, { v: 1 });
    const heapBefore = process.memoryUsage().heapUsed;
    let rejectedAtOnce = 0;
    const accepted: Promise<unknown>[] = [];
    const otherFailures: unknown[] = [];
    for (let i = 0; i < 100_000; i++) {
      // The accepted ones wait while the loop runs, which takes seconds on a loaded machine.
      const p = client.get(key, { totalTimeout: 60_000 });
      // Rejections beyond the bound are already settled when get() returns. Any other failure
      // is counted, not rethrown (a rethrow here would be an unhandled rejection).
      let settled = false;
      p.catch((e) => {
        settled = true;
        if (!(e instanceof BackpressureError)) otherFailures.push(e);
      });
      await Promise.resolve();
      if (settled) rejectedAtOnce++;
      else accepted.push(p);
    }
    assert.equal(accepted.length, 1050);
    assert.equal(rejectedAtOnce, 100_000 - 1050);
    assert.equal(client.stats().inFlight, 50);
    assert.equal(client.stats().queued, 1000);
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(heapGrowth < 64 * 1024 * 1024, `heap grew by ${heapGrowth} bytes`);
    mock.nodes[0].faults({});
    const results = await Promise.allSettled(accepted);
    assert.ok(results.every((r) => r.status === "fulfilled"));
    assert.deepEqual(otherFailures, []);
    assert.equal(client.stats().errors[ResultCode.COMMAND_QUEUE_FULL], 100_000 - 1050);
    assert.equal(client.stats().inFlight, 0);
  });
});

test("a queued command still honours its totalTimeout", async () => {
  await withCluster(bounded(1, 10), async ({ mock, client }) => {
    mock.nodes[0].faults({ on: "read", stall: true });
    const key = new Key("test", "bp", "q");
    const first = client.get(key, { totalTimeout: 300 });
    const start = Date.now();
    const queued = client.get(key, { totalTimeout: 50 });
    await assert.rejects(queued, (e: AerospikeError) => e.code === ResultCode.TIMEOUT);
    assert.ok(Date.now() - start < 150, `queued command waited ${Date.now() - start} ms`);
    assert.equal(client.stats().queued, 0);
    await assert.rejects(first, (e: AerospikeError) => e.code === ResultCode.TIMEOUT);
  });
});

test("close() rejects queued commands with CLIENT_CLOSED", async () => {
  await withCluster(bounded(2, 100), async ({ mock, client }) => {
    mock.nodes[0].faults({ on: "read", stall: true });
    const all = Array.from(
      { length: 50 },
      (_, i) => client.get(new Key("test", "bp", i), { totalTimeout: 0 }),
    );
    assert.equal(client.stats().queued, 48);
    // Close only once both in-flight reads reached the stalled node (not while still connecting,
    // which a loaded machine can stretch past the connect timeout).
    for (let i = 0; i < 200 && mock.nodes[0].stats().commands.read < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(mock.nodes[0].stats().commands.read, 2);
    await client.close();
    const codes = (await Promise.allSettled(all)).map((r) =>
      r.status === "rejected" ? (r.reason as AerospikeError).code : 0
    );
    assert.ok(codes.every((c) => c === ResultCode.CLIENT_CLOSED), String(codes));
  });
});

test("invalid push-back options throw RangeError before connecting", async () => {
  await assert.rejects(Client.connect({ hosts: "127.0.0.1:1", maxCommandsInFlight: 0 }), RangeError);
  await assert.rejects(Client.connect({ hosts: "127.0.0.1:1", maxQueueSize: -1 }), RangeError);
});

test("a burst past a node's connections waits in the queue: no more commands hold slots than it has connections", async () => {
  await withCluster(
    { nodes: 1, client: { maxConnsPerNode: 4, maxCommandsInFlight: 1000 } },
    async ({ mock, client }) => {
      const keys = Array.from({ length: 50 }, (_, i) => new Key("test", "bp", `lane${i}`));
      mock.nodes[0].faults({ on: "read", delayMs: 100 });
      const all = keys.map((k) => client.get(k, { totalTimeout: 30_000 }));
      assert.equal(client.stats().inFlight, 4);
      assert.equal(client.stats().queued, 46);
      const results = await Promise.allSettled(all);
      assert.ok(
        results.every((r) => r.status === "fulfilled"),
        JSON.stringify(results.filter((r) => r.status !== "fulfilled")),
      );
      assert.equal(client.stats().inFlight, 0);
      assert.equal(client.stats().queued, 0);
    },
  );
});

// Mock-only: stalls one node (fault injection).
test("a node whose connections are all busy does not hold back commands for another node", async () => {
  await withCluster(
    { nodes: 2, client: { maxConnsPerNode: 2, maxCommandsInFlight: 1000 } },
    async ({ mock, client }) => {
      const stalled = mock.nodes[0];
      const onNode = (node: typeof stalled, n: number, tag: string): Key[] => {
        const keys: Key[] = [];
        for (let i = 0; keys.length < n; i++) {
          const k = new Key("test", "bp", `${tag}${i}`);
          if (mock.masterOf("test", k.partitionId) === node) keys.push(k);
        }
        return keys;
      };
      stalled.faults({ on: "read", stall: true });
      const stuck = onNode(stalled, 20, "s").map((k) => client.get(k, { totalTimeout: 2000 }));
      const stuckDone = Promise.allSettled(stuck);
      // Queued behind the stalled node's 2 connections: 18 wait, and they were first in line.
      assert.equal(client.stats().queued, 18);
      const start = Date.now();
      const other = onNode(mock.nodes[1], 20, "o");
      const results = await Promise.all(other.map((k) => client.get(k, { totalTimeout: 2000 })));
      assert.equal(results.length, 20);
      assert.ok(Date.now() - start < 1500, `the other node's reads took ${Date.now() - start} ms`);
      const codes = (await stuckDone).map((r) =>
        r.status === "rejected" ? (r.reason as AerospikeError).code : 0
      );
      assert.ok(codes.every((c) => c === ResultCode.TIMEOUT), String(codes));
    },
  );
});

test("aborting a queued command rejects it at once with ABORTED; the queue goes on", async () => {
  await withCluster(bounded(1, 10), async ({ mock, client }) => {
    const key = new Key("test", "bp", "abortq");
    await client.put(key, { v: 1 });
    mock.nodes[0].faults({ on: "read", delayMs: 100 });
    const first = client.get(key, { totalTimeout: 5000 });
    const ac = new AbortController();
    const aborted = client.get(key, { signal: ac.signal, totalTimeout: 5000 });
    const after = client.get(key, { totalTimeout: 5000 });
    assert.equal(client.stats().queued, 2);
    const start = Date.now();
    ac.abort();
    await assert.rejects(aborted, (e: AerospikeError) => e.code === ResultCode.ABORTED);
    assert.ok(Date.now() - start < 50, `the abort took ${Date.now() - start} ms`);
    assert.equal(client.stats().queued, 1);
    assert.equal((await first)?.bins.v, 1);
    assert.equal((await after)?.bins.v, 1);
    assert.equal(client.stats().inFlight, 0);
    assert.equal(client.stats().queued, 0);
  });
});

test("a queued command whose turn comes after its signal aborted rejects with ABORTED and frees its slot", async () => {
  await withCluster(bounded(1, 10), async ({ mock, client }) => {
    const key = new Key("test", "bp", "abortg");
    await client.put(key, { v: 2 });
    mock.nodes[0].faults({ on: "read", delayMs: 50 });
    const ac = new AbortController();
    const first = client.get(key, { totalTimeout: 5000 });
    const second = client.get(key, { signal: ac.signal, totalTimeout: 5000 });
    // Abort in the same tick as the first command's end hands the second its slot.
    const settled = first.then((r) => {
      ac.abort();
      return r;
    });
    assert.equal((await settled)?.bins.v, 2);
    await assert.rejects(second, (e: AerospikeError) => e.code === ResultCode.ABORTED);
    mock.nodes[0].faults({});
    assert.equal((await client.get(key))?.bins.v, 2);
    assert.equal(client.stats().inFlight, 0);
    assert.equal(client.stats().queued, 0);
  });
});
