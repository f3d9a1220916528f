/**
 * A table of list, map and context operations: the record's bins before, the operations, and what
 * `operate` must answer (one result per operation, or a result code), plus the bins after.
 * `tests/mock_cdt_table_test.ts` runs it against the target (the mock, or a real server under
 * AEROSPIKE_HOSTS), so the mock cannot drift from the server unnoticed. Rows cross-checked against the
 * golden vectors say so in `vector`.
 * @module
 */
import assert from "node:assert/strict";
import { AerospikeError, type Client, Key, lists, type Operation } from "../../mod.ts";
import type { Value } from "../../src/values.ts";

/** One row: bins to put first, the operations, and the expected outcome. */
export interface CdtCase {
  /** What the row checks (a sentence). */
  name: string;
  /** Bins put before the operations (none: the record starts missing). */
  bins?: Record<string, Value>;
  /** The operations, in order. */
  ops: Operation[];
  /** `results` of operate, normalized by {@linkcode plain}. */
  results?: unknown[];
  /** The result code operate rejects with. */
  error?: number;
  /** Bins read back afterwards (normalized), only those named. */
  after?: Record<string, unknown>;
  /** The golden vector step that shows the real server doing the same. */
  vector?: string;
}

/** Maps (and null-prototype bins objects) as plain objects; non-string keys as `[k, v]` pairs. */
export function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) {
    const entries = [...v.entries()];
    if (entries.every(([k]) => typeof k === "string")) {
      return Object.fromEntries(entries.map(([k, x]) => [k, plain(x)]));
    }
    return { entries: entries.map(([k, x]) => [plain(k), plain(x)]) };
  }
  if (v !== null && typeof v === "object" && !(v instanceof Uint8Array) && v.constructor === undefined) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

const L = (): Record<string, Value> => ({ l: [5, 1, 4, 2, 3] });
const M = (): Record<string, Value> => ({ m: { a: 1, b: 2, c: 3 } });
const E_PARAM = 4;
const E_BIN_TYPE = 12;
const E_EXISTS = 24;
const E_NOT_APPLICABLE = 26;

/** List rows: every write, read and selector with each return type, flags and misuse. */
export const LIST_CASES: CdtCase[] = [
  { name: "append returns the new size", bins: L(), ops: [lists.append("l", 6)], results: [6] },
  {
    name: "appendItems appends in order",
    bins: L(),
    ops: [lists.appendItems("l", [7, 8])],
    results: [7],
    after: { l: [5, 1, 4, 2, 3, 7, 8] },
  },
  { name: "append creates a missing bin", ops: [lists.append("l", "x")], results: [1], after: { l: ["x"] } },
  {
    name: "insert shifts the tail",
    bins: L(),
    ops: [lists.insert("l", 1, 9)],
    results: [6],
    after: { l: [5, 9, 1, 4, 2, 3] },
  },
  {
    name: "insert past the end pads with nils",
    bins: { l: [1] },
    ops: [lists.insert("l", 3, 9)],
    results: [4],
    after: { l: [1, null, null, 9] },
  },
  {
    name: "insertBounded refuses past the end (26)",
    bins: L(),
    ops: [lists.insert("l", 9, 0, { policy: { insertBounded: true } })],
    error: E_NOT_APPLICABLE,
  },
  {
    name: "insertItems inserts a run",
    bins: L(),
    ops: [lists.insertItems("l", -1, [7, 8])],
    results: [7],
    after: { l: [5, 1, 4, 2, 7, 8, 3] },
  },
  {
    name: "set replaces and answers nothing",
    bins: L(),
    ops: [lists.set("l", 0, 0), lists.get("l", 0)],
    results: [null, 0],
  },
  {
    name: "increment adds and returns the sum",
    bins: L(),
    ops: [lists.increment("l", 1, 10)],
    results: [11],
    after: { l: [5, 11, 4, 2, 3] },
  },
  {
    name: "pop removes and returns the item",
    bins: L(),
    ops: [lists.pop("l", -1)],
    results: [3],
    after: { l: [5, 1, 4, 2] },
  },
  {
    name: "popRange removes and returns a run",
    bins: L(),
    ops: [lists.popRange("l", 1, { count: 2 })],
    results: [[1, 4]],
    after: { l: [5, 2, 3] },
  },
  {
    name: "remove returns the count removed",
    bins: L(),
    ops: [lists.remove("l", 0)],
    results: [1],
    after: { l: [1, 4, 2, 3] },
  },
  {
    name: "removeRange without count removes to the end",
    bins: L(),
    ops: [lists.removeRange("l", 3)],
    results: [2],
    after: { l: [5, 1, 4] },
  },
  {
    name: "trim keeps a run and returns the count removed",
    bins: L(),
    ops: [lists.trim("l", 1, 2)],
    results: [3],
    after: { l: [1, 4] },
  },
  {
    name: "clear empties the list",
    bins: L(),
    ops: [lists.clear("l"), lists.size("l")],
    results: [null, 0],
    after: { l: [] },
  },
  { name: "sort ascends", bins: L(), ops: [lists.sort("l")], results: [null], after: { l: [1, 2, 3, 4, 5] } },
  {
    // The server drops duplicates while checking an ascending order: descending refuses (4).
    name: "sort descending with drop-duplicates is a parameter error (4)",
    bins: { l: [2, 1, 2, 3] },
    ops: [lists.sort("l", { descending: true, dropDuplicates: true })],
    error: E_PARAM,
    after: { l: [2, 1, 2, 3] },
  },
  {
    name: "sort ascending drops duplicates",
    bins: { l: [2, 1, 2, 3] },
    ops: [lists.sort("l", { dropDuplicates: true })],
    after: { l: [1, 2, 3] },
  },
  {
    name: "size, get and getRange read",
    bins: L(),
    ops: [lists.size("l"), lists.get("l", 1), lists.getRange("l", 1, { count: 2 })],
    results: [5, 1, [1, 4]],
  },
  {
    name: "getByIndex answers every return type",
    bins: L(),
    ops: [
      lists.getByIndex("l", 0),
      lists.getByIndex("l", 0, { returnType: "index" }),
      lists.getByIndex("l", 0, { returnType: "reverseIndex" }),
      lists.getByIndex("l", 0, { returnType: "rank" }),
      lists.getByIndex("l", 0, { returnType: "reverseRank" }),
      lists.getByIndex("l", 0, { returnType: "count" }),
      lists.getByIndex("l", 0, { returnType: "exists" }),
    ],
    results: [5, 0, 4, 4, 0, 1, true],
  },
  {
    name: "getByIndexRange and its inversion",
    bins: L(),
    ops: [
      lists.getByIndexRange("l", 1, { count: 2 }),
      lists.getByIndexRange("l", 1, { count: 2, inverted: true }),
    ],
    results: [[1, 4], [5, 2, 3]],
  },
  {
    name: "getByRank and getByRankRange select by order",
    bins: L(),
    ops: [
      lists.getByRank("l", 0),
      lists.getByRank("l", -1, { returnType: "index" }),
      lists.getByRankRange("l", 0, { count: 2 }),
    ],
    // An unordered list's rank range comes in the server's heap order: the lower ranks of
    // [5, 1, 4, 2, 3] are picked with a min-heap and answered from the highest down.
    results: [1, 0, [2, 1]],
  },
  {
    name: "getByValue selects every equal item",
    bins: { l: [4, 1, 4] },
    ops: [
      lists.getByValue("l", 4),
      lists.getByValue("l", 4, { returnType: "index" }),
      lists.getByValue("l", 9, { returnType: "exists" }),
    ],
    results: [[4, 4], [0, 2], false],
  },
  {
    name: "getByValueList selects each listed value",
    bins: L(),
    ops: [lists.getByValueList("l", [1, 3, 9])],
    results: [[1, 3]],
  },
  {
    name: "getByValueRange is begin-inclusive, end-exclusive",
    bins: L(),
    ops: [lists.getByValueRange("l", 2, 4), lists.getByValueRange("l", 4, null, { returnType: "count" })],
    results: [[2, 3], 2],
  },
  {
    name: "getByValueRelRankRange counts from the anchor's rank",
    bins: L(),
    ops: [
      lists.getByValueRelRankRange("l", 3, -1, { count: 2 }),
      lists.getByValueRelRankRange("l", 3, 1, { returnType: "count" }),
    ],
    results: [[3, 2], 2], // heap order, as getByRankRange
  },
  {
    name: "removeByValue answers nothing by default",
    bins: L(),
    ops: [lists.removeByValue("l", 4)],
    results: [null],
    after: { l: [5, 1, 2, 3] },
  },
  {
    name: "removeByValue with count",
    bins: { l: [4, 1, 4] },
    ops: [lists.removeByValue("l", 4, { returnType: "count" })],
    results: [2],
    after: { l: [1] },
  },
  {
    name: "removeByIndex returns the removed value",
    bins: L(),
    ops: [lists.removeByIndex("l", 1, { returnType: "value" })],
    results: [1],
    after: { l: [5, 4, 2, 3] },
  },
  {
    name: "removeByRank removes the smallest",
    bins: L(),
    ops: [lists.removeByRank("l", 0)],
    after: { l: [5, 4, 2, 3] },
  },
  {
    name: "removeByRankRange removes the largest two",
    bins: L(),
    ops: [lists.removeByRankRange("l", -2, { returnType: "count" })],
    results: [2],
    after: { l: [1, 2, 3] },
  },
  {
    name: "removeByValueRange inverted keeps the range",
    bins: L(),
    ops: [lists.removeByValueRange("l", 2, 4, { inverted: true })],
    after: { l: [2, 3] },
  },
  {
    name: "removeByValueList removes the listed values",
    bins: L(),
    ops: [lists.removeByValueList("l", [5, 3])],
    after: { l: [1, 4, 2] },
  },
  {
    name: "removeByIndexRange removes a run",
    bins: L(),
    ops: [lists.removeByIndexRange("l", 0, { count: 2, returnType: "value" })],
    results: [[5, 1]],
    after: { l: [4, 2, 3] },
  },
  {
    name: "removeByValueRelRankRange removes above the anchor",
    bins: L(),
    ops: [lists.removeByValueRelRankRange("l", 3, 1)],
    after: { l: [1, 2, 3] },
  },
  {
    name: "addUnique refuses a duplicate (24)",
    bins: L(),
    ops: [lists.append("l", 5, { policy: { addUnique: true } })],
    error: E_EXISTS,
  },
  {
    name: "addUnique with noFail skips a duplicate",
    bins: L(),
    ops: [lists.append("l", 5, { policy: { addUnique: true, noFail: true } })],
    results: [5],
  },
  {
    name: "addUnique, noFail and partial keep the new items",
    bins: L(),
    ops: [lists.appendItems("l", [9, 4], { policy: { addUnique: true, noFail: true, partial: true } })],
    results: [6],
    after: { l: [5, 1, 4, 2, 3, 9] },
  },
  {
    name: "an ordered list keeps its items sorted",
    ops: [lists.create("l", "ordered"), lists.appendItems("l", [9, 3, 7]), lists.getByIndexRange("l", 0)],
    results: [null, 3, [3, 7, 9]],
    vector: "more/list_ordered_create",
  },
  {
    name: "insert into an ordered list is not applicable (26)",
    ops: [lists.create("l", "ordered"), lists.append("l", 1), lists.insert("l", 0, 2)],
    error: E_NOT_APPLICABLE,
  },
  {
    name: "setOrder sorts an existing list",
    bins: L(),
    ops: [lists.setOrder("l", "ordered"), lists.getByIndex("l", 0)],
    results: [null, 1],
    after: { l: [1, 2, 3, 4, 5] },
  },
  {
    name: "mixed types sort as nil < bool < int < string < list < map < blob < double",
    bins: { l: [1.5, new Uint8Array([1]), { k: 1 }, [1], "a", 2, true, null] },
    ops: [lists.sort("l")],
    after: { l: [null, true, 2, "a", [1], { k: 1 }, new Uint8Array([1]), 1.5] },
  },
  {
    name: "a list op on a string bin is a bin type error (12)",
    bins: { l: "text" },
    ops: [lists.append("l", 1)],
    error: E_BIN_TYPE,
  },
  {
    name: "a read op on a map bin is a bin type error (12)",
    bins: M(),
    ops: [lists.size("m")],
    error: E_BIN_TYPE,
  },
  {
    name: "get past the end is not applicable (26)",
    bins: L(),
    ops: [lists.get("l", 9)],
    error: E_NOT_APPLICABLE,
  },
  {
    name: "increment of a string item is a parameter error (4)",
    bins: { l: ["a"] },
    ops: [lists.increment("l", 0, 1)],
    error: E_PARAM,
  },
  {
    name: "the captured list_ops sequence answers as the real server did",
    bins: { l: [5, 1, 4, 2, 3] },
    ops: [
      lists.append("l", 6),
      lists.insert("l", 0, 0),
      lists.getByIndex("l", 1, { returnType: "value" }),
      lists.getRange("l", 1, { count: 2 }),
      lists.size("l"),
      lists.removeByValue("l", 4, { returnType: "count" }),
      lists.getByRank("l", 0, { returnType: "value" }),
      lists.sort("l"),
      lists.getByValueRange("l", 2, 5, { returnType: "value" }),
    ],
    results: [6, 7, 5, [5, 1], 7, 1, 0, null, [2, 3]],
    vector: "more/list_ops",
  },
];

/** Runs one row against `client` under key `user`: puts the bins, operates, compares. */
export async function runCase(
  client: Client,
  ns: string,
  set: string,
  c: CdtCase,
  user: string,
): Promise<void> {
  const key = new Key(ns, set, user);
  await client.remove(key);
  if (c.bins !== undefined) await client.put(key, c.bins);
  let rec;
  try {
    rec = await client.operate(key, c.ops);
  } catch (e) {
    if (c.error === undefined) throw e;
    assert.ok(e instanceof AerospikeError, `${c.name}: ${e}`);
    assert.equal(e.code, c.error, `${c.name}: ${e.message}`);
    return;
  }
  assert.equal(c.error, undefined, `${c.name}: expected result code ${c.error}, got success`);
  if (c.results !== undefined) assert.deepEqual(plain(rec.results), c.results, c.name);
  if (c.after !== undefined) {
    const got = await client.get(key, Object.keys(c.after));
    const bins = plain(got?.bins ?? {}) as Record<string, unknown>;
    for (const [bin, want] of Object.entries(c.after)) {
      assert.deepEqual(bins[bin], want, `${c.name}: bin ${bin}`);
    }
  }
}
