/**
 * List operations (`[opCode, ...args]` of OP_CDT_READ/OP_CDT_MODIFY on a LIST value) with the
 * server's semantics: unordered and ordered lists, write flags (add-unique, insert-bounded, no-fail,
 * partial), negative indexes and ranks, every selector with every list return type, and the
 * results a real node sends (new size for appends and inserts, nothing for set/sort/clear).
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import {
  buildResult,
  byIndexRange,
  byInterval,
  byRankRange,
  byRelative,
  byValues,
  type Coll,
  resolveIndex,
  resolveRange,
  sortedPositions,
} from "./select.ts";
import { asInt, CdtError, type CdtList, type CdtValue, compareCdt, fresh, int, NIL } from "./value.ts";

const LIST_ORDERED_FLAG = 1;
const READS = new Set([
  C.LIST_SIZE,
  C.LIST_GET,
  C.LIST_GET_RANGE,
  C.LIST_GET_BY_INDEX,
  C.LIST_GET_BY_RANK,
  C.LIST_GET_BY_VALUE,
  C.LIST_GET_BY_VALUE_LIST,
  C.LIST_GET_BY_INDEX_RANGE,
  C.LIST_GET_BY_VALUE_INTERVAL,
  C.LIST_GET_BY_RANK_RANGE,
  C.LIST_GET_BY_VALUE_REL_RANK_RANGE,
]);
/** A remove-by code is its get-by code plus this. */
const REMOVE_OFFSET = C.LIST_REMOVE_BY_INDEX - C.LIST_GET_BY_INDEX;
const CREATES = new Set([
  C.LIST_SET_TYPE,
  C.LIST_APPEND,
  C.LIST_APPEND_ITEMS,
  C.LIST_INSERT,
  C.LIST_INSERT_ITEMS,
  C.LIST_SET,
  C.LIST_INCREMENT,
]);

/** Whether a list op code only reads. */
export function isListRead(code: number): boolean {
  return READS.has(code);
}

/** Whether a list op creates the list when the bin (or context element) is missing. */
export function listCreates(code: number): boolean {
  return CREATES.has(code);
}

/** Whether `code` is a list op code. */
export function isListCode(code: number): boolean {
  return (code >= C.LIST_SET_TYPE && code <= C.LIST_SORT) || READS.has(code) ||
    (READS.has(code - REMOVE_OFFSET) && code >= C.LIST_REMOVE_BY_INDEX);
}

/** The empty list an op creates: ordered when its order attribute says so. */
export function newList(code: number, args: CdtValue[]): CdtList {
  const attrAt = code === C.LIST_SET_TYPE
    ? 0
    : code === C.LIST_APPEND || code === C.LIST_APPEND_ITEMS
    ? 1
    : code === C.LIST_INCREMENT
    ? 2
    : -1;
  const attr = attrAt >= 0 && args[attrAt]?.k === "int" ? asInt(args[attrAt], "order") : 0;
  return { k: "list", items: [], flags: attr & LIST_ORDERED_FLAG };
}

function view(l: CdtList): Coll {
  const n = l.items.length;
  return {
    size: n,
    value: (p) => l.items[p],
    indexOrder: Array.from({ length: n }, (_, i) => i),
    rankOrder: sortedPositions(n, (a, b) => compareCdt(l.items[a], l.items[b])),
  };
}

/** Most elements padding may create (a real node stops at its record size limit). */
const MAX_PAD = 1 << 20;

/** Pads `items` with nils up to length `n` (RECORD_TOO_BIG past {@linkcode MAX_PAD}). */
export function padTo(items: CdtValue[], n: number): void {
  if (n - items.length > MAX_PAD) throw new CdtError(ResultCode.RECORD_TOO_BIG, `padding to ${n} elements`);
  while (items.length < n) items.push(NIL);
}

const ordered = (l: CdtList): boolean => (l.flags & LIST_ORDERED_FLAG) !== 0;
const optInt = (v: CdtValue | undefined, what: string): number | undefined =>
  v === undefined ? undefined : asInt(v, what);
const itemsOf = (v: CdtValue | undefined): CdtValue[] => {
  if (v?.k !== "list") throw new CdtError(ResultCode.PARAMETER_ERROR, "expected a list of items");
  return v.items;
};

function sortItems(l: CdtList): void {
  l.items = sortedPositions(l.items.length, (a, b) => compareCdt(l.items[a], l.items[b])).map((p) =>
    l.items[p]
  );
}

/** Inserts `items` (already checked) into an ordered list at their sorted places. */
function insertSorted(l: CdtList, items: CdtValue[]): void {
  for (const v of items) {
    let at = l.items.length;
    while (at > 0 && compareCdt(l.items[at - 1], v) > 0) at--;
    l.items.splice(at, 0, v);
  }
}

/** Adds items per write flags; `at` undefined appends. Returns the new size. */
function addItems(l: CdtList, items: CdtValue[], flags: number, at: number | undefined): CdtValue {
  const noFail = (flags & C.LIST_WRITE_NO_FAIL) !== 0;
  const size = (): CdtValue => int(l.items.length);
  let add = items;
  if ((flags & C.LIST_WRITE_ADD_UNIQUE) !== 0) {
    const kept: CdtValue[] = [];
    for (const v of items) {
      if (![...l.items, ...kept].some((x) => compareCdt(x, v) === 0)) kept.push(v);
    }
    if (kept.length < items.length) {
      if (!noFail) throw new CdtError(ResultCode.FAIL_ELEMENT_EXISTS, "value already in the list");
      if ((flags & C.LIST_WRITE_PARTIAL) === 0) return size();
      add = kept;
    }
  }
  if (at === undefined) {
    if (ordered(l)) insertSorted(l, add);
    else l.items.push(...add);
    return size();
  }
  if (ordered(l)) throw new CdtError(ResultCode.OP_NOT_APPLICABLE, "insert into an ordered list");
  const n = l.items.length;
  let i = at < 0 ? at + n : at;
  const bounded = (flags & C.LIST_WRITE_INSERT_BOUNDED) !== 0;
  if (i < 0 || (bounded && i > n)) {
    if (noFail) return size();
    throw new CdtError(ResultCode.OP_NOT_APPLICABLE, `insert index ${at} out of bounds (${n})`);
  }
  padTo(l.items, i);
  i = Math.min(i, l.items.length);
  l.items.splice(i, 0, ...add);
  return size();
}

function setAt(l: CdtList, index: number, v: CdtValue, flags: number): void {
  if (ordered(l)) throw new CdtError(ResultCode.OP_NOT_APPLICABLE, "set on an ordered list");
  const n = l.items.length;
  const i = index < 0 ? index + n : index;
  const noFail = (flags & C.LIST_WRITE_NO_FAIL) !== 0;
  if (i < 0 || (i >= n && (flags & C.LIST_WRITE_INSERT_BOUNDED) !== 0)) {
    if (noFail) return;
    throw new CdtError(ResultCode.OP_NOT_APPLICABLE, `set index ${index} out of bounds (${n})`);
  }
  if ((flags & C.LIST_WRITE_ADD_UNIQUE) !== 0 && l.items.some((x, j) => j !== i && compareCdt(x, v) === 0)) {
    if (noFail) return;
    throw new CdtError(ResultCode.FAIL_ELEMENT_EXISTS, "value already in the list");
  }
  padTo(l.items, i + 1);
  l.items[i] = v;
}

/** Adds `delta` to a number (integer + integer, float + float or integer); PARAMETER_ERROR otherwise. */
export function addNumbers(cur: CdtValue, delta: CdtValue): CdtValue {
  if (cur.k === "int" && delta.k === "int") return { k: "int", v: BigInt.asIntN(64, cur.v + delta.v) };
  if (cur.k === "float" && (delta.k === "float" || delta.k === "int")) {
    return { k: "float", v: cur.v + Number(delta.v) };
  }
  throw new CdtError(ResultCode.PARAMETER_ERROR, "increment needs numbers of one type");
}

function increment(l: CdtList, index: number, delta: CdtValue | undefined, flags: number): CdtValue {
  const n = l.items.length;
  const i = index < 0 ? index + n : index;
  if (i < 0 || (i >= n && (flags & C.LIST_WRITE_INSERT_BOUNDED) !== 0)) {
    throw new CdtError(ResultCode.OP_NOT_APPLICABLE, `increment index ${index} out of bounds (${n})`);
  }
  const d = delta ?? int(1);
  if (d.k !== "int" && d.k !== "float") {
    throw new CdtError(ResultCode.PARAMETER_ERROR, "increment by a number");
  }
  const cur = i < n ? l.items[i] : undefined;
  const next = cur === undefined || cur.k === "nil" ? fresh(d) : addNumbers(cur, d);
  padTo(l.items, i + 1);
  l.items[i] = next;
  if (ordered(l)) sortItems(l);
  return next;
}

function removePositions(l: CdtList, positions: number[]): void {
  const gone = new Set(positions);
  l.items = l.items.filter((_, i) => !gone.has(i));
}

function select(l: CdtList, c: Coll, code: number, a: CdtValue[]): { sel: number[]; single: boolean } {
  const value = (p: number): CdtValue => l.items[p];
  switch (code) {
    case C.LIST_GET_BY_INDEX:
      return { sel: [resolveIndex(asInt(a[1], "index"), c.size)], single: true };
    case C.LIST_GET_BY_RANK:
      return { sel: [c.rankOrder[resolveIndex(asInt(a[1], "rank"), c.size)]], single: true };
    case C.LIST_GET_BY_VALUE:
      if (a[1] === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, "value missing");
      return { sel: byValues(c, value, [a[1]]), single: false };
    case C.LIST_GET_BY_VALUE_LIST:
      return { sel: byValues(c, value, itemsOf(a[1])), single: false };
    case C.LIST_GET_BY_INDEX_RANGE:
      return { sel: byIndexRange(c, asInt(a[1], "index"), optInt(a[2], "count")), single: false };
    case C.LIST_GET_BY_VALUE_INTERVAL:
      if (a[1] === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, "interval begin missing");
      return { sel: byInterval(c, value, a[1], a[2]), single: false };
    case C.LIST_GET_BY_RANK_RANGE:
      return { sel: byRankRange(c, asInt(a[1], "rank"), optInt(a[2], "count")), single: false };
    case C.LIST_GET_BY_VALUE_REL_RANK_RANGE:
      if (a[1] === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, "value missing");
      return {
        sel: byRelative(c.rankOrder, value, a[1], asInt(a[2], "rank"), optInt(a[3], "count")),
        single: false,
      };
  }
  throw new CdtError(ResultCode.PARAMETER_ERROR, `unknown list op ${code}`);
}

function bySelector(l: CdtList, code: number, a: CdtValue[]): CdtValue | undefined {
  const remove = code >= C.LIST_REMOVE_BY_INDEX;
  const c = view(l);
  const { sel, single } = select(l, c, remove ? code - REMOVE_OFFSET : code, a);
  const rt = asInt(a[0], "return type");
  const result = buildResult(c, rt, sel, single);
  if (remove) {
    const chosen = new Set(sel);
    const gone = (rt & C.RETURN_INVERTED) !== 0 ? c.indexOrder.filter((p) => !chosen.has(p)) : sel;
    removePositions(l, gone);
  }
  return result;
}

/**
 * Runs one list op on `l` (changed in place); returns its result, undefined for none.
 * @example
 * ```ts
 * import { LIST_APPEND } from "../../src/wire/cdt_codes.ts";
 * import { type CdtList, int } from "./value.ts";
 * declare const list: CdtList;
 * applyList(list, LIST_APPEND, [int(6)]); // { k: "int", v: 6n } : the new size
 * ```
 */
export function applyList(l: CdtList, code: number, a: CdtValue[]): CdtValue | undefined {
  const n = l.items.length;
  const flagsAt = (i: number): number => (a[i] === undefined ? 0 : asInt(a[i], "flags"));
  switch (code) {
    case C.LIST_SET_TYPE:
      l.flags = asInt(a[0], "order") & LIST_ORDERED_FLAG;
      if (ordered(l)) sortItems(l);
      return undefined;
    case C.LIST_APPEND:
      if (a[0] === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, "value missing");
      return addItems(l, [a[0]], flagsAt(2), undefined);
    case C.LIST_APPEND_ITEMS:
      return addItems(l, itemsOf(a[0]), flagsAt(2), undefined);
    case C.LIST_INSERT:
      if (a[1] === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, "value missing");
      return addItems(l, [a[1]], flagsAt(2), asInt(a[0], "index"));
    case C.LIST_INSERT_ITEMS:
      return addItems(l, itemsOf(a[1]), flagsAt(2), asInt(a[0], "index"));
    case C.LIST_SET:
      if (a[1] === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, "value missing");
      setAt(l, asInt(a[0], "index"), a[1], flagsAt(2));
      return undefined;
    case C.LIST_INCREMENT:
      return increment(l, asInt(a[0], "index"), a[1], flagsAt(3));
    case C.LIST_POP:
    case C.LIST_REMOVE: {
      const i = resolveIndex(asInt(a[0], "index"), n);
      const [v] = l.items.splice(i, 1);
      return code === C.LIST_POP ? v : int(1);
    }
    case C.LIST_POP_RANGE:
    case C.LIST_REMOVE_RANGE: {
      const [i, count] = resolveRange(asInt(a[0], "index"), optInt(a[1], "count"), n);
      const gone = l.items.splice(i, count);
      return code === C.LIST_POP_RANGE ? { k: "list", items: gone, flags: 0 } : int(gone.length);
    }
    case C.LIST_TRIM: {
      const [i, count] = resolveRange(asInt(a[0], "index"), asInt(a[1], "count"), n);
      l.items = l.items.slice(i, i + count);
      return int(n - l.items.length);
    }
    case C.LIST_CLEAR:
      l.items = [];
      return undefined;
    case C.LIST_SORT: {
      const flags = flagsAt(0);
      sortItems(l);
      if ((flags & C.LIST_SORT_DESCENDING) !== 0) l.items.reverse();
      if ((flags & C.LIST_SORT_DROP_DUPLICATES) !== 0) {
        l.items = l.items.filter((v, i) => i === 0 || compareCdt(l.items[i - 1], v) !== 0);
      }
      return undefined;
    }
    case C.LIST_SIZE:
      return int(n);
    case C.LIST_GET:
      return l.items[resolveIndex(asInt(a[0], "index"), n)];
    case C.LIST_GET_RANGE: {
      const [i, count] = resolveRange(asInt(a[0], "index"), optInt(a[1], "count"), n);
      return { k: "list", items: l.items.slice(i, i + count), flags: 0 };
    }
  }
  return bySelector(l, code, a);
}
