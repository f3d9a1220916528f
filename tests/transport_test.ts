/**
 * The same behaviour checks for every transport this runtime can run: memory, node:net (which
 * Deno and Bun provide too), and the runtime's own (Deno or Bun). No Deno-only API is used, so
 * the Bun and Node shims run this file unchanged.
 */
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { bytes, CASES, closedOf, echo, HOST, runtime, serve } from "./helpers/transport_cases.ts";
import { flowTests } from "./helpers/transport_flow.ts";
import { type Conn, TransportError } from "../src/transport/transport.ts";
import { Connection } from "../src/net/connection.ts";
import { frame, PROTO_TYPE_INFO, PROTO_TYPE_MESSAGE, WireFormatError } from "../src/wire/proto.ts";

for (const { name, large, make } of CASES) {
  test(`${name} transport carries frames written in random pieces, 1-byte pieces first`, async () => {
    const net = make();
    const { listener } = await serve(net, echo);
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    const bodies = Array.from({ length: 60 }, (_, i) => bytes(Math.floor(Math.random() * 3000), i));
    const frames = bodies.map((b, i) => frame(i % 3 === 0 ? PROTO_TYPE_INFO : PROTO_TYPE_MESSAGE, b));
    const stream = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    frames.reduce((off, f) => (stream.set(f, off), off + f.length), 0);
    let off = 0;
    while (off < stream.length) {
      const n = off < 300 ? 1 : 1 + Math.floor(Math.random() * 700);
      conn.send(stream.slice(off, off + n));
      off += n;
    }
    for (let i = 0; i < frames.length; i++) {
      const got = await conn.readFrame();
      assert.equal(got.type, i % 3 === 0 ? PROTO_TYPE_INFO : PROTO_TYPE_MESSAGE);
      assert.deepEqual(got.body, bodies[i], `frame ${i}`);
    }
    conn.close();
    await listener.close();
  });

  test(`${name} transport exchanges ${large >> 10} KiB frames in both directions`, async () => {
    const net = make();
    const served: Promise<void>[] = [];
    const { listener } = await serve(net, (c) => {
      const server = new Connection(c);
      served.push((async () => {
        for (let i = 0; i < 2; i++) {
          const req = await server.readFrame();
          server.send(frame(PROTO_TYPE_MESSAGE, req.body.map((b) => b ^ 0xff)));
        }
      })());
    });
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    for (let i = 0; i < 2; i++) {
      const body = bytes(large, i);
      const reply = await conn.request(frame(PROTO_TYPE_MESSAGE, body));
      assert.equal(reply.body.length, body.length);
      assert.deepEqual(reply.body, body.map((b) => b ^ 0xff));
    }
    await Promise.all(served);
    conn.close();
    await listener.close();
  });

  test(`${name} transport rejects a connect to a closed port with ECONNREFUSED quickly`, async () => {
    const net = make();
    const { listener } = await serve(net);
    const port = listener.port;
    await listener.close();
    const started = Date.now();
    await assert.rejects(
      net.connect({ host: HOST, port, timeoutMs: 5000 }),
      (e: unknown) => e instanceof TransportError && e.code === "ECONNREFUSED",
    );
    assert.ok(Date.now() - started < 2000, "refusal must not wait for the timeout");
  });

  test(`${name} transport times out a connect that never completes and leaves nothing behind`, async () => {
    const net = make();
    // Memory: a blackholed address. Sockets: a TCP server that never answers the TLS handshake.
    const { listener, accepted } = await serve(net, (c) => c.onData(() => {}));
    if (net.blackhole !== undefined) net.blackhole(HOST, listener.port);
    const started = Date.now();
    await assert.rejects(
      net.connect({ host: HOST, port: listener.port, timeoutMs: 150, tls: { serverName: "aerospike.test" } }),
      (e: unknown) => e instanceof TransportError && e.code === "ETIMEDOUT",
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 100 && elapsed < 3000, `timed out after ${elapsed} ms`);
    // The server side of the abandoned attempt sees it go away (on Deno too: its TLS goes
    // through node:tls, because a pending `Deno.startTls` handshake cannot be aborted).
    await Promise.all(accepted.map(closedOf));
    await listener.close();
  });

  test(`${name} transport fails a pending readFrame when the peer closes`, async () => {
    const net = make();
    const { listener, accepted } = await serve(net, (c) => c.onData(() => c.close()));
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    const pending = conn.readFrame();
    conn.send(frame(PROTO_TYPE_INFO, new Uint8Array([1])));
    await assert.rejects(pending, (e: unknown) => e instanceof TransportError && e.code === "ECLOSED");
    assert.equal(conn.closed, true);
    assert.equal(await closedOf(accepted[0]), undefined);
    await listener.close();
  });

  test(`${name} transport: readFrameTo takes its turn among readFrame calls and never calls back at once`, async () => {
    const net = make();
    const { listener } = await serve(net, echo);
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    const got: string[] = [];
    const waiter = (tag: string) => ({
      resolve: (f: { body: Uint8Array }) => got.push(`${tag}:${f.body[0]}`),
      reject: (e: Error) => got.push(`${tag}:${(e as TransportError).code}`),
    });
    const first = conn.readFrame().then((f) => got.push(`p:${f.body[0]}`));
    conn.readFrameTo(waiter("w"));
    conn.send(frame(PROTO_TYPE_MESSAGE, new Uint8Array([1])));
    conn.send(frame(PROTO_TYPE_MESSAGE, new Uint8Array([2])));
    conn.send(frame(PROTO_TYPE_MESSAGE, new Uint8Array([3])));
    await first;
    while (got.length < 2) await new Promise((r) => setTimeout(r, 5));
    // The third reply arrives with nobody waiting: queued, then handed over from a microtask.
    await new Promise((r) => setTimeout(r, 20));
    conn.readFrameTo(waiter("queued"));
    // Frames go in call order (a promise's callback runs a microtask after the waiter's call).
    assert.deepEqual([...got].sort(), ["p:1", "w:2"], "a queued frame is not handed over inside the call");
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(got.at(-1), "queued:3");
    conn.readFrameTo(waiter("closed"));
    conn.close();
    assert.deepEqual(got.at(-1), "closed:ECLOSED");
    conn.readFrameTo(waiter("after"));
    assert.equal(got.length, 4, "after close: not inside the call either");
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(got.at(-1), "after:ECLOSED");
    await listener.close();
  });

  test(`${name} transport delivers the frames a peer wrote before end()`, async () => {
    const net = make();
    const { listener } = await serve(net, (c) =>
      c.onData(() => {
        c.write(frame(PROTO_TYPE_MESSAGE, bytes(10, 1)));
        c.write(frame(PROTO_TYPE_MESSAGE, bytes(200_000, 2)));
        c.end();
      }));
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    conn.send(frame(PROTO_TYPE_INFO, new Uint8Array([1])));
    assert.deepEqual((await conn.readFrame()).body, bytes(10, 1));
    assert.deepEqual((await conn.readFrame()).body, bytes(200_000, 2));
    await assert.rejects(
      conn.readFrame(),
      (e: unknown) => e instanceof TransportError && e.code === "ECLOSED",
    );
    await listener.close();
  });

  test(`${name} transport close() fails the pending read with the given error and releases both ends`, async () => {
    const net = make();
    const { listener, accepted } = await serve(net, echo);
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    assert.deepEqual((await conn.request(frame(PROTO_TYPE_INFO, bytes(3, 3)))).body, bytes(3, 3));
    const pending = conn.readFrame();
    const deadline = new Error("deadline passed");
    conn.fail(deadline);
    await assert.rejects(pending, (e: unknown) => e === deadline);
    await assert.rejects(conn.readFrame(), (e: unknown) => e === deadline);
    assert.throws(() => conn.send(frame(PROTO_TYPE_INFO, bytes(1, 1))), (e: unknown) => e === deadline);
    const serverSaw = await closedOf(accepted[0]);
    assert.ok(serverSaw instanceof TransportError && serverSaw.code === "ECLOSED");
    await listener.close();
  });

  test(`${name} transport refuses writes after close and runs every close handler once`, async () => {
    const net = make();
    const { listener } = await serve(net, echo);
    const raw = await net.connect({ host: HOST, port: listener.port, timeoutMs: 2000 });
    raw.onData(() => {});
    const seen: string[] = [];
    const first = new Promise<void>((resolve) =>
      raw.onClose((err) => {
        seen.push(`first:${err?.code ?? "local"}`);
        resolve();
      })
    );
    raw.onClose((err) => seen.push(`second:${err?.code ?? "local"}`));
    raw.close();
    raw.close();
    assert.equal(raw.closed, true);
    assert.throws(
      () => raw.write(new Uint8Array(1)),
      (e: unknown) => e instanceof TransportError && e.code === "ECLOSED",
    );
    await first;
    // A handler added after the release still hears about it.
    await new Promise<void>((resolve) =>
      raw.onClose((err) => {
        seen.push(`late:${err?.code ?? "local"}`);
        resolve();
      })
    );
    assert.deepEqual(seen, ["first:local", "second:local", "late:local"]);
    await listener.close();
  });

  test(`${name} transport listener close drops the connections it accepted`, async () => {
    const net = make();
    const { listener } = await serve(net, echo);
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    await conn.request(frame(PROTO_TYPE_INFO, bytes(4, 4)));
    const rejected = assert.rejects(conn.readFrame(), (e: unknown) => e instanceof TransportError);
    await listener.close();
    await rejected;
    assert.equal(conn.closed, true);
  });

  test(`${name} transport fails the connection on a malformed header from the peer`, async () => {
    const net = make();
    const { listener } = await serve(
      net,
      (c) => c.onData(() => c.write(new Uint8Array([9, 3, 0, 0, 0, 0, 0, 1, 0]))),
    );
    const conn = await Connection.open(net, { host: HOST, port: listener.port, timeoutMs: 2000 });
    await assert.rejects(conn.request(frame(PROTO_TYPE_INFO, bytes(1, 1))), WireFormatError);
    assert.equal(conn.closed, true);
    assert.ok(conn.error instanceof WireFormatError);
    await listener.close();
  });
}

flowTests(CASES);

// A listener that never accepts and has a one-slot backlog: once the queue is full, Linux drops
// further SYNs, so a plain TCP connect hangs (Deno API for the backlog; other kernels may refuse).
const BACKLOG_TRICK = runtime === "deno" && Deno.build.os === "linux";
for (const { name, make } of CASES.filter((c) => c.name === "deno" || c.name === "node")) {
  test(
    `${name} transport times out a TCP connect that gets no answer and leaves nothing behind`,
    async () => {
      const net = make();
      const listener = Deno.listen({ hostname: HOST, port: 0, tcpBacklog: 1 });
      const port = (listener.addr as Deno.NetAddr).port;
      const queued: Conn[] = [];
      try {
        for (let i = 0; i < 8; i++) {
          const started = Date.now();
          try {
            queued.push(await net.connect({ host: HOST, port, timeoutMs: 150 }));
          } catch (e) {
            assert.ok(e instanceof TransportError && e.code === "ETIMEDOUT", String(e));
            assert.ok(Date.now() - started >= 100);
            return;
          }
        }
        assert.fail("the backlog never filled up");
      } finally {
        for (const c of queued) c.close();
        await Promise.all(queued.map(closedOf));
        listener.close();
      }
    },
    { ignore: !BACKLOG_TRICK },
  );
}
