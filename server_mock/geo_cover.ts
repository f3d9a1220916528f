/**
 * The S2 region coverer as a CE 8.1 node runs it for a GeoJSON region it stores (min level 1,
 * max level 30, at most 12 cells, level mod 1: `geo_region_cover` without a namespace), step for
 * step so the cells and their order match: the initial candidates (for a cap, the cells around
 * the cell vertex nearest its centre; for a polygon, the face cells, which reach the same first
 * candidate as the node's shape index when the polygon lies on one face), the candidate queue
 * with libstdc++'s heap order for equal priorities, then normalization.
 * @module
 */
import {
  cellChildBegin,
  cellChildEnd,
  cellContains,
  cellLevel,
  cellNext,
  cellParent,
  faceCellId,
  pointToCellId,
  vertexNeighbors,
} from "./geo_cells.ts";
import { Cap, type Cell, cellFromId, type Region, subdivide } from "./geo_shapes.ts";

/** Coverer options (`S2RegionCoverer::Options`). */
export type CoverOptions = { minLevel: number; maxLevel: number; maxCells: number };

/** What the node uses for a stored region (`geo_region_cover` with no namespace). */
export const PARTICLE_COVER: CoverOptions = { minLevel: 1, maxLevel: 30, maxCells: 12 };

type Candidate = { cell: Cell; terminal: boolean; children: Candidate[] };
type Entry = [number, Candidate];

/** std::priority_queue over a vector with `a.first < b.first`: libstdc++'s push/pop heap. */
class Queue {
  readonly #h: Entry[] = [];
  get size(): number {
    return this.#h.length;
  }
  #siftUp(hole: number, top: number, value: Entry): void {
    const h = this.#h;
    let parent = Math.floor((hole - 1) / 2);
    while (hole > top && h[parent][0] < value[0]) {
      h[hole] = h[parent];
      hole = parent;
      parent = Math.floor((hole - 1) / 2);
    }
    h[hole] = value;
  }
  push(e: Entry): void {
    this.#h.push(e);
    this.#siftUp(this.#h.length - 1, 0, e);
  }
  pop(): Entry {
    const h = this.#h;
    const top = h[0];
    const len = h.length - 1;
    if (len > 0) {
      const value = h[len];
      h[len] = top;
      // __adjust_heap(first, 0, len, value)
      let hole = 0;
      let child = 0;
      while (child < Math.floor((len - 1) / 2)) {
        child = 2 * (child + 1);
        if (h[child][0] < h[child - 1][0]) child--;
        h[hole] = h[child];
        hole = child;
      }
      if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
        child = 2 * (child + 1);
        h[hole] = h[child - 1];
        hole = child - 1;
      }
      this.#siftUp(hole, 0, value);
    }
    h.pop();
    return top;
  }
}

/** Sorts, drops cells inside others and merges full sets of siblings (`S2CellUnion::Normalize`). */
export function normalizeCells(ids: bigint[]): bigint[] {
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: bigint[] = [];
  for (let id of sorted) {
    if (out.length > 0 && cellContains(out[out.length - 1], id)) continue;
    while (out.length > 0 && cellContains(id, out[out.length - 1])) out.pop();
    while (
      out.length >= 3 && areSiblings(out[out.length - 3], out[out.length - 2], out[out.length - 1], id)
    ) {
      id = cellParent(id, cellLevel(id) - 1);
      out.length -= 3;
    }
    out.push(id);
  }
  return out;
}

function areSiblings(a: bigint, b: bigint, c: bigint, d: bigint): boolean {
  if ((a ^ b ^ c) !== d) return false;
  let mask = (d & -d) << 1n;
  mask = ~(mask + (mask << 1n)) & 0xffffffffffffffffn;
  const m = d & mask;
  return (a & mask) === m && (b & mask) === m && (c & mask) === m && cellLevel(d) !== 0;
}

/** Replaces cells above `minLevel` by their descendants at it (`S2CellUnion::Denormalize`). */
function denormalize(ids: bigint[], minLevel: number): bigint[] {
  const out: bigint[] = [];
  for (const id of ids) {
    if (cellLevel(id) >= minLevel) out.push(id);
    else {for (let c = cellChildBegin(id, minLevel); c !== cellChildEnd(id, minLevel); c = cellNext(c)) {
        out.push(c);
      }}
  }
  return out;
}

/** ilogb: the binary exponent of a finite positive double. */
function ilogb(x: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const e = (v.getUint16(0) >> 4) & 0x7ff;
  if (e !== 0) return e - 1023;
  return Math.floor(Math.log2(x)); // subnormal
}

/** The cells a cap's cover starts from (`S2Cap::GetCellUnionBound`, then canonicalized). */
function capStart(cap: Cap): bigint[] {
  const r = cap.radians();
  // kMinWidth.GetLevelForMinValue(r) - 1, with kMinWidth's derivative 2 * sqrt(2) / 3.
  const minLevel = r <= 0 ? 30 : Math.max(0, Math.min(30, ilogb((2 * Math.sqrt(2) / 3) / r)));
  const level = minLevel - 1;
  if (level < 0) return [0, 1, 2, 3, 4, 5].map(faceCellId);
  return normalizeCells(vertexNeighbors(pointToCellId(cap.center), level));
}

/**
 * The node's covering of a region: sorted cell ids.
 * @example
 * ```ts
 * import { latLngToPoint } from "./geo_cells.ts";
 * import { Cap } from "./geo_shapes.ts";
 * cover(new Cap(latLngToPoint(1.35, 103.8), 200000 / 6371000)); // 12 cells from 0x2e274n << 44n
 * ```
 */
export function cover(region: Region, opts: CoverOptions = PARTICLE_COVER): bigint[] {
  const result: bigint[] = [];
  const pq = new Queue();
  const newCandidate = (cell: Cell): Candidate | undefined => {
    if (!region.mayIntersect(cell)) return undefined;
    const terminal = cell.level >= opts.minLevel && (cell.level + 1 > opts.maxLevel || region.contains(cell));
    return { cell, terminal, children: [] };
  };
  const expand = (cand: Candidate, cell: Cell, levels: number): number => {
    levels--;
    let terminals = 0;
    for (const child of subdivide(cell)) {
      if (levels > 0) {
        if (region.mayIntersect(child)) terminals += expand(cand, child, levels);
        continue;
      }
      const c = newCandidate(child);
      if (c !== undefined) {
        cand.children.push(c);
        if (c.terminal) terminals++;
      }
    }
    return terminals;
  };
  const add = (cand: Candidate | undefined): void => {
    if (cand === undefined) return;
    if (cand.terminal) {
      result.push(cand.cell.id);
      return;
    }
    const terminals = expand(cand, cand.cell, 1);
    const level = cand.cell.level;
    if (cand.children.length === 0) return;
    if (terminals === 4 && level >= opts.minLevel) {
      cand.terminal = true;
      add(cand);
      return;
    }
    pq.push([-((((level << 2) + cand.children.length) << 2) + terminals), cand]);
  };
  const start = region instanceof Cap ? capStart(region) : [0, 1, 2, 3, 4, 5].map(faceCellId);
  for (const id of start) add(newCandidate(cellFromId(id)));
  while (pq.size > 0) {
    const [, cand] = pq.pop();
    const n = cand.children.length;
    if (cand.cell.level < opts.minLevel || n === 1 || result.length + pq.size + n <= opts.maxCells) {
      for (const child of cand.children) add(child);
    } else {
      cand.terminal = true;
      add(cand);
    }
  }
  return denormalize(normalizeCells(result), opts.minLevel);
}
