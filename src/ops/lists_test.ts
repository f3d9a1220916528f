// List builders and CDT context: encodings the golden vectors do not cover, and misuse errors.
import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import * as lists from "./lists.ts";
import * as ctx from "./ctx.ts";
import { OP_CDT_MODIFY, OP_CDT_READ } from "../wire/operations.ts";

test("list writes send policy arguments only when a policy is given", () => {
  assert.equal(toHex(lists.append("l", 1).data), "920101");
  assert.equal(
    toHex(lists.append("l", 1, { policy: { order: "ordered", addUnique: true } }).data),
    "9401010101",
  );
  assert.equal(toHex(lists.insert("l", 0, "a", { policy: { insertBounded: true } }).data), "940300a2036102");
  assert.equal(toHex(lists.increment("l", 2).data), "930c0201");
  assert.equal(toHex(lists.set("l", -1, null).data), "9309ffc0");
});

test("selectors put the return type first and default to value for reads, none for removes", () => {
  const get = lists.getByIndex("l", 0, { returnType: "index", inverted: true });
  assert.equal(get.op, OP_CDT_READ);
  assert.equal(toHex(get.data), "9313ce0001000100");
  const rm = lists.removeByIndex("l", 0);
  assert.equal(rm.op, OP_CDT_MODIFY);
  assert.equal(toHex(rm.data), "93200000");
  assert.equal(rm.respondAll, undefined);
  assert.equal(toHex(lists.getByValueRange("l", null, undefined).data), "931907c0");
  assert.equal(toHex(lists.getByValueRelRankRange("l", 5, -1, { count: 2 }).data), "951b0705ff02");
});

test("a create at a context level puts the create flag on the last context item", () => {
  const op = lists.create("l", "unordered", { ctx: [ctx.listIndex(0)], pad: true });
  assert.equal(toHex(op.data), "93ccff92cc9000920000");
  assert.equal(toHex(lists.create("l", "ordered", { persistIndex: true }).data), "920011");
  assert.equal(ctx.listIndexCreate(0, "ordered").type, 0xd0);
  assert.equal(ctx.mapKeyCreate("z", "keyOrdered").type, 0xa2);
  assert.equal(
    toHex(lists.size("l", { ctx: [ctx.mapKey("a"), ctx.listRank(-1)] }).data),
    "93ccff9422a2036111ff9110",
  );
});

test("list builders reject bad arguments before any I/O", () => {
  assert.throws(() => lists.getByIndex("l", 1.5), TypeError);
  assert.throws(() => lists.getRange("l", 0, { count: -1 }), RangeError);
  assert.throws(() => lists.append("", 1), TypeError);
  assert.throws(() => lists.append("a_bin_name_too_long", 1), RangeError);
  assert.throws(() => lists.getByIndex("l", 0, { returnType: "bogus" as "value" }), TypeError);
  assert.throws(() => lists.size("l", { ctx: [{} as ctx.CdtContext] }), TypeError);
  assert.throws(() => lists.create("l", "sorted" as "ordered"), TypeError);
  assert.throws(() => lists.append("l", undefined as unknown as null), TypeError);
  assert.throws(() => lists.appendItems("l", 5 as unknown as []), TypeError);
  assert.throws(() => lists.increment("l", 0, "1" as unknown as number), TypeError);
  assert.throws(() => ctx.listIndex(0.5), TypeError);
});
