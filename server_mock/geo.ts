/**
 * The mock's geometry, shared by geo queries (`server_mock/handlers/query_filter.ts`) and the
 * geo-compare expression (`server_mock/exp/eval.ts`): GeoJSON Point, Polygon (with holes) and
 * AeroCircle, a point within a region, a region containing a point. Distances are great-circle
 * (haversine on the mean Earth radius); polygon edges are straight in longitude/latitude, where
 * the server's S2 geometry uses geodesics: the two agree for the small, non-polar regions apps and
 * tests use, and differ near the poles, the antimeridian and on very long edges.
 * @module
 */

/** Mean Earth radius in meters, as the server's geo code uses. */
const EARTH_RADIUS_M = 6371000;

/** A parsed GeoJSON shape. */
export type Geo =
  | { kind: "point"; lng: number; lat: number }
  | { kind: "circle"; lng: number; lat: number; radius: number }
  | { kind: "polygon"; rings: [number, number][][] };

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function pair(v: unknown): [number, number] | undefined {
  if (!Array.isArray(v) || v.length < 2) return undefined;
  const a = num(v[0]);
  const b = num(v[1]);
  return a === undefined || b === undefined ? undefined : [a, b];
}

/** Parses the GeoJSON shapes the server indexes (Point, Polygon, AeroCircle). */
export function parseGeo(text: string): Geo | undefined {
  let g: { type?: unknown; coordinates?: unknown };
  try {
    g = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (g === null || typeof g !== "object") return undefined;
  const c = g.coordinates;
  if (g.type === "Point") {
    const p = pair(c);
    return p && { kind: "point", lng: p[0], lat: p[1] };
  }
  if (g.type === "AeroCircle" && Array.isArray(c)) {
    const p = pair(c[0]);
    const r = num(c[1]);
    return p && r !== undefined ? { kind: "circle", lng: p[0], lat: p[1], radius: r } : undefined;
  }
  if (g.type === "Polygon" && Array.isArray(c)) {
    const rings: [number, number][][] = [];
    for (const ring of c) {
      if (!Array.isArray(ring)) return undefined;
      const pts = ring.map(pair);
      if (pts.some((p) => p === undefined) || pts.length < 3) return undefined;
      rings.push(pts as [number, number][]);
    }
    return rings.length > 0 ? { kind: "polygon", rings } : undefined;
  }
  return undefined;
}

/** Great-circle distance in meters (haversine). */
export function distanceMeters(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Ray casting on (lng, lat): fine for the small, non-polar regions tests and apps use.
function inRing(lng: number, lat: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies within a region (a circle, or a polygon minus its holes). */
export function pointIn(p: { lng: number; lat: number }, region: Geo): boolean {
  if (region.kind === "circle") return distanceMeters(p.lng, p.lat, region.lng, region.lat) <= region.radius;
  if (region.kind === "polygon") {
    if (!inRing(p.lng, p.lat, region.rings[0])) return false;
    return !region.rings.slice(1).some((hole) => inRing(p.lng, p.lat, hole));
  }
  return false;
}

/** Whether a stored geo value matches a geo filter (point within region, or region containing point). */
export function geoMatches(filter: Geo, value: Geo): boolean {
  if (value.kind === "point" && filter.kind !== "point") return pointIn(value, filter);
  if (filter.kind === "point" && value.kind !== "point") return pointIn(filter, value);
  return false;
}

/**
 * The geo-compare expression (`EXP_GEO`): true when one side is a point within the other side's
 * region. Undefined when either text is not a Point, Polygon or AeroCircle.
 * @example
 * ```ts
 * geoCompareText('{"type":"Point","coordinates":[1,1]}', '{"type":"AeroCircle","coordinates":[[1,1],10]}'); // true
 * ```
 */
export function geoCompareText(left: string, right: string): boolean | undefined {
  const a = parseGeo(left);
  const b = parseGeo(right);
  if (a === undefined || b === undefined) return undefined;
  return geoMatches(a, b);
}
