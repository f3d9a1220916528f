// compat's `exp` (the official client's expression API on aerolite's builders): filter expressions in
// policies, expression read/write operations with list, map, bit and HLL expressions, in the official
// argument orders, against the target (the mock, or the real server under AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";
import { targetTest } from "../helpers/target.ts";
import { withCompat } from "./with_compat.ts";
import Aerospike, {
  AerospikeError,
  Context,
  exp,
  hll,
  Key,
  operations,
  status,
} from "../../src/compat/mod.ts";

const lists = Aerospike.lists;
const maps = Aerospike.maps;

/** The code a promise rejects with (undefined when it resolves). */
async function codeOf(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    assert.ok(e instanceof AerospikeError, String(e));
    return e.code;
  }
}

targetTest(
  "compat exp: a filterExpression built with exp selects the records a command applies to",
  async (t) => {
    await withCompat(t, async (c) => {
      const key = new Key(t.ns, t.set("compatexp"), "f1");
      await c.put(key, { n: 42, s: "Star Wars", tags: { a: "blue", b: "green", c: "yellow" } }, {
        ttl: 1000,
      });
      const no = exp.eq(exp.binInt("n"), exp.int(37));
      assert.ok(Array.isArray(no)); // the official client's expressions are arrays
      assert.equal(await codeOf(c.get(key, { filterExpression: no })), status.FILTERED_OUT);
      assert.equal(
        await codeOf(c.remove(key, { filterExpression: exp.binExists("missing") })),
        status.FILTERED_OUT,
      );
      assert.equal(
        await codeOf(
          c.remove(key, { filterExpression: exp.cmpRegex(Aerospike.regex.ICASE, "trEcK$", exp.binStr("s")) }),
        ),
        status.FILTERED_OUT,
      );
      // Map value range with the official (end, begin) order: values below "green" = 1 ("blue").
      const below = exp.maps.getByValueRange(
        exp.binMap("tags"),
        exp.str("green"),
        exp.nil(),
        maps.returnType.COUNT,
      );
      assert.equal(
        await codeOf(c.get(key, { filterExpression: exp.eq(below, exp.int(2)) })),
        status.FILTERED_OUT,
      );
      const now = Date.now() * 1_000_000; // nanoseconds: beyond 2^53, sent as the nearest 64-bit integer
      const yes = exp.and(
        exp.eq(exp.binInt("n"), exp.int(42)),
        exp.cmpRegex(Aerospike.regex.ICASE, "^sTaR", exp.binStr("s")),
        exp.eq(below, exp.int(1)),
        exp.gt(exp.ttl(), exp.int(0)),
        exp.gt(exp.voidTime(), exp.int(now)),
        exp.not(exp.binExists("missing")),
      );
      const rec = await c.get(key, { filterExpression: yes });
      const bins = rec.bins ?? {};
      assert.equal(bins.n, 42);
      await c.remove(key, { filterExpression: yes });
      assert.equal(await c.exists(key), false);
    });
  },
);

targetTest("compat exp: expression read/write operations with list and map expressions", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("compatexp"), "o1");
    await c.put(key, { l: [2, 3, 4, 5, [9, 100]], m: { a: 1, b: 2, c: 3, d: 4 }, n: 2 });
    const ctx = new Context().addListIndex(4);
    const rec = await c.operate(key, [
      // lists: (bin, index, count, returnType); sort in a context; insertItems(bin, value, idx)
      exp.operations.read(
        "range",
        exp.lists.getByIndexRange(exp.binList("l"), exp.int(1), exp.int(2), lists.returnType.VALUE),
        0,
      ),
      exp.operations.read("sorted", exp.lists.sort(exp.binList("l"), 1, ctx), 0),
      exp.operations.read(
        "third",
        exp.lists.getByIndex(exp.binList("l"), exp.int(2), exp.type.INT, lists.returnType.VALUE),
        0,
      ),
      // maps: (bin, count, idx, returnType) and (bin, end, begin, ctx, INVERTED)
      exp.operations.read(
        "keys",
        exp.maps.getByIndexRange(exp.binMap("m"), exp.int(2), exp.int(1), maps.returnType.KEY),
        0,
      ),
      exp.operations.write(
        "m",
        exp.maps.removeByKeyRange(
          exp.binMap("m"),
          exp.str("c"),
          exp.str("a"),
          null,
          maps.returnType.INVERTED,
        ),
        exp.expWriteFlags.DEFAULT,
      ),
      exp.operations.write(
        "n",
        exp.let(
          exp.def("x", exp.binInt("n")),
          exp.cond(exp.gt(exp.var("x"), exp.int(1)), exp.mul(exp.var("x"), exp.int(10)), exp.int(0)),
        ),
        0,
      ),
      operations.read("m"),
      operations.read("n"),
      operations.read("l"),
    ]);
    const bins = rec.bins ?? {};
    assert.deepEqual(bins.range, [3, 4]);
    assert.deepEqual(bins.sorted, [2, 3, 4, 5, [100, 9]]);
    assert.equal(bins.third, 4);
    assert.deepEqual(bins.keys, ["b", "c"]);
    assert.deepEqual(bins.m, { a: 1, b: 2 });
    assert.equal(bins.n, 20);
    assert.deepEqual(bins.l, [2, 3, 4, 5, [9, 100]]); // a read expression does not write the bin
  });
});

targetTest("compat exp: bit and HLL read expressions", async (t) => {
  await withCompat(t, async (c) => {
    const key = new Key(t.ns, t.set("compatexp"), "b1");
    await c.put(key, { blob: new Uint8Array([0, 1, 2, 3]) });
    const rec = await c.operate(key, [
      hll.add("h", ["jaguar", "tiger", "tiger", "leopard", "lion", "jaguar"], 8),
      // official order: (bin, bitSize, bitOffset)
      exp.operations.read("bits", exp.bit.count(exp.binBlob("blob"), exp.uint(32), exp.int(0)), 0),
      exp.operations.read("distinct", exp.hll.getCount(exp.binHll("h")), 0),
    ]);
    const bins = rec.bins ?? {};
    assert.equal(bins.bits, 4);
    assert.equal(bins.distinct, 4);
  });
});

test("compat exp: bad arguments are TypeErrors, as in the official client", () => {
  const bin = exp.binList("l");
  // @ts-expect-error: a plain value is not an expression
  assert.throws(() => exp.eq(exp.binInt("n"), 7), TypeError);
  // a multi-item read cannot return NONE; a value read as INT cannot be a list of values
  assert.throws(() => exp.lists.getByValue(bin, exp.int(1), lists.returnType.NONE), TypeError);
  assert.throws(
    () => exp.lists.getByIndex(bin, exp.int(0), exp.type.LIST, lists.returnType.COUNT),
    TypeError,
  );
  assert.throws(() => exp.lists.getByIndex(bin, exp.int(0), 99, lists.returnType.VALUE), TypeError);
  // AUTO cannot tell the type of a single value
  assert.throws(
    () => exp.maps.getByKey(exp.binMap("m"), exp.str("a"), exp.type.AUTO, maps.returnType.VALUE),
    TypeError,
  );
  // KEY_VALUE is no list return type
  assert.throws(() => exp.lists.getByValue(bin, exp.int(1), maps.returnType.KEY_VALUE), TypeError);
  assert.throws(() => exp.operations.read("x", [] as unknown as ReturnType<typeof exp.nil>), TypeError);
  assert.throws(() => exp.let(exp.binInt("n"), exp.int(1)), TypeError);
  // a COUNT read of a single item is an integer even when valueType says so
  assert.ok(
    Array.isArray(exp.maps.getByIndex(exp.binMap("m"), exp.int(2), exp.type.INT, maps.returnType.COUNT)),
  );
});

test("compat exp: the namespaces hold the official v6.3 names and no internal helpers", () => {
  const names = (s: string) => s.split(/\s+/).filter(Boolean).sort();
  assert.deepEqual(
    Object.keys(exp).sort(),
    names(`bool int uint float str bytes geo nil inf wildcard unknown list map keyInt keyStr keyBlob keyExist
      binBool binInt binFloat binStr binBlob binGeo binList binMap binHll binType binExists setName deviceSize
      lastUpdate sinceUpdate voidTime ttl isTombstone memorySize recordSize digestModulo eq ne gt ge lt le
      cmpRegex cmpGeo not and or exclusive add sub mul div pow log mod abs floor ceil toInt toFloat intAnd intOr
      intXor intNot intLshift intRshift intArshift intCount intLscan intRscan min max cond let def var lists maps
      bit hll expReadFlags expWriteFlags type operations`),
  );
  assert.deepEqual(Object.keys(exp.operations).sort(), ["ExpOperation", "read", "write"]);
  for (const ns of [Aerospike.lists, Aerospike.maps, Aerospike.bitwise, Aerospike.hll]) {
    for (const helper of ["policy", "pol", "nul", "opt"]) assert.equal(helper in ns, false, helper);
  }
});
