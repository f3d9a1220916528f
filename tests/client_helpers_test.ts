// Helpers the official clients have: GeoJSON.polygon and toString, Key.equals, a CDT context to
// and from base64, and seed hosts added and removed at run time. Each runs on the mock and on the
// real server (AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { Client, ctx, Filter, GeoJSON, Key, lists, maps } from "../mod.ts";

targetTest(
  "GeoJSON.polygon closes its ring, reads back as the same text, and finds points inside",
  async (t) => {
    const set = t.set("geo");
    const name = `${set}_loc`;
    const square = GeoJSON.polygon([[10, 10], [10.1, 10], [10.1, 10.1], [10, 10.1]]);
    assert.equal(
      square.toString(),
      '{"type":"Polygon","coordinates":[[[10,10],[10.1,10],[10.1,10.1],[10,10.1],[10,10]]]}',
    );
    assert.equal(`${GeoJSON.point(1, 2)}`, '{"type":"Point","coordinates":[1,2]}');
    await t.client.put(new Key(t.ns, set, "region"), { area: square });
    const back = (await t.client.get(new Key(t.ns, set, "region")))?.bins.area;
    assert.ok(back instanceof GeoJSON);
    assert.deepEqual(back.toJSON(), square.toJSON());
    for (let i = 0; i < 6; i++) {
      await t.client.put(new Key(t.ns, set, i), { n: i, loc: GeoJSON.point(10.02 * (i < 3 ? 1 : 2), 10.05) });
    }
    await t.client.createIndex({ ns: t.ns, set, bin: "loc", name, type: "geo2dsphere" });
    try {
      const inside = await t.client.query(t.ns, set, { filter: Filter.geoWithinRegion("loc", square) })
        .toArray();
      assert.deepEqual(inside.map((r) => r.bins.n).sort(), [0, 1, 2]);
    } finally {
      await t.client.dropIndex(t.ns, name);
    }
    assert.throws(() => GeoJSON.polygon([[0, 0], [1, 1]]), RangeError);
    assert.throws(() => GeoJSON.polygon([[0, 0], [1, Number.NaN], [1, 1]]), TypeError);
  },
);

targetTest("Key.equals matches a key a scan hands back (digest only) and nothing else", async (t) => {
  const set = t.set("keq");
  const keys = [new Key(t.ns, set, 1), new Key(t.ns, set, "1"), new Key(t.ns, set, new Uint8Array([1]))];
  for (const [i, k] of keys.entries()) await t.client.put(k, { i });
  const scanned = await t.client.query(t.ns, set).toArray();
  assert.equal(scanned.length, 3);
  for (const r of scanned) {
    const matches = keys.filter((k) => k.equals(r.key));
    assert.equal(matches.length, 1, `${r.key} equals exactly one written key`);
    assert.equal(keys.indexOf(matches[0]), r.bins.i);
    assert.ok(r.key.equals(matches[0]));
  }
  assert.ok(!keys[0].equals(new Key(t.ns === "test" ? "bar" : "test", set, 1)), "another namespace");
  assert.ok(!keys[0].equals(new Key(t.ns, `${set}x`, 1)), "another set");
  assert.ok(!keys[0].equals(undefined));
});

targetTest(
  "a context survives toBase64/fromBase64 in the official encoding and still addresses the element",
  async (t) => {
    // [0x94, 0x22, "a" (a2 03 61: string particle type first), 0x10, -1 (ff)]: the Java client's bytes.
    assert.equal(ctx.toBase64([ctx.mapKey("a"), ctx.listIndex(-1)]), "lCKiA2EQ/w==");
    const steps = [ctx.mapKey("a"), ctx.listIndex(-1), ctx.mapKeyCreate("z", "keyOrdered")];
    const text = ctx.toBase64(steps);
    const back = ctx.fromBase64(text);
    assert.deepEqual(back, steps);
    const key = new Key(t.ns, t.set("ctx64"), "k");
    await t.client.put(key, { m: { a: [{ x: 1 }, { y: 2 }] } });
    await t.client.operate(key, [maps.put("m", "q", 5, { ctx: back })]);
    const r = await t.client.operate(key, [
      lists.size("m", { ctx: ctx.fromBase64("kiKiA2E=") /* [mapKey("a")] */ }),
    ]);
    assert.equal(r.bins.m, 2);
    assert.deepEqual(structuredClone((await t.client.get(key))?.bins.m), {
      a: [{ x: 1 }, { y: 2, z: { q: 5 } }],
    });
    assert.throws(() => ctx.fromBase64("not base64!"), TypeError);
    assert.throws(() => ctx.fromBase64(btoa("\x93\x22\xa1a")), TypeError); // odd length
  },
);

targetTest(
  "addSeedHost lets a seed-only client tend a node it did not start with; removeSeedHost forgets it",
  async (t) => {
    const all = t.client.nodes().map((n) => n.address).sort();
    assert.ok(all.length >= 2);
    const [first, second] = all;
    const [host, port] = [
      second.slice(0, second.lastIndexOf(":")),
      Number(second.slice(second.lastIndexOf(":") + 1)),
    ];
    const client = await Client.connect({ hosts: first, seedOnly: true, tendInterval: 50 });
    try {
      assert.deepEqual(client.nodes().map((n) => n.address), [first]);
      assert.equal(client.addSeedHost(host, port), true);
      assert.equal(client.addSeedHost(host, port), false, "a seed already known is not added twice");
      assert.deepEqual(client.seedHosts().map((s) => `${s.host}:${s.port}`), [first, second]);
      const deadline = Date.now() + 10_000;
      while (client.nodes().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(client.nodes().map((n) => n.address).sort(), [first, second]);
      assert.equal(client.removeSeedHost(host, port), true);
      assert.equal(client.removeSeedHost(host, port), false);
      assert.deepEqual(client.seedHosts().map((s) => `${s.host}:${s.port}`), [first]);
      assert.throws(() => client.addSeedHost("", 3000), RangeError);
      assert.throws(() => client.addSeedHost("h", 70_000), RangeError);
    } finally {
      await client.close();
    }
  },
  { minNodes: 2 },
);
