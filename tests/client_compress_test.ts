// The `compress` policy against the in-process mock: type-4 requests over 128 bytes and
// INFO1_COMPRESS_RESPONSE replies; a Community-Edition-like mock refuses them with 25.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { rejectsWithCode } from "./helpers/errors.ts";
import { Key, ops, ResultCode, ServerError } from "../mod.ts";

const big = "x".repeat(2000);

test("a 2000-byte string put and read back with compress: true round-trips", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const key = new Key("test", "compress", "big");
    await client.put(key, { s: big, n: 7 }, { compress: true });
    const rec = await client.get(key, undefined, { compress: true });
    assert.ok(rec);
    assert.deepEqual({ ...rec.bins }, { s: big, n: 7 });
    assert.equal(rec.generation, 1);
    const sel = await client.get(key, ["s"], { compress: true });
    assert.deepEqual({ ...sel?.bins }, { s: big });
    assert.equal(await client.exists(key, { compress: true }), true);
  });
});

test("read-only operate and batch reads with compress: true decode their compressed replies", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const keys = [1, 2, 3].map((i) => new Key("test", "compress", `b${i}`));
    for (const [i, k] of keys.entries()) await client.put(k, { s: big + i }, { compress: true });
    const rec = await client.operate(keys[0], [ops.read("s")], { compress: true });
    assert.equal(rec.bins.s, big + 0);
    const recs = await client.batchGet([...keys, new Key("test", "compress", "none")], undefined, {
      compress: true,
    });
    assert.deepEqual(recs.map((r) => r?.bins.s), [big + 0, big + 1, big + 2, undefined]);
  });
});

test("a server without compression answers a big compressed put with 25 and the client rejects", async () => {
  await withCluster({ nodes: 1, compression: false }, async ({ client }) => {
    const key = new Key("test", "compress", "ce");
    const e = await rejectsWithCode(
      client.put(key, { s: big }, { compress: true }),
      ResultCode.ENTERPRISE_ONLY,
    );
    assert.ok(e instanceof ServerError);
    assert.equal(e.code, 25);
    assert.equal(await client.get(key), null);
    // The same put uncompressed is accepted: the 25 came from the type-4 frame.
    await client.put(key, { s: big });
    assert.equal((await client.get(key))?.bins.s, big);
  });
});

test("requests of 128 bytes or less stay type 3 under compress: true", async () => {
  // The mock refuses every type-4 request here, so success proves the small ones went uncompressed.
  await withCluster({ nodes: 1, compression: false }, async ({ client }) => {
    const key = new Key("test", "compress", "small");
    await client.put(key, { s: "tiny" }, { compress: true });
    const rec = await client.get(key, undefined, { compress: true });
    assert.deepEqual({ ...rec?.bins }, { s: "tiny" });
    await rejectsWithCode(client.put(key, { s: "y".repeat(100) }, { compress: true }), 25);
  });
});

test("compress must be a boolean", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const key = new Key("test", "compress", "bad");
    await assert.rejects(
      client.get(key, undefined, { compress: "yes" as unknown as boolean }),
      TypeError,
    );
  });
});
