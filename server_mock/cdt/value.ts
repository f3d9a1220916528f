/**
 * The mock's own model of CDT values: a msgpack tree that keeps what the server keeps (integer vs
 * float, string vs blob vs GeoJSON, list and map flags, insertion order) so a value read back is
 * byte-identical to what a real node returns. Scalars keep their original bytes; containers are
 * re-packed with the smallest headers, as the server packs them.
 *
 * Order between values is the server's: nil < false < true < integers < strings < lists < maps <
 * blobs < floats < GeoJSON, then the range specials wildcard (equal to anything) and infinity.
 * @module
 */
import { MsgPackWriter } from "../../src/wire/msgpack.ts";

/** A decoded CDT value. */
export type CdtValue =
  | { k: "nil"; raw?: Uint8Array }
  | { k: "bool"; v: boolean; raw?: Uint8Array }
  | { k: "int"; v: bigint; raw?: Uint8Array }
  | { k: "float"; v: number; raw?: Uint8Array }
  | { k: "bytes"; t: number; v: Uint8Array; raw?: Uint8Array }
  | { k: "list"; items: CdtValue[]; flags: number }
  | { k: "map"; entries: [CdtValue, CdtValue][]; flags: number }
  | { k: "wild"; raw?: Uint8Array }
  | { k: "inf"; raw?: Uint8Array };

/** A list value. */
export type CdtList = Extract<CdtValue, { k: "list" }>;
/** A map value. */
export type CdtMap = Extract<CdtValue, { k: "map" }>;

/** A malformed or refused CDT payload: carries the server's result code. */
export class CdtError extends Error {
  /** Result code to answer. */
  readonly code: number;
  /**
   * @param code result code
   * @param message what was wrong
   */
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** String content type byte inside msgpack (`AS_BYTES_STRING`). */
export const BYTES_STRING = 3;
/** Blob content type byte inside msgpack (`AS_BYTES_BLOB`). */
export const BYTES_BLOB = 4;
/** GeoJSON content type byte inside msgpack (`AS_BYTES_GEOJSON`). */
export const BYTES_GEOJSON = 23;
const MAX_DEPTH = 64;
const PARAMETER_ERROR = 4;

/** The nil value. */
export const NIL: CdtValue = { k: "nil" };
/** An integer value. */
export const int = (v: number | bigint): CdtValue => ({ k: "int", v: BigInt(v) });
/** A boolean value. */
export const bool = (v: boolean): CdtValue => ({ k: "bool", v });

/** Reads msgpack into {@linkcode CdtValue}s, never outside its bounds (CdtError 4 otherwise). */
export class CdtReader {
  #b: Uint8Array;
  #v: DataView;
  /** Next byte to read. */
  pos: number;
  #end: number;

  /** A reader of `b[pos, end)`. */
  constructor(b: Uint8Array, pos = 0, end = b.length) {
    this.#b = b;
    this.#v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.pos = pos;
    this.#end = end;
  }

  /** True when every byte was read. */
  get done(): boolean {
    return this.pos >= this.#end;
  }

  #take(n: number): number {
    if (n < 0 || this.#end - this.pos < n) throw new CdtError(PARAMETER_ERROR, "truncated msgpack");
    this.pos += n;
    return this.pos - n;
  }

  #len(size: number): number {
    const at = this.#take(size);
    return size === 1 ? this.#b[at] : size === 2 ? this.#v.getUint16(at) : this.#v.getUint32(at);
  }

  /** Reads one value. */
  read(depth = 0): CdtValue {
    if (depth > MAX_DEPTH) throw new CdtError(PARAMETER_ERROR, "msgpack nested too deep");
    const start = this.pos;
    const c = this.#b[this.#take(1)];
    const raw = (): Uint8Array => this.#b.subarray(start, this.pos);
    if (c < 0x80) return { k: "int", v: BigInt(c), raw: raw() };
    if (c >= 0xe0) return { k: "int", v: BigInt(c - 256), raw: raw() };
    if (c < 0x90) return this.#map(c & 0x0f, depth);
    if (c < 0xa0) return this.#list(c & 0x0f, depth);
    if (c < 0xc0) return this.#bytes(c & 0x1f, start);
    switch (c) {
      case 0xc0:
        return { k: "nil", raw: raw() };
      case 0xc2:
      case 0xc3:
        return { k: "bool", v: c === 0xc3, raw: raw() };
      case 0xc4:
      case 0xd9:
        return this.#bytes(this.#len(1), start);
      case 0xc5:
      case 0xda:
        return this.#bytes(this.#len(2), start);
      case 0xc6:
      case 0xdb:
        return this.#bytes(this.#len(4), start);
      case 0xca:
        return { k: "float", v: this.#v.getFloat32(this.#take(4)), raw: raw() };
      case 0xcb:
        return { k: "float", v: this.#v.getFloat64(this.#take(8)), raw: raw() };
      case 0xdc:
        return this.#list(this.#len(2), depth);
      case 0xdd:
        return this.#list(this.#len(4), depth);
      case 0xde:
        return this.#map(this.#len(2), depth);
      case 0xdf:
        return this.#map(this.#len(4), depth);
    }
    if (c >= 0xcc && c <= 0xd3) {
      const size = 1 << ((c - 0xcc) & 3);
      const at = this.#take(size);
      const v = this.#v;
      const signed = c >= 0xd0;
      let n: bigint;
      if (size === 1) n = BigInt(signed ? v.getInt8(at) : v.getUint8(at));
      else if (size === 2) n = BigInt(signed ? v.getInt16(at) : v.getUint16(at));
      else if (size === 4) n = BigInt(signed ? v.getInt32(at) : v.getUint32(at));
      else n = signed ? v.getBigInt64(at) : BigInt.asIntN(64, v.getBigUint64(at));
      return { k: "int", v: n, raw: raw() };
    }
    if (c === 0xd4) {
      const at = this.#take(2);
      if (this.#b[at] === 0xff && this.#b[at + 1] <= 1) {
        return this.#b[at + 1] === 0 ? { k: "wild", raw: raw() } : { k: "inf", raw: raw() };
      }
    }
    throw new CdtError(PARAMETER_ERROR, `unsupported msgpack byte 0x${c.toString(16)}`);
  }

  #bytes(n: number, start: number): CdtValue {
    const at = this.#take(n);
    const raw = this.#b.subarray(start, this.pos);
    if (n === 0) return { k: "bytes", t: BYTES_STRING, v: new Uint8Array(0), raw };
    return { k: "bytes", t: this.#b[at], v: this.#b.subarray(at + 1, at + n), raw };
  }

  /** Reads a leading flags ext (`c7 00 <flags>`) if there is one; returns the flags or -1. */
  #flags(): number {
    const b = this.#b;
    if (this.#end - this.pos >= 3 && b[this.pos] === 0xc7 && b[this.pos + 1] === 0) {
      this.pos += 3;
      return b[this.pos - 1];
    }
    return -1;
  }

  #list(count: number, depth: number): CdtValue {
    if (count > this.#end - this.pos) throw new CdtError(PARAMETER_ERROR, "msgpack list past the end");
    let flags = 0;
    if (count > 0) {
      const f = this.#flags();
      if (f >= 0) {
        flags = f;
        count--;
      }
    }
    const items: CdtValue[] = [];
    for (let i = 0; i < count; i++) items.push(this.read(depth + 1));
    return { k: "list", items, flags };
  }

  #map(count: number, depth: number): CdtValue {
    if (count * 2 > this.#end - this.pos) throw new CdtError(PARAMETER_ERROR, "msgpack map past the end");
    let flags = 0;
    if (count > 0) {
      const f = this.#flags();
      if (f >= 0) {
        flags = f;
        this.read(depth + 1); // the flags entry's nil value
        count--;
      }
    }
    const entries: [CdtValue, CdtValue][] = [];
    for (let i = 0; i < count; i++) entries.push([this.read(depth + 1), this.read(depth + 1)]);
    return { k: "map", entries, flags };
  }
}

/** Map entries in key order (stable), as a node stores every map. */
export function sortEntries(entries: [CdtValue, CdtValue][]): [CdtValue, CdtValue][] {
  for (let i = 1; i < entries.length; i++) {
    if (compareCdt(entries[i - 1][0], entries[i][0]) > 0) {
      return entries.map((e, j) => [e, j] as const).sort((a, b) =>
        compareCdt(a[0][0], b[0][0]) || a[1] - b[1]
      )
        .map(([e]) => e);
    }
  }
  return entries;
}

/**
 * A value as a node stores what it is sent (`cdt_untrusted_rewrite`): every map, unordered ones
 * too, in key order, at every depth. Search arguments are compared as sent, not rewritten.
 */
export function rewrite(v: CdtValue): CdtValue {
  if (v.k === "list") return { k: "list", items: v.items.map(rewrite), flags: v.flags };
  if (v.k === "map") {
    return {
      k: "map",
      entries: sortEntries(v.entries.map(([a, b]) => [rewrite(a), rewrite(b)])),
      flags: v.flags,
    };
  }
  return v;
}

/** Decodes exactly one value from `bytes` (CdtError 4 for anything malformed). */
export function decodeCdt(bytes: Uint8Array): CdtValue {
  const r = new CdtReader(bytes);
  const v = r.read();
  if (!r.done) throw new CdtError(PARAMETER_ERROR, "trailing bytes after a msgpack value");
  return v;
}

/** Packs a value the way the server does (original bytes for untouched scalars). */
export function packCdt(w: MsgPackWriter, v: CdtValue): void {
  if ("raw" in v && v.raw !== undefined) return w.writeBytes(v.raw);
  switch (v.k) {
    case "nil":
      return w.packNil();
    case "bool":
      return w.packBool(v.v);
    case "int":
      // The server packs non-negative integers in the unsigned forms (cc..cf).
      if (v.v > 0xffffffffn) {
        w.writeByte(0xcf);
        const b = new Uint8Array(8);
        new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v.v));
        return w.writeBytes(b);
      }
      return w.packInt(v.v);
    case "float":
      return w.packDouble(v.v);
    case "bytes":
      return w.packBlob(v.v, v.t);
    case "wild":
      w.writeBytes(new Uint8Array([0xd4, 0xff, 0]));
      return;
    case "inf":
      w.writeBytes(new Uint8Array([0xd4, 0xff, 1]));
      return;
    case "list":
      w.packArrayHeader(v.items.length + (v.flags !== 0 ? 1 : 0));
      if (v.flags !== 0) w.writeBytes(new Uint8Array([0xc7, 0, v.flags]));
      for (const item of v.items) packCdt(w, item);
      return;
    case "map":
      w.packMapHeaderWithFlags(v.entries.length, v.flags);
      for (const [key, val] of v.entries) {
        packCdt(w, key);
        packCdt(w, val);
      }
  }
}

/** The msgpack bytes of a value. */
export function encodeCdt(v: CdtValue): Uint8Array {
  const w = new MsgPackWriter(64);
  packCdt(w, v);
  return w.toBytes();
}

const RANK: Record<CdtValue["k"], number> = {
  nil: 1,
  bool: 2,
  int: 4,
  bytes: 6,
  list: 7,
  map: 8,
  float: 10,
  wild: 13,
  inf: 14,
};

function typeRank(v: CdtValue): number {
  if (v.k !== "bytes") return RANK[v.k];
  return v.t === BYTES_STRING ? 6 : v.t === BYTES_GEOJSON ? 11 : 9;
}

function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Thrown inside a comparison when a wildcard matched: the enclosing values compare equal. */
const WILD = Symbol("wild");

function cmp(a: CdtValue, b: CdtValue): number {
  if (a.k === "wild" || b.k === "wild") throw WILD;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (a.k) {
    case "bool":
      return Number(a.v) - Number((b as typeof a).v);
    case "int": {
      const y = (b as typeof a).v;
      return a.v < y ? -1 : a.v > y ? 1 : 0;
    }
    case "float": {
      const y = (b as typeof a).v;
      return a.v < y ? -1 : a.v > y ? 1 : 0;
    }
    case "bytes": {
      const o = b as typeof a;
      return a.t !== o.t ? a.t - o.t : bytesCompare(a.v, o.v);
    }
    case "list": {
      const o = (b as typeof a).items;
      const n = Math.min(a.items.length, o.length);
      for (let i = 0; i < n; i++) {
        const c = cmp(a.items[i], o[i]);
        if (c !== 0) return c;
      }
      return a.items.length - o.length;
    }
    case "map": {
      const o = (b as typeof a).entries;
      if (a.entries.length !== o.length) return a.entries.length - o.length;
      for (let i = 0; i < o.length; i++) {
        const c = cmp(a.entries[i][0], o[i][0]) || cmp(a.entries[i][1], o[i][1]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/** Compares two values in the server's order; a wildcard anywhere makes the rest compare equal. */
export function compareCdt(a: CdtValue, b: CdtValue): number {
  try {
    return cmp(a, b);
  } catch (e) {
    if (e === WILD) return 0;
    throw e;
  }
}

/** Whether a value is a number (integer or float). */
export function isNumber(v: CdtValue): v is Extract<CdtValue, { k: "int" | "float" }> {
  return v.k === "int" || v.k === "float";
}

/** Reads a value as a JavaScript integer (CdtError 4 unless it is an integer). */
export function asInt(v: CdtValue | undefined, what: string): number {
  if (v === undefined || v.k !== "int") throw new CdtError(PARAMETER_ERROR, `${what} must be an integer`);
  if (v.v > BigInt(Number.MAX_SAFE_INTEGER) || v.v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new CdtError(PARAMETER_ERROR, `${what} out of range`);
  }
  return Number(v.v);
}

/** Drops the kept bytes of a value's scalars (after the server changes one it packs it anew). */
export function fresh(v: CdtValue): CdtValue {
  if (v.k === "list" || v.k === "map") return v;
  const copy = { ...v };
  delete copy.raw;
  return copy;
}
