// Map builders: policy arguments, context create, persisted index, and misuse errors.
import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import * as maps from "./maps.ts";
import * as ctx from "./ctx.ts";
import { OP_CDT_MODIFY } from "../wire/operations.ts";

test("map put sends attributes, and flags only when a write flag is set", () => {
  assert.equal(toHex(maps.put("m", "k", 1).data), "9443a2036b0100");
  const op = maps.put("m", "k", 1, { policy: { order: "keyOrdered", createOnly: true } });
  assert.equal(toHex(op.data), "9543a2036b010101");
  assert.equal(op.respondAll, true);
  assert.equal(toHex(maps.putItems("m", new Map([[1, 2]])).data), "934481010200");
  assert.equal(toHex(maps.decrement("m", "k", 2).data), "944aa2036b0200");
});

test("map create and setPolicy: context create flags, the persisted index only at the top level", () => {
  const nested = maps.create("m", "keyValueOrdered", { ctx: [ctx.mapKey("a")] });
  assert.equal(toHex(nested.data), "93ccff92cce2a20361924003");
  assert.equal(toHex(maps.create("m", "keyOrdered", { persistIndex: true }).data), "924011");
  assert.equal(toHex(maps.setPolicy("m", { order: "keyOrdered", persistIndex: true }).data), "924011");
  const below = maps.setPolicy("m", { order: "keyOrdered", persistIndex: true }, { ctx: [ctx.mapKey("a")] });
  assert.equal(toHex(below.data), "93ccff9222a20361924001");
});

test("map removes default to returnType none and an open key range omits its end", () => {
  const op = maps.removeByKeyRange("m", "a", null);
  assert.equal(op.op, OP_CDT_MODIFY);
  assert.equal(toHex(op.data), "935400a20361");
  assert.equal(toHex(maps.getByKeyRelIndexRange("m", "b", 0, { count: 2 }).data), "956d07a203620002");
  assert.equal(
    toHex(maps.getByValue("m", 4, { returnType: "key", inverted: true }).data),
    "9366ce0001000604",
  );
});

test("map builders reject bad arguments before any I/O", () => {
  assert.throws(() => maps.putItems("m", [1, 2] as unknown as Map<number, number>), TypeError);
  assert.throws(() => maps.increment("m", "k", "1" as unknown as number), TypeError);
  assert.throws(() => maps.create("m", "sorted" as "keyOrdered"), TypeError);
  assert.throws(() => maps.getByIndexRange("m", 0, { count: -2 }), RangeError);
  assert.throws(() => maps.getByKeyList("m", "a" as unknown as string[]), TypeError);
  assert.throws(() => maps.setPolicy("m", null as unknown as maps.MapPolicy), TypeError);
  assert.throws(() => maps.getByKeyRange("m", undefined as unknown as null, 1), TypeError);
});
