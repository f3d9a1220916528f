/**
 * The map and context rows of the CDT table (see `cdt_cases.ts` for the format and the runner).
 * @module
 */
import { ctx, lists, maps } from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import type { CdtCase } from "./cdt_cases.ts";

const L = (): Record<string, Value> => ({ l: [5, 1, 4, 2, 3] });
const M = (): Record<string, Value> => ({ m: { a: 1, b: 2, c: 3 } });
const DOC = (): Record<string, Value> => ({
  doc: { profile: { name: "Ada", tags: ["x"] }, scores: [[1, 2], [3]] },
});
const E_PARAM = 4;
const E_BIN_TYPE = 12;
const E_NOT_FOUND = 23;
const E_EXISTS = 24;
const E_NOT_APPLICABLE = 26;

/** Map rows: writes with modes and flags, every selector and return type, orders, misuse. */
export const MAP_CASES: CdtCase[] = [
  { name: "put returns the new size", bins: M(), ops: [maps.put("m", "d", 4)], results: [4] },
  { name: "put creates a missing bin", ops: [maps.put("m", "k", 1)], results: [1], after: { m: { k: 1 } } },
  {
    name: "putItems writes every item",
    bins: M(),
    ops: [maps.putItems("m", { a: 9, e: 5 })],
    results: [4],
    after: { m: { a: 9, b: 2, c: 3, e: 5 } },
  },
  {
    name: "createOnly refuses an existing key (24)",
    bins: M(),
    ops: [maps.put("m", "a", 0, { policy: { createOnly: true } })],
    error: E_EXISTS,
  },
  {
    name: "updateOnly refuses a missing key (23)",
    bins: M(),
    ops: [maps.put("m", "z", 0, { policy: { updateOnly: true } })],
    error: E_NOT_FOUND,
  },
  {
    name: "createOnly with noFail skips an existing key",
    bins: M(),
    ops: [maps.put("m", "a", 0, { policy: { createOnly: true, noFail: true } })],
    results: [3],
    after: { m: { a: 1, b: 2, c: 3 } },
  },
  {
    name: "updateOnly, noFail and partial commit the allowed items",
    bins: M(),
    ops: [maps.putItems("m", { a: 7, z: 0 }, { policy: { updateOnly: true, noFail: true, partial: true } })],
    results: [3],
    after: { m: { a: 7, b: 2, c: 3 } },
  },
  {
    name: "increment adds, creating the key",
    bins: M(),
    ops: [maps.increment("m", "a", 10), maps.increment("m", "z", 5)],
    results: [11, 5],
  },
  { name: "decrement subtracts", bins: M(), ops: [maps.decrement("m", "c", 1)], results: [2] },
  {
    name: "clear and size",
    bins: M(),
    ops: [maps.size("m"), maps.clear("m"), maps.size("m")],
    results: [3, null, 0],
  },
  {
    name: "getByKey answers every return type",
    bins: M(),
    ops: [
      maps.getByKey("m", "b"),
      maps.getByKey("m", "b", { returnType: "key" }),
      maps.getByKey("m", "b", { returnType: "keyValue" }),
      maps.getByKey("m", "b", { returnType: "index" }),
      maps.getByKey("m", "b", { returnType: "reverseIndex" }),
      maps.getByKey("m", "b", { returnType: "rank" }),
      maps.getByKey("m", "b", { returnType: "count" }),
      maps.getByKey("m", "b", { returnType: "exists" }),
      maps.getByKey("m", "z", { returnType: "exists" }),
    ],
    results: [2, "b", { b: 2 }, 1, 1, 1, 1, true, false],
  },
  { name: "a missing key reads as nil", bins: M(), ops: [maps.getByKey("m", "z")], results: [null] },
  {
    name: "getByKeyList and getByKeyRange",
    bins: M(),
    ops: [
      maps.getByKeyList("m", ["a", "c"]),
      maps.getByKeyRange("m", "b", "d", { returnType: "keyValue" }),
      maps.getByKeyRange("m", "b", null, { returnType: "key" }),
    ],
    results: [[1, 3], { b: 2, c: 3 }, ["b", "c"]],
  },
  {
    name: "getByKeyRelIndexRange counts from the anchor key",
    bins: M(),
    ops: [
      maps.getByKeyRelIndexRange("m", "b", 1, { returnType: "key" }),
      maps.getByKeyRelIndexRange("m", "a", 0, { count: 2 }),
    ],
    results: [["c"], [1, 2]],
  },
  {
    name: "getByValue, getByValueList and getByValueRange",
    bins: M(),
    ops: [
      maps.getByValue("m", 2, { returnType: "key" }),
      maps.getByValueList("m", [1, 3]),
      maps.getByValueRange("m", 2, null, { returnType: "count" }),
    ],
    results: [["b"], [1, 3], 2],
  },
  {
    name: "getByValueRelRankRange counts from the anchor value",
    bins: M(),
    ops: [maps.getByValueRelRankRange("m", 2, 0, { returnType: "key" })],
    results: [["b", "c"]],
  },
  {
    name: "getByIndex, getByRank and their ranges",
    bins: M(),
    ops: [
      maps.getByIndex("m", 1),
      maps.getByRank("m", -1, { returnType: "key" }),
      maps.getByIndexRange("m", 1, { returnType: "key" }),
      maps.getByRankRange("m", 0, { count: 2 }),
    ],
    results: [2, "c", ["b", "c"], [1, 2]],
  },
  {
    name: "orderedMap and unorderedMap return types answer maps",
    bins: M(),
    ops: [
      maps.getByIndexRange("m", 0, { count: 2, returnType: "orderedMap" }),
      maps.getByIndexRange("m", 1, { returnType: "unorderedMap" }),
    ],
    results: [{ a: 1, b: 2 }, { b: 2, c: 3 }],
  },
  {
    // A single-result selector (by key, index or rank) refuses the inverted flag (26) on CE 8.1.
    name: "inverted on a single-result selector is not applicable (26)",
    bins: M(),
    ops: [maps.getByKey("m", "a", { returnType: "keyValue", inverted: true })],
    error: E_NOT_APPLICABLE,
  },
  {
    name: "inverted selects the other items",
    bins: M(),
    ops: [maps.getByKeyList("m", ["a"], { returnType: "keyValue", inverted: true })],
    results: [{ b: 2, c: 3 }],
  },
  {
    name: "removeByKey returns the removed value",
    bins: M(),
    ops: [maps.removeByKey("m", "c", { returnType: "value" })],
    results: [3],
    after: { m: { a: 1, b: 2 } },
  },
  {
    name: "removeByKeyRange, removeByValue and removeByRank",
    bins: M(),
    ops: [
      maps.removeByKeyRange("m", "c", null, { returnType: "count" }),
      maps.removeByValue("m", 2, { returnType: "key" }),
      maps.removeByRank("m", 0),
    ],
    results: [1, ["b"], null],
    after: { m: {} },
  },
  {
    name: "removeByKeyList, removeByValueList and removeByIndex",
    bins: M(),
    ops: [
      maps.removeByKeyList("m", ["a"]),
      maps.removeByValueList("m", [2]),
      maps.removeByIndex("m", 0, { returnType: "key" }),
    ],
    results: [null, null, "c"],
  },
  {
    name: "removeByIndexRange, removeByRankRange, removeByValueRange",
    bins: { m: { a: 1, b: 2, c: 3, d: 4, e: 5 } },
    ops: [
      maps.removeByIndexRange("m", 0, { count: 1 }),
      maps.removeByRankRange("m", -1),
      maps.removeByValueRange("m", 2, 3),
    ],
    after: { m: { c: 3, d: 4 } },
  },
  {
    name: "removeByKeyRelIndexRange and removeByValueRelRankRange",
    bins: { m: { a: 1, b: 2, c: 3, d: 4 } },
    ops: [
      maps.removeByKeyRelIndexRange("m", "c", 1),
      maps.removeByValueRelRankRange("m", 1, 0, { count: 1, returnType: "key" }),
    ],
    results: [null, ["a"]],
    after: { m: { b: 2, c: 3 } },
  },
  {
    name: "an unordered map still indexes in key order",
    ops: [
      maps.create("m", "unordered"),
      maps.putItems("m", new Map<Value, Value>([["z", 1], ["a", 2]])),
      maps.getByIndex("m", 0, { returnType: "key" }),
    ],
    results: [null, 2, "a"],
  },
  {
    name: "a key-value-ordered map ranks by value",
    ops: [
      maps.create("m", "keyValueOrdered"),
      maps.putItems("m", { x: 3, y: 1 }),
      maps.getByRank("m", 0, { returnType: "key" }),
    ],
    results: [null, 2, "y"],
  },
  {
    name: "mixed key types order as int < string < blob",
    ops: [
      maps.create("m", "keyOrdered"),
      maps.putItems("m", new Map<Value, Value>([["s", 1], [new Uint8Array([0]), 2], [7, 3]])),
      maps.getByIndexRange("m", 0),
    ],
    results: [null, 3, [3, 1, 2]],
  },
  {
    name: "setPolicy changes the order",
    bins: M(),
    ops: [maps.setPolicy("m", { order: "keyValueOrdered" }), maps.getByRank("m", 0)],
    results: [null, 1],
  },
  {
    name: "a map op on a list bin is a bin type error (12)",
    bins: L(),
    ops: [maps.put("l", "a", 1)],
    error: E_BIN_TYPE,
  },
  {
    name: "increment of a string value is a parameter error (4)",
    bins: { m: { a: "x" } },
    ops: [maps.increment("m", "a", 1)],
    error: E_PARAM,
  },
  {
    name: "the captured map_ops sequence answers as the real server did",
    bins: M(),
    ops: [
      maps.put("m", "d", 4),
      maps.increment("m", "a", 10),
      maps.getByKey("m", "a"),
      maps.getByKeyRange("m", "b", "d", { returnType: "keyValue" }),
      maps.removeByKey("m", "c", { returnType: "value" }),
      maps.size("m"),
      maps.getByRank("m", -1, { returnType: "key" }),
    ],
    results: [4, 11, 11, { b: 2, c: 3 }, 3, 3, "a"],
    vector: "more/map_ops",
  },
];

const PERSISTED: CdtCase = {
  name: "a persisted index changes nothing observable",
  ops: [
    maps.create("m", "keyOrdered", { persistIndex: true }),
    maps.putItems("m", { b: 1, a: 2 }),
    maps.getByIndex("m", 0, { returnType: "key" }),
    lists.create("l", "ordered", { persistIndex: true }),
    lists.appendItems("l", [3, 1]),
    lists.getByIndex("l", 0),
  ],
  results: [null, 2, "a", null, 2, 1],
};
MAP_CASES.push(PERSISTED);

/** Context rows: every context type, create flags, and paths that do not exist. */
export const CTX_CASES: CdtCase[] = [
  {
    name: "mapKey then mapKey reaches a nested list",
    bins: DOC(),
    ops: [lists.append("doc", "y", { ctx: [ctx.mapKey("profile"), ctx.mapKey("tags")] })],
    results: [2],
    after: { doc: { profile: { name: "Ada", tags: ["x", "y"] }, scores: [[1, 2], [3]] } },
  },
  {
    name: "listIndex counts from the end",
    bins: DOC(),
    ops: [lists.size("doc", { ctx: [ctx.mapKey("scores"), ctx.listIndex(-1)] })],
    results: [1],
  },
  {
    name: "listRank selects by order",
    bins: DOC(),
    ops: [lists.getByIndex("doc", 0, { ctx: [ctx.mapKey("scores"), ctx.listRank(-1)] })],
    results: [3],
  },
  {
    name: "listValue selects the equal item",
    bins: DOC(),
    ops: [lists.size("doc", { ctx: [ctx.mapKey("scores"), ctx.listValue([1, 2])] })],
    results: [2],
  },
  {
    name: "mapIndex selects in key order",
    bins: DOC(),
    ops: [maps.getByKey("doc", "name", { ctx: [ctx.mapIndex(0)] })],
    results: ["Ada"],
  },
  {
    name: "mapRank and mapValue select by value",
    bins: { m: { a: [1], b: [2, 2] } },
    ops: [lists.size("m", { ctx: [ctx.mapRank(-1)] }), lists.size("m", { ctx: [ctx.mapValue([1])] })],
    results: [2, 1],
  },
  {
    name: "mapKeyCreate builds the missing level",
    bins: DOC(),
    ops: [
      maps.put("doc", "k", 1, { ctx: [ctx.mapKeyCreate("extra", "keyOrdered")] }),
      maps.getByKey("doc", "k", { ctx: [ctx.mapKey("extra")] }),
    ],
    results: [1, 1],
  },
  {
    name: "lists.create at a map key creates a list there",
    bins: DOC(),
    ops: [
      lists.create("doc", "ordered", { ctx: [ctx.mapKey("nums")] }),
      lists.appendItems("doc", [3, 1], { ctx: [ctx.mapKey("nums")] }),
      lists.getByIndexRange("doc", 0, { ctx: [ctx.mapKey("nums")] }),
    ],
    results: [null, 2, [1, 3]],
  },
  {
    name: "listIndexCreate with pad fills with nils",
    bins: { l: [[1]] },
    ops: [lists.append("l", 9, { ctx: [ctx.listIndexCreate(2, "unordered", true)] })],
    results: [1],
    after: { l: [[1], null, [9]] },
  },
  {
    name: "a context step on a missing key without create is not applicable (26)",
    bins: DOC(),
    ops: [lists.append("doc", 1, { ctx: [ctx.mapKey("nope")] })],
    error: E_NOT_APPLICABLE,
  },
  {
    name: "a context step through a scalar is not applicable (26)",
    bins: DOC(),
    ops: [lists.size("doc", { ctx: [ctx.mapKey("profile"), ctx.mapKey("name"), ctx.listIndex(0)] })],
    error: E_NOT_APPLICABLE,
  },
];
