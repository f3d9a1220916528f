/**
 * Secondary-index filters for `client.query()`: equality, integer ranges and geo filters, over a
 * plain bin or a list / map-keys / map-values collection index.
 * @module
 */
import { GeoJSON } from "../values.ts";
import type { IndexFilter } from "../wire/query.ts";
import {
  INDEX_TYPE_DEFAULT,
  INDEX_TYPE_LIST,
  INDEX_TYPE_MAPKEYS,
  INDEX_TYPE_MAPVALUES,
} from "../wire/query.ts";
import {
  PARTICLE_TYPE_BLOB,
  PARTICLE_TYPE_GEOJSON,
  PARTICLE_TYPE_INTEGER,
  PARTICLE_TYPE_STRING,
} from "../wire/particles.ts";
import { checkOptions } from "../validate.ts";
import type { CdtContext } from "../ops/ctx.ts";
import { ctxBytes } from "../ops/ctx_base64.ts";
import type { FilterExpression } from "../policy.ts";
import { FILTER_OPTIONS } from "../validate_shapes.ts";

/** Which elements of a collection bin an index covers. */
export type IndexCollection = "list" | "mapKeys" | "mapValues";

/** Options of every filter. */
export interface FilterOptions {
  /**
   * Query a collection index (list elements, map keys or map values) instead of a plain bin.
   * @default undefined
   */
  collection?: IndexCollection;
  /**
   * Query an index built on this CDT context of the bin (`createIndex({ ..., ctx })`): the filter
   * applies to the element the context selects.
   * @default undefined (the bin itself)
   */
  ctx?: readonly CdtContext[];
}

/** A secondary-index filter, ready for the INDEX_RANGE, INDEX_TYPE and index fields. */
export interface QueryFilter extends IndexFilter {
  /** `INDEX_TYPE_*` (0 = plain bin). */
  indexType: number;
  /** Packed CDT context (the INDEX_CONTEXT field), for an index on a context. */
  ctx?: Uint8Array;
  /** Index to use, by name (the INDEX_NAME field; the bin name is then empty). */
  indexName?: string;
  /** Packed expression of an expression index (the INDEX_EXPRESSION field; the bin name is empty). */
  exp?: Uint8Array;
}

const utf8 = new TextEncoder();
const COLLECTIONS: Record<IndexCollection, number> = {
  list: INDEX_TYPE_LIST,
  mapKeys: INDEX_TYPE_MAPKEYS,
  mapValues: INDEX_TYPE_MAPVALUES,
};

/** The INDEX_CONTEXT bytes of `options.ctx`, as a spread-able part of a filter. */
function ctxPart(options: FilterOptions | undefined): { ctx?: Uint8Array } {
  const c = options?.ctx;
  if (c === undefined) return {};
  if (!Array.isArray(c) || c.length === 0) {
    throw new TypeError("a filter's ctx must be a non-empty array of ctx.*");
  }
  return { ctx: ctxBytes(c) };
}

function indexType(options: FilterOptions | undefined): number {
  const c = options?.collection;
  if (c === undefined) return INDEX_TYPE_DEFAULT;
  const t = COLLECTIONS[c];
  if (t === undefined) throw new TypeError(`unknown index collection ${String(c)}`);
  return t;
}

function checkBin(bin: unknown): string {
  if (typeof bin !== "string" || bin.length === 0) throw new TypeError("a filter needs a bin name");
  return bin;
}

function integer(v: unknown): Uint8Array {
  if (typeof v === "number" && !Number.isSafeInteger(v)) throw new RangeError(`${v} is not a safe integer`);
  if (typeof v !== "number" && typeof v !== "bigint") throw new TypeError("range bounds must be integers");
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, BigInt(v)));
  return out;
}

function geo(bin: string, region: GeoJSON, options?: FilterOptions): QueryFilter {
  const text = utf8.encode(region.text);
  return {
    bin: checkBin(bin),
    particleType: PARTICLE_TYPE_GEOJSON,
    begin: text,
    end: text,
    indexType: indexType(options),
    ...ctxPart(options),
  };
}

function checkFilter(f: QueryFilter, where: string): QueryFilter {
  if (f === null || typeof f !== "object" || !(f.begin instanceof Uint8Array)) {
    throw new TypeError(`Filter.${where}() takes a filter built with Filter.*`);
  }
  return f;
}

function finite(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`${name} must be a finite number`);
  return v;
}

/** The filter builders (see `Filter`). */
export interface FilterBuilders {
  /** Records whose bin (or collection element) equals an integer, string or blob. */
  equal(bin: string, value: number | bigint | string | Uint8Array, options?: FilterOptions): QueryFilter;
  /** Records whose integer bin (or collection element) lies in [begin, end], both inclusive. */
  range(bin: string, begin: number | bigint, end: number | bigint, options?: FilterOptions): QueryFilter;
  /** Records whose GeoJSON point lies inside a region (a Polygon or AeroCircle). */
  geoWithinRegion(
    bin: string,
    region: GeoJSON | string | Record<string, unknown>,
    options?: FilterOptions,
  ): QueryFilter;
  /** Records whose GeoJSON point lies within `radiusMeters` of (lng, lat). */
  geoWithinRadius(
    bin: string,
    lng: number,
    lat: number,
    radiusMeters: number,
    options?: FilterOptions,
  ): QueryFilter;
  /**
   * Records whose GeoJSON region contains the point (lng, lat), or the point given as a GeoJSON
   * Point (the official clients' GeoJSON-point overload).
   */
  geoContainsPoint(bin: string, lng: number, lat: number, options?: FilterOptions): QueryFilter;
  /** Records whose GeoJSON region contains `point` (a GeoJSON Point value or object). */
  geoContainsPoint(
    bin: string,
    point: GeoJSON | Record<string, unknown>,
    options?: FilterOptions,
  ): QueryFilter;
  /**
   * `filter` run on the index named `indexName` instead of the one its bin names (the official
   * clients' `whereWithIndexName`; server 8.1): the index's bin, context or expression decide
   * what is compared. The filter's own bin name is not sent.
   */
  withIndexName(indexName: string, filter: QueryFilter): QueryFilter;
  /**
   * `filter` run on the expression index built on `expression` (the official clients'
   * `whereWithExp`; server 8.1): `createIndex({ ns, name, exp: expression, type })` first. The
   * filter's own bin name is not sent.
   */
  withExp(expression: FilterExpression, filter: QueryFilter): QueryFilter;
}

/**
 * Filter builders for `client.query(ns, set, { filter })`.
 * @example
 * ```ts
 * import { Client } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * for await (const r of client.query("test", "demo", { filter: Filter.range("age", 18, 30) })) console.log(r.bins);
 * ```
 */
export const Filter: FilterBuilders = {
  /** Records whose bin (or collection element) equals an integer, string or blob. */
  equal(bin: string, value: number | bigint | string | Uint8Array, options?: FilterOptions): QueryFilter {
    checkOptions(options, FILTER_OPTIONS, "Filter.equal()");
    let particleType: number;
    let bytes: Uint8Array;
    if (typeof value === "string") {
      particleType = PARTICLE_TYPE_STRING;
      bytes = utf8.encode(value);
    } else if (value instanceof Uint8Array) {
      particleType = PARTICLE_TYPE_BLOB;
      bytes = value;
    } else {
      particleType = PARTICLE_TYPE_INTEGER;
      bytes = integer(value);
    }
    return {
      bin: checkBin(bin),
      particleType,
      begin: bytes,
      end: bytes,
      indexType: indexType(options),
      ...ctxPart(options),
    };
  },

  /** Records whose integer bin (or collection element) lies in [begin, end], both inclusive. */
  range(bin: string, begin: number | bigint, end: number | bigint, options?: FilterOptions): QueryFilter {
    checkOptions(options, FILTER_OPTIONS, "Filter.range()");
    if (BigInt(begin) > BigInt(end)) throw new RangeError("range begin must not exceed end");
    return {
      bin: checkBin(bin),
      particleType: PARTICLE_TYPE_INTEGER,
      begin: integer(begin),
      end: integer(end),
      indexType: indexType(options),
      ...ctxPart(options),
    };
  },

  /** Records whose GeoJSON point lies inside a region (a Polygon or AeroCircle). */
  geoWithinRegion(
    bin: string,
    region: GeoJSON | string | Record<string, unknown>,
    options?: FilterOptions,
  ): QueryFilter {
    checkOptions(options, FILTER_OPTIONS, "Filter.geoWithinRegion()");
    return geo(bin, region instanceof GeoJSON ? region : new GeoJSON(region), options);
  },

  /** Records whose GeoJSON point lies within `radiusMeters` of (lng, lat). */
  geoWithinRadius(
    bin: string,
    lng: number,
    lat: number,
    radiusMeters: number,
    options?: FilterOptions,
  ): QueryFilter {
    checkOptions(options, FILTER_OPTIONS, "Filter.geoWithinRadius()");
    return geo(
      bin,
      GeoJSON.circle(finite("lng", lng), finite("lat", lat), finite("radius", radiusMeters)),
      options,
    );
  },

  /** Records whose GeoJSON region contains the point, as (lng, lat) or a GeoJSON Point. */
  geoContainsPoint(
    bin: string,
    lngOrPoint: number | GeoJSON | Record<string, unknown>,
    latOrOptions?: number | FilterOptions,
    options?: FilterOptions,
  ): QueryFilter {
    if (typeof lngOrPoint === "number") {
      checkOptions(options, FILTER_OPTIONS, "Filter.geoContainsPoint()");
      return geo(bin, GeoJSON.point(finite("lng", lngOrPoint), finite("lat", latOrOptions)), options);
    }
    const opts = latOrOptions as FilterOptions | undefined;
    checkOptions(opts, FILTER_OPTIONS, "Filter.geoContainsPoint()");
    const point = lngOrPoint instanceof GeoJSON ? lngOrPoint : new GeoJSON(lngOrPoint);
    const parsed = point.toJSON() as { type?: unknown; coordinates?: unknown };
    const c = parsed?.coordinates;
    if (parsed?.type !== "Point" || !Array.isArray(c) || c.length !== 2) {
      throw new TypeError("Filter.geoContainsPoint() takes (lng, lat) or a GeoJSON Point");
    }
    return geo(bin, GeoJSON.point(finite("lng", c[0]), finite("lat", c[1])), opts);
  },

  /** `filter` on the index named `indexName` (the official clients' `whereWithIndexName`). */
  withIndexName(indexName: string, filter: QueryFilter): QueryFilter {
    if (typeof indexName !== "string" || indexName.length === 0) {
      throw new TypeError("Filter.withIndexName() needs an index name");
    }
    return { ...checkFilter(filter, "withIndexName"), bin: "", indexName };
  },

  /** `filter` on the expression index of `expression` (the official clients' `whereWithExp`). */
  withExp(expression: FilterExpression, filter: QueryFilter): QueryFilter {
    const bytes = (expression as { bytes?: unknown } | null)?.bytes;
    if (!(bytes instanceof Uint8Array)) throw new TypeError("Filter.withExp() takes an expression (exp.*)");
    return { ...checkFilter(filter, "withExp"), bin: "", exp: bytes };
  },
};
