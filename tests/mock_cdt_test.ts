/** The mock's list and map operations, as raw requests through its single-record handler. */
import assert from "node:assert/strict";
import { OrderedMap, SpecialValue, type Value } from "../src/values.ts";
import * as C from "../src/wire/cdt_codes.ts";
import { OP_CDT_MODIFY as MOD, OP_CDT_READ as READ, OP_READ } from "../src/wire/operations.ts";
import { cdtOp, oneRecord, valueOf, writeOp } from "./helpers/mock_ops.ts";
import { test, toHex } from "./helpers/test.ts";

/** Runs one op on bin "l" and returns [result code, decoded result (undefined if none)]. */
function once(run: ReturnType<typeof oneRecord>["run"], op: number, payload: Value[], bin = "l"): unknown[] {
  const reply = run([cdtOp(op, bin, payload)]);
  const o = reply.ops[0];
  return [reply.resultCode, o === undefined || o.particleType === 0 ? undefined : valueOf(o)];
}

function binHex(read: ReturnType<typeof oneRecord>["read"], bin: string): string {
  const o = read([{ op: OP_READ, particleType: 0, name: bin, data: new Uint8Array(0) }]).ops[0];
  return toHex(o.data);
}

test("list appends and inserts answer the new size, negative indexes count from the end", () => {
  const { run } = oneRecord();
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND_ITEMS, [1, 2, 3]]), [0, 3]);
  assert.deepEqual(once(run, MOD, [C.LIST_INSERT, -1, 9]), [0, 4]);
  assert.deepEqual(once(run, READ, [C.LIST_GET_RANGE, 0]), [0, [1, 2, 9, 3]]);
  assert.deepEqual(once(run, READ, [C.LIST_GET, -2]), [0, 9]);
  assert.deepEqual(once(run, READ, [C.LIST_GET, 4]), [26, undefined]);
  assert.deepEqual(once(run, MOD, [C.LIST_INSERT, 6, 7]), [0, 7], "insert past the end pads with nils");
  assert.deepEqual(once(run, READ, [C.LIST_GET_RANGE, -3, 2]), [0, [null, null]]);
  assert.deepEqual(once(run, MOD, [C.LIST_INSERT, 9, 1, C.LIST_WRITE_INSERT_BOUNDED]), [26, undefined]);
  assert.deepEqual(
    once(run, MOD, [C.LIST_SET, 2 ** 40, 1]),
    [26, undefined],
    "an index past 2^31 is not applicable, as on a server",
  );
});

test("list write flags: add-unique fails with 24, no-fail skips, partial keeps the new items", () => {
  const { run } = oneRecord();
  once(run, MOD, [C.LIST_APPEND_ITEMS, [1, 2]]);
  const unique = C.LIST_WRITE_ADD_UNIQUE;
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND, 2, 0, unique]), [24, undefined]);
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND, 2, 0, unique | C.LIST_WRITE_NO_FAIL]), [0, 2]);
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND_ITEMS, [2, 3], 0, unique | C.LIST_WRITE_NO_FAIL]), [0, 2]);
  const partial = unique | C.LIST_WRITE_NO_FAIL | C.LIST_WRITE_PARTIAL;
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND_ITEMS, [2, 3, 3], 0, partial]), [0, 3]);
  assert.deepEqual(once(run, READ, [C.LIST_GET_RANGE, 0]), [0, [1, 2, 3]]);
});

test("list selectors honour every return type and the inverted flag", () => {
  const { run } = oneRecord();
  once(run, MOD, [C.LIST_APPEND_ITEMS, [40, 10, 30, 20, 10]]);
  const by = (rt: number, ...args: Value[]): unknown => once(run, READ, [args[0], rt, ...args.slice(1)])[1];
  assert.equal(by(C.RETURN_VALUE, C.LIST_GET_BY_INDEX, -1), 10);
  assert.equal(by(C.RETURN_RANK, C.LIST_GET_BY_INDEX, 0), 4);
  assert.equal(by(C.RETURN_VALUE, C.LIST_GET_BY_RANK, -1), 40);
  assert.deepEqual(by(C.RETURN_INDEX, C.LIST_GET_BY_VALUE, 10), [1, 4]);
  assert.deepEqual(by(C.RETURN_REVERSE_INDEX, C.LIST_GET_BY_VALUE, 10), [3, 0]);
  // In the server's heap order (checked against CE 8.1): the three lowest, highest first.
  assert.deepEqual(by(C.RETURN_VALUE, C.LIST_GET_BY_RANK_RANGE, 0, 3), [20, 10, 10]);
  assert.deepEqual(by(C.RETURN_REVERSE_RANK, C.LIST_GET_BY_INDEX_RANGE, 0, 2), [0, 4]);
  assert.deepEqual(by(C.RETURN_VALUE, C.LIST_GET_BY_VALUE_INTERVAL, 15, 35), [30, 20]);
  assert.deepEqual(by(C.RETURN_VALUE, C.LIST_GET_BY_VALUE_INTERVAL, 25), [40, 30]);
  assert.deepEqual(by(C.RETURN_VALUE, C.LIST_GET_BY_VALUE_LIST, [30, 99, 40]), [40, 30]);
  assert.deepEqual(by(C.RETURN_VALUE, C.LIST_GET_BY_VALUE_REL_RANK_RANGE, 25, -1, 2), [20, 30]);
  assert.equal(by(C.RETURN_COUNT, C.LIST_GET_BY_VALUE, 10), 2);
  assert.equal(by(C.RETURN_EXISTS, C.LIST_GET_BY_VALUE, 11), false);
  assert.deepEqual(by(C.RETURN_VALUE | C.RETURN_INVERTED, C.LIST_GET_BY_VALUE, 10), [40, 30, 20]);
  assert.deepEqual(by(C.RETURN_VALUE, C.LIST_GET_BY_INDEX_RANGE, -10, 7), [40, 10]);
  assert.deepEqual(
    once(run, READ, [C.LIST_GET_BY_INDEX, C.RETURN_KEY, 0]),
    [26, undefined],
    "a map return type",
  );
  assert.deepEqual(once(run, READ, [C.LIST_GET_BY_RANK, C.RETURN_VALUE, 5]), [26, undefined]);
});

test("list removals, pop, trim, sort, increment and clear change the stored list", () => {
  const { run } = oneRecord();
  once(run, MOD, [C.LIST_APPEND_ITEMS, [5, 1, 4, 1, 3, 9]]);
  assert.deepEqual(once(run, MOD, [C.LIST_REMOVE_BY_VALUE, C.RETURN_INDEX, 1]), [0, [1, 3]]);
  assert.deepEqual(once(run, MOD, [C.LIST_REMOVE_BY_RANK_RANGE, C.RETURN_VALUE | C.RETURN_INVERTED, 0, 2]), [
    0,
    [
      5,
      9,
    ],
  ]);
  assert.deepEqual(once(run, READ, [C.LIST_GET_RANGE, 0]), [0, [4, 3]]);
  once(run, MOD, [C.LIST_APPEND_ITEMS, [4, 8, 1]]);
  assert.deepEqual(once(run, MOD, [C.LIST_POP, -1]), [0, 1]);
  // A server drops duplicates while checking an ascending order: descending refuses (4).
  assert.deepEqual(once(run, MOD, [C.LIST_SORT, C.LIST_SORT_DESCENDING | C.LIST_SORT_DROP_DUPLICATES]), [
    4,
    undefined,
  ]);
  once(run, MOD, [C.LIST_SORT, C.LIST_SORT_DROP_DUPLICATES]);
  once(run, MOD, [C.LIST_SORT, C.LIST_SORT_DESCENDING]);
  assert.deepEqual(once(run, READ, [C.LIST_GET_RANGE, 0]), [0, [8, 4, 3]]);
  assert.deepEqual(once(run, MOD, [C.LIST_INCREMENT, 1, 10]), [0, 14]);
  assert.deepEqual(once(run, MOD, [C.LIST_TRIM, 1, 1]), [0, 2]);
  assert.deepEqual(once(run, READ, [C.LIST_SIZE]), [0, 1]);
  assert.deepEqual(once(run, MOD, [C.LIST_CLEAR]), [0, undefined]);
  assert.deepEqual(once(run, READ, [C.LIST_GET_RANGE, 0]), [0, []]);
});

test("an ordered list stays sorted, keeps its flag on the wire and refuses index writes", () => {
  const { run, read } = oneRecord();
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND_ITEMS, [9, 3, 7], C.LIST_ORDER_ORDERED, 0]), [0, 3]);
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND, 5]), [0, 4]);
  assert.equal(binHex(read, "l"), "95c7000103050709");
  assert.deepEqual(once(run, MOD, [C.LIST_INSERT, 0, 1]), [26, undefined]);
  assert.deepEqual(once(run, MOD, [C.LIST_SET_TYPE, C.LIST_ORDER_UNORDERED]), [0, undefined]);
  assert.equal(binHex(read, "l"), "9403050709");
});

test("list ops on a bin of another type answer 12; bad payloads answer 4; reads cannot write", () => {
  const { run, read } = oneRecord();
  run([writeOp("i", 5)]);
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND, 1], "i"), [12, undefined]);
  assert.deepEqual(once(run, MOD, [200, 1]), [4, undefined]);
  assert.deepEqual(once(run, MOD, [C.LIST_APPEND_ITEMS, 7]), [4, undefined]);
  const bad = run([{ op: MOD, particleType: 4, name: "l", data: new Uint8Array([0x93, 0x01]) }]);
  assert.equal(bad.resultCode, 4);
  once(run, MOD, [C.LIST_APPEND, 1]);
  assert.equal(read([cdtOp(MOD, "l", [C.LIST_APPEND, 2])]).resultCode, 4);
  assert.equal(read([cdtOp(READ, "l", [C.LIST_APPEND, 2])]).resultCode, 4);
  const size = read([cdtOp(READ, "l", [C.LIST_SIZE])]);
  assert.deepEqual([size.resultCode, valueOf(size.ops[0])], [0, 1]);
  assert.deepEqual(read([cdtOp(READ, "nope", [C.LIST_SIZE])]).ops, [], "a missing bin has no result");
});

const m = (...entries: [Value, Value][]): Map<Value, Value> => new Map(entries);

test("map puts honour create-only, update-only, no-fail and partial", () => {
  const { run } = oneRecord();
  assert.deepEqual(once(run, MOD, [C.MAP_PUT_ITEMS, m([1, "a"], [2, "b"]), 0], "m"), [0, 2]);
  assert.deepEqual(once(run, MOD, [C.MAP_PUT, 1, "x", 0, C.MAP_WRITE_CREATE_ONLY], "m"), [24, undefined]);
  assert.deepEqual(once(run, MOD, [C.MAP_PUT, 3, "x", 0, C.MAP_WRITE_UPDATE_ONLY], "m"), [23, undefined]);
  const noFail = C.MAP_WRITE_CREATE_ONLY | C.MAP_WRITE_NO_FAIL;
  assert.deepEqual(once(run, MOD, [C.MAP_PUT_ITEMS, m([2, "y"], [3, "c"]), 0, noFail], "m"), [0, 2]);
  const partial = noFail | C.MAP_WRITE_PARTIAL;
  assert.deepEqual(once(run, MOD, [C.MAP_PUT_ITEMS, m([2, "y"], [3, "c"]), 0, partial], "m"), [0, 3]);
  assert.deepEqual(once(run, READ, [C.MAP_GET_BY_KEY, C.RETURN_VALUE, 2], "m"), [0, "b"]);
  assert.deepEqual(once(run, MOD, [C.MAP_INCREMENT, 9, 5, 0], "m"), [0, 5]);
  assert.deepEqual(once(run, MOD, [C.MAP_DECREMENT, 9, 2, 0], "m"), [0, 3]);
  assert.deepEqual(once(run, MOD, [C.MAP_INCREMENT, 1, 5, 0], "m"), [4, undefined], "increment a string");
});

test("map selectors use key order for indexes and value order for ranks, even unordered", () => {
  const { run } = oneRecord();
  once(run, MOD, [C.MAP_PUT_ITEMS, m(["c", 1], ["a", 3], ["b", 2], ["d", 0]), 0], "m");
  const by = (rt: number, ...args: Value[]): unknown =>
    once(run, READ, [args[0], rt, ...args.slice(1)], "m")[1];
  assert.equal(by(C.RETURN_KEY, C.MAP_GET_BY_INDEX, 0), "a");
  assert.equal(by(C.RETURN_KEY, C.MAP_GET_BY_RANK, -1), "a");
  assert.equal(by(C.RETURN_INDEX, C.MAP_GET_BY_KEY, "d"), 3);
  assert.deepEqual(by(C.RETURN_KEY, C.MAP_GET_BY_RANK_RANGE, 0, 2), ["d", "c"]);
  assert.deepEqual(by(C.RETURN_VALUE, C.MAP_GET_BY_KEY_INTERVAL, "b", "d"), [2, 1]);
  assert.deepEqual(by(C.RETURN_KEY, C.MAP_GET_BY_VALUE_INTERVAL, 1, SpecialValue.INFINITY), ["a", "b", "c"]);
  assert.deepEqual(by(C.RETURN_KEY, C.MAP_GET_BY_KEY_LIST, ["d", "zz", "a"]), ["a", "d"]);
  assert.deepEqual(by(C.RETURN_KEY, C.MAP_GET_BY_KEY_REL_INDEX_RANGE, "b", 1, 2), ["c", "d"]);
  assert.deepEqual(by(C.RETURN_KEY | C.RETURN_INVERTED, C.MAP_GET_BY_VALUE_LIST, [0, 1]), ["a", "b"]);
  assert.equal(by(C.RETURN_COUNT, C.MAP_GET_BY_VALUE, 2), 1);
  const kv = run([cdtOp(READ, "m", [C.MAP_GET_BY_INDEX_RANGE, C.RETURN_KEY_VALUE, 2])]).ops[0];
  assert.equal(toHex(kv.data), "83c70008c0a2036301a2036400", "key/value results keep their order (flag 8)");
  const ordered = run([cdtOp(READ, "m", [C.MAP_GET_BY_RANK_RANGE, C.RETURN_ORDERED_MAP, 0, 2])]).ops[0];
  assert.equal(toHex(ordered.data), "83c70001c0a2036301a2036400");
  assert.deepEqual(once(run, MOD, [C.MAP_REMOVE_BY_KEY_LIST, C.RETURN_VALUE, ["a", "b"]], "m"), [0, [3, 2]]);
  assert.deepEqual(once(run, READ, [C.MAP_SIZE], "m"), [0, 2]);
});

test("a key-ordered map is stored sorted with its flag; set-type reorders an unordered one", () => {
  const { run, read } = oneRecord();
  once(run, MOD, [C.MAP_PUT_ITEMS, m(["b", 1], ["a", 2]), 0], "m");
  // A server keeps every map in key order, an unordered one too (its flag stays unordered).
  assert.equal(binHex(read, "m"), "82a2036102a2036201");
  assert.deepEqual(once(run, MOD, [C.MAP_SET_TYPE, C.MAP_KEY_ORDERED], "m"), [0, undefined]);
  assert.equal(binHex(read, "m"), "83c70001c0a2036102a2036201");
  once(run, MOD, [C.MAP_PUT, "c", 0, C.MAP_UNORDERED], "m");
  assert.equal(binHex(read, "m"), "84c70001c0a2036102a2036201a2036300");
});

test("contexts reach nested lists and maps and create missing levels when asked", () => {
  const { run, read } = oneRecord();
  const inner = new OrderedMap<Value, Value>([["x", [1, 2]]]);
  run([cdtOp(MOD, "m", [C.MAP_PUT, "a", inner, 0])]);
  const ctx = (...c: Value[]): Value[] => [C.CDT_CTX_OP, c];
  assert.deepEqual(
    once(run, MOD, [...ctx(C.CTX_MAP_KEY, "a", C.CTX_MAP_KEY, "x"), [C.LIST_APPEND, 3]], "m"),
    [0, 3],
  );
  assert.deepEqual(once(run, READ, [...ctx(C.CTX_MAP_INDEX, 0, C.CTX_MAP_KEY, "x"), [C.LIST_GET, -1]], "m"), [
    0,
    3,
  ]);
  assert.deepEqual(once(run, MOD, [...ctx(C.CTX_MAP_KEY, "b"), [C.LIST_APPEND, 1]], "m"), [26, undefined]);
  const create = C.CTX_MAP_KEY | C.CTX_CREATE_MAP_KEY_ORDERED;
  // Below a created level a map key is created too, flag or not (as CE 8.1 does).
  assert.deepEqual(once(run, MOD, [...ctx(create, "b", C.CTX_MAP_KEY, "z"), [C.MAP_PUT, "q", 1, 0]], "m"), [
    0,
    1,
  ]);
  once(run, MOD, [C.MAP_REMOVE_BY_KEY, C.RETURN_NONE, "b"], "m");
  assert.deepEqual(once(run, MOD, [...ctx(create, "b"), [C.MAP_PUT, "q", 1, 0]], "m"), [0, 1]);
  assert.deepEqual(
    once(run, MOD, [...ctx(C.CTX_MAP_KEY | C.CTX_CREATE_MAP_UNORDERED, "c"), [C.LIST_APPEND, 7]], "m"),
    [0, 1],
  );
  // A create flag orders the container its own level indexes into; the map made under "b" for a
  // put with unordered attributes is unordered (as CE 8.1 does).
  assert.equal(binHex(read, "m"), "83a2036182c70001c0a2037893010203a2036281a2037101a203639107");
  // A list step into a map is not applicable (26), as cdt_context_dig answers.
  assert.deepEqual(once(run, READ, [...ctx(C.CTX_LIST_INDEX, 0), [C.LIST_SIZE]], "m"), [26, undefined]);
});
