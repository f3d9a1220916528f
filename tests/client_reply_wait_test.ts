// The reply of a command whose connection was ready is waited for outside the attempt loop
// (src/commands/reply_waiter.ts). Its connection goes back to the pool only once the whole chunk
// that carried the reply has been read: a frame nobody asked for, in the same chunk, must keep the
// connection out of the pool and away from whoever waits for one at the pool's cap (an info
// command is handed a released connection directly).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { Key } from "../mod.ts";

test("a frame nobody asked for, right behind a reply, never reaches the command waiting for that connection", async () => {
  await withCluster({ nodes: 1, client: { maxConnsPerNode: 1 } }, async ({ mock, client }) => {
    const key = new Key("test", "reply_wait", 1);
    await client.put(key, { v: 7 });
    assert.equal((await client.get(key))?.bins.v, 7); // warm: later gets take the fast path
    const node = mock.nodes[0];
    const name = node.name;
    for (let round = 0; round < 10; round++) {
      // The get's reply comes with a copy of itself; the info command waits at the pool's cap
      // (one connection) for the connection the get holds.
      node.faults({ on: "read", nth: 1, duplicateReply: true });
      const get = client.get(key);
      const info = client.info("node", { node: name });
      assert.equal((await get)?.bins.v, 7);
      assert.equal(await info, name, `round ${round}: the info command read its own answer`);
    }
    node.faults({});
    assert.equal(
      node.stats().connections.reusedAfterFault,
      0,
      "a request went out on the connection with the extra frame",
    );
    assert.equal(client.stats().retries, 0);
  });
});
