// Client events, logging and the circuit breaker against the mock: nodes leaving and coming
// back, the whole cluster going dark, and a node whose errors pass maxErrorRate. Mock-only: they
// stop nodes and inject faults (the target-test equivalent is tests/observe_nodes_test.ts).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { startCluster, withCluster } from "./helpers/cluster.ts";
import {
  type AerospikeError,
  type Client,
  Key,
  type LogEntry,
  type NodeRef,
  ops,
  ResultCode,
} from "../mod.ts";
import type { MockCluster } from "../server_mock/mod.ts";

const TEND = 50;

async function waitFor(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("nodeRemoved and a warning follow a node stopping; nodeAdded follows its restart", async () => {
  const entries: LogEntry[] = [];
  const fx = await startCluster({
    nodes: 3,
    namespaces: { test: { replicationFactor: 2 } },
    client: { tendInterval: TEND, log: { level: "info", sink: (e) => entries.push(e) } },
  });
  try {
    const { mock, client } = fx;
    // The seeds were logged while connecting, before any listener could exist.
    assert.equal(entries.filter((e) => e.level === "info" && e.message.includes("added")).length, 3);
    const added: NodeRef[] = [];
    const removed: [NodeRef, string][] = [];
    client.on("nodeAdded", (n) => added.push(n)).on("nodeRemoved", (n, why) => removed.push([n, why]));
    assert.equal(client.nodes().length, 3);
    assert.equal(client.isConnected(), true);

    const name = mock.nodes[1].name;
    await mock.nodes[1].stop();
    await waitFor("nodeRemoved", () => removed.length === 1);
    assert.equal(removed[0][0].name, name);
    assert.ok(removed[0][1].length > 0);
    assert.ok(entries.some((e) => e.level === "warn" && e.node === name && e.message.includes("removed")));
    assert.deepEqual(
      client.nodes().map((n) => n.name).sort(),
      mock.nodes.filter((_, i) => i !== 1).map((n) => n.name).sort(),
    );

    await mock.nodes[1].restart();
    await waitFor("nodeAdded", () => added.length === 1);
    assert.equal(added[0].name, name);
    assert.equal(client.nodes().length, 3);
  } finally {
    await fx.close();
  }
});

test("disconnected fires when no node is reachable and connected when one is back", async () => {
  const entries: LogEntry[] = [];
  await withCluster(
    { nodes: 1, client: { tendInterval: TEND, log: { sink: (e) => entries.push(e) } } },
    async ({ mock, client }) => {
      const seen: string[] = [];
      const onDisconnected = () => seen.push("disconnected");
      client.on("disconnected", onDisconnected).on("connected", () => seen.push("connected"));
      await mock.nodes[0].stop();
      await waitFor("disconnected", () => seen.includes("disconnected"));
      assert.equal(client.isConnected(), false);
      assert.ok(entries.some((e) => e.level === "error" && e.message.includes("no node")));
      await mock.nodes[0].restart();
      await waitFor("connected", () => seen.includes("connected"));
      assert.equal(client.isConnected(), true);
      client.off("disconnected", onDisconnected);
      // Default level: warnings and errors only.
      assert.ok(entries.every((e) => e.level === "warn" || e.level === "error"));
    },
  );
});

test("on() rejects an unknown event and a listener that is not a function", async () => {
  await withCluster({ nodes: 1 }, ({ client }) => {
    assert.throws(() => client.on("nodeGone" as "nodeAdded", () => {}), TypeError);
    assert.throws(() => client.on("nodeAdded", 1 as unknown as () => void), TypeError);
    return Promise.resolve();
  });
});

test("a malformed log option is refused before any I/O", async () => {
  const { Client } = await import("../mod.ts");
  await assert.rejects(Client.connect({ hosts: "127.0.0.1:1", log: { level: "loud" as "info" } }), TypeError);
  await assert.rejects(
    Client.connect({ hosts: "127.0.0.1:1", log: { sink: 3 as unknown as () => void } }),
    TypeError,
  );
});

test("past maxErrorRate a node's commands are refused unsent and fail with MAX_ERROR_RATE when the window outlasts their totalTimeout", async () => {
  const entries: LogEntry[] = [];
  // A long tend interval keeps the window open for the whole burst.
  await withCluster({
    nodes: 1,
    client: { tendInterval: 60_000, maxErrorRate: 3, log: { sink: (e) => entries.push(e) } },
  }, async ({ mock, client }) => {
    const key = new Key("test", "breaker", 1);
    await client.put(key, { v: 1 });
    mock.nodes[0].faults({ on: "read", resetBeforeRead: true });
    const codes: number[] = [];
    const errors: AerospikeError[] = [];
    // A refused read with no retry left waits for the window within its totalTimeout.
    const policy = { maxRetries: 0, totalTimeout: 100 };
    for (let i = 0; i < 6; i++) {
      await client.get(key, policy).catch((e: AerospikeError) => {
        codes.push(e.code);
        errors.push(e);
      });
    }
    // Four connection errors (the fourth passes the limit of 3), then the breaker's refusals.
    assert.deepEqual(codes.slice(4), [ResultCode.MAX_ERROR_RATE, ResultCode.MAX_ERROR_RATE]);
    assert.ok(codes.slice(0, 4).every((c) => c !== ResultCode.MAX_ERROR_RATE));
    assert.equal(errors[5].inDoubt, false);
    const reads = mock.nodes[0].stats().commands.read;
    await client.get(key, policy).catch(() => {});
    assert.equal(mock.nodes[0].stats().commands.read, reads, "no request reached the node");
    assert.equal(entries.filter((e) => e.code === ResultCode.MAX_ERROR_RATE).length, 1);
  });
});

test("the error window resets each errorRateWindow tend cycles and commands flow again", async () => {
  await withCluster({
    nodes: 1,
    client: { tendInterval: TEND, maxErrorRate: 1, errorRateWindow: 2, log: { level: "off" } },
  }, async ({ mock, client }) => {
    const key = new Key("test", "breaker", 2);
    await client.put(key, { v: 2 });
    mock.nodes[0].faults({ on: "read", resetBeforeRead: true });
    let opened = 0;
    client.observe({ errorRateExceeded: () => opened++ });
    for (let i = 0; i < 50 && opened === 0; i++) await client.get(key, { maxRetries: 0 }).catch(() => {});
    assert.equal(opened, 1);
    mock.nodes[0].faults({});
    // Within a few tend cycles the window ends and the node takes commands again.
    let value: unknown;
    for (let i = 0; i < 100 && value === undefined; i++) {
      value = await client.get(key, { maxRetries: 0 }).then((r) => r?.bins.v, () => undefined);
      if (value === undefined) await new Promise((r) => setTimeout(r, TEND / 2));
    }
    assert.equal(value, 2);
  });
});

test("maxErrorRate 0 counts nothing; bad values are refused before any I/O", async () => {
  const { Client } = await import("../mod.ts");
  await assert.rejects(Client.connect({ hosts: "127.0.0.1:1", maxErrorRate: -1 }), RangeError);
  await assert.rejects(Client.connect({ hosts: "127.0.0.1:1", errorRateWindow: 0 }), RangeError);
  await withCluster(
    { nodes: 1, client: { maxErrorRate: 0, log: { level: "off" } } },
    async ({ mock, client }) => {
      const key = new Key("test", "breaker", 3);
      mock.nodes[0].faults({ on: "read", resetBeforeRead: true });
      for (let i = 0; i < 20; i++) {
        const e = await client.get(key, { maxRetries: 0 }).catch((e: AerospikeError) => e);
        assert.notEqual((e as AerospikeError).code, ResultCode.MAX_ERROR_RATE);
      }
    },
  );
});

test("DEVICE_OVERLOAD answers count against the node; KEY_NOT_FOUND and other server codes do not", async () => {
  await withCluster(
    { nodes: 1, client: { tendInterval: 60_000, maxErrorRate: 2, log: { level: "off" } } },
    async ({ mock, client }) => {
      const key = new Key("test", "breaker", 4);
      await client.put(key, { v: 4 });
      for (let i = 0; i < 10; i++) await assert.rejects(client.touch(new Key("test", "breaker", "missing")));
      assert.equal((await client.get(key))?.bins.v, 4, "ordinary server errors do not open the breaker");
      mock.nodes[0].faults({ on: "read", resultCode: ResultCode.DEVICE_OVERLOAD });
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        codes.push(await client.get(key, { maxRetries: 0 }).then(() => 0, (e: AerospikeError) => e.code));
      }
      assert.deepEqual(codes, [18, 18, 18, ResultCode.MAX_ERROR_RATE]);
    },
  );
});

test("a burst past maxConnsPerNode waits for connections and logs that at info, not as a warning", async () => {
  const entries: LogEntry[] = [];
  await withCluster(
    { nodes: 1, client: { maxConnsPerNode: 2, log: { level: "info", sink: (e) => entries.push(e) } } },
    async ({ client }) => {
      const keys = Array.from({ length: 50 }, (_, i) => new Key("test", "cap", i));
      await Promise.all(keys.map((k) => client.put(k, { i: 1 })));
      const cap = entries.filter((e) => e.message.includes("maxConnsPerNode"));
      assert.ok(cap.length >= 1, "the cap is logged");
      assert.ok(cap.every((e) => e.level === "info"), JSON.stringify(cap));
      assert.ok(entries.every((e) => e.level !== "warn" && e.level !== "error"), JSON.stringify(entries));
    },
  );
});

// Opens the one node's circuit breaker (maxErrorRate 1): reads reset by the node until the
// breaker reports it opened, then the node answers normally again.
async function openBreaker(mock: MockCluster, client: Client, key: Key): Promise<void> {
  let opened = 0;
  client.observe({ errorRateExceeded: () => opened++ });
  mock.nodes[0].faults({ on: "read", resetBeforeRead: true });
  for (let i = 0; i < 10 && opened === 0; i++) {
    await client.get(key, { maxRetries: 0, totalTimeout: 50 }).catch(() => {});
  }
  assert.equal(opened, 1, "the breaker opened");
  mock.nodes[0].faults({});
}

test("a write the circuit breaker refuses sent nothing: it waits for the window to end and is sent then, not failed", async () => {
  // A window of 300 ms: long enough that the write comes while the breaker is open.
  await withCluster({
    nodes: 1,
    client: { tendInterval: 300, maxErrorRate: 1, log: { level: "off" } },
  }, async ({ mock, client }) => {
    const key = new Key("test", "breaker", 4);
    await client.put(key, { v: 1 });
    await openBreaker(mock, client, key);
    const writes = mock.nodes[0].stats().commands.write;
    await client.put(key, { v: 2 }, { maxRetries: 0, totalTimeout: 5000 });
    assert.equal(mock.nodes[0].stats().commands.write, writes + 1, "sent once, after the window");
    assert.equal((await client.get(key))?.bins.v, 2);
    assert.equal(client.stats().retries, 0, "waiting for the breaker is not a retry");
  });
});

test("a background query the circuit breaker refuses waits for the window to end and starts then, not failed", async () => {
  await withCluster({
    nodes: 1,
    client: { tendInterval: 300, maxErrorRate: 1, log: { level: "off" } },
  }, async ({ mock, client }) => {
    const key = new Key("test", "breaker-bg", 1);
    await client.put(key, { v: 1 });
    await openBreaker(mock, client, key);
    const job = await client.queryBackground("test", "breaker-bg", {
      ops: [ops.write("bg", 2)],
      policy: { maxRetries: 0, totalTimeout: 5000 },
    });
    await job.wait();
    assert.equal((await client.get(key))?.bins.bg, 2);
    assert.equal(client.stats().retries, 0, "waiting for the breaker is not a retry");
  });
});

test("refused connects to a stopped node make it suspect but do not open its circuit breaker", async () => {
  const { THREE_NODES_RF2 } = await import("./helpers/cluster.ts");
  const fx = await startCluster({
    ...THREE_NODES_RF2,
    client: { tendInterval: 60_000, maxErrorRate: 1, log: { level: "off" } },
  });
  try {
    const { mock, client } = fx;
    const gone = mock.nodes[1];
    const opened: string[] = [];
    const suspects: string[] = [];
    client.observe({
      errorRateExceeded: (n) => opened.push(n.name),
      nodeSuspect: (n) => suspects.push(n.name),
    });
    const keys: Key[] = [];
    for (let i = 0; keys.length < 8; i++) {
      const k = new Key("test", "breaker-refused", i);
      if (mock.masterOf("test", k.partitionId) === gone) keys.push(k);
    }
    await gone.stop({ noticed: false });
    // Eight writes at once, each with its own connect to the stopped node: all refused.
    const results = await Promise.allSettled(
      keys.map((k, i) => client.put(k, { v: i }, { maxRetries: 0, totalTimeout: 5000 })),
    );
    assert.deepEqual(results.filter((r) => r.status === "rejected"), []);
    assert.deepEqual(suspects, [gone.name]);
    assert.deepEqual(opened, []);
  } finally {
    await fx.close();
  }
});
