/**
 * List selection as Aerospike CE 8.1 does it (`particle_list.c`), path by path, because the
 * answers depend on the path: an ordered list reduces value and rank selectors to an index range,
 * an unordered one scans with a mask or picks ranks with a heap. What follows from that and looks
 * odd is kept on purpose (the real server is the reference):
 * - a rank of an unordered-list element is the number of smaller elements (equal elements share it);
 * - reverse index/rank ranges come out ascending (`n - start - count` up to `n - start - 1`);
 * - an inverted selection answers rank/index as up to two ascending ranges around the selection,
 *   and inverted "exists" of a range-based selection is `count == 0` of the non-inverted count;
 * - values of an unordered rank range come in the order the server's heap leaves them;
 * - inverted single-result selectors (by index, by rank) and map return types answer
 *   OP_NOT_APPLICABLE (26).
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import {
  addRange,
  calcIndexCount,
  countOrExists,
  indexRankCount,
  ints,
  isRev,
  itemListRanks,
  listOf,
  type ListSel,
  notApplicable,
  notFound as notFoundOf,
  relative,
  selRange,
} from "./sel_result.ts";
import { type CdtList, type CdtValue, compareCdt, int } from "./value.ts";

export { calcIndexCount, type ListSel, UINT32_MAX } from "./sel_result.ts";

const ordered = (l: CdtList): boolean => (l.flags & 1) !== 0;
const notFound = (s: ListSel): CdtValue | undefined => notFoundOf(s, true);

/** The number of items smaller than `v`: the rank the server gives `v` in an unordered list. */
export function lessCount(items: CdtValue[], v: CdtValue): number {
  let n = 0;
  for (const x of items) if (compareCdt(x, v) < 0) n++;
  return n;
}

/** The list without the positions in `gone`. */
function without(items: CdtValue[], gone: Set<number>): CdtValue[] {
  return items.filter((_, i) => !gone.has(i));
}

/** A selection's outcome: the result and the items left (undefined: unchanged). */
export interface Picked {
  /** The op's result. */
  result: CdtValue | undefined;
  /** The new items of a remove op. */
  items?: CdtValue[];
}

function done(s: ListSel, result: CdtValue | undefined, items: CdtValue[]): Picked {
  return s.modify ? { result, items } : { result };
}

/** `packed_list_trim`: keeps [index, index + count) (an inverted middle range). */
function trim(l: CdtList, s: ListSel, index: number, count: number): Picked {
  const items = l.items;
  const n = items.length;
  const rm = n - count;
  const index1 = index + count;
  const rev = isRev(s.rt);
  let result: CdtValue | undefined;
  switch (s.rt) {
    case C.RETURN_NONE:
      break;
    case C.RETURN_COUNT:
    case C.RETURN_EXISTS:
      result = countOrExists(s.rt, rm);
      break;
    case C.RETURN_INDEX:
    case C.RETURN_REVERSE_INDEX: {
      const out: number[] = [];
      addRange(out, 0, index, n, rev);
      addRange(out, index1, n - index1, n, rev);
      result = ints(out);
      break;
    }
    case C.RETURN_RANK:
    case C.RETURN_REVERSE_RANK: {
      const out: number[] = [];
      if (ordered(l)) {
        addRange(out, 0, index, n, rev);
        addRange(out, index + count, rm - index, n, rev);
      } else {
        for (const v of [...items.slice(0, index), ...items.slice(index1)]) {
          const r = lessCount(items, v);
          out.push(rev ? n - r - 1 : r);
        }
      }
      result = ints(out);
      break;
    }
    case C.RETURN_VALUE:
      result = listOf([...items.slice(0, index), ...items.slice(index1)]);
      break;
    default:
      throw notApplicable(`return type ${s.rt} not supported`);
  }
  return done(s, result, items.slice(index, index1));
}

/** `packed_list_get_remove_by_index_range`. */
export function byIndexRange(l: CdtList, s: ListSel, index: number, count: number): Picked {
  const items = l.items;
  const n = items.length;
  const r = selRange(s, index, count, n, "index");
  if (r.middle) return trim(l, r.s, r.u, r.c);
  s = r.s;
  const { u, c } = r;
  if (c === 0) return { result: notFound(s) };
  const picked = items.slice(u, u + c);
  const rest = [...items.slice(0, u), ...items.slice(u + c)];
  const rev = isRev(s.rt);
  let result: CdtValue | undefined;
  switch (s.rt) {
    case C.RETURN_NONE:
      break;
    case C.RETURN_INDEX:
    case C.RETURN_REVERSE_INDEX:
      result = indexRankCount(s, u, c, n);
      break;
    case C.RETURN_RANK:
    case C.RETURN_REVERSE_RANK:
      if (rest.length === 0) result = indexRankCount(s, 0, c, n);
      else if (!s.multi) {
        const r = ordered(l) ? u : lessCount(items, picked[0]);
        result = int(rev ? n - r - 1 : r);
      } else if (ordered(l)) {
        const out: number[] = [];
        addRange(out, u, c, n, rev);
        result = ints(out);
      } else {
        result = ints(picked.map((v) => {
          const r = lessCount(items, v);
          return rev ? n - r - 1 : r;
        }));
      }
      break;
    case C.RETURN_COUNT:
    case C.RETURN_EXISTS:
      result = countOrExists(s.rt, c);
      break;
    case C.RETURN_VALUE:
      result = s.multi ? listOf(picked) : picked[0];
      break;
    default:
      throw notApplicable(`return type ${s.rt} not supported`);
  }
  return done(s, result, rest);
}

/** The first position whose item is >= `v` in an ordered list (`packed_list_find_by_value_ordered`). */
export function lowerBound(items: CdtValue[], v: CdtValue): number {
  let i = 0;
  while (i < items.length && compareCdt(items[i], v) < 0) i++;
  return i;
}

/**
 * `packed_list_get_remove_by_value_interval`: [start, end) (end null: to the largest value);
 * `single` selects values equal to `start`.
 */
export function byValueInterval(
  l: CdtList,
  s: ListSel,
  start: CdtValue,
  end: CdtValue | null,
  single: boolean,
): Picked {
  if (s.inverted && !s.multi) throw notApplicable("inverted single-result selector");
  const items = l.items;
  const n = items.length;
  if (ordered(l)) {
    const rank = lowerBound(items, start);
    let count: number;
    if (single) {
      let e = rank;
      while (e < n && compareCdt(items[e], start) === 0) e++;
      count = e === rank ? 0 : s.multi ? e - rank : 1;
    } else if (end === null) count = n - rank;
    else if (compareCdt(start, end) >= 0) count = 0;
    else count = lowerBound(items, end) - rank;
    if (count === 0 && !s.multi) return { result: notFound(s) };
    return byIndexRange(l, s, rank, count);
  }
  let rank = 0;
  const mask: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = compareCdt(items[i], start);
    if (c0 < 0) {
      rank++;
      if (s.inverted) mask.push(i);
    } else if (!single) {
      const lessEnd = end === null || compareCdt(items[i], end) < 0;
      if (lessEnd !== s.inverted) mask.push(i);
    } else if (c0 === 0) {
      if (s.multi ? !s.inverted : mask.length === 0) mask.push(i);
    } else if (s.inverted && s.multi) mask.push(i);
  }
  const count = mask.length;
  const rest = without(items, new Set(mask));
  const rev = isRev(s.rt);
  let result: CdtValue | undefined;
  switch (s.rt) {
    case C.RETURN_NONE:
    case C.RETURN_COUNT:
    case C.RETURN_EXISTS:
    case C.RETURN_RANK:
    case C.RETURN_REVERSE_RANK:
      result = indexRankCount(s, rank, s.inverted ? n - count : count, n);
      break;
    case C.RETURN_INDEX:
    case C.RETURN_REVERSE_INDEX:
      result = s.multi
        ? ints(mask.map((i) => rev ? n - i - 1 : i))
        : indexRankCount({ ...s, inverted: false }, mask[0] ?? 0, count, n);
      break;
    case C.RETURN_VALUE:
      result = s.multi ? listOf(mask.map((i) => items[i])) : (count === 0 ? undefined : items[mask[0]]);
      break;
    default:
      throw notApplicable(`return type ${s.rt} not supported`);
  }
  return done(s, result, rest);
}

/** The server's order heap (`order_heap_*`): the positions of ranks [idx, idx + count) in heap order. */
export function heapRange(items: CdtValue[], idx: number, count: number): number[] {
  const n = items.length;
  const tail = n - idx - count;
  const want = idx <= tail ? -1 : 1; // min-heap or max-heap
  const discard = idx <= tail ? idx : tail;
  const h = Array.from({ length: n }, (_, i) => i);
  let filled = n;
  const cmp = (a: number, b: number): number => Math.sign(compareCdt(items[a], items[b]));
  const heapify = (at: number): void => {
    for (;;) {
      const c1 = 2 * at + 1;
      const c2 = 2 * at + 2;
      if (c1 >= filled) break;
      let child = c1;
      if (c2 < filled) {
        const c = cmp(h[c1], h[c2]);
        child = c === want || c === 0 ? c1 : c2;
      }
      if (cmp(h[child], h[at]) !== want) break;
      [h[at], h[child]] = [h[child], h[at]];
      at = child;
    }
  };
  for (let i = Math.floor(filled / 2) - 1; i >= 0; i--) heapify(i);
  let end = filled - 1;
  for (let i = 0; i < count + discard; i++) {
    const top = h[0];
    if (filled > 0) {
      const last = h[--filled];
      h[0] = last;
      heapify(0);
    }
    h[end--] = top;
  }
  return h.slice(filled, filled + count);
}

/** `packed_list_get_remove_by_rank_range`. */
export function byRankRange(l: CdtList, s: ListSel, rank: number, count: number): Picked {
  if (s.inverted && !s.multi) throw notApplicable("inverted single-result selector");
  if (ordered(l)) return byIndexRange(l, s, rank, count);
  const items = l.items;
  const n = items.length;
  const ic = calcIndexCount(rank, count, n, s.multi);
  if (ic === undefined) throw notApplicable(`rank ${rank} out of bounds (${n})`);
  const [u, c] = ic;
  const picked = heapRange(items, u, c);
  const rmCount = s.inverted ? n - c : c;
  if (rmCount === 0) return { result: notFound(s) };
  const chosen = new Set(picked);
  const mask = items.map((_, i) => i).filter((i) => chosen.has(i) !== s.inverted);
  const rev = isRev(s.rt);
  let result: CdtValue | undefined;
  switch (s.rt) {
    case C.RETURN_NONE:
    case C.RETURN_COUNT:
    case C.RETURN_EXISTS:
    case C.RETURN_RANK:
    case C.RETURN_REVERSE_RANK:
      result = indexRankCount(s, u, c, n);
      break;
    case C.RETURN_INDEX:
    case C.RETURN_REVERSE_INDEX:
      result = s.multi ? ints(mask.map((i) => rev ? n - i - 1 : i)) : int(rev ? n - mask[0] - 1 : mask[0]);
      break;
    case C.RETURN_VALUE:
      if (s.inverted) result = listOf(mask.map((i) => items[i]));
      else result = s.multi ? listOf(picked.map((i) => items[i])) : items[picked[0]];
      break;
    default:
      throw notApplicable(`return type ${s.rt} not supported`);
  }
  return done(s, result, without(items, new Set(mask)));
}

/** `packed_list_get_remove_by_rel_rank_range`. */
export function byRelRankRange(l: CdtList, s: ListSel, value: CdtValue, rank: number, count: number): Picked {
  if (ordered(l)) {
    const [i, c] = relative(rank, count, lowerBound(l.items, value));
    return byIndexRange(l, s, i, c);
  }
  const [i, c] = relative(rank, count, lessCount(l.items, value));
  return byRankRange(l, s, i, c);
}

/** `packed_list_get_remove_all_by_value_list` (ordered and unordered). */
export function byValueList(l: CdtList, s: ListSel, values: CdtValue[]): Picked {
  const items = l.items;
  const n = items.length;
  if (values.length === 0) {
    if (!s.inverted) return { result: notFound(s) };
    return byIndexRange(l, { ...s, inverted: false }, 0, n);
  }
  const rev = isRev(s.rt);
  const matches = (i: number): boolean => values.some((v) => compareCdt(items[i], v) === 0);
  const mask = items.map((_, i) => i).filter((i) => matches(i) !== s.inverted);
  const rest = without(items, new Set(mask));
  const maskInts = (): CdtValue => ints(mask.map((i) => rev ? n - i - 1 : i));
  let result: CdtValue | undefined;
  if (ordered(l)) {
    const rc = values.map((v): [number, number] => {
      const r = lowerBound(items, v);
      let e = r;
      while (e < n && compareCdt(items[e], v) === 0) e++;
      return [r, e - r];
    });
    const needMask = s.modify || s.rt === C.RETURN_COUNT || (s.inverted && s.rt !== C.RETURN_NONE);
    const rmCount = needMask ? mask.length : rc.reduce((a, [, c]) => a + c, 0);
    switch (s.rt) {
      case C.RETURN_NONE:
        break;
      case C.RETURN_COUNT:
      case C.RETURN_EXISTS:
        result = countOrExists(s.rt, rmCount);
        break;
      case C.RETURN_INDEX:
      case C.RETURN_REVERSE_INDEX:
      case C.RETURN_RANK:
      case C.RETURN_REVERSE_RANK: {
        if (s.inverted) result = maskInts();
        else {
          const out: number[] = [];
          for (const [r, c] of rc) addRange(out, r, c, n, rev);
          result = ints(out);
        }
        break;
      }
      case C.RETURN_VALUE:
        result = s.inverted
          ? listOf(mask.map((i) => items[i]))
          : listOf(rc.flatMap(([r, c]) => items.slice(r, r + c)));
        break;
      default:
        throw notApplicable(`return type ${s.rt} not supported`);
    }
    return done(s, result, rest);
  }
  switch (s.rt) {
    case C.RETURN_NONE:
      break;
    case C.RETURN_INDEX:
    case C.RETURN_REVERSE_INDEX:
      result = maskInts();
      break;
    case C.RETURN_RANK:
    case C.RETURN_REVERSE_RANK:
      result = ints(itemListRanks(items, values, s.inverted, rev));
      break;
    case C.RETURN_COUNT:
    case C.RETURN_EXISTS:
      result = countOrExists(s.rt, mask.length);
      break;
    case C.RETURN_VALUE:
      result = listOf(mask.map((i) => items[i]));
      break;
    default:
      throw notApplicable(`return type ${s.rt} not supported`);
  }
  return done(s, result, rest);
}
