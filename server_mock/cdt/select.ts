/**
 * Selection and return types shared by list and map operations. A collection is seen through
 * {@linkcode Coll}: positions are storage positions; "index" is the position in index order
 * (storage order for lists, key order for maps), "rank" the position in value order (ties by
 * index). Selectors return positions in the order the server reports them; the result builder
 * turns them into what a return type asks for (index, reverse index, rank, reverse rank, count,
 * key, value, key/value, exists, none; inverted selects the complement, in index order).
 * @module
 */
import {
  RETURN_COUNT,
  RETURN_EXISTS,
  RETURN_INDEX,
  RETURN_INVERTED,
  RETURN_KEY,
  RETURN_KEY_VALUE,
  RETURN_NONE,
  RETURN_ORDERED_MAP,
  RETURN_RANK,
  RETURN_REVERSE_INDEX,
  RETURN_REVERSE_RANK,
  RETURN_UNORDERED_MAP,
  RETURN_VALUE,
} from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { bool, CdtError, type CdtValue, compareCdt, int, NIL } from "./value.ts";

/** Map flag the server sets on key/value results so the client keeps their order. */
export const MAP_FLAG_PRESERVE_ORDER = 8;

/** A list or map seen as positions. */
export interface Coll {
  /** Number of elements. */
  readonly size: number;
  /** Value at a storage position. */
  value(pos: number): CdtValue;
  /** Key at a storage position (maps only). */
  key?(pos: number): CdtValue;
  /** Storage positions in index order. */
  readonly indexOrder: number[];
  /** Storage positions in rank order. */
  readonly rankOrder: number[];
}

/** Stable sort of positions by a comparison. */
export function sortedPositions(n: number, cmp: (a: number, b: number) => number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  out.sort((a, b) => cmp(a, b) || a - b);
  return out;
}

/**
 * Resolves `(index, count)` against `n` elements as the server does: a negative index counts from
 * the end, a range partly outside is cut to what exists, a missing count means "to the end".
 */
export function resolveRange(index: number, count: number | undefined, n: number): [number, number] {
  if (count !== undefined && count < 0) throw new CdtError(ResultCode.PARAMETER_ERROR, "negative count");
  let c = count ?? Number.MAX_SAFE_INTEGER;
  let i = index;
  if (i < 0) {
    i += n;
    if (i < 0) {
      c = Math.max(0, c + i);
      i = 0;
    }
  }
  if (i >= n) return [n, 0];
  return [i, Math.min(c, n - i)];
}

/** Resolves one index (negative from the end); OP_NOT_APPLICABLE when it is outside. */
export function resolveIndex(index: number, n: number): number {
  const i = index < 0 ? index + n : index;
  if (i < 0 || i >= n) {
    throw new CdtError(ResultCode.OP_NOT_APPLICABLE, `index ${index} out of bounds (${n})`);
  }
  return i;
}

/** Positions of an index range. */
export function byIndexRange(c: Coll, index: number, count: number | undefined): number[] {
  const [i, n] = resolveRange(index, count, c.size);
  return c.indexOrder.slice(i, i + n);
}

/** Positions of a rank range. */
export function byRankRange(c: Coll, rank: number, count: number | undefined): number[] {
  const [i, n] = resolveRange(rank, count, c.size);
  return c.rankOrder.slice(i, i + n);
}

/** Positions whose value (or key) lies in [begin, end) (end undefined: no upper bound), index order. */
export function byInterval(
  c: Coll,
  of: (pos: number) => CdtValue,
  begin: CdtValue,
  end: CdtValue | undefined,
): number[] {
  return c.indexOrder.filter((p) => {
    const v = of(p);
    return compareCdt(v, begin) >= 0 && (end === undefined || end.k === "inf" || compareCdt(v, end) < 0);
  });
}

/** Positions whose value (or key) equals one of `values`, index order. */
export function byValues(c: Coll, of: (pos: number) => CdtValue, values: CdtValue[]): number[] {
  return c.indexOrder.filter((p) => values.some((v) => compareCdt(of(p), v) === 0));
}

/** How many of the ordered values are below `v` (where `v` would rank / sit). */
export function countBelow(order: number[], of: (pos: number) => CdtValue, v: CdtValue): number {
  let n = 0;
  for (const p of order) if (compareCdt(of(p), v) < 0) n++;
  return n;
}

/** Positions of a range relative to where `v` sits in `order` (rank for values, index for keys). */
export function byRelative(
  order: number[],
  of: (pos: number) => CdtValue,
  v: CdtValue,
  offset: number,
  count: number | undefined,
): number[] {
  if (count !== undefined && count < 0) throw new CdtError(ResultCode.PARAMETER_ERROR, "negative count");
  let start = countBelow(order, of, v) + offset;
  let n = count ?? Number.MAX_SAFE_INTEGER;
  if (start < 0) {
    n = Math.max(0, n + start);
    start = 0;
  }
  return order.slice(start, Math.min(order.length, start + n));
}

function positionsOf(order: number[]): Map<number, number> {
  const m = new Map<number, number>();
  order.forEach((p, i) => m.set(p, i));
  return m;
}

/**
 * Builds the result of a selection. `single` selectors (by index, rank or key) return scalars;
 * inverted selections are always multi. Returns undefined for RETURN_NONE.
 */
export function buildResult(
  c: Coll,
  returnType: number,
  selected: number[],
  single: boolean,
): CdtValue | undefined {
  const inverted = (returnType & RETURN_INVERTED) !== 0;
  const rt = returnType & ~RETURN_INVERTED;
  let sel = selected;
  if (inverted) {
    const chosen = new Set(selected);
    sel = c.indexOrder.filter((p) => !chosen.has(p));
    single = false;
  }
  const n = c.size;
  const list = (f: (p: number) => CdtValue): CdtValue => ({ k: "list", items: sel.map(f), flags: 0 });
  const one = (f: (p: number) => CdtValue): CdtValue => (sel.length === 0 ? NIL : f(sel[0]));
  const pick = (f: (p: number) => CdtValue): CdtValue => (single ? one(f) : list(f));
  const needMap = (): void => {
    if (c.key === undefined) throw new CdtError(ResultCode.PARAMETER_ERROR, `return type ${rt} needs a map`);
  };
  switch (rt) {
    case RETURN_NONE:
      return undefined;
    case RETURN_COUNT:
      return int(sel.length);
    case RETURN_EXISTS:
      return bool(sel.length > 0);
    case RETURN_VALUE:
      return pick((p) => c.value(p));
    case RETURN_KEY:
      needMap();
      return pick((p) => c.key!(p));
    case RETURN_INDEX:
    case RETURN_REVERSE_INDEX: {
      const at = positionsOf(c.indexOrder);
      const rev = rt === RETURN_REVERSE_INDEX;
      return pick((p) => int(rev ? n - 1 - at.get(p)! : at.get(p)!));
    }
    case RETURN_RANK:
    case RETURN_REVERSE_RANK: {
      const at = positionsOf(c.rankOrder);
      const rev = rt === RETURN_REVERSE_RANK;
      return pick((p) => int(rev ? n - 1 - at.get(p)! : at.get(p)!));
    }
    case RETURN_KEY_VALUE:
    case RETURN_ORDERED_MAP:
    case RETURN_UNORDERED_MAP: {
      needMap();
      const flags = rt === RETURN_KEY_VALUE ? MAP_FLAG_PRESERVE_ORDER : rt === RETURN_ORDERED_MAP ? 1 : 0;
      const ps = rt === RETURN_ORDERED_MAP ? c.indexOrder.filter((p) => sel.includes(p)) : sel;
      return { k: "map", entries: ps.map((p) => [c.key!(p), c.value(p)]), flags };
    }
    default:
      throw new CdtError(ResultCode.PARAMETER_ERROR, `unknown return type ${returnType}`);
  }
}
