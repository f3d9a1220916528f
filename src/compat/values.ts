/**
 * The official client's value classes (`Double`, `GeoJSON`, `Key`, `Record`) and the conversion of
 * bins between its shapes (Buffers, plain objects for maps) and aerolite's.
 * @module
 */
import {
  type Bins,
  Double as AeroDouble,
  GeoJSON as AeroGeoJSON,
  HLL,
  Key as AeroKey,
  type UserKey,
  type Value,
} from "../../mod.ts";

/** A float that stays a float on the wire even when it has no fraction (`new Double(1.0)`). */
class DoubleValue {
  /** The number. */
  Double: number;
  /** Wraps a number (or a numeric string, as the official `Double` parses it). */
  constructor(value: number | string) {
    const n = typeof value === "number" ? value : typeof value === "string" ? Number.parseFloat(value) : NaN;
    if (Number.isNaN(n)) throw new TypeError("Not a valid Double value");
    this.Double = n;
  }
  /** The number. */
  value(): number {
    return this.Double;
  }
}

/** `Double`: a class that, like the official one, refuses to be called without `new`. */
export const Double: typeof DoubleValue & ((value: number | string) => never) = new Proxy(DoubleValue, {
  apply: () => {
    throw new Error("Invalid use of Double constructor - use `new Double(...)` instead.");
  },
}) as typeof DoubleValue & ((value: number | string) => never);
/** A float value. */
export type Double = DoubleValue;

/** A GeoJSON shape maker that, like the official ones, may be called with or without `new`. */
export type GeoFactory<A extends unknown[]> = {
  (...args: A): GeoJSONValue;
  new (...args: A): GeoJSONValue;
};
// A plain function (not an arrow or a method) can be called with `new`: returning an object from it
// makes `new` yield that object.
function factory<A extends unknown[]>(make: (...args: A) => GeoJSONValue): GeoFactory<A> {
  return function (...args: A): GeoJSONValue {
    return make(...args);
  } as unknown as GeoFactory<A>;
}

/** A GeoJSON value (`new GeoJSON({ type: "Point", coordinates: [lng, lat] })`). */
class GeoJSONValue {
  /** The JSON text. */
  str: string;
  /** Wraps a GeoJSON object or its JSON text. */
  constructor(json: string | object) {
    if (typeof json === "string") this.str = json;
    else if (json !== null && typeof json === "object") this.str = JSON.stringify(json);
    else throw new TypeError("Not a valid GeoJSON value");
  }
  /** A point (callable with or without `new`, as the official `GeoJSON.Point`). */
  static Point: GeoFactory<[lng: number, lat: number]> = factory((lng: number, lat: number) =>
    new GeoJSONValue({ type: "Point", coordinates: [lng, lat] })
  );
  /** A polygon from its corner points (callable with or without `new`). */
  static Polygon: GeoFactory<number[][]> = factory((...coordinates: number[][]) =>
    new GeoJSONValue({ type: "Polygon", coordinates: [coordinates] })
  );
  /** A circle (`AeroCircle`) with a radius in meters (callable with or without `new`). */
  static Circle: GeoFactory<[lng: number, lat: number, radius: number]> = factory((
    lng: number,
    lat: number,
    radius: number,
  ) => new GeoJSONValue({ type: "AeroCircle", coordinates: [[lng, lat], radius] }));
  /** The parsed object. */
  toJSON(): unknown {
    return JSON.parse(this.str);
  }
  /** The JSON text. */
  toString(): string {
    return this.str;
  }
  /** The parsed object. */
  value(): unknown {
    return this.toJSON();
  }
}

/** `GeoJSON`: a class that may also be called without `new`, as the official one. */
export const GeoJSON: typeof GeoJSONValue & ((json: string | object) => GeoJSONValue) = new Proxy(
  GeoJSONValue,
  {
    apply: (target, _this, args: [string | object]) => new target(...args),
  },
) as typeof GeoJSONValue & ((json: string | object) => GeoJSONValue);
/** A GeoJSON value. */
export type GeoJSON = GeoJSONValue;

const MAX_NS = 32;
const MAX_SET = 64;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
type BufferCtor = { from(b: Uint8Array): Uint8Array; isBuffer(v: unknown): boolean };
const NodeBuffer = (globalThis as { Buffer?: BufferCtor }).Buffer;

/** A Uint8Array as a Node `Buffer` when the runtime has one (the official client returns Buffers). */
export function toBuffer(b: Uint8Array): Uint8Array {
  if (NodeBuffer === undefined || NodeBuffer.isBuffer(b)) return b;
  return NodeBuffer.from(b);
}

function validateUserKey(key: unknown): void {
  switch (typeof key) {
    case "string":
      if (key.length === 0) throw new TypeError("Invalid user key: Empty string not allowed");
      return;
    case "number":
      if (!Number.isInteger(key)) {
        throw new TypeError("Invalid user key: Only integer numbers are allowed");
      }
      return;
    case "bigint":
      if (key < -(2n ** 63n) || key >= 2n ** 63n) {
        throw new TypeError("Invalid user key: BigInt key is outside valid range -2^63 ... 2^63-1");
      }
      return;
    case "object":
      if (key instanceof Uint8Array) {
        if (key.length === 0) throw new TypeError("Invalid user key: Empty Buffer not allowed");
        return;
      }
  }
  throw new TypeError("Invalid user key: Must be string, integer, BigInt, or Buffer");
}

/** A record's key: namespace, set, user key and/or 20-byte digest, as the official `Key`. */
export class Key {
  /** Namespace. */
  ns: string;
  /** Set (may be null/undefined). */
  set: string | null | undefined;
  /** User key (may be null/undefined when only the digest is known). */
  key: string | number | bigint | Uint8Array | null | undefined;
  /** The digest, when known (null for a fresh key). */
  digest: Uint8Array | null;

  /** Checks and stores the parts; throws `TypeError` as the official client does. */
  constructor(
    ns: string,
    set?: string | null,
    key?: string | number | bigint | Uint8Array | null,
    digest?: Uint8Array | null,
  ) {
    if (typeof ns !== "string" || ns.length === 0 || ns.length > MAX_NS) {
      throw new TypeError("Namespace must be a valid string (max. length 32)");
    }
    this.ns = ns;
    if (isSet(set) && (typeof set !== "string" || set.length === 0 || set.length > MAX_SET)) {
      throw new TypeError("Set must be a valid string (max. length 64)");
    }
    this.set = set;
    if (isSet(key)) validateUserKey(key);
    this.key = key;
    if (isSet(digest) && !(digest instanceof Uint8Array && digest.length === 20)) {
      throw new TypeError("Digest must be a 20-byte Buffer");
    }
    this.digest = digest ?? null;
    if (!isSet(key) && !isSet(digest)) throw new TypeError("Either key or digest must be set");
  }

  /** Same namespace, set, user key and (when both known) digest. */
  equals(other: Key): boolean {
    const same = (a: unknown, b: unknown) => (!isSet(a) && !isSet(b)) || a === b;
    if (this.ns !== other.ns || !same(this.set, other.set)) return false;
    if (isSet(this.key) || isSet(other.key)) {
      const a = this.key, b = other.key;
      if (a instanceof Uint8Array && b instanceof Uint8Array) {
        if (a.length !== b.length || a.some((x, i) => x !== b[i])) return false;
      } else if (a !== b) return false;
    }
    if (this.digest && other.digest) {
      return this.digest.length === other.digest.length &&
        this.digest.every((x, i) => x === other.digest![i]);
    }
    return true;
  }
}

/** Converts an official-shaped key (or any `{ns, set, key, digest}`) to an aerolite key. */
export function toAeroKey(k: unknown): AeroKey {
  if (k instanceof AeroKey) return k;
  if (k === null || typeof k !== "object") throw new TypeError("Key must be an instance of Key");
  const o = k as { ns?: unknown; set?: unknown; key?: unknown; digest?: unknown };
  if (typeof o.ns !== "string") throw new TypeError("Key must be an instance of Key");
  const set = typeof o.set === "string" ? o.set : "";
  if (isSet(o.key)) {
    const uk = typeof o.key === "number" && !Number.isSafeInteger(o.key) ? o.key : o.key;
    const out = new AeroKey(o.ns, set, uk as UserKey);
    // The official client writes the digest it computes into the caller's key (a Key or a plain
    // object) at every command, failed ones too.
    if (!(o.digest instanceof Uint8Array) && !Object.isFrozen(o)) o.digest = toBuffer(out.digest);
    return out;
  }
  if (o.digest instanceof Uint8Array) return AeroKey.fromDigest(o.ns, set, o.digest);
  throw new TypeError("Either key or digest must be set");
}

/** An aerolite key as an official-shaped `Key` (digest filled in). */
export function fromAeroKey(k: AeroKey | undefined, fallback?: unknown): Key | undefined {
  if (k === undefined) return fallback instanceof Key ? fallback : undefined;
  const uk = k.userKey;
  const userKey = uk instanceof Uint8Array ? toBuffer(uk) : uk;
  const set = k.set === "" ? (fallback instanceof Key ? fallback.set : null) : k.set;
  const out = new Key(k.ns, set, userKey ?? null, toBuffer(k.digest));
  if (fallback instanceof Key && !isSet(userKey) && isSet(fallback.key)) out.key = fallback.key;
  return out;
}

/**
 * A record as the official client returns it. Its fields are typed as the official typings type
 * them (`AerospikeRecord`: `key: Key`, `bins`, `ttl: number`, `gen: number`), so TypeScript written
 * against those compiles unchanged on compat; as there, a record the server did not return in full
 * holds `undefined` (`key`, `ttl`, `gen` of a missing batch key) or `null` (`existsWithMetadata`'s
 * `bins`) at run time.
 */
export class Record {
  /** The record's key. */
  key: Key;
  /** Bin values by name (null from `existsWithMetadata`). */
  bins: { [bin: string]: unknown };
  /** Seconds to live (-1: never expires). */
  ttl: number;
  /** Generation. */
  gen: number;
  /** Creates a record. */
  constructor(
    key: Key | undefined,
    bins: { [bin: string]: unknown } | null,
    metadata?: { ttl?: number; gen?: number },
  ) {
    this.key = key as Key;
    this.bins = bins as { [bin: string]: unknown };
    this.ttl = metadata?.ttl as number;
    this.gen = metadata?.gen as number;
  }
}

/** A value given in the official shapes (Double, GeoJSON, Buffer, objects) as an aerolite value. */
export function toAeroValue(v: unknown): Value {
  if (v === undefined) return null;
  if (v instanceof Double) return new AeroDouble(v.Double);
  if (v instanceof GeoJSON) return new AeroGeoJSON(v.str);
  if (Array.isArray(v)) return v.map(toAeroValue);
  if (v instanceof Map) {
    const out = new Map<Value, Value>();
    for (const [k, x] of v) out.set(toAeroValue(k), toAeroValue(x));
    return out;
  }
  if (
    v !== null && typeof v === "object" && !(v instanceof Uint8Array) && !(v instanceof AeroDouble) &&
    !(v instanceof AeroGeoJSON) && !(v instanceof HLL) && Object.getPrototypeOf(v) === Object.prototype
  ) {
    const out: { [k: string]: Value } = {};
    for (const [k, x] of Object.entries(v)) out[k] = toAeroValue(x);
    return out;
  }
  return v as Value;
}

/** Bins in the official shapes as aerolite bins. */
export function toAeroBins(bins: unknown): Bins {
  if (bins instanceof Bin) bins = [bins];
  const binList = Array.isArray(bins) && bins.every((b) => b instanceof Bin);
  if (bins === null || typeof bins !== "object" || (Array.isArray(bins) && !binList)) {
    throw new TypeError("Bins must be an object");
  }
  const out: Bins = {};
  const entries = binList
    ? (bins as Bin[]).map((b) => [b.name, b.value] as const)
    : bins instanceof Map
    ? [...bins.entries()]
    : Object.entries(bins);
  for (const [k, v] of entries) {
    // The official client refuses an undefined bin value (ERR_PARAM) instead of dropping the bin.
    if (v === undefined) throw new TypeError(`Bin "${String(k)}" has an undefined value`);
    out[String(k)] = toAeroValue(v);
  }
  return out;
}

/** One bin: `new Bin(name, value, mapOrder?)` (`mapOrder` 1 stores an object as a key-ordered map). */
export class Bin {
  /** Bin name. */
  name: string;
  /** Bin value. */
  value: unknown;
  /** Stores the name and value (an object becomes a `Map` for `mapOrder` 1, as the official class). */
  constructor(name: string, value: unknown, mapOrder?: number) {
    this.name = name;
    this.value = mapOrder === 1 && value !== null && typeof value === "object"
      ? new Map(Object.entries(value))
      : value;
  }
}

/** A value read from the server in the official shapes (Buffers, plain objects for maps). */
export function fromAeroValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return toBuffer(v);
  if (v instanceof HLL) return toBuffer(v.bytes);
  if (v instanceof AeroGeoJSON) return v.text; // the official client reads GeoJSON back as its text
  if (v instanceof AeroDouble) return v.value;
  if (Array.isArray(v)) return v.map(fromAeroValue);
  if (v instanceof Map) {
    const out: { [k: string]: unknown } = {};
    for (const [k, x] of v) out[String(k)] = fromAeroValue(x);
    return out;
  }
  if (v !== null && typeof v === "object") {
    const out: { [k: string]: unknown } = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromAeroValue(x);
    return out;
  }
  return v;
}

/** Read bins in the official shapes. */
export function fromAeroBins(bins: Bins | undefined): { [bin: string]: unknown } {
  const out: { [bin: string]: unknown } = {};
  if (bins) { for (const [k, v] of Object.entries(bins)) out[k] = fromAeroValue(v); }
  return out;
}
