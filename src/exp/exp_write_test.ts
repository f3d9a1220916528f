// Modify and module expressions: list/map writes, bit and HLL calls, the remaining selectors.
import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import * as exp from "./exp.ts";
import * as ctx from "../ops/ctx.ts";
import { HLL } from "../values.ts";

const hexOf = (e: exp.Expression): string => toHex(exp.build(e).bytes);

test("list modify expressions carry the modify flag and yield the bin's list", () => {
  // [127, LIST, 0x40, [APPEND, 5], [BIN, LIST, "l"]]
  assert.equal(hexOf(exp.listAppend(exp.listBin("l"), 5)), "957f0440920105935104a16c");
  // With a policy: [order, flags] as lists.append sends them.
  const p = exp.listAppend(exp.listBin("l"), 5, { policy: { order: "ordered", addUnique: true } });
  assert.equal(hexOf(p), "957f04409401050101935104a16c");
  // Removes select with returnType none, or inverted.
  assert.equal(hexOf(exp.listRemoveByValue(exp.listBin("l"), 4)), "957f044093230004935104a16c");
  const inv = exp.listRemoveByIndexRange(exp.listBin("l"), 1, { count: 2, inverted: true });
  assert.equal(hexOf(inv), "957f04409425ce000100000102935104a16c");
});

test("a modify call under a map-key context on a list expression yields a map", () => {
  const e = exp.listAppend(exp.mapBin("m"), 1, { ctx: [ctx.mapKey("a")] });
  // [127, MAP, 0x40, [0xff, [0x22, "a"], [APPEND, 1]], bin]
  assert.equal(hexOf(e), "957f054093ccff9222a20361920101935105a16d");
});

test("map modify expressions send the put policy as maps.put does", () => {
  assert.equal(hexOf(exp.mapPut(exp.mapBin("m"), "a", 1)), "957f05409443a203610100935105a16d");
  const upd = exp.mapPut(exp.mapBin("m"), "a", 1, { policy: { updateOnly: true } });
  assert.equal(hexOf(upd), "957f05409543a20361010002935105a16d");
  assert.equal(hexOf(exp.mapRemoveByKey(exp.mapBin("m"), "a")), "957f0540934c00a20361935105a16d");
});

test("bit and HLL expressions call modules 1 and 2", () => {
  // [127, INT, 1, [COUNT, 0, 8], [BIN, BLOB, "b"]]
  assert.equal(hexOf(exp.bitCount(exp.blobBin("b"), 0, 8)), "957f020193330008935106a162");
  assert.equal(
    hexOf(exp.bitGetInt(exp.blobBin("b"), 0, 8, { signed: true })),
    "957f02019436000801935106a162",
  );
  const set = exp.bitSet(exp.blobBin("b"), 0, 8, new Uint8Array([0x80]));
  assert.equal(hexOf(set), "957f064195030008a2048000935106a162");
  assert.equal(hexOf(exp.hllGetCount(exp.hllBin("h"))), "957f02029132935109a168");
  const u = exp.hllGetUnion(exp.hllBin("h"), [new HLL(new Uint8Array([1, 2]))]);
  assert.equal(hexOf(u), "957f09029233927e91a3120102935109a168");
  assert.throws(() => exp.hllGetUnion(exp.hllBin("h"), [1 as unknown as HLL]), TypeError);
});

test("the relative and value-list selectors read as many items", () => {
  const e = exp.mapGetByKeyRelIndexRange(exp.mapBin("m"), "b", 0, { count: 2, returnType: "key" });
  assert.equal(hexOf(e), "957f0400956d06a203620002935105a16d");
  const l = exp.listGetByValueList(exp.listBin("l"), [1, 2], { returnType: "count" });
  assert.equal(hexOf(l), "957f0200931705927e920102935104a16c");
});
