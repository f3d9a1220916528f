/**
 * The mock's geo matching, shared by geo queries (`server_mock/handlers/query_filter.ts`) and the
 * geo-compare expression (`server_mock/exp/eval.ts`), with a CE 8.1 node's semantics
 * (`as_geojson_match`, strict): a point matches a region that contains it, a region matches a
 * point inside it; two points or two regions never match. A point is taken at the centre of its
 * S2 leaf cell, as the node does; regions are S2 caps and polygons with geodesic edges
 * (`server_mock/geo_shapes.ts`).
 * @module
 */
import { cellContains } from "./geo_cells.ts";
import { cellIdToPoint } from "./geo_shapes.ts";
import { type GeoShape, parseGeoShape } from "./geo_particle.ts";

export { type GeoShape, parseGeoShape };

/**
 * Whether a candidate shape (a stored value) matches a query shape (a filter or the other side of
 * a geo compare).
 * @example
 * ```ts
 * import { parseGeoShape } from "./geo_particle.ts";
 * declare const point: string, circle: string;
 * shapesMatch(parseGeoShape(point)!, parseGeoShape(circle)!); // true when the circle holds it
 * ```
 */
export function shapesMatch(candidate: GeoShape, query: GeoShape): boolean {
  if (query.kind === "point") {
    return candidate.kind === "region" && candidate.region.containsPoint(cellIdToPoint(query.cell));
  }
  return candidate.kind === "point" && query.region.containsPoint(cellIdToPoint(candidate.cell));
}

/**
 * The index key a geo query matched a value on, as a node reports it in BVAL: a point's own leaf
 * cell; for a region found by a point query, the region's stored cell that holds the point.
 * Undefined when none does.
 */
export function matchedCell(candidate: GeoShape, cells: bigint[], query: GeoShape): bigint | undefined {
  if (candidate.kind === "point") return candidate.cell;
  if (query.kind !== "point") return undefined;
  return cells.find((c) => cellContains(c, query.cell));
}

/**
 * The geo-compare expression (`EXP_GEO`): true when one side is a point within the other side's
 * region. Undefined when either text is GeoJSON the node refuses.
 * @example
 * ```ts
 * geoCompareText('{"type":"Point","coordinates":[1,1]}', '{"type":"AeroCircle","coordinates":[[1,1],10]}'); // true
 * ```
 */
export function geoCompareText(left: string, right: string): boolean | undefined {
  const a = parseGeoShape(left);
  const b = parseGeoShape(right);
  if (a === undefined || b === undefined) return undefined;
  return shapesMatch(a, b);
}
