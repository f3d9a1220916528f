/**
 * MessagePack for CDT values (lists, maps and their contents) with Aerospike's conventions:
 * strings, blobs and GeoJSON travel in the msgpack str family with a leading particle-type byte
 * (3, 4, 23); a map's first entry may be an ext "flags" key (`c7 00 <flags>`) with a nil value; the
 * special values wildcard and infinity are the ext values `d4 ff 00` and `d4 ff 01`.
 * @module
 */

import { Double, GeoJSON, HLL, OrderedMap, SpecialValue, type Value } from "../values.ts";
import { WireFormatError } from "./proto.ts";

/** Deepest nesting of lists/maps accepted when encoding or decoding (a depth bomb guard). */
export const MSGPACK_MAX_DEPTH = 256;
/** Leading byte of a string inside msgpack (`AS_BYTES_STRING`). */
export const AS_BYTES_STRING = 3;
/** Leading byte of a blob inside msgpack (`AS_BYTES_BLOB`). */
export const AS_BYTES_BLOB = 4;
/** Leading byte of GeoJSON text inside msgpack (`AS_BYTES_GEOJSON`). */
export const AS_BYTES_GEOJSON = 23;
/** Map flags: key ordered (`AS_MAP_KEY_ORDERED`). */
export const MAP_KEY_ORDERED = 1;
/** Map flags: key and value ordered (`AS_MAP_KEY_VALUE_ORDERED`). */
export const MAP_KEY_VALUE_ORDERED = 3;
/** Ext type the server uses for comparison specials (`AS_CMP_EXT_TYPE`). */
export const CMP_EXT_TYPE = 0xff;
/** Ext payload of the wildcard special (`AS_CMP_WILDCARD`). */
export const CMP_WILDCARD = 0;
/** Ext payload of the infinity special (`AS_CMP_INF`). */
export const CMP_INF = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
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

/** Compares two strings in UTF-8 byte order (the server's order), which differs from UTF-16 order. */
function utf8Compare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) encode code points above U+FFFF: in UTF-8 they sort after U+E000-FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Rank of a map key's type in the server's order: integer < string < bytes (it refuses other key types). */
function keyRank(v: Value): number {
  const t = typeof v;
  return t === "number" || t === "bigint" ? 0 : t === "string" ? 1 : v instanceof Uint8Array ? 2 : 3;
}

/**
 * Orders map keys as the server does: integers numerically, then strings in UTF-8 byte order, then
 * blobs bytewise. Used to sort the entries of key-ordered maps.
 */
export function compareMapKeys(a: Value, b: Value): number {
  const r = keyRank(a);
  if (r !== keyRank(b)) return r - keyRank(b);
  if (r === 1) return utf8Compare(a as string, b as string);
  if (r === 2) return bytesCompare(a as Uint8Array, b as Uint8Array);
  if (r !== 0) return 0;
  const [x, y] = [a as number | bigint, b as number | bigint];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Reads msgpack values from `bytes[offset, end)`. Never reads outside that range: truncated input,
 * lengths past the end, the reserved byte `c1`, unknown ext types and nesting deeper than
 * `MSGPACK_MAX_DEPTH` throw `WireFormatError`.
 * @example
 * ```ts
 * const r = new MsgPackReader(bytes);
 * const n = r.readArrayHeader();
 * const first = r.unpackValue();
 * ```
 */
export class MsgPackReader {
  #buf: Uint8Array;
  #view: DataView;
  #pos: number;
  #end: number;
  /** Shared scratch for map entries while deciding between a plain object and a `Map`. */
  #stack: Value[] = [];

  /** A reader of `bytes` from `offset` (first byte) to `end` (one past the last). */
  constructor(bytes: Uint8Array, offset = 0, end: number = bytes.length) {
    if (!(offset >= 0 && offset <= end && end <= bytes.length)) {
      throw new WireFormatError(`msgpack range [${offset}, ${end}) outside ${bytes.length} bytes`);
    }
    this.#buf = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#pos = offset;
    this.#end = end;
  }

  /** Position of the next byte to read. */
  get offset(): number {
    return this.#pos;
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.#end - this.#pos;
  }

  /** Reads one value (and everything nested in it). */
  unpackValue(): Value {
    this.#stack.length = 0;
    return this.#read(0);
  }

  /** Reads an array header and returns its element count (a leading flags ext still counts). */
  readArrayHeader(): number {
    return this.#header(0x90, 0xdc, "array");
  }

  /** Reads a map header and returns its entry count (a leading flags entry still counts). */
  readMapHeader(): number {
    return this.#header(0x80, 0xde, "map");
  }

  #header(fix: number, code16: number, what: string): number {
    const c = this.#buf[this.#take(1)];
    if ((c & 0xf0) === fix) return c & 0x0f;
    if (c === code16 || c === code16 + 1) return this.#len(c - code16 + 1);
    throw new WireFormatError(`expected a msgpack ${what}, found 0x${c.toString(16)} at ${this.#pos - 1}`);
  }

  /** Skips `size` bytes after checking they exist; returns where they start. */
  #take(size: number): number {
    if (this.#end - this.#pos < size) {
      throw new WireFormatError(`truncated msgpack: ${size} bytes at ${this.#pos}`);
    }
    this.#pos += size;
    return this.#pos - size;
  }

  /** A big-endian length of 1, 2 or 4 bytes (`k` = 0, 1, 2). */
  #len(k: number): number {
    const at = this.#take(1 << k);
    return k === 0 ? this.#buf[at] : k === 1 ? this.#view.getUint16(at) : this.#view.getUint32(at);
  }

  /** The fixed-size numbers `ca`..`d3`. 64-bit integers are numbers when safe, else bigints (never rounded). */
  #number(c: number): number | bigint {
    const v = this.#view;
    if (c === 0xca) return v.getFloat32(this.#take(4));
    if (c === 0xcb) return v.getFloat64(this.#take(8));
    const signed = c >= 0xd0;
    const size = 1 << ((c - 0xcc) & 3);
    const at = this.#take(size);
    if (size === 1) return signed ? v.getInt8(at) : v.getUint8(at);
    if (size === 2) return signed ? v.getInt16(at) : v.getUint16(at);
    if (size === 4) return signed ? v.getInt32(at) : v.getUint32(at);
    const n = (signed ? v.getInt32(at) : v.getUint32(at)) * TWO_32 + v.getUint32(at + 4);
    if (Number.isSafeInteger(n)) return n;
    return signed ? v.getBigInt64(at) : v.getBigUint64(at);
  }

  #read(depth: number): Value {
    const c = this.#buf[this.#take(1)];
    if (c < 0x80) return c;
    if (c >= 0xe0) return c - 256;
    if (c < 0x90) return this.#map(c & 0x0f, depth);
    if (c < 0xa0) return this.#array(c & 0x0f, depth);
    if (c < 0xc0) return this.#bytes(c & 0x1f, false);
    if (c === 0xc0) return null;
    if (c === 0xc2 || c === 0xc3) return c === 0xc3;
    if (c >= 0xc4 && c <= 0xc6) return this.#bytes(this.#len(c - 0xc4), true);
    if (c >= 0xc7 && c <= 0xc9) return this.#ext(this.#len(c - 0xc7));
    if (c >= 0xca && c <= 0xd3) return this.#number(c);
    if (c >= 0xd4 && c <= 0xd8) return this.#ext(1 << (c - 0xd4));
    if (c >= 0xd9 && c <= 0xdb) return this.#bytes(this.#len(c - 0xd9), false);
    if (c === 0xdc || c === 0xdd) return this.#array(this.#len(c - 0xdb), depth);
    if (c === 0xde || c === 0xdf) return this.#map(this.#len(c - 0xdd), depth);
    throw new WireFormatError(`reserved msgpack byte 0x${c.toString(16)} at ${this.#pos - 1}`);
  }

  /** Each element takes at least a byte: a count beyond what is left is a bad length, not a long loop. */
  #check(minBytes: number, depth: number): void {
    if (depth >= MSGPACK_MAX_DEPTH) throw new WireFormatError(`msgpack deeper than ${MSGPACK_MAX_DEPTH}`);
    if (minBytes > this.remaining) throw new WireFormatError(`msgpack length past the end at ${this.#pos}`);
  }

  #array(count: number, depth: number): Value[] {
    this.#check(count, depth);
    // A list or map may lead with a flags ext (`c7 00 <flags>`): not part of the value.
    if (count > 0 && this.remaining > 2 && this.#buf[this.#pos] === 0xc7 && this.#buf[this.#pos + 1] === 0) {
      this.#pos += 3; // list flags (ordered list): not part of the value
      count--;
    }
    const out = new Array<Value>(count);
    for (let i = 0; i < count; i++) out[i] = this.#read(depth + 1);
    return out;
  }

  /** A map: a null-prototype object when every key is a string, else a `Map` (`OrderedMap` if key-ordered). */
  #map(count: number, depth: number): Value {
    this.#check(count * 2, depth);
    let flags = 0;
    if (count > 0 && this.remaining > 2 && this.#buf[this.#pos] === 0xc7 && this.#buf[this.#pos + 1] === 0) {
      flags = this.#buf[this.#pos + 2];
      this.#pos += 3;
      this.#read(depth + 1); // the flags entry's value, nil on the wire
      count--;
    }
    const stack = this.#stack;
    const base = stack.length;
    let allStrings = true;
    for (let i = 0; i < count; i++) {
      const k = this.#read(depth + 1);
      if (typeof k !== "string") allStrings = false;
      stack.push(k, this.#read(depth + 1));
    }
    let out: Value;
    if (allStrings) {
      const obj = Object.create(null) as { [key: string]: Value };
      for (let i = base; i < stack.length; i += 2) obj[stack[i] as string] = stack[i + 1];
      out = obj;
    } else {
      const m = flags === MAP_KEY_ORDERED || flags === MAP_KEY_VALUE_ORDERED
        ? new OrderedMap<Value, Value>(null, flags === MAP_KEY_ORDERED ? "keyOrdered" : "keyValueOrdered")
        : new Map<Value, Value>();
      for (let i = base; i < stack.length; i += 2) m.set(stack[i], stack[i + 1]);
      out = m;
    }
    stack.length = base;
    return out;
  }

  /** str/bin payload: a particle-type byte then the data (3 string, 4 blob, 23 GeoJSON, 7-12 language blobs). */
  #bytes(len: number, bin: boolean): Value {
    const start = this.#take(len);
    if (len === 0) return bin ? new Uint8Array(0) : "";
    const type = this.#buf[start];
    if (type === AS_BYTES_STRING) return this.#utf8(start + 1, start + len);
    if (type === AS_BYTES_BLOB || (type >= 7 && type <= 12)) return this.#buf.slice(start + 1, start + len);
    if (type === AS_BYTES_GEOJSON) return new GeoJSON(this.#utf8(start + 1, start + len));
    throw new WireFormatError(`unknown particle type ${type} in msgpack ${bin ? "bin" : "str"} at ${start}`);
  }

  #utf8(start: number, end: number): string {
    const b = this.#buf;
    if (end - start > 24) return decoder.decode(b.subarray(start, end));
    let s = "";
    for (let i = start; i < end; i++) {
      if (b[i] & 0x80) return decoder.decode(b.subarray(start, end)); // short ASCII is faster by hand
      s += String.fromCharCode(b[i]);
    }
    return s;
  }

  /** Ext values: only the server's specials are values; anything else is refused. */
  #ext(len: number): Value {
    const type = this.#buf[this.#take(len + 1)];
    const at = this.#pos - len;
    if (type === CMP_EXT_TYPE && len === 1) {
      if (this.#buf[at] === CMP_WILDCARD) return SpecialValue.WILDCARD;
      if (this.#buf[at] === CMP_INF) return SpecialValue.INFINITY;
    }
    if (len === 0) throw new WireFormatError(`CDT flags ext ${type} not at the start of a list or map`);
    throw new WireFormatError(`unsupported msgpack ext type ${type} (${len} bytes) at ${at - 1}`);
  }
}

/** Decodes exactly one msgpack value filling `bytes[offset, end)`; trailing bytes are an error. */
export function unpackValue(bytes: Uint8Array, offset = 0, end: number = bytes.length): Value {
  const r = new MsgPackReader(bytes, offset, end);
  const v = r.unpackValue();
  if (r.remaining !== 0) throw new WireFormatError(`${r.remaining} trailing bytes after a msgpack value`);
  return v;
}
