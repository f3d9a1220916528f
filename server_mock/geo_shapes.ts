/**
 * S2 cells and the regions a CE 8.1 node builds from GeoJSON, with the predicates its region
 * coverer asks (`server_mock/geo_cover.ts`): may a region intersect a cell, does it contain the
 * cell, does it contain a point. Caps (AeroCircle) follow the S2 library's own arithmetic step for
 * step; polygons are in `geo_polygon.ts`.
 * @module
 */
import {
  cellChildBegin,
  cellFaceIJ,
  cellLevel,
  cellNext,
  faceUVtoXYZ,
  faceXYZtoUV,
  ijToSTMin,
  POS_TO_ORIENTATION,
  posToIJ,
  sizeIJ,
  stToUV,
  type Vec3,
} from "./geo_cells.ts";

/** An S2 cell: id, face, level, Hilbert orientation and its (u, v) bounds. */
export type Cell = {
  id: bigint;
  face: number;
  level: number;
  orientation: number;
  /** [[u0, u1], [v0, v1]]. */
  uv: [[number, number], [number, number]];
};

/** Dot product. */
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
/** Cross product. */
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm2 = (a: Vec3): number => a[0] * a[0] + a[1] * a[1] + a[2] * a[2];

/** A vector scaled to unit length (by the reciprocal of its norm, as the library does). */
export function normalize(a: Vec3): Vec3 {
  let n = Math.sqrt(norm2(a));
  if (n !== 0) n = 1 / n;
  return [a[0] * n, a[1] * n, a[2] * n];
}

/** The cell of an id (`S2Cell(S2CellId)`). */
export function cellFromId(id: bigint): Cell {
  const { face, i, j, orientation } = cellFaceIJ(id);
  const level = cellLevel(id);
  const size = sizeIJ(level);
  const bound = (lo: number): [number, number] => [stToUV(ijToSTMin(lo)), stToUV(ijToSTMin(lo + size))];
  return { id, face, level, orientation, uv: [bound(i), bound(j)] };
}

/** The four children in Hilbert order (`S2Cell::Subdivide`). */
export function subdivide(c: Cell): Cell[] {
  const { i, j } = cellFaceIJ(c.id);
  const half = sizeIJ(c.level + 1);
  // The centre in (s, t) is exact: (2 * lo + size) / 2^31.
  const mid = [stToUV((2 * i + 2 * half) * 2 ** -31), stToUV((2 * j + 2 * half) * 2 ** -31)];
  const out: Cell[] = [];
  let id = cellChildBegin(c.id, c.level + 1);
  for (let pos = 0; pos < 4; pos++, id = cellNext(id)) {
    const ij = posToIJ(c.orientation, pos);
    const ci = ij >> 1;
    const cj = ij & 1;
    const u: [number, number] = [0, 0];
    const v: [number, number] = [0, 0];
    u[ci] = c.uv[0][ci];
    u[1 - ci] = mid[0];
    v[cj] = c.uv[1][cj];
    v[1 - cj] = mid[1];
    out.push({
      id,
      face: c.face,
      level: c.level + 1,
      orientation: c.orientation ^ POS_TO_ORIENTATION[pos],
      uv: [u, v],
    });
  }
  return out;
}

/** Vertex k (0-3, counter-clockwise from (u0, v0)), unit length. */
export function cellVertex(c: Cell, k: number): Vec3 {
  const jj = (k >> 1) & 1;
  const ii = jj ^ (k & 1);
  return normalize(faceUVtoXYZ(c.face, c.uv[0][ii], c.uv[1][jj]));
}

/** The cell's centre, unit length. */
export function cellCenter(c: Cell): Vec3 {
  const { i, j } = cellFaceIJ(c.id);
  const size = sizeIJ(c.level);
  // GetCenterSiTi: a leaf's centre is 2i + 1; a larger cell's 2i + size.
  const d = c.level === 30 ? 1 : size;
  return normalize(faceUVtoXYZ(c.face, stToUV((2 * i + d) * 2 ** -31), stToUV((2 * j + d) * 2 ** -31)));
}

/** The centre of a cell id as a point (`S2CellId::ToPoint`). */
export function cellIdToPoint(id: bigint): Vec3 {
  return cellCenter(cellFromId(id));
}

function uNorm(face: number, u: number): Vec3 {
  switch (face) {
    case 0:
      return [u, -1, 0];
    case 1:
      return [1, u, 0];
    case 2:
      return [1, 0, u];
    case 3:
      return [-u, 0, 1];
    case 4:
      return [0, -u, 1];
    default:
      return [0, -1, -u];
  }
}

function vNorm(face: number, v: number): Vec3 {
  switch (face) {
    case 0:
      return [-v, 0, 1];
    case 1:
      return [0, -v, 1];
    case 2:
      return [0, -1, -v];
    case 3:
      return [v, -1, 0];
    case 4:
      return [1, v, 0];
    default:
      return [1, 0, v];
  }
}

const neg = (a: Vec3): Vec3 => [-a[0], -a[1], -a[2]];

/** The inward normal of edge k (`S2Cell::GetEdgeRaw`). */
function cellEdgeRaw(c: Cell, k: number): Vec3 {
  switch (k & 3) {
    case 0:
      return vNorm(c.face, c.uv[1][0]);
    case 1:
      return uNorm(c.face, c.uv[0][1]);
    case 2:
      return neg(vNorm(c.face, c.uv[1][1]));
    default:
      return neg(uNorm(c.face, c.uv[0][0]));
  }
}

/** Whether the cell (padded by one ulp of 1) holds a point (`S2Cell::Contains(S2Point)`). */
function cellContainsPoint(c: Cell, p: Vec3): boolean {
  if (c.face < 3 ? p[c.face] <= 0 : p[c.face - 3] >= 0) return false;
  const [u, v] = faceXYZtoUV(c.face, p);
  const e = Number.EPSILON;
  return u >= c.uv[0][0] - e && u <= c.uv[0][1] + e && v >= c.uv[1][0] - e && v <= c.uv[1][1] + e;
}

/** A region as the coverer sees it. */
export interface Region {
  /** False only when the region certainly misses the cell. */
  mayIntersect(c: Cell): boolean;
  /** True only when the region certainly holds the whole cell. */
  contains(c: Cell): boolean;
  /** Whether the region holds a unit vector. */
  containsPoint(p: Vec3): boolean;
}

/** A spherical cap (AeroCircle): centre and squared chord length of its radius (< 0: empty). */
export class Cap implements Region {
  readonly center: Vec3;
  readonly length2: number;
  /**
   * A cap of `radians` around a unit vector (`S2Cap(center, S1Angle)`).
   * @example
   * ```ts
   * import { latLngToPoint } from "./geo_cells.ts";
   * new Cap(latLngToPoint(1.35, 103.8), 200000 / 6371000);
   * ```
   */
  constructor(center: Vec3, radians: number, length2?: number) {
    this.center = center;
    if (length2 !== undefined) this.length2 = length2;
    else if (radians < 0) this.length2 = -1;
    else if (radians === Infinity) this.length2 = 4;
    else {
      const length = 2 * Math.sin(0.5 * Math.min(Math.PI, radians));
      this.length2 = length * length;
    }
  }

  /** The radius in radians (`S1ChordAngle::ToAngle`). */
  radians(): number {
    return this.length2 < 0 ? -1 : 2 * Math.asin(0.5 * Math.sqrt(this.length2));
  }

  containsPoint(p: Vec3): boolean {
    const d: Vec3 = [this.center[0] - p[0], this.center[1] - p[1], this.center[2] - p[2]];
    return Math.min(4, norm2(d)) <= this.length2;
  }

  #complement(): Cap {
    if (this.length2 === 4) return new Cap(this.center, 0, -1);
    if (this.length2 < 0) return new Cap(this.center, 0, 4);
    return new Cap(neg(this.center), 0, Math.min(4, 4 - this.length2));
  }

  /** Whether the cap meets the cell other than at the given (already checked) vertices. */
  #intersects(c: Cell, vertices: Vec3[]): boolean {
    if (this.length2 >= 2 || this.length2 < 0) return false;
    if (cellContainsPoint(c, this.center)) return true;
    const sin2 = this.length2 * (1 - 0.25 * this.length2);
    for (let k = 0; k < 4; k++) {
      const edge = cellEdgeRaw(c, k);
      const d = dot(this.center, edge);
      if (d > 0) continue;
      if (d * d > sin2 * norm2(edge)) return false;
      const dir = cross(edge, this.center);
      if (dot(dir, vertices[k]) < 0 && dot(dir, vertices[(k + 1) & 3]) > 0) return true;
    }
    return false;
  }

  contains(c: Cell): boolean {
    const vertices: Vec3[] = [];
    for (let k = 0; k < 4; k++) {
      vertices.push(cellVertex(c, k));
      if (!this.containsPoint(vertices[k])) return false;
    }
    return !this.#complement().#intersects(c, vertices);
  }

  mayIntersect(c: Cell): boolean {
    const vertices: Vec3[] = [];
    for (let k = 0; k < 4; k++) {
      vertices.push(cellVertex(c, k));
      if (this.containsPoint(vertices[k])) return true;
    }
    return this.#intersects(c, vertices);
  }
}
