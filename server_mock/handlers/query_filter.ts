/**
 * Evaluates a secondary-index filter (INDEX_RANGE) on a stored record, as the index would:
 * integer ranges (equality is a range of one), string and blob equality, and geo filters on
 * GeoJSON bins — points within a Polygon or an AeroCircle (geoWithinRegion / geoWithinRadius),
 * regions containing a point (geoContainsPoint). Collection indexes look inside list elements,
 * map keys or map values. Returns the matched value as the 8-byte BVAL a real node sends with
 * each query record (little-endian: the integer itself; for geo the S2 cell the index matched: a
 * point's leaf cell, or the stored region cell holding the query point).
 * @module
 */
import { unpackValue } from "../../src/wire/msgpack.ts";
import type { IndexFilter } from "../../src/wire/query.ts";
import { GeoJSON, type Value } from "../../src/wire/values.ts";
import type { IndexCollection, IndexValueType } from "../sindex.ts";
import type { StoredBin } from "../store.ts";
import { computeDigest } from "../../src/wire/digest.ts";
import { matchedCell, parseGeoShape, shapesMatch } from "../geo.ts";
import { geoParticleText, shapeCells } from "../geo_particle.ts";

const P_INTEGER = 1;
const P_STRING = 3;
const P_BLOB = 4;
const P_MAP = 19;
const P_LIST = 20;
const P_GEOJSON = 23;

/** The index value type a filter particle type needs, or undefined for one no index holds. */
export function filterValueType(particleType: number): IndexValueType | undefined {
  if (particleType === P_INTEGER) return "numeric";
  if (particleType === P_STRING) return "string";
  if (particleType === P_BLOB) return "blob";
  if (particleType === P_GEOJSON) return "geo2dsphere";
  return undefined;
}

function bvalOf(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, n), true);
  return out;
}

/** A stored GeoJSON bin as the index sees it. */
type GeoValue = { geo: string; cells: bigint[] };

function isGeoValue(v: Value | GeoValue): v is GeoValue {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array) &&
    !(v instanceof Map) && "geo" in v && "cells" in v && Array.isArray(v.cells);
}

/** A compiled filter: the BVAL of the first matching value, or undefined when the bin does not match. */
export type RecordMatcher = (bins: Map<string, StoredBin>) => Uint8Array | undefined;

/** A stored GeoJSON bin: its text and the S2 cells the node stored with it. */
function geoStored(bin: StoredBin): { text: string; cells: bigint[] } | undefined {
  const d = bin.data;
  if (d.length < 3) return undefined;
  const n = (d[1] << 8) | d[2];
  if (3 + n * 8 > d.length) return undefined;
  const view = new DataView(d.buffer, d.byteOffset, d.length);
  const cells: bigint[] = [];
  for (let i = 0; i < n; i++) cells.push(view.getBigUint64(3 + i * 8));
  return { text: new TextDecoder().decode(geoParticleText(d)), cells };
}

function collectionValues(bin: StoredBin, collection: IndexCollection): Value[] {
  if (bin.type !== P_LIST && bin.type !== P_MAP) return [];
  let v: Value;
  try {
    v = unpackValue(bin.data);
  } catch {
    return [];
  }
  if (collection === "list") return Array.isArray(v) ? v : [];
  if (Array.isArray(v) || v === null || typeof v !== "object") return [];
  if (v instanceof Map) return collection === "mapkeys" ? [...v.keys()] : [...v.values()];
  if (v instanceof Uint8Array || v instanceof GeoJSON) return [];
  const entries = Object.entries(v as Record<string, Value>);
  return collection === "mapkeys" ? entries.map(([k]) => k) : entries.map(([, x]) => x);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Reads a default-collection bin as the value an index would hold (undefined: not indexable). */
function binValue(bin: StoredBin): Value | GeoValue | undefined {
  const d = bin.data;
  switch (bin.type) {
    case P_INTEGER:
      return d.length === 8 ? new DataView(d.buffer, d.byteOffset, 8).getBigInt64(0) : undefined;
    case P_STRING:
      return new TextDecoder().decode(d);
    case P_BLOB:
      return d;
    case P_GEOJSON: {
      const t = geoStored(bin);
      return t && { geo: t.text, cells: t.cells };
    }
  }
  return undefined;
}

/**
 * Compiles a filter for records; throws RangeError for bounds the server would refuse.
 * @example
 * ```ts
 * import { decodeIndexRange } from "../../src/wire/query.ts";
 * import type { Field } from "../../src/wire/fields.ts";
 * import type { StoredRecord } from "../store.ts";
 * declare const field: Field, rec: StoredRecord;
 * const match = compileFilter(decodeIndexRange(field.data), "default");
 * match(rec.bins); // BVAL bytes, or undefined
 * ```
 */
export function compileFilter(f: IndexFilter, collection: IndexCollection): RecordMatcher {
  const utf8 = new TextDecoder();
  let test: (v: Value | GeoValue) => Uint8Array | undefined;
  if (f.particleType === P_INTEGER) {
    if (f.begin.length !== 8 || f.end.length !== 8) throw new RangeError("integer bounds are 8 bytes");
    const lo = new DataView(f.begin.buffer, f.begin.byteOffset, 8).getBigInt64(0);
    const hi = new DataView(f.end.buffer, f.end.byteOffset, 8).getBigInt64(0);
    test = (v) => {
      const n = typeof v === "number" && Number.isInteger(v) ? BigInt(v) : v;
      return typeof n === "bigint" && n >= lo && n <= hi ? bvalOf(n) : undefined;
    };
  } else if (f.particleType === P_STRING || f.particleType === P_BLOB) {
    const want = f.begin;
    // A real node reports a hash of the string; the mock's is the digest's first 8 bytes.
    const bval = computeDigest("", { type: f.particleType, bytes: want }).slice(0, 8);
    const text = utf8.decode(want);
    test = (v) => {
      if (f.particleType === P_STRING) return v === text ? bval : undefined;
      return v instanceof Uint8Array && sameBytes(v, want) ? bval : undefined;
    };
  } else if (f.particleType === P_GEOJSON) {
    const query = parseGeoShape(utf8.decode(f.begin));
    if (query === undefined) throw new RangeError("filter GeoJSON is not a shape the server accepts");
    test = (v) => {
      let text: string;
      let cells: bigint[] | undefined;
      if (v instanceof GeoJSON) text = v.text;
      else if (isGeoValue(v)) {
        text = v.geo;
        cells = v.cells;
      } else return undefined;
      const shape = parseGeoShape(text);
      if (shape === undefined || !shapesMatch(shape, query)) return undefined;
      // A value inside a list or map (or planted without cells) has none stored: the index computes them.
      const cell = matchedCell(shape, cells?.length ? cells : shapeCells(shape), query);
      return cell === undefined ? undefined : bvalOf(cell);
    };
  } else {
    throw new RangeError(`no index holds particle type ${f.particleType}`);
  }
  return (bins) => {
    const bin = bins.get(f.bin);
    if (bin === undefined) return undefined;
    if (collection === "default") {
      const v = binValue(bin);
      return v === undefined ? undefined : test(v);
    }
    for (const v of collectionValues(bin, collection)) {
      const hit = test(v);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
}
