/** Fault injection on a mock node: every fault kind, targeting, and clean release of timers. */
import assert from "node:assert/strict";
import { MockCluster } from "../server_mock/mod.ts";
import { readProtoHeader } from "../src/wire/proto.ts";
import { decodeMessage } from "../src/wire/message.ts";
import { encodeInfoRequest } from "../src/wire/info.ts";
import { RawConn } from "./helpers/raw_conn.ts";
import { getFrame, putFrame, replyMessage } from "./helpers/mock_requests.ts";
import { test } from "./helpers/test.ts";

async function withNode(fn: (mock: MockCluster, c: RawConn) => Promise<void>): Promise<void> {
  await using mock = await MockCluster.start();
  const c = await RawConn.open(mock.nodes[0].port);
  try {
    await fn(mock, c);
  } finally {
    await c.close();
  }
}

test("delayMs holds the reply for that long", async () => {
  await withNode(async (mock, c) => {
    mock.nodes[0].faults({ on: "write", delayMs: 60 });
    const t0 = performance.now();
    assert.equal(replyMessage((await c.request(putFrame("a", 1)))!).resultCode, 0);
    assert.ok(performance.now() - t0 >= 55);
    const t1 = performance.now();
    await c.request(getFrame("a"));
    assert.ok(performance.now() - t1 < 50, "reads are not delayed");
  });
});

test("a delay longer than the request's transaction-ttl answers TIMEOUT at the deadline", async () => {
  await withNode(async (mock, c) => {
    mock.nodes[0].faults({ delayMs: (_kind, n) => (n === 1 ? 5_000 : 0) });
    const t0 = performance.now();
    assert.equal(replyMessage((await c.request(getFrame("a", 40)))!).resultCode, 9);
    assert.ok(performance.now() - t0 < 1000);
  });
});

test("stall never answers and closing the connection releases the held request", async () => {
  await using mock = await MockCluster.start();
  mock.nodes[0].faults({ stall: true, delayMs: 10_000 });
  const c = await RawConn.open(mock.nodes[0].port);
  c.send(getFrame("a"));
  const late = await Promise.race([c.next(), new Promise((r) => setTimeout(() => r("none"), 50))]);
  assert.equal(late, "none");
  await c.close();
  const s = await RawConn.open(mock.nodes[0].port);
  mock.nodes[0].clearFaults();
  assert.equal(replyMessage((await s.request(getFrame("a")))!).resultCode, 2);
  await s.close();
});

test("stall with a delay still leaves no timer behind when the cluster closes", async () => {
  await using mock = await MockCluster.start();
  mock.nodes[0].faults({ delayMs: 10_000 });
  const c = await RawConn.open(mock.nodes[0].port);
  c.send(getFrame("a"));
  await new Promise((r) => setTimeout(r, 20));
  await mock.close();
  await c.closedPromise;
});

test("dropAfterBytes sends part of the reply and closes the connection", async () => {
  await withNode(async (mock, c) => {
    mock.nodes[0].faults({ dropAfterBytes: 5 });
    c.send(putFrame("a", 1));
    assert.equal(await c.next(), null);
    assert.equal(c.received.reduce((n, b) => n + b.length, 0), 5);
  });
});

test("truncateReply sends a well-framed but cut message", async () => {
  await withNode(async (mock, c) => {
    mock.nodes[0].faults({ truncateReply: true });
    const f = (await c.request(getFrame("a")))!;
    assert.equal(readProtoHeader(f).size, f.length - 8);
    assert.throws(() => decodeMessage(f.subarray(8)));
  });
});

test("garbageReply sends bytes that are not a proto frame", async () => {
  await withNode(async (mock, c) => {
    mock.nodes[0].faults({ garbageReply: true });
    c.send(getFrame("a"));
    for (let i = 0; i < 100 && c.received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(c.received.length > 0, "something arrived");
    assert.throws(() => readProtoHeader(c.received[0]));
  });
});

test("resultCode targets the nth command of a kind without running it", async () => {
  await withNode(async (mock, c) => {
    mock.nodes[0].faults({ on: "write", nth: 2, resultCode: 14 });
    assert.equal(replyMessage((await c.request(putFrame("a", 1)))!).resultCode, 0);
    assert.equal(replyMessage((await c.request(getFrame("a")))!).generation, 1);
    assert.equal(replyMessage((await c.request(putFrame("a", 2)))!).resultCode, 14);
    assert.equal(replyMessage((await c.request(getFrame("a")))!).generation, 1, "the write did not run");
    assert.equal(replyMessage((await c.request(putFrame("a", 3)))!).resultCode, 0);
    const stats = mock.nodes[0].stats();
    assert.equal(stats.commands.write, 3);
    assert.equal(stats.commands.read, 2);
  });
});

test("info commands can be delayed like any other", async () => {
  await withNode(async (mock, c) => {
    mock.nodes[0].faults({ rules: [{ on: "info", delayMs: 40 }] });
    const t0 = performance.now();
    await c.request(encodeInfoRequest(["node"]));
    assert.ok(performance.now() - t0 >= 35);
  });
});

test("refuseConnections closes new connections at once; clearFaults lets them in", async () => {
  await using mock = await MockCluster.start();
  mock.nodes[0].faults({ refuseConnections: true });
  const c = await RawConn.open(mock.nodes[0].port);
  await c.closedPromise;
  assert.equal(c.closed, true);
  mock.nodes[0].clearFaults();
  const d = await RawConn.open(mock.nodes[0].port);
  assert.equal(replyMessage((await d.request(getFrame("a")))!).resultCode, 2);
  await d.close();
});
