// timeoutDelay (issue 20): a single-record command that timed out on the client leaves its
// connection open until the late reply is read, then the connection goes back to the pool, as the
// official clients do. The reply is made late on the client's side of the socket (a connector
// that holds received bytes back while armed), so the same test runs on the mock and on the real
// server: a server-side delay would not do, both answer TIMEOUT at the transaction ttl we send.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { Client, Key, TimeoutError } from "../mod.ts";
import { SlowNetwork } from "./helpers/slow_network.ts";

async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 20_000;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

for (const timeoutDelay of [0, 8_000]) {
  const outcome = timeoutDelay > 0 ? "drained and pooled" : "closed";
  targetTest(`timeoutDelay ${timeoutDelay}: a timed-out command's connection is ${outcome}`, async (t) => {
    const key = new Key(t.ns, t.set("tdelay"), "k");
    await t.client.put(key, { v: 1 });
    const network = new SlowNetwork(600);
    const budget = { socketTimeout: 150, totalTimeout: 150, maxRetries: 0, timeoutDelay };
    const client = await Client.connect({ hosts: t.seeds, connector: network, policies: { read: budget } });
    // The calls that must not time out get a generous socketTimeout too (budget's 150 ms failed
    // one of them on a loaded machine).
    const calm = { totalTimeout: 10_000, socketTimeout: 10_000 };
    try {
      const conns = () => client.stats().connections;
      assert.equal((await client.get(key, calm))?.bins.v, 1);
      assert.deepEqual(conns(), { open: 1, idle: 1 });
      network.armed = true;
      const err = await client.get(key).then(() => undefined, (e) => e);
      network.armed = false;
      assert.ok(err instanceof TimeoutError, `expected a timeout, got ${err}`);
      if (timeoutDelay > 0) {
        assert.deepEqual(conns(), { open: 1, idle: 0 }, "kept open while the late reply is awaited");
        await until(() => conns().idle === 1);
        assert.deepEqual(conns(), { open: 1, idle: 1 }, "the connection came back to the pool");
        // The drained connection serves the next command: no new one is opened, the reply is its own.
        await client.put(key, { v: 2 }, calm);
        assert.equal((await client.get(key, calm))?.bins.v, 2);
        assert.equal(conns().open, 1);
      } else {
        assert.deepEqual(conns(), { open: 0, idle: 0 }, "closed at the timeout");
      }
    } finally {
      await client.close();
      await network.settled();
    }
  }, { nodes: 1 });
}
