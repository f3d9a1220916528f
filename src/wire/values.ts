/**
 * The values aerolite reads and writes, and the wrappers that force a wire type.
 * @module
 */

/** Forces the DOUBLE particle type for a number that happens to be an integer (e.g. `new Double(1)`). */
export class Double {
  /** The number sent as a 64-bit float. */
  readonly value: number;
  /**
   * Wraps a number to be sent as DOUBLE.
   * @param value any JavaScript number
   */
  constructor(value: number) {
    if (typeof value !== "number") throw new TypeError("Double expects a number");
    this.value = value;
  }
  /** The plain number. */
  valueOf(): number {
    return this.value;
  }
}

/** A GeoJSON value (particle type GEOJSON): a JSON text the server indexes with geo2dsphere. */
export class GeoJSON {
  /** The GeoJSON text as sent on the wire. */
  readonly text: string;
  /**
   * Wraps a GeoJSON object or text.
   * @param geo a GeoJSON object or its JSON text
   */
  constructor(geo: string | Record<string, unknown>) {
    this.text = typeof geo === "string" ? geo : JSON.stringify(geo);
  }
  /** The parsed GeoJSON object. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
  /** A GeoJSON Point at longitude, latitude. */
  static point(lng: number, lat: number): GeoJSON {
    return new GeoJSON({ type: "Point", coordinates: [lng, lat] });
  }
  /** An Aerospike circle (`AeroCircle`) around longitude, latitude with a radius in meters. */
  static circle(lng: number, lat: number, radiusMeters: number): GeoJSON {
    return new GeoJSON({ type: "AeroCircle", coordinates: [[lng, lat], radiusMeters] });
  }
  /**
   * A GeoJSON Polygon with one outer ring of `[longitude, latitude]` points (the official clients'
   * `GeoJSON.Polygon`). The ring is closed for you when its last point differs from its first, as
   * GeoJSON requires; it needs at least three distinct points. Throws a TypeError or RangeError for
   * anything else, before any I/O.
   * @example
   * ```ts
   * import { GeoJSON } from "@aerolite/client";
   * const square = GeoJSON.polygon([[0, 0], [1, 0], [1, 1], [0, 1]]);
   * square.toString(); // '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}'
   * ```
   */
  static polygon(ring: readonly (readonly [number, number])[]): GeoJSON {
    if (!Array.isArray(ring)) throw new TypeError("GeoJSON.polygon() takes an array of [lng, lat] points");
    const points: [number, number][] = ring.map((p, i) => {
      if (
        !Array.isArray(p) || p.length !== 2 || !p.every((c) => typeof c === "number" && Number.isFinite(c))
      ) {
        throw new TypeError(`GeoJSON.polygon() point ${i} must be [lng, lat] with finite numbers`);
      }
      return [p[0], p[1]];
    });
    const first = points[0];
    const last = points[points.length - 1];
    if (first !== undefined && (first[0] !== last[0] || first[1] !== last[1])) {
      points.push([first[0], first[1]]);
    }
    if (points.length < 4) throw new RangeError("GeoJSON.polygon() needs at least three distinct points");
    return new GeoJSON({ type: "Polygon", coordinates: [points] });
  }
  /** The GeoJSON text, as sent on the wire (the official clients' `toString()`). */
  toString(): string {
    return this.text;
  }
}

/** A HyperLogLog value (particle type HLL): opaque bytes produced by the server. */
export class HLL {
  /** The raw HLL bytes. */
  readonly bytes: Uint8Array;
  /**
   * Wraps raw HLL bytes.
   * @param bytes raw HLL bytes as returned by the server
   */
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/** Map key order, as the server's map flags name it (`AS_MAP_UNORDERED`, ...). */
export type MapOrder = "unordered" | "keyOrdered" | "keyValueOrdered";

/**
 * A map with an explicit order, sent with the msgpack ext header that carries the map flags.
 * Plain objects and `Map`s are sent unordered.
 */
export class OrderedMap<K extends Value = Value, V extends Value = Value> extends Map<K, V> {
  /** The order the server keeps for this map. */
  order: MapOrder;
  /**
   * Creates a map that the server keeps in the given order.
   * @param entries initial entries
   * @param order map order (default key-ordered)
   */
  constructor(entries?: Iterable<readonly [K, V]> | null, order: MapOrder = "keyOrdered") {
    super(entries ?? undefined);
    this.order = order;
  }
}

/** Special CDT values used by range operations: a wildcard and +infinity (msgpack ext). */
export class SpecialValue {
  /** Which special value this is. */
  readonly kind: "wildcard" | "infinity";
  private constructor(kind: "wildcard" | "infinity") {
    this.kind = kind;
  }
  /** Matches any value in CDT range/value selectors (`AS_CMP_WILDCARD`). */
  static readonly WILDCARD: SpecialValue = new SpecialValue("wildcard");
  /** Greater than any value (`AS_CMP_INF`). */
  static readonly INFINITY: SpecialValue = new SpecialValue("infinity");
}

/** Any value aerolite can store in a bin or inside a list or map. */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Double
  | GeoJSON
  | HLL
  | SpecialValue
  | Value[]
  | Map<Value, Value>
  | { [key: string]: Value };

/** The bins of a record: bin name to value. Decoded bins are null-prototype objects. */
export type Bins = { [bin: string]: Value };

/**
 * Creates an empty null-prototype bins object, so a bin named `__proto__` stays data. Made from
 * `{}` whose prototype is then set to null, not by `Object.create(null)`: V8 gives the latter a
 * dictionary (hash table) from the start, ~300 bytes more per record than a fast object with
 * its few bins in place, which made decoding a batch of 100 records allocate a fifth more.
 */
export function emptyBins(): Bins {
  return Object.setPrototypeOf({}, null) as Bins;
}
