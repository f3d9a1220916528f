/**
 * The msgpack writer for CDT values (see `msgpack_format.ts` for Aerospike's conventions):
 * `MsgPackWriter` packs into a reusable growable buffer, `packValue` packs one value.
 * @module
 */

import { Double, GeoJSON, HLL, OrderedMap, SpecialValue, type Value } from "./values.ts";
import {
  AS_BYTES_BLOB,
  AS_BYTES_GEOJSON,
  AS_BYTES_STRING,
  CMP_EXT_TYPE,
  CMP_INF,
  CMP_WILDCARD,
  compareMapKeys,
  MAP_KEY_ORDERED,
  MAP_KEY_VALUE_ORDERED,
  MSGPACK_MAX_DEPTH,
  utf8Compare,
} from "./msgpack_format.ts";

const encoder = new TextEncoder();
const TWO_32 = 4294967296;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * A reusable, growable big-endian byte writer with msgpack packers. `reset()` keeps the buffer, so
 * one writer per command (or per encoder) avoids per-value allocations.
 * @example
 * ```ts
 * const w = new MsgPackWriter();
 * w.packArrayHeader(2); w.packInt(1); w.packString("a");
 * w.toBytes(); // 92 01 a2 03 61
 * ```
 */
export class MsgPackWriter {
  #buf: Uint8Array;
  #view: DataView;
  #pos = 0;

  /** A writer with `initialSize` bytes of room; it grows by doubling. */
  constructor(initialSize = 256) {
    this.#buf = new Uint8Array(Math.max(16, initialSize));
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#pos;
  }

  /** Forgets the content, keeping the buffer for reuse. */
  reset(): void {
    this.#pos = 0;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }

  /** A view (no copy) of the bytes written so far; valid only until the next write or reset. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#pos);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.#pos + n;
    if (need <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(need, this.#buf.length * 2));
    grown.set(this.#buf.subarray(0, this.#pos));
    this.#buf = grown;
    this.#view = new DataView(grown.buffer);
  }

  /** Writes `code` then `v` big-endian in `size` (1, 2, 4) bytes; two's complement for negatives. */
  #op(code: number, size: number, v: number): void {
    this.ensure(1 + size);
    const b = this.#buf;
    const p = this.#pos;
    b[p] = code;
    for (let i = size; i > 0; i--, v >>= 8) b[p + i] = v & 0xff;
    this.#pos = p + 1 + size;
  }

  /** Reserves `size` bytes and returns where they start (read `#buf`/`#view` only after: they may grow). */
  #take(size: number): number {
    this.ensure(size);
    this.#pos += size;
    return this.#pos - size;
  }

  /** Appends one raw byte. */
  writeByte(b: number): void {
    this.ensure(1);
    this.#buf[this.#pos++] = b;
  }

  /** Appends raw bytes. */
  writeBytes(b: Uint8Array): void {
    const at = this.#take(b.length);
    this.#buf.set(b, at);
  }

  /** Appends a raw big-endian u32. */
  writeUint32(v: number): void {
    const at = this.#take(4);
    this.#view.setUint32(at, v);
  }

  /** Overwrites a big-endian u32 at `at` (to patch a length written before its content). */
  setUint32(at: number, v: number): void {
    if (at < 0 || at + 4 > this.#pos) throw new RangeError(`setUint32 at ${at} outside written bytes`);
    this.#view.setUint32(at, v);
  }

  /** Appends a raw 8-byte big-endian two's complement integer (a safe integer or an int64 bigint). */
  writeInt64(v: number | bigint): void {
    const at = this.#take(8);
    if (typeof v === "bigint") return this.#view.setBigInt64(at, v);
    // Exact for |v| <= 2^53: floor gives the two's complement high word for negatives too.
    const hi = Math.floor(v / TWO_32);
    this.#view.setInt32(at, hi);
    this.#view.setUint32(at + 4, v - hi * TWO_32);
  }

  /** Appends a raw 8-byte big-endian IEEE 754 double. */
  writeFloat64(v: number): void {
    const at = this.#take(8);
    this.#view.setFloat64(at, v);
  }

  /** Appends the UTF-8 bytes of `s` (no header) and returns how many were written. */
  writeUtf8(s: string): number {
    this.ensure(s.length * 3);
    const n = utf8Into(s, this.#buf, this.#pos);
    this.#pos += n;
    return n;
  }

  /** Packs nil (`c0`). */
  packNil(): void {
    this.writeByte(0xc0);
  }

  /** Packs a boolean (`c2`/`c3`). */
  packBool(v: boolean): void {
    this.writeByte(v ? 0xc3 : 0xc2);
  }

  /** Packs an integer in its smallest form as the Go client does (`d3` beyond u32, `cf` only beyond int64). */
  packInt(v: number | bigint): void {
    if (typeof v === "bigint") {
      if (v >= -0x80000000n && v <= 0xffffffffn) return this.packInt(Number(v));
      if (v < INT64_MIN || v > UINT64_MAX) {
        throw new RangeError(`integer ${v} is outside the int64/uint64 range`);
      }
      this.writeByte(v <= INT64_MAX ? 0xd3 : 0xcf);
      const at = this.#take(8);
      return v <= INT64_MAX ? this.#view.setBigInt64(at, v) : this.#view.setBigUint64(at, v);
    }
    if (!Number.isSafeInteger(v)) throw new RangeError(`${v} is not a safe integer`);
    if (v >= 0) {
      if (v < 128) return this.writeByte(v);
      if (v < 256) return this.#op(0xcc, 1, v);
      if (v < 65536) return this.#op(0xcd, 2, v);
      if (v < TWO_32) return this.#op(0xce, 4, v);
    } else {
      if (v >= -32) return this.writeByte(v & 0xff); // negative fixint e0..ff
      if (v >= -128) return this.#op(0xd0, 1, v);
      if (v >= -32768) return this.#op(0xd1, 2, v);
      if (v >= -0x80000000) return this.#op(0xd2, 4, v);
    }
    this.writeByte(0xd3);
    this.writeInt64(v);
  }

  /** Packs a 64-bit float (`cb`). */
  packDouble(v: number): void {
    this.writeByte(0xcb);
    this.writeFloat64(v);
  }

  /** Packs an array header for `n` elements. */
  packArrayHeader(n: number): void {
    if (n < 16) this.writeByte(0x90 | n);
    else if (n < 65536) this.#op(0xdc, 2, n);
    else this.#op(0xdd, 4, n);
  }

  /** Packs a map header for `n` entries (a flags entry, if any, counts as one). */
  packMapHeader(n: number): void {
    if (n < 16) this.writeByte(0x80 | n);
    else if (n < 65536) this.#op(0xde, 2, n);
    else this.#op(0xdf, 4, n);
  }

  /** Map header for `n` entries plus the flags entry `c7 00 <flags>` → nil (`flags` 0: a plain header). */
  packMapHeaderWithFlags(n: number, flags: number): void {
    if (flags === 0) return this.packMapHeader(n);
    this.packMapHeader(n + 1);
    // An ext8 of length 0 whose ext type byte carries the flags, then the entry's nil value.
    this.#op(0xc7, 3, (flags << 8) | 0xc0);
  }

  /** Packs a string: str header, particle type byte 3, UTF-8 bytes. */
  packString(s: string): void {
    this.#packText(s, AS_BYTES_STRING);
  }

  /** Packs a string without the particle type byte (a raw msgpack str). */
  packRawString(s: string): void {
    this.#packText(s, -1);
  }

  /** Packs GeoJSON text: str header, particle type byte 23, UTF-8 bytes. */
  packGeoJSON(text: string): void {
    this.#packText(text, AS_BYTES_GEOJSON);
  }

  /** Packs a blob as the Go client does: str-family header, particle type byte (4), then the bytes. */
  packBlob(b: Uint8Array, type: number = AS_BYTES_BLOB): void {
    this.#strHeader(b.length + 1);
    this.writeByte(type);
    this.writeBytes(b);
  }

  /** Packs a special value: wildcard `d4 ff 00`, infinity `d4 ff 01`. */
  packSpecial(v: SpecialValue): void {
    this.#op(0xd4, 2, (CMP_EXT_TYPE << 8) | (v.kind === "infinity" ? CMP_INF : CMP_WILDCARD));
  }

  /** Packs any `Value`: `TypeError` for anything else, `RangeError` for cycles and huge integers. */
  packValue(v: Value): void {
    this.#pack(v, 0);
  }

  #pack(v: Value, depth: number): void {
    if (typeof v === "string") return this.#packText(v, AS_BYTES_STRING);
    if (typeof v === "number") return Number.isSafeInteger(v) ? this.packInt(v) : this.packDouble(v);
    if (typeof v === "bigint") return this.packInt(v);
    if (typeof v === "boolean") return this.packBool(v);
    if (typeof v !== "object") throw new TypeError(`cannot encode a ${typeof v} as an Aerospike value`);
    if (v === null) return this.packNil();
    if (depth >= MSGPACK_MAX_DEPTH) {
      throw new RangeError(`value nested deeper than ${MSGPACK_MAX_DEPTH} levels (is it cyclic?)`);
    }
    if (Array.isArray(v)) {
      this.packArrayHeader(v.length);
      for (let i = 0; i < v.length; i++) this.#pack(v[i], depth + 1);
    } else if (v instanceof Uint8Array) this.packBlob(v);
    else if (v instanceof Map) this.#packMap(v, depth);
    else if (v instanceof Double) this.packDouble(v.value);
    else if (v instanceof GeoJSON) this.packGeoJSON(v.text);
    else if (v instanceof HLL) this.packBlob(v.bytes);
    else if (v instanceof SpecialValue) this.packSpecial(v);
    else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`cannot encode a ${proto?.constructor?.name} instance as an Aerospike value`);
      }
      // Plain objects go as key-ordered maps, keys in UTF-8 byte order, as the official Node client sends them.
      const keys = Object.keys(v).sort(utf8Compare);
      this.packMapHeaderWithFlags(keys.length, MAP_KEY_ORDERED);
      for (const k of keys) {
        const item = (v as { [key: string]: Value })[k];
        if (item === undefined) throw new TypeError(`cannot encode undefined (map key "${k}")`);
        this.#packText(k, AS_BYTES_STRING);
        this.#pack(item, depth + 1);
      }
    }
  }

  #packMap(m: Map<Value, Value>, depth: number): void {
    const order = m instanceof OrderedMap ? m.order : "unordered";
    const flags = order === "keyOrdered"
      ? MAP_KEY_ORDERED
      : order === "keyValueOrdered"
      ? MAP_KEY_VALUE_ORDERED
      : 0;
    this.packMapHeaderWithFlags(m.size, flags);
    const entries = flags === 0 ? m : Array.from(m).sort((a, b) => compareMapKeys(a[0], b[0]));
    for (const [k, val] of entries) {
      this.#pack(k, depth + 1);
      this.#pack(val, depth + 1);
    }
  }

  #strHeader(n: number): void {
    if (n < 32) this.writeByte(0xa0 | n);
    else if (n < 256) this.#op(0xd9, 1, n);
    else if (n < 65536) this.#op(0xda, 2, n);
    else this.#op(0xdb, 4, n);
  }

  /** str header, optional type byte, UTF-8 encoded in place after a header sized for the worst case. */
  #packText(s: string, type: number): void {
    const extra = type < 0 ? 0 : 1;
    const hdr = strHeaderSize(s.length * 3 + extra);
    this.ensure(hdr + s.length * 3 + extra);
    const start = this.#pos + hdr;
    if (extra) this.#buf[start] = type;
    const n = utf8Into(s, this.#buf, start + extra) + extra;
    const real = strHeaderSize(n);
    if (real < hdr) this.#buf.copyWithin(this.#pos + real, start, start + n);
    this.#strHeader(n);
    this.#pos += n;
  }
}

const strHeaderSize = (n: number): number => n < 32 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;

/** UTF-8 encodes `s` into `buf` at `at` (room for 3 bytes per UTF-16 unit); ASCII by hand, the rest by `encodeInto`. */
function utf8Into(s: string, buf: Uint8Array, at: number): number {
  const n = s.length;
  if (n > 48) return encoder.encodeInto(s, buf.subarray(at)).written;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encoder.encodeInto(s, buf.subarray(at)).written;
    buf[at + i] = c;
  }
  return n;
}

const scratch = new MsgPackWriter(1024);

/** Packs one value into a fresh byte array (encoded in a shared scratch writer, then copied). */
export function packValue(v: Value): Uint8Array {
  scratch.reset();
  scratch.packValue(v);
  return scratch.toBytes();
}
