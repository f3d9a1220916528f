/**
 * Faults meet the end of a command's life: closing the client or breaking out of a scan while a
 * node misbehaves settles everything at once and leaves no socket or timer behind.
 */
import assert from "node:assert/strict";
import { type Client, Key, ResultCode } from "../../mod.ts";
import type { MockCluster } from "../../server_mock/mod.ts";
import { withCluster } from "../helpers/cluster.ts";
import { failure } from "../helpers/errors.ts";
import { test } from "../helpers/test.ts";
import { until } from "./table.ts";

const TWO_NODES = { nodes: 2, namespaces: { test: { replicationFactor: 2 } } };

// Bounds are hang guards: 7 s stays below the 10 s pauses (a client that waited one out fails)
// and leaves room for a loaded 2-core machine, where 2 s was seen to fail.
/** Settles `p` or fails the test after `ms` (the timer is cleared either way). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => timer = setTimeout(() => reject(new Error(`${what} hung`)), ms)),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// Until the scan's first round failed on node 0 and no lease is held: the stream is pausing.
async function pausing(mock: MockCluster, client: Client): Promise<void> {
  await until(
    "the first round to fail",
    () => mock.nodes[0].stats().commands.scan > 0 && client.stats().inFlight === 0,
  );
}

async function seed(client: Client, set: string, n: number): Promise<Key[]> {
  const keys = Array.from({ length: n }, (_, i) => new Key("test", set, i));
  for (const [i, k] of keys.entries()) await client.put(k, { v: i });
  return keys;
}

test("breaking out of a scan while a node stalls closes that node's connection at once", async () => {
  await withCluster(TWO_NODES, async ({ mock, client }) => {
    await seed(client, "brk", 40);
    mock.nodes[1].faults({ on: "scan", stall: true });
    const stream = client.query("test", "brk", { policy: { socketTimeout: 0, totalTimeout: 0 } });
    let seen = 0;
    await within(
      (async () => {
        for await (const _ of stream) if (++seen === 1) break;
      })(),
      2000,
      "break",
    );
    assert.equal(seen, 1);
    await until("the stalled connection to close", () => mock.nodes[1].stats().connections.open === 1);
    const s = client.stats();
    assert.equal(s.inFlight, 0);
    for (const n of s.nodes) assert.equal(n.connections.open, n.connections.idle);
  });
});

test("close() ends a scan stalled on one node with CLIENT_CLOSED", async () => {
  await withCluster(TWO_NODES, async ({ mock, client }) => {
    await seed(client, "cls", 20);
    mock.nodes[0].faults({ on: "scan", stall: true });
    const scan = client.query("test", "cls", { policy: { socketTimeout: 0, totalTimeout: 0 } }).toArray();
    await until("the scan to reach the stalled node", () => mock.nodes[0].stats().commands.scan > 0);
    await client.close();
    const e = await within(failure(scan), 7000, "the scan");
    assert.equal(e.code, ResultCode.CLIENT_CLOSED, e.message);
  });
});

test("close() rejects a batch waiting between retries with CLIENT_CLOSED without waiting out the pause", async () => {
  await withCluster(TWO_NODES, async ({ mock, client }) => {
    const keys = await seed(client, "bsl", 8);
    for (const n of mock.nodes) n.faults({ on: "batch", garbageReply: true });
    const batch = client.batchGet(keys, undefined, {
      maxRetries: 3,
      sleepBetweenRetries: 10_000,
      totalTimeout: 60_000,
    });
    await until("the first round to fail", () => client.stats().errors[ResultCode.PARSE_ERROR] !== undefined);
    await client.close();
    const e = await within(failure(batch), 7000, "the batch");
    assert.equal(e.code, ResultCode.CLIENT_CLOSED, e.message);
  });
});

test("close() ends a scan waiting between retry rounds with CLIENT_CLOSED without waiting out the pause", async () => {
  await withCluster(TWO_NODES, async ({ mock, client }) => {
    await seed(client, "qsl", 8);
    mock.nodes[0].faults({ on: "scan", garbageReply: true });
    const scan = client.query("test", "qsl", {
      policy: { maxRetries: 3, sleepBetweenRetries: 10_000, totalTimeout: 60_000 },
    }).toArray();
    await pausing(mock, client);
    await client.close();
    const e = await within(failure(scan), 7000, "the scan");
    assert.equal(e.code, ResultCode.CLIENT_CLOSED, e.message);
  });
});

test("breaking out of a scan waiting between retry rounds does not wait out the pause", async () => {
  await withCluster(TWO_NODES, async ({ mock, client }) => {
    await seed(client, "qbr", 8);
    mock.nodes[0].faults({ on: "scan", garbageReply: true });
    const stream = client.query("test", "qbr", {
      policy: { maxRetries: 3, sleepBetweenRetries: 10_000, totalTimeout: 60_000 },
    });
    const it = stream[Symbol.asyncIterator]();
    const first = it.next(); // starts the scan; node 1's records arrive, node 0's round fails
    await pausing(mock, client);
    await first;
    await within(stream.close(), 2000, "close()");
  });
});
