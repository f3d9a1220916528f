/**
 * GeoJSON as a CE 8.1 node reads and stores it (aerospike-server `geojson.cc`,
 * `particle_geojson.c`): the shapes it accepts (Point, Polygon, MultiPolygon, AeroCircle, bare or
 * in a Feature), the checks that make a put fail with GEO_INVALID_GEOJSON (160), and the stored
 * particle: a flags byte (1 = region), a big-endian u16 cell count, the S2 cells as big-endian
 * u64s (a point's leaf cell, or a region's covering), then the JSON text as sent.
 * @module
 */
import { latLngToPoint, pointToCellId, type Vec3 } from "./geo_cells.ts";
import { Cap, type Region } from "./geo_shapes.ts";
import { Polygon, RegionUnion } from "./geo_polygon.ts";
import { cover } from "./geo_cover.ts";

/** Mean Earth radius in meters the node uses for AeroCircle radii. */
export const EARTH_RADIUS_M = 6371000;
/** Flag bit of a region particle (`GEOJSON_ISREGION`). */
export const GEOJSON_ISREGION = 1;

/** Most cells a stored region may have: max(6, the coverer's 12 cells). */
const MAX_STORED_CELLS = 12;

/** A parsed shape: a point's leaf cell, or a region. */
export type GeoShape = { kind: "point"; cell: bigint } | { kind: "region"; region: Region };

class GeoError extends Error {}

function coordinate(c: unknown): Vec3 {
  if (!Array.isArray(c)) throw new GeoError("coordinates are not array");
  if (c.length !== 2) throw new GeoError(`expected 2 coordinates, saw ${c.length}`);
  const [lng, lat] = c;
  if (typeof lng !== "number") throw new GeoError("longitude not numeric value");
  if (typeof lat !== "number") throw new GeoError("latitude not numeric value");
  // S2LatLng::is_valid, on the angles in radians.
  const rad = Math.PI / 180;
  if (Math.abs(rad * lat) > Math.PI / 2 || Math.abs(rad * lng) > Math.PI) {
    throw new GeoError("invalid latitude-longitude");
  }
  return latLngToPoint(lat, lng);
}

const same = (a: Vec3, b: Vec3): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

function loop(vertices: unknown): Vec3[] {
  if (!Array.isArray(vertices)) throw new GeoError("vertices are not array");
  const pts: Vec3[] = [];
  for (const v of vertices) {
    const p = coordinate(v);
    // Consecutive duplicates are dropped.
    if (pts.length === 0 || !same(pts[pts.length - 1], p)) pts.push(p);
  }
  if (pts.length < 4) throw new GeoError("loop contains less than 4 points");
  if (!same(pts[0], pts[pts.length - 1])) throw new GeoError("loop not closed");
  pts.pop();
  return pts;
}

function polygon(loops: unknown): Polygon {
  if (!Array.isArray(loops)) throw new GeoError("polygon body is not array");
  return new Polygon(loops.map(loop));
}

function geometry(g: unknown, top: boolean): GeoShape {
  if (g === null || typeof g !== "object" || Array.isArray(g)) throw new GeoError("geometry is not object");
  const o = g as Record<string, unknown>;
  const type = o.type;
  if (type === undefined) throw new GeoError("missing geometry type");
  if (typeof type !== "string") throw new GeoError("geometry type is not string");
  const c = o.coordinates;
  if (type === "Feature" && top) return geometry(o.geometry, false);
  if (type === "Point") return { kind: "point", cell: pointToCellId(coordinate(c)) };
  if (c === undefined) throw new GeoError("missing coordinates");
  if (!Array.isArray(c)) throw new GeoError("coordinates are not array");
  if (type === "Polygon") return { kind: "region", region: polygon(c) };
  if (type === "MultiPolygon") return { kind: "region", region: new RegionUnion(c.map(polygon)) };
  if (type === "AeroCircle") {
    if (c.length !== 2) throw new GeoError("malformed circle coordinate array");
    const center = coordinate(c[0]);
    const radius = c[1];
    if (typeof radius !== "number") throw new GeoError("radius not numeric value");
    return { kind: "region", region: new Cap(center, radius / EARTH_RADIUS_M) };
  }
  throw new GeoError(`unknown geometry type: ${type}`);
}

/**
 * Parses GeoJSON text as the node does; undefined when it would refuse it.
 * @example
 * ```ts
 * parseGeoShape('{"type":"Point","coordinates":[103.9,1.3]}'); // { kind: "point", cell: 0x31da186fa847d593n }
 * ```
 */
export function parseGeoShape(text: string): GeoShape | undefined {
  let g: unknown;
  try {
    g = JSON.parse(text);
  } catch {
    return undefined;
  }
  try {
    return geometry(g, true);
  } catch (e) {
    if (e instanceof GeoError) return undefined;
    throw e;
  }
}

/** The cells a node stores for a shape: a point's leaf, a region's covering. */
export function shapeCells(s: GeoShape): bigint[] {
  return s.kind === "point" ? [s.cell] : cover(s.region);
}

/** The stored particle of GeoJSON text with its cells, or undefined for GeoJSON the node refuses. */
export function geoParticle(json: Uint8Array): Uint8Array | undefined {
  const shape = parseGeoShape(new TextDecoder().decode(json));
  if (shape === undefined) return undefined;
  const cells = shapeCells(shape);
  // geo_region_cover fails (so the put answers 160) when face cells split to level 1 give more
  // cells than max(6, max cells), e.g. for a circle wider than a hemisphere.
  if (cells.length > MAX_STORED_CELLS) return undefined;
  const out = new Uint8Array(3 + cells.length * 8 + json.length);
  const view = new DataView(out.buffer);
  out[0] = shape.kind === "region" ? GEOJSON_ISREGION : 0;
  view.setUint16(1, cells.length);
  cells.forEach((c, i) => view.setBigUint64(3 + i * 8, c));
  out.set(json, 3 + cells.length * 8);
  return out;
}

/**
 * A GeoJSON particle as a put sends it (flags, u16 cell count, cells, JSON) turned into what the
 * node stores: the sent cells are ignored and its own computed. A number is the result code for a
 * value the node refuses (GEO_INVALID_GEOJSON, 160).
 * @example
 * ```ts
 * declare const wire: Uint8Array; // as the client sent it
 * storeGeoFromWire(wire); // flags 0, 1 cell, the JSON
 * ```
 */
export function storeGeoFromWire(wire: Uint8Array): Uint8Array | number {
  const GEO_INVALID_GEOJSON = 160;
  if (wire.length < 3) return GEO_INVALID_GEOJSON;
  const start = 3 + ((wire[1] << 8) | wire[2]) * 8;
  if (start > wire.length) return GEO_INVALID_GEOJSON;
  return geoParticle(wire.subarray(start)) ?? GEO_INVALID_GEOJSON;
}

/** The JSON text of a stored or sent GeoJSON particle (after its cells). */
export function geoParticleText(d: Uint8Array): Uint8Array {
  if (d.length < 3) return d.subarray(d.length);
  return d.subarray(Math.min(d.length, 3 + ((d[1] << 8) | d[2]) * 8));
}
