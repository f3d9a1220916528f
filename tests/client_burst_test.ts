// Bursts on a fresh client (issue 17): commands issued before the client has any connection are
// not charged their wait for the first one against totalTimeout (at most connectTimeout), and a
// connect opened for a command may use the command's remaining time when that is longer than
// connectTimeout. The connector holds new connects back while armed, on the client's side, so the
// same tests run on the mock and on the real server.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import {
  Client,
  type Conn,
  type ConnectOptions,
  type Connector,
  Key,
  type Listener,
  type ListenOptions,
  TimeoutError,
} from "../mod.ts";
import { defaultConnector } from "../src/transport/auto.ts";
import { SlowNetwork } from "./helpers/slow_network.ts";

/** A connector that, while `armed`, holds each connect back until `open()` (or forever). */
class HeldNetwork implements Connector {
  armed = false;
  #inner: Connector;
  #held: (() => void)[] = [];
  #connects: Promise<unknown>[] = [];
  /** Connects made while armed. */
  heldCount = 0;

  /** @param inner the connector that makes the connections (default: the runtime's own) */
  constructor(inner: Connector = defaultConnector()) {
    this.#inner = inner;
  }

  connect(options: ConnectOptions): Promise<Conn> {
    if (!this.armed) return this.#inner.connect(options);
    this.heldCount++;
    const p = new Promise<void>((r) => this.#held.push(r)).then(() => this.#inner.connect(options));
    this.#connects.push(p.catch(() => {}));
    return p;
  }

  /** Lets every held connect (and later ones) through. */
  open(): void {
    this.armed = false;
    for (const go of this.#held.splice(0)) go();
  }

  /** Resolves once every held connect settled. */
  async settled(): Promise<void> {
    this.open();
    await Promise.allSettled(this.#connects);
  }

  listen(options: ListenOptions): Promise<Listener> {
    return this.#inner.listen(options);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

targetTest(
  "a fresh client's commands wait for its first connection without spending their totalTimeout",
  async (t) => {
    const keys = Array.from({ length: 5 }, (_, i) => new Key(t.ns, t.set("burst"), i));
    for (const k of keys) await t.client.put(k, { v: k.userKey as number });
    const network = new HeldNetwork();
    const client = await Client.connect({
      hosts: t.seeds,
      connector: network,
      connectTimeout: 10_000,
      policies: { read: { totalTimeout: 100, maxRetries: 0 } },
    });
    try {
      network.armed = true; // the tend connection is open; the pool's first connects are held
      const gets = keys.map((k) => client.get(k));
      await sleep(400); // far past the 100 ms budget while no connection exists
      assert.ok(network.heldCount > 0, "the gets asked for connections");
      network.open();
      const records = await Promise.all(gets);
      assert.deepEqual(records.map((r) => r?.bins.v), [0, 1, 2, 3, 4]);
    } finally {
      network.open();
      await client.close();
      await network.settled();
    }
  },
  { nodes: 1 },
);

targetTest(
  "the first-connection grace is bounded by connectTimeout, and ends once a connection exists",
  async (t) => {
    const key = new Key(t.ns, t.set("burst"), "k");
    await t.client.put(key, { v: 1 });
    const options = {
      hosts: t.seeds,
      connectTimeout: 200,
      policies: { read: { totalTimeout: 100, maxRetries: 0 } },
    };
    const network = new HeldNetwork();
    const client = await Client.connect({ ...options, connector: network });
    const warmNetwork = new HeldNetwork();
    const warm = await Client.connect({ ...options, connector: warmNetwork });
    try {
      network.armed = true;
      // Held for good: the wait is excused for connectTimeout at most, then totalTimeout applies.
      await assert.rejects(client.get(key), TimeoutError);
      // Warm (one connection, opened for a get): a command waiting for a further connect is
      // charged that wait as before.
      assert.equal((await warm.get(key, { totalTimeout: 10_000 }))?.bins.v, 1);
      assert.deepEqual(warm.stats().connections, { open: 1, idle: 1 });
      const first = warm.get(key, { totalTimeout: 10_000 }); // takes the idle connection
      warmNetwork.armed = true;
      const second = warm.get(key); // needs a new one, held
      assert.equal((await first)?.bins.v, 1);
      await assert.rejects(second, TimeoutError);
    } finally {
      network.open(); // a connect still held would keep close() waiting
      warmNetwork.open();
      await client.close();
      await warm.close();
      await network.settled();
      await warmNetwork.settled();
    }
  },
  { nodes: 1 },
);

targetTest(
  "a command queued before the first connection keeps the warm-up grace until that connection comes, no longer",
  async (t) => {
    const key = new Key(t.ns, t.set("burst"), "q");
    await t.client.put(key, { v: 1 });
    // Connects held while armed, replies a second late while `slow` is armed.
    const slow = new SlowNetwork(1000);
    const network = new HeldNetwork(slow);
    const client = await Client.connect({
      hosts: t.seeds,
      connector: network,
      connectTimeout: 1000, // the grace
      maxConnsPerNode: 1, // the second command waits in the push-back queue
      policies: { read: { totalTimeout: 200, socketTimeout: 0, maxRetries: 0 } },
    });
    try {
      network.armed = true;
      slow.armed = true;
      const start = Date.now();
      const first = client.get(key, { totalTimeout: 10_000 });
      first.catch(() => {}); // awaited below, unless an assertion fails first
      const queued = client.get(key);
      let settledAt = 0;
      queued.then(() => settledAt = Date.now(), () => settledAt = Date.now());
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(settledAt, 0, "the queued command is still excused its wait for the first connection");
      assert.equal(client.stats().queued, 1);
      // The connection comes at ~300 ms: of the grace the queued command keeps those 300 ms, so
      // it times out at ~500 ms while the first command waits for its late reply (~1,300 ms).
      network.open();
      await assert.rejects(queued, TimeoutError);
      const waited = settledAt - start;
      assert.ok(waited >= 450 && waited < 1100, `the queued command timed out after ${waited} ms`);
      assert.equal((await first)?.bins.v, 1);
    } finally {
      network.open();
      await client.close();
      await network.settled();
      await slow.settled();
    }
  },
  { nodes: 1 },
);

targetTest(
  "timeouts of requests sent late in their budget (queued in the client) do not trip the node's breaker",
  async (t) => {
    const key = new Key(t.ns, t.set("burst"), "b");
    await t.client.put(key, { v: 1 });
    // One connection, replies 200 ms late, and a breaker that opens past one counted error.
    const network = new SlowNetwork(200);
    const client = await Client.connect({
      hosts: t.seeds,
      connector: network,
      maxConnsPerNode: 1,
      maxErrorRate: 1,
      tendInterval: 60_000, // no window reset during the test
      policies: { read: { socketTimeout: 0, maxRetries: 0 } },
    });
    try {
      assert.equal((await client.get(key))?.bins.v, 1); // the one connection is open
      network.armed = true;
      // The first holds the connection >= 200 ms. The second is sent after >= 200 ms of its 300
      // and times out at 300 on the wire; the third gets a new connection once the second's is
      // closed (>= 300 ms of its 450) and times out at 450. Both spent most of their budget
      // queued in the client: neither counts, although each closed its connection.
      const first = client.get(key, { totalTimeout: 10_000 });
      const second = client.get(key, { totalTimeout: 300 });
      const third = client.get(key, { totalTimeout: 450 });
      await assert.rejects(second, TimeoutError);
      await assert.rejects(third, TimeoutError);
      assert.equal((await first)?.bins.v, 1);
      network.armed = false;
      // Two counted errors would have opened the breaker: this read would wait for a window that
      // does not end (tendInterval) and fail with MAX_ERROR_RATE (-15).
      assert.equal((await client.get(key, { totalTimeout: 10_000 }))?.bins.v, 1);
    } finally {
      network.armed = false;
      await client.close();
      await network.settled();
    }
  },
  { nodes: 1 },
);
