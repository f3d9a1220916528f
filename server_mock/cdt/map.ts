/**
 * Map operations (`[opCode, ...args]` on a MAP value) with the server's semantics: unordered,
 * key-ordered and key/value-ordered maps (index is key order in every map, rank is value order),
 * put/putItems with write flags (create-only, update-only, no-fail, partial) and the legacy
 * add/replace codes, increment/decrement, every selector with every map return type.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { addNumbers } from "./list.ts";
import {
  buildResult,
  byIndexRange,
  byInterval,
  byRankRange,
  byRelative,
  byValues,
  type Coll,
  resolveIndex,
  sortedPositions,
} from "./select.ts";
import { asInt, CdtError, type CdtMap, type CdtValue, compareCdt, fresh, int, rewrite } from "./value.ts";

/** Remove-by code → the matching get-by code. */
const REMOVE_TO_GET = new Map<number, number>([
  [C.MAP_REMOVE_BY_KEY, C.MAP_GET_BY_KEY],
  [C.MAP_REMOVE_BY_INDEX, C.MAP_GET_BY_INDEX],
  [C.MAP_REMOVE_BY_RANK, C.MAP_GET_BY_RANK],
  [C.MAP_REMOVE_BY_KEY_LIST, C.MAP_GET_BY_KEY_LIST],
  [C.MAP_REMOVE_BY_VALUE, C.MAP_GET_BY_VALUE],
  [C.MAP_REMOVE_BY_VALUE_LIST, C.MAP_GET_BY_VALUE_LIST],
  [C.MAP_REMOVE_BY_KEY_INTERVAL, C.MAP_GET_BY_KEY_INTERVAL],
  [C.MAP_REMOVE_BY_INDEX_RANGE, C.MAP_GET_BY_INDEX_RANGE],
  [C.MAP_REMOVE_BY_VALUE_INTERVAL, C.MAP_GET_BY_VALUE_INTERVAL],
  [C.MAP_REMOVE_BY_RANK_RANGE, C.MAP_GET_BY_RANK_RANGE],
  [C.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE, C.MAP_GET_BY_KEY_REL_INDEX_RANGE],
  [C.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE, C.MAP_GET_BY_VALUE_REL_RANK_RANGE],
]);
const GETS = new Set([...REMOVE_TO_GET.values(), C.MAP_SIZE]);
const CREATES = new Set([
  C.MAP_SET_TYPE,
  C.MAP_ADD,
  C.MAP_ADD_ITEMS,
  C.MAP_PUT,
  C.MAP_PUT_ITEMS,
  C.MAP_INCREMENT,
  C.MAP_DECREMENT,
]);

/** Whether a map op code only reads. */
export function isMapRead(code: number): boolean {
  return GETS.has(code);
}

/** Whether `code` is a map op code. */
export function isMapCode(code: number): boolean {
  return GETS.has(code) || REMOVE_TO_GET.has(code) || (code >= C.MAP_SET_TYPE && code <= C.MAP_CLEAR);
}

/** Whether a map op creates the map when the bin (or context element) is missing. */
export function mapCreates(code: number): boolean {
  return CREATES.has(code);
}

/** Keeps only the order bits of a map attribute (unordered, key-ordered, key/value-ordered). */
export function mapOrderFlags(attr: number): number {
  return attr & C.MAP_KEY_VALUE_ORDERED;
}

/** The empty map an op creates, in the order its attribute asks for. */
export function newMap(code: number, args: CdtValue[]): CdtMap {
  const at = code === C.MAP_SET_TYPE ? 0 : code === C.MAP_PUT_ITEMS || code === C.MAP_ADD_ITEMS ? 1 : 2;
  const attr = args[at]?.k === "int" ? asInt(args[at], "map attributes") : 0;
  return { k: "map", entries: [], flags: mapOrderFlags(attr) };
}

const keyOrdered = (m: CdtMap): boolean => (m.flags & C.MAP_KEY_ORDERED) !== 0;

function view(m: CdtMap): Coll {
  const n = m.entries.length;
  const byKey = (a: number, b: number): number => compareCdt(m.entries[a][0], m.entries[b][0]);
  const indexOrder = keyOrdered(m) ? Array.from({ length: n }, (_, i) => i) : sortedPositions(n, byKey);
  const at = new Map(indexOrder.map((p, i) => [p, i]));
  return {
    size: n,
    value: (p) => m.entries[p][1],
    key: (p) => m.entries[p][0],
    indexOrder,
    rankOrder: sortedPositions(
      n,
      (a, b) => compareCdt(m.entries[a][1], m.entries[b][1]) || at.get(a)! - at.get(b)!,
    ),
  };
}

function find(m: CdtMap, key: CdtValue): number {
  return m.entries.findIndex((e) => compareCdt(e[0], key) === 0);
}

function insert(m: CdtMap, sentKey: CdtValue, sentValue: CdtValue): void {
  const key = rewrite(sentKey);
  const value = rewrite(sentValue);
  if (key.k === "list" || key.k === "map" || key.k === "nil" || key.k === "wild" || key.k === "inf") {
    throw new CdtError(ResultCode.PARAMETER_ERROR, `a ${key.k} cannot be a map key`);
  }
  const i = find(m, key);
  if (i >= 0) {
    m.entries[i][1] = value;
    return;
  }
  // Every map is kept in key order, unordered ones too (a node inserts at the key's place).
  let at = m.entries.length;
  while (at > 0 && compareCdt(m.entries[at - 1][0], key) > 0) at--;
  m.entries.splice(at, 0, [key, value]);
}

/** Puts items per write flags; returns the new size. */
function putItems(m: CdtMap, items: [CdtValue, CdtValue][], flags: number): CdtValue {
  const noFail = (flags & C.MAP_WRITE_NO_FAIL) !== 0;
  const ok: [CdtValue, CdtValue][] = [];
  for (const item of items) {
    const exists = find(m, item[0]) >= 0;
    if ((flags & C.MAP_WRITE_CREATE_ONLY) !== 0 && exists) {
      if (!noFail) throw new CdtError(ResultCode.FAIL_ELEMENT_EXISTS, "map key exists");
    } else if ((flags & C.MAP_WRITE_UPDATE_ONLY) !== 0 && !exists) {
      if (!noFail) throw new CdtError(ResultCode.FAIL_ELEMENT_NOT_FOUND, "map key not found");
    } else ok.push(item);
  }
  if (ok.length === items.length || (flags & C.MAP_WRITE_PARTIAL) !== 0) {
    for (const [k, v] of ok) insert(m, k, v);
  }
  return int(m.entries.length);
}

function need(v: CdtValue | undefined, what: string): CdtValue {
  if (v === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, `${what} missing`);
  return v;
}

const optInt = (v: CdtValue | undefined, what: string): number | undefined =>
  v === undefined ? undefined : asInt(v, what);

function listArg(v: CdtValue | undefined): CdtValue[] {
  if (v?.k !== "list") throw new CdtError(ResultCode.PARAMETER_ERROR, "expected a list");
  return v.items;
}

function select(m: CdtMap, c: Coll, code: number, a: CdtValue[]): { sel: number[]; single: boolean } {
  const key = (p: number): CdtValue => m.entries[p][0];
  const value = (p: number): CdtValue => m.entries[p][1];
  switch (code) {
    case C.MAP_GET_BY_KEY:
      return { sel: byValues(c, key, [need(a[1], "key")]), single: true };
    case C.MAP_GET_BY_INDEX:
      return { sel: [c.indexOrder[resolveIndex(asInt(a[1], "index"), c.size)]], single: true };
    case C.MAP_GET_BY_RANK:
      return { sel: [c.rankOrder[resolveIndex(asInt(a[1], "rank"), c.size)]], single: true };
    case C.MAP_GET_BY_VALUE:
      return { sel: byValues(c, value, [need(a[1], "value")]), single: false };
    case C.MAP_GET_BY_KEY_INTERVAL:
      return { sel: byInterval(c, key, need(a[1], "begin"), a[2]), single: false };
    case C.MAP_GET_BY_INDEX_RANGE:
      return { sel: byIndexRange(c, asInt(a[1], "index"), optInt(a[2], "count")), single: false };
    case C.MAP_GET_BY_VALUE_INTERVAL:
      return { sel: byInterval(c, value, need(a[1], "begin"), a[2]), single: false };
    case C.MAP_GET_BY_RANK_RANGE:
      return { sel: byRankRange(c, asInt(a[1], "rank"), optInt(a[2], "count")), single: false };
    case C.MAP_GET_BY_KEY_LIST:
      return { sel: byValues(c, key, listArg(a[1])), single: false };
    case C.MAP_GET_BY_VALUE_LIST:
      return { sel: byValues(c, value, listArg(a[1])), single: false };
    case C.MAP_GET_BY_KEY_REL_INDEX_RANGE:
      return {
        sel: byRelative(c.indexOrder, key, need(a[1], "key"), asInt(a[2], "index"), optInt(a[3], "count")),
        single: false,
      };
    case C.MAP_GET_BY_VALUE_REL_RANK_RANGE:
      return {
        sel: byRelative(c.rankOrder, value, need(a[1], "value"), asInt(a[2], "rank"), optInt(a[3], "count")),
        single: false,
      };
  }
  throw new CdtError(ResultCode.PARAMETER_ERROR, `unknown map op ${code}`);
}

function bySelector(m: CdtMap, code: number, a: CdtValue[]): CdtValue | undefined {
  const get = REMOVE_TO_GET.get(code);
  const c = view(m);
  const { sel, single } = select(m, c, get ?? code, a);
  const rt = asInt(a[0], "return type");
  const result = buildResult(c, rt, sel, single);
  if (get !== undefined) {
    const chosen = new Set(sel);
    const gone = new Set((rt & C.RETURN_INVERTED) !== 0 ? c.indexOrder.filter((p) => !chosen.has(p)) : sel);
    m.entries = m.entries.filter((_, i) => !gone.has(i));
  }
  return result;
}

function increment(m: CdtMap, a: CdtValue[], negate: boolean, flags: number): CdtValue {
  const key = need(a[0], "key");
  let delta = a[1] ?? int(1);
  if (delta.k === "int") delta = { k: "int", v: negate ? -delta.v : delta.v };
  else if (delta.k === "float") delta = { k: "float", v: negate ? -delta.v : delta.v };
  else throw new CdtError(ResultCode.PARAMETER_ERROR, "increment by a number");
  const i = find(m, key);
  if (i < 0 && (flags & C.MAP_WRITE_UPDATE_ONLY) !== 0) {
    throw new CdtError(ResultCode.FAIL_ELEMENT_NOT_FOUND, "map key not found");
  }
  const next = i < 0 ? fresh(delta) : addNumbers(m.entries[i][1], delta);
  insert(m, key, next);
  return next;
}

function mapItems(v: CdtValue | undefined): [CdtValue, CdtValue][] {
  if (v?.k !== "map") throw new CdtError(ResultCode.PARAMETER_ERROR, "expected a map of items");
  return v.entries;
}

/**
 * Runs one map op on `m` (changed in place); returns its result, undefined for none.
 * @example
 * ```ts
 * import { MAP_SIZE } from "../../src/wire/cdt_codes.ts";
 * import type { CdtMap } from "./value.ts";
 * declare const map: CdtMap;
 * applyMap(map, MAP_SIZE, []); // { k: "int", v: 3n }
 * ```
 */
export function applyMap(m: CdtMap, code: number, a: CdtValue[]): CdtValue | undefined {
  const flagsAt = (i: number): number => (a[i] === undefined ? 0 : asInt(a[i], "flags"));
  switch (code) {
    case C.MAP_SET_TYPE:
      m.flags = mapOrderFlags(asInt(a[0], "map attributes"));
      if (keyOrdered(m)) m.entries = view({ ...m, flags: 0 }).indexOrder.map((p) => m.entries[p]);
      return undefined;
    case C.MAP_ADD:
      return putItems(m, [[need(a[0], "key"), need(a[1], "value")]], C.MAP_WRITE_CREATE_ONLY);
    case C.MAP_REPLACE:
      return putItems(m, [[need(a[0], "key"), need(a[1], "value")]], C.MAP_WRITE_UPDATE_ONLY);
    case C.MAP_PUT:
      return putItems(m, [[need(a[0], "key"), need(a[1], "value")]], flagsAt(3));
    case C.MAP_ADD_ITEMS:
      return putItems(m, mapItems(a[0]), C.MAP_WRITE_CREATE_ONLY);
    case C.MAP_REPLACE_ITEMS:
      return putItems(m, mapItems(a[0]), C.MAP_WRITE_UPDATE_ONLY);
    case C.MAP_PUT_ITEMS:
      return putItems(m, mapItems(a[0]), flagsAt(2));
    case C.MAP_INCREMENT:
    case C.MAP_DECREMENT:
      return increment(m, a, code === C.MAP_DECREMENT, flagsAt(3));
    case C.MAP_CLEAR:
      m.entries = [];
      return undefined;
    case C.MAP_SIZE:
      return int(m.entries.length);
  }
  return bySelector(m, code, a);
}
