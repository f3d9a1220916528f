/** The client's `maxFrameSize`: a reply over it fails its command only, and the option is checked. */
import assert from "node:assert/strict";
import { Client, Key, ProtocolError } from "../../mod.ts";
import { withCluster } from "../helpers/cluster.ts";
import { test } from "../helpers/test.ts";

test("a reply larger than maxFrameSize fails that command with a ProtocolError and the next one works", async () => {
  await withCluster({ nodes: 1, client: { maxFrameSize: 4096 } }, async ({ client }) => {
    const big = new Key("test", "caps", "big");
    const small = new Key("test", "caps", "small");
    await client.put(big, { b: new Uint8Array(8000) }); // requests are not capped, replies are
    await client.put(small, { n: 1 });
    await assert.rejects(
      client.get(big),
      (e) => e instanceof ProtocolError && /maxFrameSize/.test(e.message),
    );
    assert.deepEqual((await client.get(small))?.bins, Object.assign(Object.create(null), { n: 1 }));
    assert.equal(client.stats().inFlight, 0);
  });
});

test("maxFrameSize below 1024 bytes is refused before connecting", async () => {
  await assert.rejects(Client.connect({ hosts: "127.0.0.1:1", maxFrameSize: 10 }), RangeError);
});
