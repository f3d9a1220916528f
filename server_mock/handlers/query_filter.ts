/**
 * Evaluates a secondary-index filter (INDEX_RANGE) on a stored record, as the index would:
 * integer ranges (equality is a range of one), string and blob equality, and geo filters on
 * GeoJSON bins — points within a Polygon or an AeroCircle (geoWithinRegion / geoWithinRadius),
 * regions containing a point (geoContainsPoint). Collection indexes look inside list elements,
 * map keys or map values. Returns the matched value as the 8-byte BVAL a real node sends with
 * each query record (little-endian: the integer itself, for geo the particle's first S2 cell).
 * @module
 */
import { unpackValue } from "../../src/wire/msgpack.ts";
import type { IndexFilter } from "../../src/wire/query.ts";
import { GeoJSON, type Value } from "../../src/values.ts";
import type { IndexCollection, IndexValueType } from "../sindex.ts";
import type { StoredBin } from "../store.ts";
import { computeDigest } from "../../src/wire/digest.ts";
import { geoMatches, parseGeo } from "../geo.ts";

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

/** A compiled filter: the BVAL of the first matching value, or undefined when the bin does not match. */
export type RecordMatcher = (bins: Map<string, StoredBin>) => Uint8Array | undefined;

function geoText(bin: StoredBin): { text: string; cell: Uint8Array } | undefined {
  const d = bin.data;
  if (d.length < 3) return undefined;
  const cells = (d[1] << 8) | d[2];
  const start = 3 + cells * 8;
  if (start > d.length) return undefined;
  // The S2 cell a real node stores, little-endian, is the BVAL it reports; 0 when none is stored.
  const cell = new Uint8Array(8);
  if (cells > 0) cell.set(d.subarray(3, 11).slice().reverse());
  return { text: new TextDecoder().decode(d.subarray(start)), cell };
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
function binValue(bin: StoredBin): Value | { geo: string; cell: Uint8Array } | undefined {
  const d = bin.data;
  switch (bin.type) {
    case P_INTEGER:
      return d.length === 8 ? new DataView(d.buffer, d.byteOffset, 8).getBigInt64(0) : undefined;
    case P_STRING:
      return new TextDecoder().decode(d);
    case P_BLOB:
      return d;
    case P_GEOJSON: {
      const t = geoText(bin);
      return t && { geo: t.text, cell: t.cell };
    }
  }
  return undefined;
}

/**
 * Compiles a filter for records; throws RangeError for bounds the server would refuse.
 * @example
 * ```ts
 * const match = compileFilter(decodeIndexRange(field.data), "default");
 * match(rec.bins); // BVAL bytes, or undefined
 * ```
 */
export function compileFilter(f: IndexFilter, collection: IndexCollection): RecordMatcher {
  const utf8 = new TextDecoder();
  let test: (v: Value | { geo: string; cell: Uint8Array }) => Uint8Array | undefined;
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
    const region = parseGeo(utf8.decode(f.begin));
    if (region === undefined) throw new RangeError("filter GeoJSON is not a Point, Polygon or AeroCircle");
    test = (v) => {
      let text: string;
      let cell: Uint8Array = new Uint8Array(8);
      if (v instanceof GeoJSON) text = v.text;
      else if (
        v !== null && typeof v === "object" && "geo" in v && "cell" in v && v.cell instanceof Uint8Array
      ) {
        text = String(v.geo);
        cell = v.cell;
      } else return undefined;
      const g = parseGeo(text);
      return g !== undefined && geoMatches(region, g) ? cell : undefined;
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
