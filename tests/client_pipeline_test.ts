// Opt-in pipelining: several single-record commands in flight on one connection, replies matched
// in request order, and a failure on a pipelined connection failing every command on it.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { withCluster } from "./helpers/cluster.ts";
import { failure } from "./helpers/errors.ts";
import { tapConn } from "./helpers/tap_conn.ts";
import { AerospikeError, Client, ConnectionError, Key, ops, ProtocolError, TimeoutError } from "../mod.ts";
import { FrameReader } from "../src/wire/frame_reader.ts";
import { defaultConnector } from "../src/transport/auto.ts";
import type { Conn, ConnectOptions, Connector, Listener, ListenOptions } from "../src/transport/transport.ts";

/** What the client did on one socket: request frames written, reply frames read, most unanswered. */
interface SocketLog {
  sent: number;
  received: number;
  maxOutstanding: number;
  readonly conn: Conn;
}

/** A connector that counts frames per client socket (each `write` is one request frame). */
class CountingConnector implements Connector {
  readonly sockets: SocketLog[] = [];
  #inner = defaultConnector();

  async connect(options: ConnectOptions): Promise<Conn> {
    const conn = await this.#inner.connect(options);
    const log: SocketLog = { sent: 0, received: 0, maxOutstanding: 0, conn };
    this.sockets.push(log);
    const reader = new FrameReader(() => log.received++);
    return tapConn(conn, {
      write(): void {
        log.sent++;
        log.maxOutstanding = Math.max(log.maxOutstanding, log.sent - log.received);
      },
      data(chunk): void {
        try {
          reader.push(chunk);
        } catch {
          // Garbage on purpose in some tests: counting stops, the client sees it itself.
        }
      },
    });
  }

  listen(options: ListenOptions): Promise<Listener> {
    return this.#inner.listen(options);
  }

  /** Sockets that carried more than one unanswered request at some point. */
  pipelined(): SocketLog[] {
    return this.sockets.filter((s) => s.maxOutstanding > 1);
  }
}

function idle(client: Client): void {
  const s = client.stats();
  assert.equal(s.inFlight, 0);
  assert.equal(s.queued, 0);
  assert.equal(s.connections.open, s.connections.idle, "every connection is back in its pool");
}

test("mixed commands on one pipelined connection each get their own reply", async () => {
  const connector = new CountingConnector();
  await withCluster({ nodes: 1, client: { connector, pipeline: { depth: 64 }, maxConnsPerNode: 1 } }, async ({
    mock,
    client,
  }) => {
    const k = (i: number): Key => new Key("test", "pipe", i);
    for (let i = 0; i < 40; i++) await client.put(k(i), { i, s: `v${i}` });
    const before = mock.nodes[0].stats();
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      jobs.push(client.get(k(i)).then((r) => assert.deepEqual({ ...r!.bins }, { i, s: `v${i}` })));
      jobs.push(client.put(k(100 + i), { p: i * 2 }));
      jobs.push(
        client.operate(k(10 + i), [ops.add("i", 1000), ops.read("i")]).then((r) =>
          assert.equal(r.bins.i, 1010 + i)
        ),
      );
      jobs.push(client.exists(k(i % 2 === 0 ? 20 + i : 500 + i)).then((e) => assert.equal(e, i % 2 === 0)));
      jobs.push(client.remove(k(30 + i)).then((found) => assert.equal(found, true)));
      jobs.push(client.get(k(200 + i)).then((r) => assert.equal(r, null)));
    }
    await Promise.all(jobs);
    for (let i = 0; i < 10; i++) {
      assert.equal((await client.get(k(100 + i)))!.bins.p, i * 2);
      assert.equal(await client.exists(k(30 + i)), false);
    }
    const after = mock.nodes[0].stats();
    assert.equal(
      after.commands.read + after.commands.write - before.commands.read - before.commands.write,
      80,
    );
    const piped = connector.pipelined();
    assert.equal(piped.length, 1, "one socket carried the burst");
    assert.ok(piped[0].maxOutstanding >= 30, `at most ${piped[0].maxOutstanding} requests were unanswered`);
    assert.equal(client.stats().connections.open, 1);
    idle(client);
  });
});

const capped = new CountingConnector();
targetTest("pipelined commands stay within maxCommandsInFlight", async (t) => {
  const connector = capped;
  connector.sockets.length = 0;
  const { client } = t;
  const keys = Array.from({ length: 60 }, (_, i) => new Key(t.ns, t.set("pipe"), i));
  await Promise.all(keys.map((key, i) => client.put(key, { i })));
  const records = await Promise.all(keys.map((key) => client.get(key)));
  records.forEach((r, i) => assert.equal(r!.bins.i, i));
  const most = Math.max(...connector.sockets.map((s) => s.maxOutstanding));
  assert.ok(most > 1 && most <= 6, `${most} requests were unanswered on one socket`);
  idle(client);
}, { client: { connector: capped, pipeline: { depth: 32 }, maxCommandsInFlight: 6 } });

test("a stalled reply times out and fails every command queued behind it on that connection", async () => {
  const connector = new CountingConnector();
  await withCluster(
    { nodes: 1, client: { connector, pipeline: { depth: 16 } } },
    async ({ mock, client }) => {
      const k = (name: string): Key => new Key("test", "pipe", name);
      await client.put(k("c"), { v: "c" });
      await client.put(k("e"), { v: "e" });
      const socketsBefore = connector.sockets.length;
      mock.nodes[0].faults({ on: "read", nth: 1, stall: true });
      const a = client.get(k("a"), { totalTimeout: 60, socketTimeout: 0 });
      const b = client.put(k("b"), { v: "b" }, { totalTimeout: 5000 });
      const c = client.get(k("c"), { totalTimeout: 5000 }); // reads retry by default
      const d = client.put(k("d"), { v: "d" }, { totalTimeout: 5000 });
      const e = client.get(k("e"), { totalTimeout: 5000, maxRetries: 0 });
      const ea = await failure(a);
      assert.ok(ea instanceof TimeoutError, ea.message);
      assert.equal(ea.inDoubt, false);
      for (const [p, inDoubt] of [[b, true], [d, true], [e, false]] as const) {
        const err = await failure(p);
        assert.ok(err instanceof ConnectionError, err.message);
        assert.equal(err.inDoubt, inDoubt, err.message);
        assert.equal(err.attempts, 1);
        assert.ok(err.cause instanceof TimeoutError, "the cause is the timeout that closed the connection");
        assert.notEqual(err, ea);
      }
      assert.equal((await c)!.bins.v, "c", "a read behind the stall is retried on a fresh connection");
      const stalled = connector.sockets.find((s) => s.maxOutstanding >= 5)!;
      assert.ok(stalled !== undefined, "the five commands shared one socket");
      assert.equal(stalled.conn.closed, true);
      const sent = stalled.sent;
      mock.nodes[0].clearFaults();
      // The writes were sent but never ran (the node serves a connection in order): in doubt, not lost.
      assert.equal(await client.get(k("b")), null);
      assert.equal(await client.get(k("d")), null);
      assert.equal(stalled.sent, sent, "the closed socket is not reused");
      assert.ok(connector.sockets.length > socketsBefore);
      assert.equal(client.stats().timeouts, 1);
      idle(client);
    },
  );
});

test("a garbage reply fails only the commands of its own connection", async () => {
  const connector = new CountingConnector();
  await withCluster({ nodes: 1, client: { connector, pipeline: { depth: 4 } } }, async ({ mock, client }) => {
    const keys = Array.from({ length: 8 }, (_, i) => new Key("test", "pipe", i));
    await Promise.all(keys.map((key, i) => client.put(key, { i })));
    mock.nodes[0].faults({ on: "write", garbageReply: true });
    // Depth 4: the first four go on one socket, the next four on another.
    const first = [
      client.get(keys[0], { maxRetries: 0 }),
      client.put(keys[1], { i: -1 }),
      client.get(keys[2], { maxRetries: 0 }),
      client.get(keys[3], { maxRetries: 0 }),
    ];
    const second = keys.slice(4).map((key) => client.get(key, { maxRetries: 0 }));
    assert.equal((await first[0])!.bins.i, 0, "the reply before the garbage is delivered");
    for (const p of first.slice(1)) {
      const err = await failure(p);
      assert.ok(err instanceof ProtocolError, err.message);
    }
    assert.equal((await failure(first[1])).inDoubt, true);
    const records = await Promise.all(second);
    records.forEach((r, i) => assert.equal(r!.bins.i, 4 + i));
    const piped = connector.pipelined();
    assert.equal(piped.length, 2);
    assert.deepEqual(piped.map((s) => s.conn.closed).sort(), [false, true], "only one socket was closed");
    mock.nodes[0].clearFaults();
    idle(client);
  });
});

test("a truncated reply never hands a later reply to the wrong command", async () => {
  await withCluster({ nodes: 1, client: { pipeline: { depth: 8 } } }, async ({ mock, client }) => {
    const keys = Array.from({ length: 8 }, (_, i) => new Key("test", "pipe", i));
    await Promise.all(keys.map((key, i) => client.put(key, { i })));
    mock.nodes[0].faults({ on: "read", nth: 3, truncateReply: true });
    const results = await Promise.allSettled(keys.map((key) => client.get(key, { maxRetries: 0 })));
    let protocol = 0;
    results.forEach((r, i) => {
      if (r.status === "fulfilled") assert.equal(r.value!.bins.i, i);
      else {
        assert.ok(r.reason instanceof AerospikeError);
        if (r.reason instanceof ProtocolError) protocol++;
        else assert.ok(r.reason instanceof ConnectionError, r.reason.message);
      }
    });
    assert.equal(protocol, 1);
    assert.equal(results[2].status, "rejected");
    mock.nodes[0].clearFaults();
    idle(client);
  });
});

const mixed = new CountingConnector();
targetTest(
  "batches and info commands keep their own connections while single commands pipeline",
  async (t) => {
    const connector = mixed;
    connector.sockets.length = 0;
    const { client } = t;
    {
      const keys = Array.from({ length: 50 }, (_, i) => new Key(t.ns, t.set("pipe"), i));
      await Promise.all(keys.map((key, i) => client.put(key, { i })));
      const [gets, batch, info, more] = await Promise.all([
        Promise.all(keys.map((key) => client.get(key))),
        client.batchGet(keys),
        client.info("build"),
        Promise.all(keys.map((key) => client.exists(key))),
      ]);
      gets.forEach((r, i) => assert.equal(r!.bins.i, i));
      batch.forEach((r, i) => assert.equal(r!.bins.i, i));
      assert.ok(info.length > 0);
      assert.ok(more.every((x) => x));
      assert.ok(connector.pipelined().length >= 1);
      idle(client);
    }
  },
  { nodes: 2, client: { connector: mixed, pipeline: { depth: 32 } } },
);

test("an invalid pipeline depth throws RangeError before connecting", async () => {
  for (const depth of [0, -1, 1.5, 5000, Number.NaN]) {
    await assert.rejects(Client.connect({ hosts: "127.0.0.1:1", pipeline: { depth } }), RangeError);
  }
});
