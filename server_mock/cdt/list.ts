/**
 * List operations (`[opCode, ...args]` of OP_CDT_READ/OP_CDT_MODIFY on a LIST value) with the
 * server's semantics: unordered and ordered lists, write flags (add-unique, insert-bounded, no-fail,
 * partial), negative indexes and ranks, every selector with every list return type, and the
 * results a real node sends (new size for appends and inserts, nothing for set/sort/clear).
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { sortedPositions } from "./select.ts";
import {
  byIndexRange,
  byRankRange,
  byRelRankRange,
  byValueInterval,
  byValueList,
  type ListSel,
  lowerBound,
  type Picked,
  UINT32_MAX,
} from "./list_server.ts";
import { asInt, CdtError, type CdtList, type CdtValue, compareCdt, int, NIL, rewrite } from "./value.ts";

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
const has = (items: CdtValue[], v: CdtValue): boolean => items.some((x) => compareCdt(x, v) === 0);
const notApplicable = (msg: string): CdtError => new CdtError(ResultCode.OP_NOT_APPLICABLE, msg);
const noFail = (flags: number): boolean => (flags & C.LIST_WRITE_NO_FAIL) !== 0;
/** `mod_flags_is_do_partial`: PARTIAL counts only together with NO_FAIL. */
const partial = (flags: number): boolean =>
  (flags & (C.LIST_WRITE_PARTIAL | C.LIST_WRITE_NO_FAIL)) === (C.LIST_WRITE_PARTIAL | C.LIST_WRITE_NO_FAIL);
const unique = (flags: number): boolean => (flags & C.LIST_WRITE_ADD_UNIQUE) !== 0;
/** `mod_flags_return_exists`: nothing changes; an error unless NO_FAIL. */
function exists(flags: number): void {
  if (!noFail(flags)) throw new CdtError(ResultCode.FAIL_ELEMENT_EXISTS, "value already in the list");
}

function sortItems(items: CdtValue[]): CdtValue[] {
  return sortedPositions(items.length, (a, b) => compareCdt(items[a], items[b])).map((p) => items[p]);
}

/**
 * `packed_list_insert` (unordered lists): `items` at `index` (padding with nils past the end),
 * with the write flags. Returns the new size (the old size when nothing was added).
 */
function insertAt(l: CdtList, index: number, sent: CdtValue[], flags: number): CdtValue {
  const items = sent.map(rewrite);
  const n = l.items.length;
  if (items.length === 0) return int(n);
  const i = index < 0 ? index + n : index;
  if (index > 0x7fffffff || i < 0) throw notApplicable(`insert index ${index} out of bounds (${n})`);
  if ((flags & C.LIST_WRITE_INSERT_BOUNDED) !== 0 && i > n) {
    if (noFail(flags)) return int(n);
    throw notApplicable(`insert index ${index} past the end (${n})`);
  }
  let add = items;
  if (unique(flags)) {
    add = [];
    let skipped = 0;
    for (let k = 0; k < items.length; k++) {
      const v = items[k];
      if (!has(l.items, v)) {
        if (items.slice(0, k).some((x) => compareCdt(x, v) === 0)) {
          if (!noFail(flags)) throw notApplicable("the same value twice with add-unique");
          if (!partial(flags)) return int(n);
          skipped++;
        } else add.push(v);
      } else if (partial(flags)) skipped++;
      else {
        exists(flags);
        return int(n);
      }
    }
    if (skipped === items.length) {
      exists(flags);
      return int(n);
    }
  }
  padTo(l.items, i);
  l.items.splice(i, 0, ...add);
  return int(l.items.length);
}

/** `packed_list_add_ordered` / `packed_list_add_items_ordered`. */
function addOrdered(l: CdtList, sent: CdtValue[], flags: number, many: boolean): CdtValue {
  const items = sent.map(rewrite);
  const n = l.items.length;
  if (items.length === 0) return int(n);
  let add = sortItems(items);
  if (unique(flags)) {
    if (many) {
      const distinct = add.filter((v, i) => i === 0 || compareCdt(add[i - 1], v) !== 0);
      if (distinct.length < add.length) {
        if (!noFail(flags)) throw notApplicable("the same value twice with add-unique");
        if (!partial(flags)) return int(n);
      }
      add = distinct;
    }
    const kept: CdtValue[] = [];
    for (const v of add) {
      if (!has(l.items, v)) kept.push(v);
      else if (!many || !partial(flags)) {
        exists(flags);
        return int(n);
      }
    }
    add = kept;
  }
  l.items = sortItems([...l.items, ...add]);
  return int(l.items.length);
}

/** `list_set`. */
function setAt(l: CdtList, index: number, sent: CdtValue, flags: number): void {
  const v = rewrite(sent);
  if (ordered(l)) throw notApplicable("set on an ordered list");
  const n = l.items.length;
  if (index >= n) {
    insertAt(l, index, [v], flags);
    return;
  }
  const i = index < 0 ? index + n : index;
  if (i < 0) throw notApplicable(`set index ${index} out of bounds (${n})`);
  if (unique(flags)) {
    const first = l.items.findIndex((x) => compareCdt(x, v) === 0);
    if (first >= 0 && (first !== i || l.items.filter((x) => compareCdt(x, v) === 0).length > 1)) {
      exists(flags);
      return;
    }
  }
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

/** `cdt_calc_delta`: the element's type wins (a float delta on an integer is truncated first). */
export function addDelta(cur: CdtValue | undefined, delta: CdtValue | undefined): CdtValue {
  if (delta !== undefined && delta.k !== "int" && delta.k !== "float" && delta.k !== "nil") {
    throw new CdtError(ResultCode.PARAMETER_ERROR, "increment by a number");
  }
  const d: { k: "int"; v: bigint } | { k: "float"; v: number } = delta === undefined || delta.k === "nil"
    ? { k: "int", v: 1n }
    : (delta as { k: "int"; v: bigint } | { k: "float"; v: number });
  if (cur === undefined) return d.k === "float" ? { k: "float", v: d.v } : { k: "int", v: d.v };
  if (cur.k === "int") {
    const add = d.k === "float" ? BigInt(Math.trunc(d.v)) : d.v;
    return { k: "int", v: BigInt.asIntN(64, cur.v + add) };
  }
  if (cur.k === "float") return { k: "float", v: cur.v + Number(d.v) };
  throw new CdtError(ResultCode.PARAMETER_ERROR, "increment needs a number");
}

/** `list_increment`. */
function increment(l: CdtList, index: number, delta: CdtValue | undefined, flags: number): CdtValue {
  const n = l.items.length;
  const i = index < 0 ? index + n : index;
  if (index > 0x7fffffff || i < 0) throw notApplicable(`increment index ${index} out of bounds (${n})`);
  const next = addDelta(i < n ? l.items[i] : undefined, delta);
  if (!ordered(l)) {
    setAt(l, i, next, flags);
    return next;
  }
  if (i > n) throw notApplicable(`increment index ${index} past the end of an ordered list`);
  const others = [...l.items.slice(0, i), ...l.items.slice(i + 1)];
  if (unique(flags) && has(l.items, next)) {
    if (lowerBound(l.items, next) === i) return next;
    exists(flags);
    return next;
  }
  l.items = sortItems([...others, next]);
  return next;
}

/** `list_sort`: an ordered list keeps its order; dropping duplicates needs an ascending order. */
function sort(l: CdtList, flags: number): void {
  if (l.items.length <= 1) return;
  let items = ordered(l) ? l.items : sortItems(l.items);
  if (!ordered(l) && (flags & C.LIST_SORT_DESCENDING) !== 0) {
    const asc = items;
    items = sortedPositions(asc.length, (a, b) => compareCdt(asc[b], asc[a])).map((p) => asc[p]);
  }
  if ((flags & C.LIST_SORT_DROP_DUPLICATES) !== 0) {
    const kept = [items[0]];
    for (let i = 1; i < items.length; i++) {
      const c = compareCdt(items[i - 1], items[i]);
      if (c > 0) {
        throw new CdtError(ResultCode.PARAMETER_ERROR, "dropping duplicates needs an ascending sort");
      }
      if (c < 0) kept.push(items[i]);
    }
    items = kept;
  }
  l.items = items;
}

const sel = (rt: number, multi: boolean, modify: boolean): ListSel => ({
  rt: rt & ~C.RETURN_INVERTED,
  inverted: (rt & C.RETURN_INVERTED) !== 0,
  multi,
  modify,
});
const count = (v: CdtValue | undefined): number => optInt(v, "count") ?? UINT32_MAX;
const value = (v: CdtValue | undefined): CdtValue => {
  if (v === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, "value missing");
  return v;
};

function pick(l: CdtList, p: Picked): CdtValue | undefined {
  if (p.items !== undefined) l.items = p.items;
  return p.result;
}

function bySelector(l: CdtList, code: number, a: CdtValue[]): CdtValue | undefined {
  const remove = code >= C.LIST_REMOVE_BY_INDEX;
  const get = remove ? code - REMOVE_OFFSET : code;
  const rt = asInt(a[0], "return type");
  const multi = get !== C.LIST_GET_BY_INDEX && get !== C.LIST_GET_BY_RANK;
  const s = sel(rt, multi, remove);
  switch (get) {
    case C.LIST_GET_BY_INDEX:
      return pick(l, byIndexRange(l, s, asInt(a[1], "index"), 1));
    case C.LIST_GET_BY_RANK:
      return pick(l, byRankRange(l, s, asInt(a[1], "rank"), 1));
    case C.LIST_GET_BY_VALUE:
      return pick(l, byValueInterval(l, s, value(a[1]), null, true));
    case C.LIST_GET_BY_VALUE_LIST:
      return pick(l, byValueList(l, s, itemsOf(a[1])));
    case C.LIST_GET_BY_INDEX_RANGE:
      return pick(l, byIndexRange(l, s, asInt(a[1], "index"), count(a[2])));
    case C.LIST_GET_BY_VALUE_INTERVAL:
      return pick(l, byValueInterval(l, s, value(a[1]), a[2] ?? null, false));
    case C.LIST_GET_BY_RANK_RANGE:
      return pick(l, byRankRange(l, s, asInt(a[1], "rank"), count(a[2])));
    case C.LIST_GET_BY_VALUE_REL_RANK_RANGE:
      return pick(l, byRelRankRange(l, s, value(a[1]), asInt(a[2], "rank"), count(a[3])));
  }
  throw new CdtError(ResultCode.PARAMETER_ERROR, `unknown list op ${code}`);
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
  const flagsAt = (i: number): number => (a[i] === undefined ? 0 : asInt(a[i], "flags"));
  switch (code) {
    case C.LIST_SET_TYPE:
      l.flags = asInt(a[0], "order") & LIST_ORDERED_FLAG;
      if (ordered(l)) l.items = sortItems(l.items);
      return undefined;
    case C.LIST_APPEND:
      return ordered(l)
        ? addOrdered(l, [value(a[0])], flagsAt(2), false)
        : insertAt(l, l.items.length, [value(a[0])], flagsAt(2));
    case C.LIST_APPEND_ITEMS:
      return ordered(l)
        ? addOrdered(l, itemsOf(a[0]), flagsAt(2), true)
        : insertAt(l, l.items.length, itemsOf(a[0]), flagsAt(2));
    case C.LIST_INSERT:
    case C.LIST_INSERT_ITEMS: {
      const items = code === C.LIST_INSERT ? [value(a[1])] : itemsOf(a[1]);
      const index = asInt(a[0], "index");
      if (ordered(l)) throw notApplicable("insert into an ordered list");
      return insertAt(l, index, items, flagsAt(2));
    }
    case C.LIST_SET:
      setAt(l, asInt(a[0], "index"), value(a[1]), flagsAt(2));
      return undefined;
    case C.LIST_INCREMENT:
      return increment(l, asInt(a[0], "index"), a[1], flagsAt(3));
    case C.LIST_POP:
      return pick(l, byIndexRange(l, sel(C.RETURN_VALUE, false, true), asInt(a[0], "index"), 1));
    case C.LIST_REMOVE:
      return pick(l, byIndexRange(l, sel(C.RETURN_COUNT, false, true), asInt(a[0], "index"), 1));
    case C.LIST_POP_RANGE:
      return pick(l, byIndexRange(l, sel(C.RETURN_VALUE, true, true), asInt(a[0], "index"), count(a[1])));
    case C.LIST_REMOVE_RANGE:
      return pick(l, byIndexRange(l, sel(C.RETURN_COUNT, true, true), asInt(a[0], "index"), count(a[1])));
    case C.LIST_TRIM: {
      const s = sel(C.RETURN_COUNT | C.RETURN_INVERTED, true, true);
      return pick(l, byIndexRange(l, s, asInt(a[0], "index"), count(a[1])));
    }
    case C.LIST_CLEAR:
      l.items = [];
      return undefined;
    case C.LIST_SORT:
      sort(l, flagsAt(0));
      return undefined;
    case C.LIST_SIZE:
      return int(l.items.length);
    case C.LIST_GET:
      return pick(l, byIndexRange(l, sel(C.RETURN_VALUE, false, false), asInt(a[0], "index"), 1));
    case C.LIST_GET_RANGE:
      return pick(l, byIndexRange(l, sel(C.RETURN_VALUE, true, false), asInt(a[0], "index"), count(a[1])));
  }
  return bySelector(l, code, a);
}
