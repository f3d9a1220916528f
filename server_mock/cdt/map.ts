/**
 * Map operations (`[opCode, ...args]` on a MAP value) with the server's semantics: unordered,
 * key-ordered and key/value-ordered maps (index is key order in every map, rank is value order),
 * put/putItems with write flags (create-only, update-only, no-fail, partial) and the legacy
 * add/replace codes, increment/decrement, every selector with every map return type.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { addDelta } from "./list.ts";
import type { ListSel } from "./list_server.ts";
import {
  mapByIndexRange,
  mapByKey,
  mapByKeyInterval,
  mapByKeyList,
  mapByKeyRelIndexRange,
  mapByRankRange,
  mapByValueInterval,
  mapByValueList,
  mapByValueRelRankRange,
  type MapPicked,
  UINT32_MAX,
} from "./map_server.ts";
import {
  asInt,
  BYTES_BLOB,
  BYTES_STRING,
  CdtError,
  type CdtMap,
  type CdtValue,
  compareCdt,
  int,
  rewrite,
  sortEntries,
} from "./value.ts";

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

function find(m: CdtMap, key: CdtValue): number {
  return m.entries.findIndex((e) => compareCdt(e[0], key) === 0);
}

/** `map_is_key`: integers, strings and blobs (a blob of particle type 4). */
function checkKey(key: CdtValue): void {
  if (key.k === "int" || (key.k === "bytes" && (key.t === BYTES_STRING || key.t === BYTES_BLOB))) return;
  throw new CdtError(ResultCode.PARAMETER_ERROR, `a ${key.k} cannot be a map key`);
}

function insert(m: CdtMap, sentKey: CdtValue, sentValue: CdtValue): void {
  checkKey(sentKey);
  placeEntry(m, sentKey, sentValue);
}

/**
 * Puts `key` (as is: a context step that creates a level takes any key, even one a put would
 * refuse, as CE 8.1 does) in key order.
 */
export function placeEntry(m: CdtMap, sentKey: CdtValue, sentValue: CdtValue): void {
  const key = rewrite(sentKey);
  const value = rewrite(sentValue);
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
/**
 * `map_add` / `map_add_items_ordered`: every key is checked first (PARAMETER_ERROR), then the items
 * go in key order; the first refused one decides (CREATE_ONLY: 24, UPDATE_ONLY: 23) unless NO_FAIL,
 * which keeps the map as it was, or with PARTIAL skips just that item. An empty map takes every
 * item under UPDATE_ONLY + NO_FAIL + PARTIAL.
 */
function putItems(m: CdtMap, sent: [CdtValue, CdtValue][], flags: number, many = true): CdtValue {
  for (const [k] of sent) checkKey(k);
  const items = sortEntries(sent);
  const noFail = (flags & C.MAP_WRITE_NO_FAIL) !== 0;
  const partial = (flags & C.MAP_WRITE_PARTIAL) !== 0;
  const size = (): CdtValue => int(m.entries.length);
  if (many && m.entries.length === 0 && items.length > 0 && (flags & C.MAP_WRITE_UPDATE_ONLY) !== 0) {
    if (!noFail) throw new CdtError(ResultCode.FAIL_ELEMENT_NOT_FOUND, "map key not found");
    if (!partial) return size();
    for (const [k, v] of items) insert(m, k, v);
    return size();
  }
  const ok: [CdtValue, CdtValue][] = [];
  for (const item of items) {
    const exists = find(m, item[0]) >= 0;
    let refused = 0;
    if ((flags & C.MAP_WRITE_CREATE_ONLY) !== 0 && exists) refused = ResultCode.FAIL_ELEMENT_EXISTS;
    else if ((flags & C.MAP_WRITE_UPDATE_ONLY) !== 0 && !exists) refused = ResultCode.FAIL_ELEMENT_NOT_FOUND;
    if (refused === 0) ok.push(item);
    else if (!noFail) throw new CdtError(refused, "map write refused by its flags");
    else if (!partial) return size();
  }
  for (const [k, v] of ok) insert(m, k, v);
  return size();
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

const count = (v: CdtValue | undefined): number => optInt(v, "count") ?? UINT32_MAX;

function bySelector(m: CdtMap, code: number, a: CdtValue[]): CdtValue | undefined {
  const get = REMOVE_TO_GET.get(code);
  const base = get ?? code;
  const rt = asInt(a[0], "return type");
  const multi = base !== C.MAP_GET_BY_KEY && base !== C.MAP_GET_BY_INDEX && base !== C.MAP_GET_BY_RANK;
  const s: ListSel = {
    rt: rt & ~C.RETURN_INVERTED,
    inverted: (rt & C.RETURN_INVERTED) !== 0,
    multi,
    modify: get !== undefined,
  };
  let p: MapPicked;
  switch (base) {
    case C.MAP_GET_BY_KEY:
      p = mapByKey(m, s, need(a[1], "key"));
      break;
    case C.MAP_GET_BY_INDEX:
      p = mapByIndexRange(m, s, asInt(a[1], "index"), 1);
      break;
    case C.MAP_GET_BY_RANK:
      p = mapByRankRange(m, s, asInt(a[1], "rank"), 1);
      break;
    case C.MAP_GET_BY_VALUE:
      p = mapByValueInterval(m, s, need(a[1], "value"), null, true);
      break;
    case C.MAP_GET_BY_KEY_INTERVAL:
      p = mapByKeyInterval(m, s, need(a[1], "begin"), a[2] ?? null);
      break;
    case C.MAP_GET_BY_INDEX_RANGE:
      p = mapByIndexRange(m, s, asInt(a[1], "index"), count(a[2]));
      break;
    case C.MAP_GET_BY_VALUE_INTERVAL:
      p = mapByValueInterval(m, s, need(a[1], "begin"), a[2] ?? null, false);
      break;
    case C.MAP_GET_BY_RANK_RANGE:
      p = mapByRankRange(m, s, asInt(a[1], "rank"), count(a[2]));
      break;
    case C.MAP_GET_BY_KEY_LIST:
      p = mapByKeyList(m, s, listArg(a[1]));
      break;
    case C.MAP_GET_BY_VALUE_LIST:
      p = mapByValueList(m, s, listArg(a[1]));
      break;
    case C.MAP_GET_BY_KEY_REL_INDEX_RANGE:
      p = mapByKeyRelIndexRange(m, s, need(a[1], "key"), asInt(a[2], "index"), count(a[3]));
      break;
    case C.MAP_GET_BY_VALUE_REL_RANK_RANGE:
      p = mapByValueRelRankRange(m, s, need(a[1], "value"), asInt(a[2], "rank"), count(a[3]));
      break;
    default:
      throw new CdtError(ResultCode.PARAMETER_ERROR, `unknown map op ${code}`);
  }
  if (p.entries !== undefined) m.entries = p.entries;
  return p.result;
}

/** `map_increment`: the element's type wins (`cdt_calc_delta`); no write flags apply. */
function increment(m: CdtMap, a: CdtValue[], negate: boolean): CdtValue {
  const key = need(a[0], "key");
  checkKey(key);
  let delta = a[1];
  if (delta?.k === "int") delta = { k: "int", v: negate ? -delta.v : delta.v };
  else if (delta?.k === "float") delta = { k: "float", v: negate ? -delta.v : delta.v };
  else if (delta === undefined || delta.k === "nil") delta = int(negate ? -1 : 1);
  const i = find(m, key);
  const next = addDelta(i < 0 ? undefined : m.entries[i][1], delta);
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
      m.entries = sortEntries(m.entries);
      return undefined;
    case C.MAP_ADD:
      return putItems(m, [[need(a[0], "key"), need(a[1], "value")]], C.MAP_WRITE_CREATE_ONLY);
    case C.MAP_REPLACE:
      return putItems(m, [[need(a[0], "key"), need(a[1], "value")]], C.MAP_WRITE_UPDATE_ONLY);
    case C.MAP_PUT:
      return putItems(m, [[need(a[0], "key"), need(a[1], "value")]], flagsAt(3), false);
    case C.MAP_ADD_ITEMS:
      return putItems(m, mapItems(a[0]), C.MAP_WRITE_CREATE_ONLY);
    case C.MAP_REPLACE_ITEMS:
      return putItems(m, mapItems(a[0]), C.MAP_WRITE_UPDATE_ONLY);
    case C.MAP_PUT_ITEMS:
      return putItems(m, mapItems(a[0]), flagsAt(2));
    case C.MAP_INCREMENT:
    case C.MAP_DECREMENT:
      return increment(m, a, code === C.MAP_DECREMENT);
    case C.MAP_CLEAR:
      m.entries = [];
      return undefined;
    case C.MAP_SIZE:
      return int(m.entries.length);
  }
  return bySelector(m, code, a);
}
