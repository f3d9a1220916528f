/** The mock's connection-level faults the matrix relies on, checked on the wire with a bare connection. */
import assert from "node:assert/strict";
import { MockCluster } from "../../server_mock/mod.ts";
import { RawConn } from "../helpers/raw_conn.ts";
import { getFrame, putFrame, replyMessage } from "../helpers/mock_requests.ts";
import { test } from "../helpers/test.ts";

async function generationOf(port: number, key: string): Promise<number> {
  const c = await RawConn.open(port);
  try {
    const m = replyMessage((await c.request(getFrame(key)))!);
    return m.resultCode === 0 ? m.generation : 0;
  } finally {
    await c.close();
  }
}

test("resetBeforeRead closes the connection and the write never runs", async () => {
  await using mock = await MockCluster.start();
  mock.nodes[0].faults({ on: "write", resetBeforeRead: true });
  const c = await RawConn.open(mock.nodes[0].port);
  assert.equal(await c.request(putFrame("a", 1)), null);
  await c.closedPromise;
  assert.equal(c.received.length, 0, "not a byte was answered");
  assert.equal(await generationOf(mock.nodes[0].port, "a"), 0);
});

test("resetAfterRead applies the write, then closes without answering", async () => {
  await using mock = await MockCluster.start();
  mock.nodes[0].faults({ on: "write", resetAfterRead: true });
  const c = await RawConn.open(mock.nodes[0].port);
  assert.equal(await c.request(putFrame("a", 1)), null);
  await c.closedPromise;
  assert.equal(c.received.length, 0);
  assert.equal(await generationOf(mock.nodes[0].port, "a"), 1);
});

test("hugeLength sends only a header declaring 2^48-1 bytes and keeps the connection open", async () => {
  await using mock = await MockCluster.start();
  mock.nodes[0].faults({ on: "read", hugeLength: true });
  const c = await RawConn.open(mock.nodes[0].port);
  c.send(getFrame("a"));
  for (let i = 0; i < 200 && c.received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  const bytes = c.received.flatMap((b) => [...b]);
  assert.deepEqual(bytes, [2, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  assert.equal(c.closed, false);
  // A request sent on the broken connection is counted as a reuse.
  c.send(getFrame("a"));
  for (let i = 0; i < 200 && mock.nodes[0].stats().connections.reusedAfterFault === 0; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(mock.nodes[0].stats().connections.reusedAfterFault, 1);
  await c.close();
});

test("kill stops the node when the command arrives; restart brings it back", async () => {
  await using mock = await MockCluster.start({ nodes: 2 });
  mock.nodes[0].faults({ on: "write", kill: true });
  const c = await RawConn.open(mock.nodes[0].port);
  assert.equal(await c.request(putFrame("a", 1)), null);
  assert.equal(mock.nodes[0].running, false);
  assert.equal(mock.liveNodes().length, 1);
  mock.nodes[0].clearFaults();
  await mock.nodes[0].restart();
  assert.equal(await generationOf(mock.nodes[0].port, "a"), 0, "the write did not run");
});

test("closeIdleConnections closes idle connections and spares one with a request in progress", async () => {
  await using mock = await MockCluster.start();
  const idle = await RawConn.open(mock.nodes[0].port);
  assert.equal(replyMessage((await idle.request(getFrame("a")))!).resultCode, 2);
  const busy = await RawConn.open(mock.nodes[0].port);
  mock.nodes[0].faults({ on: "read", delayMs: 50 });
  busy.send(getFrame("a"));
  for (let i = 0; i < 200 && mock.nodes[0].stats().commands.read < 2; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(mock.nodes[0].closeIdleConnections(), 1);
  await idle.closedPromise;
  assert.equal(replyMessage((await busy.next())!).resultCode, 2, "the busy one still answers");
  assert.equal(mock.nodes[0].stats().connections.open, 1);
  await busy.close();
});

test("duplicateReply sends the reply frame twice and counts a request that follows on it", async () => {
  await using mock = await MockCluster.start();
  mock.nodes[0].faults({ on: "read", duplicateReply: true });
  const c = await RawConn.open(mock.nodes[0].port);
  const first = (await c.request(getFrame("a")))!;
  assert.deepEqual(await c.next(), first);
  assert.equal(replyMessage(first).resultCode, 2);
  assert.equal(mock.nodes[0].stats().connections.reusedAfterFault, 0);
  await c.request(getFrame("a"));
  assert.equal(mock.nodes[0].stats().connections.reusedAfterFault, 1);
  await c.close();
});
