/**
 * GeoJSON polygons as S2 regions (`server_mock/geo_shapes.ts` has cells and caps). They are judged
 * exactly rather than through the S2 library's shape index: edges are geodesics, which are
 * straight lines in a cube face's (u, v) plane, so an edge meets a cell when its part on the face
 * meets the cell's (u, v) rectangle; a point is inside a loop when the loop winds around it on the
 * loop's smaller side (each loop is normalized to at most a hemisphere, as the node does), and
 * inside a polygon when an odd number of its loops hold it.
 * @module
 */
import type { Vec3 } from "./geo_cells.ts";
import { type Cell, cellCenter, cross, dot, type Region } from "./geo_shapes.ts";

/** Which of a point's coordinates give a face's (U, V, W), with signs: u = U / W, v = V / W. */
const FACE_AXES: [number, number, number, number, number, number][] = [
  [1, 1, 2, 1, 0, 1], // face 0: U = y, V = z, W = x
  [0, -1, 2, 1, 1, 1], // face 1: U = -x, V = z, W = y
  [0, -1, 1, -1, 2, 1], // face 2: U = -x, V = -y, W = z
  [2, -1, 1, -1, 0, -1], // face 3: U = -z, V = -y, W = -x
  [2, -1, 0, 1, 1, -1], // face 4: U = -z, V = x, W = -y
  [1, 1, 0, 1, 2, -1], // face 5: U = y, V = x, W = -z
];

/** Padding of the node's edge/cell test in (u, v) (kFaceClipErrorUVCoord + kIntersectsRectErrorUVDist). */
const EDGE_PAD = 9 * Math.SQRT1_2 * Number.EPSILON + 3 * Math.SQRT2 * Number.EPSILON;

/** Whether the geodesic a-b passes through the cell: a 1-D feasibility test on (1 - s) a + s b. */
function edgeMeetsCell(a: Vec3, b: Vec3, c: Cell): boolean {
  const [iu, su, iv, sv, iw, sw] = FACE_AXES[c.face];
  const ua = su * a[iu], ub = su * b[iu];
  const va = sv * a[iv], vb = sv * b[iv];
  const wa = sw * a[iw], wb = sw * b[iw];
  const u0 = c.uv[0][0] - EDGE_PAD, u1 = c.uv[0][1] + EDGE_PAD;
  const v0 = c.uv[1][0] - EDGE_PAD, v1 = c.uv[1][1] + EDGE_PAD;
  let lo = 0;
  let hi = 1;
  // Each constraint is f(s) = fa + s (fb - fa) >= 0.
  const limit = (fa: number, fb: number): void => {
    const d = fb - fa;
    if (d === 0) {
      if (fa < 0) hi = -1;
    } else if (d > 0) lo = Math.max(lo, -fa / d);
    else hi = Math.min(hi, -fa / d);
  };
  limit(ua - u0 * wa, ub - u0 * wb);
  limit(u1 * wa - ua, u1 * wb - ub);
  limit(va - v0 * wa, vb - v0 * wb);
  limit(v1 * wa - va, v1 * wb - vb);
  limit(wa, wb);
  return lo <= hi;
}

/** The signed angle at p from a to b, seen from outside the sphere. */
function angleAt(p: Vec3, a: Vec3, b: Vec3): number {
  return Math.atan2(dot(p, cross(a, b)), dot(a, b) - dot(p, a) * dot(p, b));
}

/** A loop: its vertices (not repeated at the end) and whether its left side is the smaller one. */
type Loop = { vertices: Vec3[]; leftSmall: boolean };

/** A polygon of loops (shells and holes), each normalized to its smaller side. */
export class Polygon implements Region {
  readonly loops: Loop[];

  /**
   * A polygon from rings of unit vectors, each already without its closing vertex.
   * @example
   * ```ts
   * import { latLngToPoint } from "./geo_cells.ts";
   * const [p0, p1, p2, p3] = [[0, 0], [0, 1], [1, 1], [1, 0]].map(([lat, lng]) => latLngToPoint(lat, lng));
   * new Polygon([[p0, p1, p2, p3]]);
   * ```
   */
  constructor(rings: Vec3[][]) {
    this.loops = rings.map((vertices) => {
      // The sum of turns at the vertices is positive when the left side is under a hemisphere.
      let turns = 0;
      const n = vertices.length;
      for (let k = 0; k < n; k++) {
        const a = vertices[(k + n - 1) % n];
        const b = vertices[k];
        const c = vertices[(k + 1) % n];
        const n1 = cross(a, b);
        const n2 = cross(b, c);
        turns += Math.atan2(dot(cross(n1, n2), b), dot(n1, n2));
      }
      return { vertices, leftSmall: turns > 0 };
    });
  }

  #loopContains(loop: Loop, p: Vec3): boolean {
    const v = loop.vertices;
    let w = 0;
    for (let k = 0; k < v.length; k++) w += angleAt(p, v[k], v[(k + 1) % v.length]);
    if (Math.abs(w) < Math.PI) return false; // the loop does not wind around p: p is on the big side
    return w > 0 ? loop.leftSmall : !loop.leftSmall;
  }

  containsPoint(p: Vec3): boolean {
    let inside = false;
    for (const loop of this.loops) if (this.#loopContains(loop, p)) inside = !inside;
    return inside;
  }

  #anyEdgeMeets(c: Cell): boolean {
    for (const { vertices: v } of this.loops) {
      for (let k = 0; k < v.length; k++) if (edgeMeetsCell(v[k], v[(k + 1) % v.length], c)) return true;
    }
    return false;
  }

  mayIntersect(c: Cell): boolean {
    return this.#anyEdgeMeets(c) || this.containsPoint(cellCenter(c));
  }

  contains(c: Cell): boolean {
    return !this.#anyEdgeMeets(c) && this.containsPoint(cellCenter(c));
  }
}

/** A union of regions (MultiPolygon). */
export class RegionUnion implements Region {
  readonly regions: Region[];
  /** The union of `regions`. */
  constructor(regions: Region[]) {
    this.regions = regions;
  }
  mayIntersect(c: Cell): boolean {
    return this.regions.some((r) => r.mayIntersect(c));
  }
  contains(c: Cell): boolean {
    return this.regions.some((r) => r.contains(c));
  }
  containsPoint(p: Vec3): boolean {
    return this.regions.some((r) => r.containsPoint(p));
  }
}
