// Timeouts, retries, inDoubt, abort, malformed replies and close against a faulty mock node.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { failure } from "./helpers/errors.ts";
import { waitFor } from "./helpers/node_control.ts";
import { Key, ProtocolError, ResultCode, TimeoutError } from "../mod.ts";

test("a stalled node yields a TimeoutError within totalTimeout and the connection is not reused", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    const key = new Key("test", "t", "stall");
    await client.put(key, { v: 1 });
    const opened = mock.nodes[0].stats().connections.opened;
    mock.nodes[0].faults({ on: "read", stall: true });
    const start = Date.now();
    const e = await failure(client.get(key, { totalTimeout: 100, socketTimeout: 0 }));
    const took = Date.now() - start;
    assert.ok(e instanceof TimeoutError, e.message);
    assert.equal(e.code, ResultCode.TIMEOUT);
    assert.equal(e.node, mock.nodes[0].name);
    assert.ok(took >= 95 && took < 200, `took ${took} ms`);
    assert.equal(e.inDoubt, false);
    mock.nodes[0].faults({});
    assert.equal((await client.get(key))!.bins.v, 1);
    // The stalled connection was closed: the next command needed a new one.
    assert.equal(mock.nodes[0].stats().connections.opened, opened + 1);
    assert.equal(client.stats().timeouts, 1);
    assert.equal(client.stats().errors[ResultCode.TIMEOUT], 1);
  });
});

test("socketTimeout bounds each attempt and reads retry until maxRetries", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    const key = new Key("test", "t", "retry");
    mock.nodes[0].faults({ on: "read", stall: true });
    const start = Date.now();
    const e = await failure(client.get(key, { socketTimeout: 40, totalTimeout: 5000, maxRetries: 2 }));
    assert.equal(e.code, ResultCode.TIMEOUT);
    assert.equal(e.attempts, 3);
    assert.ok(Date.now() - start < 400, `took ${Date.now() - start} ms`);
    assert.equal(mock.nodes[0].stats().commands.read, 3);
    assert.equal(client.stats().retries, 2);
  });
});

test("a write that timed out after being sent is inDoubt and is not retried", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    // A pooled connection first: on a loaded machine a connect alone could outlast socketTimeout,
    // and an attempt that times out before sending is (rightly) neither in doubt nor final.
    await client.put(new Key("test", "t", "warm"), { v: 0 });
    mock.nodes[0].faults({ on: "write", stall: true });
    const e = await failure(
      client.put(new Key("test", "t", "w"), { v: 1 }, {
        socketTimeout: 100,
        totalTimeout: 1000,
        maxRetries: 3,
      }),
    );
    assert.equal(e.code, ResultCode.TIMEOUT);
    assert.equal(e.inDoubt, true);
    assert.equal(e.attempts, 1);
    assert.equal(mock.nodes[0].stats().commands.write, 2);
  });
});

test("a server KEY_BUSY is retried; other server codes are not", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    const key = new Key("test", "t", "busy");
    await client.put(key, { v: 1 });
    mock.nodes[0].faults({ on: "read", nth: 1, resultCode: ResultCode.KEY_BUSY });
    assert.equal((await client.get(key))!.bins.v, 1);
    assert.equal(client.stats().retries, 1);
    mock.nodes[0].faults({ on: "read", resultCode: ResultCode.PARAMETER_ERROR });
    const e = await failure(client.get(key));
    assert.equal(e.code, ResultCode.PARAMETER_ERROR);
    assert.equal(e.attempts, 1);
  });
});

test("a truncated or garbage reply fails only that command with a ProtocolError", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    const key = new Key("test", "t", "bad");
    await client.put(key, { v: 1 });
    mock.nodes[0].faults({ on: "read", truncateReply: true });
    const e1 = await failure(client.get(key, { maxRetries: 0 }));
    assert.ok(e1 instanceof ProtocolError, e1.message);
    mock.nodes[0].faults({ on: "read", garbageReply: true });
    const e2 = await failure(client.get(key, { maxRetries: 0 }));
    assert.ok(e2 instanceof ProtocolError, e2.message);
    mock.nodes[0].faults({});
    assert.equal((await client.get(key))!.bins.v, 1);
  });
});

test("aborting a command rejects it at once with ABORTED and closes its connection", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    const key = new Key("test", "t", "abort");
    mock.nodes[0].faults({ on: "read", stall: true });
    const ac = new AbortController();
    const p = client.get(key, { signal: ac.signal, totalTimeout: 5000 });
    // Abort once the node has the request, not after a fixed delay: on a loaded machine the
    // connect could outlast the delay, and the connection then went idle to the pool (a connect
    // that completes after its command gave up is pooled, not closed).
    const reads = mock.nodes[0].stats().commands.read;
    await waitFor("the request to reach the node", () => mock.nodes[0].stats().commands.read > reads, 5000);
    const start = Date.now();
    ac.abort();
    const e = await failure(p);
    assert.equal(e.code, ResultCode.ABORTED);

    assert.ok(Date.now() - start < 200);
    const pre = new AbortController();
    pre.abort();
    assert.equal((await failure(client.get(key, { signal: pre.signal }))).code, ResultCode.ABORTED);
    mock.nodes[0].faults({});
    assert.equal(client.stats().connections.open, 0);
  });
});

test("close() rejects commands in flight with CLIENT_CLOSED and leaks nothing", async () => {
  await withCluster({ nodes: 1 }, async ({ mock, client }) => {
    mock.nodes[0].faults({ on: "read", stall: true });
    const pending = Array.from(
      { length: 20 },
      (_, i) => client.get(new Key("test", "t", i), { totalTimeout: 0 }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const closing = client.close();
    for (const p of pending) assert.equal((await failure(p)).code, ResultCode.CLIENT_CLOSED);
    await closing;
  });
});
