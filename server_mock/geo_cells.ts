/**
 * S2 cell ids as a CE 8.1 node computes them for GeoJSON (its S2 geometry library, quadratic
 * projection): a point on the unit sphere maps to one of six cube faces, to (u, v) on that face,
 * to (s, t) in [0, 1] and to (i, j) in [0, 2^30); a Hilbert curve through each face orders the
 * cells. An id is 3 face bits, 2 bits per level down to the cell's level, then a 1 bit (so a
 * level-30 "leaf" id ends in 1, a face id in 1 followed by 60 zeros). Ids are unsigned 64-bit
 * values, held here as bigints. Pure functions; used by `geo_shapes.ts`, `geo_cover.ts` and
 * `geo_particle.ts`.
 * @module
 */

/** A point in 3-D space (on the unit sphere for S2 points). */
export type Vec3 = [number, number, number];

/** Deepest cell level (leaf cells, about 1 cm across). */
export const MAX_LEVEL = 30;
/** Number of i or j values on a face (2^30). */
const LIMIT_IJ = 2 ** 30;
const SWAP = 1;
const INVERT = 2;
/** For each orientation, the (i, j) quadrant (i * 2 + j) at each Hilbert position. */
const POS_TO_IJ = [[0, 1, 3, 2], [0, 2, 3, 1], [3, 2, 0, 1], [3, 1, 0, 2]];
/** For each orientation, the Hilbert position of each (i, j) quadrant. */
const IJ_TO_POS = [[0, 1, 3, 2], [0, 3, 1, 2], [2, 3, 1, 0], [2, 1, 3, 0]];
/** How the orientation changes going down into each Hilbert position. */
export const POS_TO_ORIENTATION = [SWAP, 0, 0, INVERT | SWAP];

/** The (i, j) quadrant of Hilbert position `pos` in a cell of `orientation`. */
export function posToIJ(orientation: number, pos: number): number {
  return POS_TO_IJ[orientation][pos];
}

/** A unit vector from latitude and longitude in degrees (`S2LatLng::FromDegrees(...).ToPoint()`). */
export function latLngToPoint(latDeg: number, lngDeg: number): Vec3 {
  // S1Angle::Degrees multiplies by (pi / 180) computed first: keep that order for equal bits.
  const phi = (Math.PI / 180) * latDeg;
  const theta = (Math.PI / 180) * lngDeg;
  const cosphi = Math.cos(phi);
  return [Math.cos(theta) * cosphi, Math.sin(theta) * cosphi, Math.sin(phi)];
}

/** The cube face a point projects to: its largest component's axis, +3 when negative. */
export function faceOf(p: Vec3): number {
  const ax = Math.abs(p[0]);
  const ay = Math.abs(p[1]);
  const az = Math.abs(p[2]);
  const f = ax > ay ? (ax > az ? 0 : 2) : (ay > az ? 1 : 2);
  return p[f] < 0 ? f + 3 : f;
}

/** (u, v) of a point on `face` (the point must be on that face's side). */
export function faceXYZtoUV(face: number, p: Vec3): [number, number] {
  switch (face) {
    case 0:
      return [p[1] / p[0], p[2] / p[0]];
    case 1:
      return [-p[0] / p[1], p[2] / p[1]];
    case 2:
      return [-p[0] / p[2], -p[1] / p[2]];
    case 3:
      return [p[2] / p[0], p[1] / p[0]];
    case 4:
      return [p[2] / p[1], -p[0] / p[1]];
    default:
      return [-p[1] / p[2], -p[0] / p[2]];
  }
}

/** The (not normalized) point of `face` at (u, v). */
export function faceUVtoXYZ(face: number, u: number, v: number): Vec3 {
  switch (face) {
    case 0:
      return [1, u, v];
    case 1:
      return [-u, 1, v];
    case 2:
      return [-u, -v, 1];
    case 3:
      return [-1, -v, -u];
    case 4:
      return [v, -1, -u];
    default:
      return [v, u, -1];
  }
}

/** The quadratic projection from u in [-1, 1] to s in [0, 1]. */
export function uvToST(u: number): number {
  return u >= 0 ? 0.5 * Math.sqrt(1 + 3 * u) : 1 - 0.5 * Math.sqrt(1 - 3 * u);
}

/** The inverse of {@linkcode uvToST}. */
export function stToUV(s: number): number {
  return s >= 0.5 ? (1 / 3) * (4 * s * s - 1) : (1 / 3) * (1 - 4 * (1 - s) * (1 - s));
}

/** Round half to even, as the node's x86-64 `cvtsd2si` does. */
function roundHalfEven(x: number): number {
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r;
}

/** s in [0, 1] to a leaf i (or j) coordinate. */
export function stToIJ(s: number): number {
  return Math.max(0, Math.min(LIMIT_IJ - 1, roundHalfEven(LIMIT_IJ * s - 0.5)));
}

/** The s (or t) at the low edge of leaf coordinate i. */
export function ijToSTMin(i: number): number {
  return (1 / LIMIT_IJ) * i;
}

/** The leaf cell id of face and leaf coordinates (i, j) (`S2CellId::FromFaceIJ`). */
export function fromFaceIJ(face: number, i: number, j: number): bigint {
  let orientation = face & SWAP;
  let hi = 0; // Hilbert positions of levels 1..15
  let lo = 0; // and of levels 16..30
  for (let k = MAX_LEVEL - 1; k >= 0; k--) {
    const pos = IJ_TO_POS[orientation][(((i >>> k) & 1) << 1) | ((j >>> k) & 1)];
    if (k >= 15) hi = hi * 4 + pos;
    else lo = lo * 4 + pos;
    orientation ^= POS_TO_ORIENTATION[pos];
  }
  return (BigInt(face) << 61n) | (BigInt(hi) << 31n) | (BigInt(lo) << 1n) | 1n;
}

/** The leaf cell holding a unit vector (`S2CellId(S2Point)`). */
export function pointToCellId(p: Vec3): bigint {
  const face = faceOf(p);
  const [u, v] = faceXYZtoUV(face, p);
  return fromFaceIJ(face, stToIJ(uvToST(u)), stToIJ(uvToST(v)));
}

/**
 * The leaf cell id a node stores for a GeoJSON Point at (lng, lat) in degrees.
 * @example
 * ```ts
 * latLngToCellId(1.3, 103.9); // 0x31da186fa847d593n, as a CE 8.1 node stores it
 * ```
 */
export function latLngToCellId(latDeg: number, lngDeg: number): bigint {
  return pointToCellId(latLngToPoint(latDeg, lngDeg));
}

/** The face (0-5) of a cell id. */
export function cellFace(id: bigint): number {
  return Number(id >> 61n);
}

/** The lowest set bit of a cell id. */
export function cellLsb(id: bigint): bigint {
  return id & -id;
}

/** The level of a cell id (0 for a face, 30 for a leaf). */
export function cellLevel(id: bigint): number {
  let lsb = cellLsb(id);
  let tz = 0;
  while (lsb > 1n) {
    lsb >>= 1n;
    tz++;
  }
  return MAX_LEVEL - (tz >> 1);
}

/** The lowest bit of a cell id at `level`. */
export function lsbForLevel(level: number): bigint {
  return 1n << BigInt(2 * (MAX_LEVEL - level));
}

/** The face cell. */
export function faceCellId(face: number): bigint {
  return (BigInt(face) << 61n) + lsbForLevel(0);
}

/** The ancestor of a cell at `level` (not below its own level). */
export function cellParent(id: bigint, level: number): bigint {
  const lsb = lsbForLevel(level);
  return (id & -lsb) | lsb;
}

/** The first descendant of a cell at `level`. */
export function cellChildBegin(id: bigint, level: number): bigint {
  return id - cellLsb(id) + lsbForLevel(level);
}

/** One past the last descendant of a cell at `level`. */
export function cellChildEnd(id: bigint, level: number): bigint {
  return id + cellLsb(id) + lsbForLevel(level);
}

/** The next cell at the same level along the Hilbert curve. */
export function cellNext(id: bigint): bigint {
  return id + (cellLsb(id) << 1n);
}

/** The smallest leaf id within a cell. */
export function cellRangeMin(id: bigint): bigint {
  return id - (cellLsb(id) - 1n);
}

/** The largest leaf id within a cell. */
export function cellRangeMax(id: bigint): bigint {
  return id + (cellLsb(id) - 1n);
}

/** Whether cell `a` contains cell `b` (or is it). */
export function cellContains(a: bigint, b: bigint): boolean {
  return b >= cellRangeMin(a) && b <= cellRangeMax(a);
}

/** The level of the deepest common ancestor of two cells, -1 when on different faces. */
export function commonAncestorLevel(a: bigint, b: bigint): number {
  let bits = a ^ b;
  const la = cellLsb(a);
  const lb = cellLsb(b);
  if (la > bits) bits = la;
  if (lb > bits) bits = lb;
  const msb = bits.toString(2).length - 1;
  return Math.max(60 - msb, -1) >> 1;
}

/** Face, leaf (i, j) of the cell's lowest corner, and Hilbert orientation at the cell's level. */
export function cellFaceIJ(id: bigint): { face: number; i: number; j: number; orientation: number } {
  const face = cellFace(id);
  const level = cellLevel(id);
  let orientation = face & SWAP;
  let i = 0;
  let j = 0;
  for (let l = 1; l <= level; l++) {
    const pos = Number((id >> BigInt(2 * (MAX_LEVEL - l) + 1)) & 3n);
    const ij = POS_TO_IJ[orientation][pos];
    i = i * 2 + (ij >> 1);
    j = j * 2 + (ij & 1);
    orientation ^= POS_TO_ORIENTATION[pos];
  }
  const shift = 2 ** (MAX_LEVEL - level);
  return { face, i: i * shift, j: j * shift, orientation };
}

/** Leaf cells along one side of a face (2^30). */
export const MAX_SIZE_IJ = LIMIT_IJ;

/** The cell size in leaf units at `level`. */
export function sizeIJ(level: number): number {
  return 2 ** (MAX_LEVEL - level);
}

/** A leaf id of (face, i, j), wrapping onto the neighbouring face when off this one. */
function fromFaceIJWrap(face: number, i: number, j: number): bigint {
  i = Math.max(-1, Math.min(LIMIT_IJ, i));
  j = Math.max(-1, Math.min(LIMIT_IJ, j));
  const scale = 1 / LIMIT_IJ;
  const limit = 1 + Number.EPSILON;
  let u = Math.max(-limit, Math.min(limit, scale * (2 * (i - LIMIT_IJ / 2) + 1)));
  let v = Math.max(-limit, Math.min(limit, scale * (2 * (j - LIMIT_IJ / 2) + 1)));
  const p = faceUVtoXYZ(face, u, v);
  const f = faceOf(p);
  [u, v] = faceXYZtoUV(f, p);
  return fromFaceIJ(f, stToIJ(0.5 * (u + 1)), stToIJ(0.5 * (v + 1)));
}

function fromFaceIJSame(face: number, i: number, j: number, same: boolean): bigint {
  return same ? fromFaceIJ(face, i, j) : fromFaceIJWrap(face, i, j);
}

/**
 * The cells at `level` that share the vertex nearest to this (deeper) cell: 4, or 3 at a cube
 * corner (`S2CellId::AppendVertexNeighbors`), in the library's order.
 */
export function vertexNeighbors(id: bigint, level: number): bigint[] {
  const { face, i: i0, j: j0 } = cellFaceIJ(id);
  // ToFaceIJOrientation gives the leaf at the cell's centre side; for the leaf ids this is used
  // with, that is the leaf itself.
  const i = i0;
  const j = j0;
  const halfsize = sizeIJ(level + 1);
  const size = halfsize * 2;
  let isame: boolean;
  let jsame: boolean;
  let ioffset: number;
  let joffset: number;
  if ((i & halfsize) !== 0) {
    ioffset = size;
    isame = i + size < LIMIT_IJ;
  } else {
    ioffset = -size;
    isame = i - size >= 0;
  }
  if ((j & halfsize) !== 0) {
    joffset = size;
    jsame = j + size < LIMIT_IJ;
  } else {
    joffset = -size;
    jsame = j - size >= 0;
  }
  const out = [
    cellParent(id, level),
    cellParent(fromFaceIJSame(face, i + ioffset, j, isame), level),
    cellParent(fromFaceIJSame(face, i, j + joffset, jsame), level),
  ];
  if (isame || jsame) {
    out.push(cellParent(fromFaceIJSame(face, i + ioffset, j + joffset, isame && jsame), level));
  }
  return out;
}
