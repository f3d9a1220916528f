/**
 * The official `filter` module (secondary-index filters for queries): `equal`, `range`, `contains`,
 * `geoWithinGeoJSONRegion`, `geoWithinRadius`, `geoContainsPoint`, `geoContainsGeoJSONPoint`.
 * @module
 */
import { Filter, type FilterOptions, type IndexCollection, type QueryFilter } from "../../mod.ts";
import { indexType } from "./constants.ts";
import { GeoJSON } from "./values.ts";
import { contextItems } from "./context.ts";

const COLLECTIONS: { readonly [n: number]: IndexCollection } = {
  [indexType.LIST]: "list",
  [indexType.MAPKEYS]: "mapKeys",
  [indexType.MAPVALUES]: "mapValues",
};
// The index type (list, map keys or values) and the CDT context (a `Context`) of a filter.
const opts = (t: unknown, context?: unknown): FilterOptions | undefined => {
  const o: FilterOptions = {};
  const c = typeof t === "number" ? COLLECTIONS[t] : undefined;
  if (c) o.collection = c;
  const items = contextItems(context);
  if (items && items.length > 0) o.ctx = items;
  return o.collection || o.ctx ? o : undefined;
};
const geoText = (
  g: unknown,
): string => (g instanceof GeoJSON ? g.str : typeof g === "string" ? g : JSON.stringify(g));
type Scalar = number | bigint | string | Uint8Array;

/** Records whose bin equals `value`. */
export function equal(bin: string, value: Scalar): QueryFilter {
  return Filter.equal(bin, value);
}
/** Records whose integer bin is in [min, max] (`indexType` for list/map bins). */
export function range(
  bin: string,
  min: number | bigint,
  max: number | bigint,
  type?: number,
  context?: unknown,
): QueryFilter {
  return Filter.range(bin, min, max, opts(type, context));
}
/** Records whose list/map bin contains `value`. */
export function contains(bin: string, value: Scalar, type?: number, context?: unknown): QueryFilter {
  return Filter.equal(bin, value, opts(type, context));
}
/** Records whose geo bin lies within a GeoJSON region. */
export function geoWithinGeoJSONRegion(
  bin: string,
  value: unknown,
  type?: number,
  context?: unknown,
): QueryFilter {
  return Filter.geoWithinRegion(bin, geoText(value), opts(type, context));
}
/** Records whose geo bin lies within a circle. */
export function geoWithinRadius(
  bin: string,
  lng: number,
  lat: number,
  radius: number,
  type?: number,
  context?: unknown,
): QueryFilter {
  return Filter.geoWithinRadius(bin, lng, lat, radius, opts(type, context));
}
/** Records whose geo region bin contains a GeoJSON point. */
export function geoContainsGeoJSONPoint(
  bin: string,
  value: unknown,
  type?: number,
  context?: unknown,
): QueryFilter {
  const p = JSON.parse(geoText(value)) as { coordinates: [number, number] };
  return Filter.geoContainsPoint(bin, p.coordinates[0], p.coordinates[1], opts(type, context));
}
/** Records whose geo region bin contains a point. */
export function geoContainsPoint(
  bin: string,
  lng: number,
  lat: number,
  type?: number,
  context?: unknown,
): QueryFilter {
  return Filter.geoContainsPoint(bin, lng, lat, opts(type, context));
}
