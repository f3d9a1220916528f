/**
 * Map selection as Aerospike CE 8.1 does it (`particle_map.c`), path by path. Every map is stored
 * in key order (unordered ones too), so an index is a storage position, and a rank is the position
 * in (value, key) order, distinct for equal values. What follows from the server's paths and looks
 * odd is kept on purpose (the real server is the reference):
 * - inverted single-result selectors (by key, index, rank) answer OP_NOT_APPLICABLE (26), except a
 *   missing key of a key-ordered map, which answers "not found";
 * - a key list with a rank return type answers 26; an empty key/value list with inversion selects all;
 * - count/exists/index/rank of interval and range selections come from the range arithmetic
 *   (`result_data_set_range`): inverted "exists" is `count == 0` of the non-inverted count.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import {
  addRange,
  countOrExists,
  indexRankCount as rangeResult,
  ints,
  isIndex,
  isRank,
  isRev,
  itemListRanks,
  type ListSel,
  mapFlags,
  notApplicable,
  notFound as notFoundOf,
  relative,
  selRange,
  UINT32_MAX,
} from "./sel_result.ts";
import { type CdtMap, type CdtValue, compareCdt, int } from "./value.ts";

export { UINT32_MAX };

/** A selection's outcome: the result and the entries left (undefined: unchanged). */
export interface MapPicked {
  /** The op's result. */
  result: CdtValue | undefined;
  /** The new entries of a remove op. */
  entries?: [CdtValue, CdtValue][];
}

const isElements = (rt: number): boolean =>
  rt === C.RETURN_KEY || rt === C.RETURN_VALUE || rt === C.RETURN_KEY_VALUE ||
  rt === C.RETURN_UNORDERED_MAP ||
  rt === C.RETURN_ORDERED_MAP;
const kOrdered = (m: CdtMap): boolean => (m.flags & C.MAP_KEY_ORDERED) !== 0;

/** Positions in (value, key) order: rank r is `rankOrder[r]`. */
function rankOrder(m: CdtMap): number[] {
  const e = m.entries;
  return e.map((_, i) => i).sort((a, b) => compareCdt(e[a][1], e[b][1]) || a - b);
}

const notFound = (s: ListSel): CdtValue | undefined => notFoundOf(s, false);

/** Keys, values or a map of the entries at `positions` (in that order). */
function elements(m: CdtMap, s: ListSel, positions: number[]): CdtValue | undefined {
  const e = m.entries;
  if (s.rt === C.RETURN_KEY || s.rt === C.RETURN_VALUE) {
    const pick = (p: number): CdtValue => s.rt === C.RETURN_KEY ? e[p][0] : e[p][1];
    if (!s.multi) return positions.length === 0 ? undefined : pick(positions[0]);
    return { k: "list", items: positions.map(pick), flags: 0 };
  }
  const ps = s.rt === C.RETURN_ORDERED_MAP ? [...positions].sort((a, b) => a - b) : positions;
  return { k: "map", entries: ps.map((p) => [e[p][0], e[p][1]]), flags: mapFlags(s.rt) };
}

/** Index or rank results of the entries at `positions`, one each. */
function perEntry(m: CdtMap, s: ListSel, positions: number[]): CdtValue {
  const n = m.entries.length;
  const rev = isRev(s.rt);
  const ranks = isRank(s.rt) ? rankOrder(m) : [];
  const of = (p: number): number => {
    const v = isRank(s.rt) ? ranks.indexOf(p) : p;
    return rev ? n - v - 1 : v;
  };
  return s.multi ? ints(positions.map(of)) : int(positions.length === 0 ? -1 : of(positions[0]));
}

function done(m: CdtMap, s: ListSel, result: CdtValue | undefined, gone: number[]): MapPicked {
  if (!s.modify) return { result };
  const g = new Set(gone);
  return { result, entries: m.entries.filter((_, i) => !g.has(i)) };
}

const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const complement = (n: number, ps: number[]): number[] => {
  const g = new Set(ps);
  return all(n).filter((i) => !g.has(i));
};

/** `packed_map_get_remove_all`. */
function removeAll(m: CdtMap, s: ListSel): MapPicked {
  const n = m.entries.length;
  let result: CdtValue | undefined;
  if (s.rt === C.RETURN_NONE) result = undefined;
  else if (isIndex(s.rt) || isRank(s.rt)) {
    if (!s.multi) result = int(0);
    else {
      const out: number[] = [];
      addRange(out, 0, n, n, isRev(s.rt));
      result = ints(out);
    }
  } else if (s.rt === C.RETURN_COUNT || s.rt === C.RETURN_EXISTS) result = countOrExists(s.rt, n);
  else if (isElements(s.rt)) result = elements(m, s, all(n));
  else throw notApplicable(`return type ${s.rt} not supported`);
  return done(m, s, result, all(n));
}

/** Results of a selection by mask (`positions` in storage order) for the types that use it. */
function byMask(m: CdtMap, s: ListSel, positions: number[]): CdtValue | undefined {
  if (isElements(s.rt)) return elements(m, s, positions);
  return perEntry(m, s, positions);
}

/** `packed_map_get_remove_by_index_range` (index = key order = storage order). */
export function mapByIndexRange(m: CdtMap, s: ListSel, index: number, count: number): MapPicked {
  const n = m.entries.length;
  const r = selRange(s, index, count, n, "index");
  if (r.middle && kOrdered(m)) return trimOrdered(m, r.s, r.u, r.c);
  s = r.middle ? { ...r.s, inverted: true } : r.s;
  const { u, c } = r;
  if (c === 0) return { result: notFound(s) };
  if (c === n) return removeAll(m, s);
  const picked = all(n).slice(u, u + c);
  const gone = s.inverted ? complement(n, picked) : picked;
  let result: CdtValue | undefined;
  if (isElements(s.rt)) result = elements(m, s, gone);
  else if (isRank(s.rt)) result = perEntry(m, s, gone);
  else result = rangeResult(s, u, c, n);
  return done(m, s, result, gone);
}

/** `packed_map_trim_ordered`: keeps [index, index + count). */
function trimOrdered(m: CdtMap, s: ListSel, index: number, count: number): MapPicked {
  const n = m.entries.length;
  const gone = complement(n, all(n).slice(index, index + count));
  let result: CdtValue | undefined;
  if (s.rt === C.RETURN_NONE) result = undefined;
  else if (s.rt === C.RETURN_COUNT || s.rt === C.RETURN_EXISTS) result = countOrExists(s.rt, gone.length);
  else if (isIndex(s.rt)) {
    const out: number[] = [];
    addRange(out, 0, index, n, isRev(s.rt));
    addRange(out, index + count, n - index - count, n, isRev(s.rt));
    result = ints(out);
  } else if (isRank(s.rt) || isElements(s.rt)) result = byMask(m, s, gone);
  else throw notApplicable(`return type ${s.rt} not supported`);
  return done(m, s, result, gone);
}

/** The number of keys below `key` (the index a missing key would take). */
function keysBelow(m: CdtMap, key: CdtValue): number {
  return m.entries.filter((e) => compareCdt(e[0], key) < 0).length;
}

/** `packed_map_get_remove_by_key_interval` with a single key (`MAP_GET_BY_KEY`, single result). */
export function mapByKey(m: CdtMap, s: ListSel, key: CdtValue): MapPicked {
  const n = m.entries.length;
  const at = m.entries.findIndex((e) => compareCdt(e[0], key) === 0);
  if (kOrdered(m)) {
    if (at < 0 && !s.multi) return { result: notFound(s) };
    return mapByIndexRange(m, s, at < 0 ? keysBelow(m, key) : at, at < 0 ? 0 : 1);
  }
  if (s.inverted && !s.multi) throw notApplicable("inverted single-result selector");
  if (at < 0) return { result: notFound(s) };
  let result: CdtValue | undefined;
  if (s.rt === C.RETURN_NONE) result = undefined;
  else if (isIndex(s.rt)) result = int(isRev(s.rt) ? n - at - 1 : at);
  else if (isRank(s.rt)) result = perEntry(m, s, [at]);
  else if (s.rt === C.RETURN_COUNT || s.rt === C.RETURN_EXISTS) result = countOrExists(s.rt, 1);
  else if (isElements(s.rt)) result = elements(m, s, [at]);
  else throw notApplicable(`return type ${s.rt} not supported`);
  return done(m, s, result, [at]);
}

/** `packed_map_get_remove_by_key_interval`: keys in [start, end) (end null: to the largest). */
export function mapByKeyInterval(m: CdtMap, s: ListSel, start: CdtValue, end: CdtValue | null): MapPicked {
  const n = m.entries.length;
  if (kOrdered(m)) {
    const index = keysBelow(m, start);
    const count = end === null ? n - index : Math.max(0, keysBelow(m, end) - index);
    if (count === 0 && !s.multi) return { result: notFound(s) };
    return mapByIndexRange(m, s, index, count);
  }
  if (s.inverted && !s.multi) throw notApplicable("inverted single-result selector");
  let index = 0;
  const mask: number[] = [];
  m.entries.forEach(([k], i) => {
    if (compareCdt(k, start) < 0) index++;
    else if (end === null || compareCdt(k, end) < 0) mask.push(i);
  });
  const count = mask.length;
  const gone = s.inverted ? complement(n, mask) : mask;
  let result: CdtValue | undefined;
  if (isElements(s.rt) || isRank(s.rt)) result = byMask(m, s, gone);
  else result = rangeResult(s, index, count, n);
  return done(m, s, result, gone);
}

/** `packed_map_get_remove_by_value_interval` (no value index): [start, end), or values equal to `start`. */
export function mapByValueInterval(
  m: CdtMap,
  s: ListSel,
  start: CdtValue,
  end: CdtValue | null,
  single: boolean,
): MapPicked {
  if (s.inverted && !s.multi) throw notApplicable("inverted single-result selector");
  const n = m.entries.length;
  if (n === 0) return { result: notFound(s) };
  let rank = 0;
  let mask: number[] = [];
  m.entries.forEach(([, v], i) => {
    const c0 = compareCdt(v, start);
    if (c0 < 0) rank++;
    else if (!single) {
      if (end === null || compareCdt(v, end) < 0) mask.push(i);
    } else if (c0 === 0 && (s.multi || mask.length === 0)) mask.push(i);
  });
  if (mask.length === 0) {
    if (s.inverted) return removeAll(m, { ...s, inverted: false });
    return { result: notFound(s) };
  }
  if (!s.multi) mask = mask.slice(0, 1);
  const count = mask.length;
  const gone = s.inverted ? complement(n, mask) : mask;
  let result: CdtValue | undefined;
  if (isElements(s.rt) || isIndex(s.rt)) result = byMask(m, s, gone);
  else result = rangeResult(s, rank, count, n);
  return done(m, s, result, gone);
}

/** `packed_map_get_remove_by_rank_range` (no value index: a heap, whose picks come out in rank order). */
export function mapByRankRange(m: CdtMap, s: ListSel, rank: number, count: number): MapPicked {
  const n = m.entries.length;
  const r = selRange(s, rank, count, n, "rank");
  s = r.middle ? { ...r.s, inverted: true } : r.s;
  const { u, c } = r;
  if (c === 0) return { result: notFound(s) };
  const order = rankOrder(m);
  const picked = order.slice(u, u + c);
  const gone = s.inverted ? complement(n, picked) : picked;
  const byMaskEls = s.inverted || s.rt === C.RETURN_ORDERED_MAP;
  let result: CdtValue | undefined;
  if (s.rt === C.RETURN_NONE || s.rt === C.RETURN_COUNT || s.rt === C.RETURN_EXISTS || isRank(s.rt)) {
    result = rangeResult(s, u, c, n);
  } else if (isIndex(s.rt)) result = perEntry(m, s, s.inverted ? gone : picked);
  else if (isElements(s.rt)) result = elements(m, s, byMaskEls ? [...gone].sort((a, b) => a - b) : picked);
  else throw notApplicable(`return type ${s.rt} not supported`);
  return done(m, s, result, gone);
}

/** `packed_map_get_remove_all_by_key_list` (ordered and unordered). */
export function mapByKeyList(m: CdtMap, s: ListSel, keys: CdtValue[]): MapPicked {
  const n = m.entries.length;
  if (keys.length === 0) {
    if (isRank(s.rt)) throw notApplicable("rank of a key list");
    if (!s.inverted) return { result: notFound(s) };
    return removeAll(m, { ...s, inverted: false });
  }
  const hit = (i: number): boolean => keys.some((k) => compareCdt(m.entries[i][0], k) === 0);
  const mask = all(n).filter((i) => hit(i) !== s.inverted);
  let result: CdtValue | undefined;
  if (s.rt === C.RETURN_NONE) result = undefined;
  else if (isIndex(s.rt)) {
    if (kOrdered(m) && s.inverted) result = perEntry(m, s, mask);
    else if (kOrdered(m)) {
      const out: number[] = [];
      for (const k of keys) {
        const at = m.entries.findIndex((e) => compareCdt(e[0], k) === 0);
        if (at >= 0) addRange(out, at, 1, n, isRev(s.rt));
      }
      result = ints(out);
    } else result = ints(itemListRanks(m.entries.map((e) => e[0]), keys, s.inverted, isRev(s.rt)));
  } else if (s.rt === C.RETURN_COUNT || s.rt === C.RETURN_EXISTS) result = countOrExists(s.rt, mask.length);
  else if (isElements(s.rt)) result = elements(m, s, mask);
  else throw notApplicable(`return type ${s.rt} not supported for a key list`);
  return done(m, s, result, mask);
}

/** `packed_map_get_remove_all_by_value_list` (no value index). */
export function mapByValueList(m: CdtMap, s: ListSel, values: CdtValue[]): MapPicked {
  const n = m.entries.length;
  if (values.length === 0) {
    if (!s.inverted) return { result: notFound(s) };
    return removeAll(m, { ...s, inverted: false });
  }
  const hit = (i: number): boolean => values.some((v) => compareCdt(m.entries[i][1], v) === 0);
  const mask = all(n).filter((i) => hit(i) !== s.inverted);
  let result: CdtValue | undefined;
  if (n === 1 && !s.inverted && (isIndex(s.rt) || isRank(s.rt))) {
    // A one-item map counts as value-indexed: one answer per matching list item, repeats included.
    result = ints(values.filter((v) => compareCdt(m.entries[0][1], v) === 0).map(() => 0));
  } else if (s.rt === C.RETURN_NONE) result = undefined;
  else if (isIndex(s.rt)) result = perEntry(m, s, mask);
  else if (isRank(s.rt)) {
    result = ints(itemListRanks(m.entries.map((e) => e[1]), values, s.inverted, isRev(s.rt)));
  } else if (s.rt === C.RETURN_COUNT || s.rt === C.RETURN_EXISTS) result = countOrExists(s.rt, mask.length);
  else if (isElements(s.rt)) result = elements(m, s, mask);
  else throw notApplicable(`return type ${s.rt} not supported`);
  return done(m, s, result, mask);
}

/** `packed_map_get_remove_by_rel_index_range`. */
export function mapByKeyRelIndexRange(
  m: CdtMap,
  s: ListSel,
  key: CdtValue,
  index: number,
  count: number,
): MapPicked {
  const [i, c] = relative(index, count, keysBelow(m, key));
  return mapByIndexRange(m, s, i, c);
}

/** `packed_map_get_remove_by_rel_rank_range`. */
export function mapByValueRelRankRange(
  m: CdtMap,
  s: ListSel,
  value: CdtValue,
  rank: number,
  count: number,
): MapPicked {
  const below = m.entries.filter((e) => compareCdt(e[1], value) < 0).length;
  const [i, c] = relative(rank, count, below);
  return mapByRankRange(m, s, i, c);
}
