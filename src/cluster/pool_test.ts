import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { AerospikeError, ConnectionError, TimeoutError } from "../errors.ts";
import { MemoryNetwork } from "../transport/memory.ts";
import { type Conn, type Listener, TransportError } from "../transport/transport.ts";
import { ResultCode } from "../wire/result_code.ts";
import { Pool } from "./pool.ts";

async function setup(maxConns = 2): Promise<{ pool: Pool; server: Conn[]; listener: Listener }> {
  const net = new MemoryNetwork();
  const server: Conn[] = [];
  const listener = await net.listen({
    host: "127.0.0.1",
    port: 0,
    onConn: (c) => {
      server.push(c);
      c.onData(() => {});
    },
  });
  const pool = new Pool({ connector: net, host: "127.0.0.1", port: listener.port, maxConns, label: "N1" });
  return { pool, server, listener };
}

test("the pool opens up to maxConns and then rejects at once with NO_AVAILABLE_CONNECTIONS_TO_NODE", async () => {
  const { pool, listener } = await setup(2);
  const a = await pool.acquire();
  const b = await pool.acquire();
  assert.notEqual(a, b);
  assert.equal(pool.open, 2);
  await assert.rejects(pool.acquire(), (e: unknown) => {
    assert.ok(e instanceof AerospikeError);
    assert.equal(e.code, ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE);
    assert.equal(e.node, "N1");
    return true;
  });
  pool.release(a, true);
  assert.equal(await pool.acquire(), a, "a released connection is reused");
  pool.close();
  await listener.close();
});

test("the pool reuses the most recently released connection first", async () => {
  const { pool, listener } = await setup(3);
  const a = await pool.acquire();
  const b = await pool.acquire();
  pool.release(a, true);
  pool.release(b, true);
  assert.equal(pool.idle, 2);
  assert.equal(await pool.acquire(), b);
  assert.equal(await pool.acquire(), a);
  pool.close();
  await listener.close();
});

test("a connection released as not reusable is closed and frees its slot", async () => {
  const { pool, listener } = await setup(1);
  const a = await pool.acquire();
  pool.release(a, false);
  assert.equal(a.closed, true);
  assert.equal(pool.open, 0);
  const b = await pool.acquire();
  assert.notEqual(b, a);
  pool.close();
  await listener.close();
});

test("idle connections dropped by the server are skipped, old ones are reaped", async () => {
  const { pool, server, listener } = await setup(3);
  const a = await pool.acquire();
  const b = await pool.acquire();
  pool.release(a, true);
  pool.release(b, true);
  server[1].close(); // the server drops b
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(b.closed, true);
  assert.equal(await pool.acquire(), a);
  assert.equal(pool.open, 1);
  pool.release(a, true);
  assert.equal(pool.reap(60_000), 0);
  assert.equal(pool.reap(10, Date.now() + 1000), 1);
  assert.equal(a.closed, true);
  assert.equal(pool.open, 0);
  pool.close();
  await listener.close();
});

test("a refused connect rejects with a ConnectionError naming the target", async () => {
  const pool = new Pool({ connector: new MemoryNetwork(), host: "127.0.0.1", port: 1, maxConns: 2 });
  await assert.rejects(pool.acquire(), (e: unknown) => {
    assert.ok(e instanceof ConnectionError);
    assert.equal(e.code, ResultCode.CONNECTION_ERROR);
    assert.match(e.message, /127\.0\.0\.1:1.*ECONNREFUSED/);
    return true;
  });
  assert.equal(pool.open, 0);
  pool.close();
});

test("warm opens connections in the background up to the count", async () => {
  const { pool, listener } = await setup(5);
  pool.warm(3);
  assert.equal(pool.open, 3);
  await pool.drained();
  assert.equal(pool.idle, 3);
  pool.warm(8);
  await pool.drained();
  assert.equal(pool.idle, 5, "never beyond maxConns");
  pool.close();
  await listener.close();
});

test("close closes idle and in-use connections and later acquires reject with CLIENT_CLOSED", async () => {
  const { pool, listener } = await setup(3);
  const a = await pool.acquire();
  const b = await pool.acquire();
  pool.release(b, true);
  pool.close();
  assert.equal(a.closed, true);
  assert.equal(b.closed, true);
  assert.equal(pool.open, 0);
  await assert.rejects(
    pool.acquire(),
    (e: unknown) => e instanceof AerospikeError && e.code === ResultCode.CLIENT_CLOSED,
  );
  pool.release(a, true); // a late release after close is harmless
  pool.close();
  await listener.close();
});

test("retire closes idle connections at once and busy ones when they come back", async () => {
  const { pool, listener } = await setup(3);
  const busy = await pool.acquire();
  const idle = await pool.acquire();
  pool.release(idle, true);
  pool.retire();
  assert.equal(idle.closed, true);
  assert.equal(busy.closed, false, "a command in flight may finish");
  assert.equal(pool.open, 1);
  // A node that left the cluster is not a closed client: the command retries on the new owner.
  await assert.rejects(
    pool.acquire(),
    (e: unknown) => e instanceof AerospikeError && e.code === ResultCode.INVALID_NODE_ERROR,
  );
  pool.release(busy, true);
  assert.equal(busy.closed, true);
  assert.equal(pool.open, 0);
  pool.close();
  await listener.close();
});

test("at most maxOpening connects run at once; the other acquires wait for one to settle", async () => {
  const net = new MemoryNetwork();
  const listener = await net.listen({ host: "127.0.0.1", port: 0, onConn: (c) => c.onData(() => {}) });
  const pool = new Pool({
    connector: net,
    host: "127.0.0.1",
    port: listener.port,
    maxConns: 10,
    maxOpening: 2,
  });
  let peak = 0;
  const acquires = Array.from({ length: 6 }, () => {
    const p = pool.acquire();
    peak = Math.max(peak, pool.open);
    return p;
  });
  assert.equal(peak, 2, "only two connects were started synchronously");
  const conns = await Promise.all(acquires);
  assert.equal(new Set(conns).size, 6, "every waiting acquire got its own connection");
  assert.equal(pool.open, 6);
  pool.close();
  await listener.close();
});

test("share() fills one connection up to depth, joining a connect in progress, before opening another", async () => {
  const { pool, listener } = await setup(3);
  const burst = await Promise.all([pool.share(3), pool.share(3), pool.share(3), pool.share(3)]);
  assert.equal(burst[0], burst[1]);
  assert.equal(burst[0], burst[2]);
  assert.notEqual(burst[3], burst[0]);
  assert.equal(pool.open, 2);
  assert.equal(burst[0].users, 3);
  assert.equal(burst[3].users, 1);
  assert.equal(await pool.share(3), burst[3], "the connection with room is filled first");
  pool.release(burst[0], true);
  assert.equal(await pool.share(3), burst[0], "a full connection has room again after a release");
  // Exclusive acquires never get a connection in shared use.
  const own = await pool.acquire();
  assert.ok(!burst.includes(own));
  assert.equal(own.users, 0);
  pool.release(own, true);
  for (const c of [burst[0], burst[0], burst[0], burst[3], burst[3]]) pool.release(c, true);
  assert.equal(pool.idle, 3, "a shared connection goes idle with its last user");
  assert.equal(burst[0].users + burst[3].users, 0);
  pool.close();
  await listener.close();
});

test("a shared connection released as not reusable is closed for all its users and never handed out", async () => {
  const { pool, listener } = await setup(2);
  const a = await pool.share(4);
  assert.equal(await pool.share(4), a);
  pool.release(a, false);
  assert.equal(a.closed, true);
  assert.equal(pool.open, 0);
  const b = await pool.share(4);
  assert.notEqual(b, a);
  pool.release(a, true); // the other user's late release changes nothing
  assert.equal(pool.open, 1);
  assert.equal(await pool.share(4), b);
  pool.close();
  await listener.close();
});

test("connect failures reach every joiner of a shared connect, each with its own error", async () => {
  const pool = new Pool({ connector: new MemoryNetwork(), host: "127.0.0.1", port: 1, maxConns: 2 });
  const results = await Promise.allSettled([pool.share(4), pool.share(4), pool.share(4)]);
  const errors = results.map((r) => (r as PromiseRejectedResult).reason);
  for (const e of errors) assert.ok(e instanceof ConnectionError, String(e));
  assert.equal(new Set(errors).size, 3);
  assert.equal(pool.open, 0);
  pool.close();
});

test("acquireWithin() at the cap is handed the next released connection, or a fresh one for a closed slot", async () => {
  const { pool, listener } = await setup(1);
  const a = await pool.acquire();
  const waiting = pool.acquireWithin(10_000, "info");
  await new Promise((r) => setTimeout(r, 0)); // the waiter is queued
  pool.release(a, true);
  assert.equal(pool.idle, 0, "the released connection goes to the waiter, not the idle stack");
  assert.equal(await waiting, a);
  const again = pool.acquireWithin(10_000, "info");
  await new Promise((r) => setTimeout(r, 0));
  pool.release(a, false); // closed: its slot is free, the waiter connects anew
  const b = await again;
  assert.notEqual(b, a);
  assert.equal(pool.open, 1);
  pool.close();
  await listener.close();
});

test("acquireWithin() rejects with TimeoutError when no connection comes free, and with CLIENT_CLOSED on close", async () => {
  const { pool, listener } = await setup(1);
  const a = await pool.acquire();
  await assert.rejects(pool.acquireWithin(20, "truncate"), (e: unknown) => {
    assert.ok(e instanceof TimeoutError);
    assert.equal(e.node, "N1");
    assert.match(e.message, /truncate: no connection to N1 came free within 20 ms/);
    return true;
  });
  const waiting = pool.acquireWithin(10_000, "info");
  pool.close();
  await assert.rejects(
    waiting,
    (e: unknown) => e instanceof AerospikeError && e.code === ResultCode.CLIENT_CLOSED,
  );
  pool.release(a, true);
  await listener.close();
});

test("a connect made for a caller with more time left than connectTimeout may take that time", async () => {
  const net = new MemoryNetwork();
  const listener = await net.listen({ host: "127.0.0.1", port: 0, onConn: (c) => c.onData(() => {}) });
  const budgets: number[] = [];
  const connector = {
    connect: (o: Parameters<typeof net.connect>[0]) => (budgets.push(o.timeoutMs ?? -1), net.connect(o)),
    listen: (o: Parameters<typeof net.listen>[0]) => net.listen(o),
  };
  const pool = new Pool({
    connector,
    host: "127.0.0.1",
    port: listener.port,
    connectTimeout: 1000,
    maxConns: 10,
    maxOpening: 1,
  });
  await pool.acquire(5000);
  await pool.acquire(200); // less than connectTimeout: the connection outlives the command
  await pool.acquire();
  await pool.acquire(Infinity);
  assert.deepEqual(budgets, [5000, 1000, 1000, 1000]);
  // One waits for the other's connect (maxOpening 1); it keeps what is left of its own budget.
  await Promise.all([pool.acquire(8000), pool.acquire(8000)]);
  assert.equal(budgets[4], 8000);
  assert.ok(budgets[5] > 1000 && budgets[5] <= 8000, `the waiter's connect got ${budgets[5]} ms`);
  pool.close();
  await listener.close();
});

test("an idle connection whose transport closed before the close reached the pool is not handed out", async () => {
  // A killed node resets every socket at once; the transport knows before the pool is told.
  const net = new MemoryNetwork();
  const listener = await net.listen({ host: "127.0.0.1", port: 0, onConn: (c) => c.onData(() => {}) });
  let cut = false;
  const connector = {
    async connect(options: Parameters<MemoryNetwork["connect"]>[0]): Promise<Conn> {
      const inner = await net.connect(options);
      return {
        write: (d: Uint8Array) => {
          if (cut) throw new TransportError("ECLOSED", "write on a closed connection");
          inner.write(d);
        },
        close: () => inner.close(),
        end: () => inner.end(),
        get closed(): boolean {
          return cut || inner.closed;
        },
        onData: (cb: (chunk: Uint8Array) => void) => inner.onData(cb),
        onClose: (cb: (err?: TransportError) => void) => inner.onClose(cb),
        get bufferedAmount(): number {
          return inner.bufferedAmount;
        },
        whenDrained: () => inner.whenDrained(),
        pause: () => inner.pause(),
        resume: () => inner.resume(),
      };
    },
    listen: net.listen.bind(net),
  };
  const pool = new Pool({ connector, host: "127.0.0.1", port: listener.port, maxConns: 2, label: "N1" });
  const a = await pool.acquire();
  pool.release(a, true);
  assert.equal(pool.take(1), a, "the idle connection is reused while its transport is open");
  pool.release(a, true);
  cut = true; // the transport is closed; no close event yet
  assert.equal(a.closed, false);
  assert.equal(pool.take(1), undefined, "a connection whose transport closed is not handed out");
  assert.equal(pool.open, 0, "it was dropped from the pool");
  pool.close();
  await listener.close();
});
