// Server 8.1 path expressions and CDT context steps (issue 20): ops/exp selectByPath and
// modifyByPath, the loop variables, ctx.allChildren / allChildrenWithFilter / andFilter /
// mapKeysIn, exp.inList / mapKeys / mapValues / removeResult / uint and the HLL update expression.
// The expected values are what CE 8.1.2.0 answers; each test runs on the mock and the real server.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { ctx, exp, hll, Key, ops } from "../mod.ts";

/** Plain JSON form of a result (null-prototype maps and Maps become objects). */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => x instanceof Map ? Object.fromEntries(x) : x));
}

const ITEMS = { a: { price: 5, n: "x" }, b: { price: 15, n: "y" }, c: { price: 8, n: "z" } };
const cheap = () =>
  ctx.allChildrenWithFilter(exp.lt(exp.mapGetByKey(exp.loopVarMap("value"), "price", "int"), exp.int(10)));

targetTest(
  "ops.selectByPath returns the matching tree, the values, the keys or the entries a filtered step selects",
  async (t) => {
    const key = new Key(t.ns, t.set("path"), "sel");
    await t.client.put(key, { m: ITEMS, l: [1, -2, 3, -4, 5] });
    const sel = async (bin: string, steps: Parameters<typeof ops.selectByPath>[1], o?: object) =>
      plain((await t.client.operate(key, [ops.selectByPath(bin, steps, o)])).bins[bin]);
    assert.deepEqual(await sel("m", [cheap()]), { a: ITEMS.a, c: ITEMS.c });
    assert.deepEqual(await sel("m", [cheap()], { returns: "values" }), [ITEMS.a, ITEMS.c]);
    assert.deepEqual(await sel("m", [cheap()], { returns: "mapKeys" }), ["a", "c"]);
    assert.deepEqual(await sel("m", [cheap()], { returns: "mapKeyValues" }), ["a", ITEMS.a, "c", ITEMS.c]);
    assert.deepEqual(await sel("m", [ctx.allChildren(), ctx.mapKey("price")], { returns: "values" }), [
      5,
      15,
      8,
    ]);
    assert.deepEqual(await sel("m", [ctx.mapKeysIn(["a", "c", "zz"])], { returns: "mapKeys" }), ["a", "c"]);
    const dear = ctx.andFilter(exp.gt(exp.mapGetByKey(exp.loopVarMap("value"), "price", "int"), exp.int(10)));
    assert.deepEqual(await sel("m", [ctx.mapKeysIn(["a", "b"]), dear], { returns: "mapKeys" }), ["b"]);
    const positive = ctx.allChildrenWithFilter(exp.gt(exp.loopVarInt("value"), exp.int(0)));
    assert.deepEqual(await sel("l", [positive], { returns: "values" }), [1, 3, 5]);
    assert.deepEqual(await sel("l", [positive]), [1, 3, 5]);
    const late = ctx.allChildrenWithFilter(exp.ge(exp.loopVarInt("index"), exp.int(3)));
    assert.deepEqual(await sel("l", [late], { returns: "values" }), [-4, 5]);
    assert.throws(() => ops.selectByPath("l", []), TypeError);
  },
);

targetTest(
  "ops.modifyByPath rewrites or removes each selected element; the expression form returns the new bin",
  async (t) => {
    const key = new Key(t.ns, t.set("path"), "mod");
    await t.client.put(key, { m: ITEMS, l: [1, -2, 3, -4, 5] });
    await t.client.operate(key, [
      ops.modifyByPath("l", [ctx.allChildren()], exp.mul(exp.loopVarInt("value"), exp.int(2))),
    ]);
    assert.deepEqual(plain((await t.client.get(key))?.bins.l), [2, -4, 6, -8, 10]);
    const negative = ctx.allChildrenWithFilter(exp.lt(exp.loopVarInt("value"), exp.int(0)));
    await t.client.operate(key, [ops.modifyByPath("l", [negative], exp.removeResult())]);
    assert.deepEqual(plain((await t.client.get(key))?.bins.l), [2, 6, 10]);
    const r = await t.client.operate(key, [
      ops.modifyByPath(
        "m",
        [ctx.allChildren(), ctx.mapKey("price")],
        exp.add(exp.loopVarInt("value"), exp.int(100)),
      ),
    ]);
    assert.equal(r.bins.m, undefined, "a path modify answers no value");
    assert.deepEqual(plain((await t.client.get(key))?.bins.m), {
      a: { price: 105, n: "x" },
      b: { price: 115, n: "y" },
      c: { price: 108, n: "z" },
    });
    const read = await t.client.operate(key, [
      exp.read(
        "names",
        exp.selectByPath("list", exp.mapBin("m"), [ctx.allChildren(), ctx.mapKey("n")], {
          returns: "values",
        }),
      ),
      exp.read(
        "plus",
        exp.modifyByPath(
          "list",
          exp.listBin("l"),
          [ctx.allChildren()],
          exp.add(exp.loopVarInt("value"), exp.int(1)),
        ),
      ),
    ]);
    assert.deepEqual(plain(read.bins), { names: ["x", "y", "z"], plus: [3, 7, 11] });
    assert.deepEqual(
      plain((await t.client.get(key))?.bins.l),
      [2, 6, 10],
      "the expression form leaves the bin",
    );
  },
);

targetTest("exp.inList, mapKeys, mapValues, uint and the HLL update expression", async (t) => {
  const key = new Key(t.ns, t.set("path"), "misc");
  await t.client.put(key, { m: { a: 1, b: 2 }, s: "red" });
  const r = await t.client.operate(key, [
    exp.read("in", exp.inList(exp.strBin("s"), exp.list(["red", "blue"]))),
    exp.read("out", exp.inList(exp.strBin("s"), exp.list(["x"]))),
    exp.read("keys", exp.mapKeys(exp.mapBin("m"))),
    exp.read("values", exp.mapValues(exp.mapBin("m"))),
    exp.read("small", exp.uint(5)),
    exp.read("max", exp.uint(2n ** 64n - 1n)),
  ]);
  assert.deepEqual(plain(r.bins), {
    in: true,
    out: false,
    keys: ["a", "b"],
    values: [1, 2],
    small: 5,
    max: -1,
  });
  assert.throws(() => exp.uint(-1), RangeError);
  await t.client.operate(key, [hll.init("h", 10)]);
  const count = await t.client.operate(key, [
    exp.read("n", exp.hllGetCount(exp.hllUpdate(exp.hllBin("h"), ["a", "b", "c"]))),
  ]);
  assert.equal(count.bins.n, 3);
});

targetTest("expression context steps survive ctx.toBase64/fromBase64 and still select", async (t) => {
  const key = new Key(t.ns, t.set("path"), "b64");
  await t.client.put(key, { l: [1, -2, 3] });
  const steps = [ctx.allChildrenWithFilter(exp.gt(exp.loopVarInt("value"), exp.int(0)))];
  const back = ctx.fromBase64(ctx.toBase64(steps));
  assert.deepEqual(back, steps);
  const r = await t.client.operate(key, [ops.selectByPath("l", back, { returns: "values" })]);
  assert.deepEqual(plain(r.bins.l), [1, 3]);
});
