/**
 * What list and map selection share (`cdt.c` in the server): the selector shape, the range
 * arithmetic (`calc_index_count`, `calc_rel_index_count`, the inverted-range fold) and the result
 * builders both particles call (`result_data_set_not_found`, `result_data_set_index_rank_count`).
 * `list_server.ts` and `map_server.ts` keep the per-particle paths.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { MAP_FLAG_PRESERVE_ORDER } from "./select.ts";
import { bool, CdtError, type CdtValue, compareCdt, int } from "./value.ts";

/** What a selector call asks for. */
export interface ListSel {
  /** Return type without the inverted flag. */
  rt: number;
  /** INVERTED flag. */
  inverted: boolean;
  /** Several results (a list) rather than one. */
  multi: boolean;
  /** A remove-by op (changes the collection). */
  modify: boolean;
}

/** The largest count (a missing count means "to the end"). */
export const UINT32_MAX = 0xffffffff;

/** An OP_NOT_APPLICABLE (26) error. */
export const notApplicable = (msg: string): CdtError => new CdtError(ResultCode.OP_NOT_APPLICABLE, msg);
/** A list of ints. */
export const ints = (xs: number[]): CdtValue => ({ k: "list", items: xs.map(int), flags: 0 });
/** A list of values. */
export const listOf = (items: CdtValue[]): CdtValue => ({ k: "list", items, flags: 0 });
/** Reverse index or reverse rank. */
export const isRev = (rt: number): boolean => rt === C.RETURN_REVERSE_INDEX || rt === C.RETURN_REVERSE_RANK;
/** Index or reverse index. */
export const isIndex = (rt: number): boolean => rt === C.RETURN_INDEX || rt === C.RETURN_REVERSE_INDEX;
/** Rank or reverse rank. */
export const isRank = (rt: number): boolean => rt === C.RETURN_RANK || rt === C.RETURN_REVERSE_RANK;
/** The return types only a map answers (key, key/value, the map types). */
export const isMapType = (rt: number): boolean =>
  rt === C.RETURN_KEY || rt === C.RETURN_KEY_VALUE || rt === C.RETURN_UNORDERED_MAP ||
  rt === C.RETURN_ORDERED_MAP;

/** `cdt_container_builder_add_int_range`: `count` ints from `start`, reversed as `n - start - count`. */
export function addRange(out: number[], start: number, count: number, n: number, rev: boolean): void {
  const s = rev ? n - start - count : start;
  for (let i = 0; i < count; i++) out.push(s + i);
}

/** `calc_count`. */
function calcCount(index: number, count: number, n: number): number {
  return count >= n - index ? n - index : count;
}

/** `calc_index_count`: [index, count] or undefined when a single index is out of bounds. */
export function calcIndexCount(
  index: number,
  count: number,
  n: number,
  multi: boolean,
): [number, number] | undefined {
  if (multi) {
    if (index >= n) return [n, 0];
    const i = index < 0 ? n + index : index;
    if (i < 0) return [0, -i < count ? Math.min(count + i, n) : 0];
    return [i, calcCount(i, count, n)];
  }
  if (index >= n) return undefined;
  const i = index < 0 ? n + index : index;
  if (i < 0) return undefined;
  return [i, calcCount(i, count, n)];
}

/** `calc_rel_index_count`. */
export function relative(index: number, count: number, rel: number): [number, number] {
  let i = index + rel;
  let c = count;
  if (i < 0) {
    c = c > -i ? c + i : 0;
    i = 0;
  }
  return [i, c];
}

/** A range selector resolved: the plain selector, [u, u + c), and whether it is an inverted middle range. */
export interface SelRange {
  /** The selector, no longer inverted. */
  s: ListSel;
  /** The first position. */
  u: number;
  /** How many positions. */
  c: number;
  /** The selection is the complement of [u, u + c) in two pieces (the caller trims or masks). */
  middle: boolean;
}

/**
 * `calc_index_count` of an index/rank range (`what` names it in the error), and an inverted one
 * folded to the plain range of its complement where that is one piece.
 */
export function selRange(s: ListSel, index: number, count: number, n: number, what: string): SelRange {
  const ic = calcIndexCount(index, count, n, s.multi);
  if (ic === undefined) throw notApplicable(`${what} ${index} out of bounds (${n})`);
  const [u, c] = ic;
  if (!s.inverted) return { s, u, c, middle: false };
  if (!s.multi) throw notApplicable("inverted single-result selector");
  const plain = { ...s, inverted: false };
  if (c === 0) return { s: plain, u: 0, c: n, middle: false };
  if (u === 0) return { s: plain, u: c, c: n - c, middle: false };
  if (u + c >= n) return { s: plain, u: 0, c: u, middle: false };
  return { s: plain, u, c, middle: true };
}

/** The map flags of a key/value (preserve order), ordered-map (key ordered) or unordered-map result. */
export function mapFlags(rt: number): number {
  return rt === C.RETURN_KEY_VALUE
    ? MAP_FLAG_PRESERVE_ORDER
    : rt === C.RETURN_ORDERED_MAP
    ? C.MAP_KEY_ORDERED
    : 0;
}

/**
 * `result_data_set_not_found` (maps) and `list_result_data_set_not_found` (`onList`: map return
 * types answer OP_NOT_APPLICABLE, an unknown type PARAMETER_ERROR rather than OP_NOT_APPLICABLE).
 */
export function notFound(s: ListSel, onList: boolean): CdtValue | undefined {
  if (onList && isMapType(s.rt)) throw notApplicable(`return type ${s.rt} on a list`);
  switch (s.rt) {
    case C.RETURN_NONE:
      return undefined;
    case C.RETURN_INDEX:
    case C.RETURN_REVERSE_INDEX:
    case C.RETURN_RANK:
    case C.RETURN_REVERSE_RANK:
      return s.multi ? ints([]) : int(-1);
    case C.RETURN_COUNT:
      return int(0);
    case C.RETURN_EXISTS:
      return bool(false);
    case C.RETURN_KEY:
    case C.RETURN_VALUE:
      return s.multi ? listOf([]) : undefined;
    case C.RETURN_KEY_VALUE:
    case C.RETURN_UNORDERED_MAP:
    case C.RETURN_ORDERED_MAP:
      return { k: "map", entries: [], flags: mapFlags(s.rt) };
  }
  if (onList) throw new CdtError(ResultCode.PARAMETER_ERROR, `invalid return type ${s.rt}`);
  throw notApplicable(`invalid return type ${s.rt}`);
}

/** The answer of RETURN_COUNT (`count`) or RETURN_EXISTS (`count != 0`) for `count` selected elements. */
export function countOrExists(rt: number, count: number): CdtValue {
  return rt === C.RETURN_COUNT ? int(count) : bool(count !== 0);
}

/**
 * `result_data_set_index_rank_count` / `result_data_set_range` for none, count, exists, index and
 * rank: [start, start + count) of `n` (inverted: the ranges around it); other types answer 26.
 */
export function indexRankCount(s: ListSel, start: number, count: number, n: number): CdtValue | undefined {
  switch (s.rt) {
    case C.RETURN_NONE:
      return undefined;
    case C.RETURN_COUNT:
      return int(s.inverted ? n - count : count);
    case C.RETURN_EXISTS:
      return bool(s.inverted ? count === 0 : count !== 0);
  }
  if (!isIndex(s.rt) && !isRank(s.rt)) throw notApplicable(`return type ${s.rt} not supported`);
  const rev = isRev(s.rt);
  if (!s.multi) return int(count === 0 ? -1 : rev ? n - start - 1 : start);
  const out: number[] = [];
  if (s.inverted) {
    addRange(out, 0, start, n, rev);
    addRange(out, start + count, n - start - count, n, rev);
  } else addRange(out, start, count, n, rev);
  return ints(out);
}

/**
 * `result_data_set_by_itemlist_irc`: the ranks (or indexes) in `of` of the items a value (or key)
 * list selects, per listed value in list order; inverted: the ranges between them, ascending.
 */
export function itemListRanks(of: CdtValue[], values: CdtValue[], inverted: boolean, rev: boolean): number[] {
  const n = of.length;
  const sorted = values.map((_, i) => i).sort((a, b) => compareCdt(values[a], values[b]) || a - b);
  const rank = values.map((v) => of.filter((x) => compareCdt(x, v) < 0).length);
  const count = values.map(() => 0);
  for (let k = 0; k < sorted.length; k++) {
    const i = sorted[k];
    const last = k + 1 === sorted.length || compareCdt(values[sorted[k + 1]], values[i]) !== 0;
    if (last) count[i] = of.filter((x) => compareCdt(x, values[i]) === 0).length;
  }
  const out: number[] = [];
  if (!inverted) {
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < count[i]; j++) addRange(out, rank[i] + j, 1, n, rev);
    }
    return out;
  }
  let prev = 0;
  for (const i of sorted) {
    if (count[i] === 0) continue;
    addRange(out, prev, rank[i] - prev, n, rev);
    prev = rank[i] + count[i];
  }
  addRange(out, prev, n - prev, n, rev);
  return out;
}
