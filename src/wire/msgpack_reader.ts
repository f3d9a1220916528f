/**
 * The msgpack reader for CDT values (see `msgpack_format.ts` for Aerospike's conventions):
 * bounded, never reads outside its range, and rejects what the server would not send.
 * @module
 */

import { GeoJSON, OrderedMap, SpecialValue, type Value } from "./values.ts";
import {
  AS_BYTES_BLOB,
  AS_BYTES_GEOJSON,
  AS_BYTES_STRING,
  CMP_EXT_TYPE,
  CMP_INF,
  CMP_WILDCARD,
  MAP_KEY_ORDERED,
  MAP_KEY_VALUE_ORDERED,
  MSGPACK_MAX_DEPTH,
} from "./msgpack_format.ts";
import { WireFormatError } from "./proto.ts";

const decoder = new TextDecoder();
const TWO_32 = 4294967296;

/**
 * Reads msgpack values from `bytes[offset, end)`. Never reads outside that range: truncated input,
 * lengths past the end, the reserved byte `c1`, unknown ext types and nesting deeper than
 * `MSGPACK_MAX_DEPTH` throw `WireFormatError`.
 * @example
 * ```ts
 * declare const bytes: Uint8Array;
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
