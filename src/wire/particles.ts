/**
 * Bin particles: how one bin value travels in an operation (`AS_PARTICLE_TYPE_*`). Integers are 8-byte
 * big-endian two's complement, floats 8-byte IEEE 754, strings raw UTF-8, booleans one byte, lists and
 * maps msgpack (see msgpack.ts), GeoJSON a small header then the JSON text.
 *
 * Two ways to encode: `writeParticle(w, value)` appends to a reusable `MsgPackWriter` and returns the
 * particle type (the hot path: no allocation per bin), `encodeParticle(value)` returns a fresh copy.
 * @module
 */

import { Double, GeoJSON, HLL, SpecialValue, type Value } from "./values.ts";
import { MsgPackWriter, unpackValue } from "./msgpack.ts";
import { WireFormatError } from "./proto.ts";

/** No value; writing it deletes the bin (`AS_PARTICLE_TYPE_NULL`). */
export const PARTICLE_TYPE_NULL = 0;
/** 64-bit signed integer (`AS_PARTICLE_TYPE_INTEGER`). */
export const PARTICLE_TYPE_INTEGER = 1;
/** 64-bit float (`AS_PARTICLE_TYPE_FLOAT`). */
export const PARTICLE_TYPE_FLOAT = 2;
/** UTF-8 string (`AS_PARTICLE_TYPE_STRING`). */
export const PARTICLE_TYPE_STRING = 3;
/** Bytes (`AS_PARTICLE_TYPE_BLOB`). */
export const PARTICLE_TYPE_BLOB = 4;
/** Java serialized blob (`AS_PARTICLE_TYPE_JAVA_BLOB`). */
export const PARTICLE_TYPE_JAVA_BLOB = 7;
/** C# serialized blob (`AS_PARTICLE_TYPE_CSHARP_BLOB`). */
export const PARTICLE_TYPE_CSHARP_BLOB = 8;
/** Python pickled blob (`AS_PARTICLE_TYPE_PYTHON_BLOB`). */
export const PARTICLE_TYPE_PYTHON_BLOB = 9;
/** Ruby marshalled blob (`AS_PARTICLE_TYPE_RUBY_BLOB`). */
export const PARTICLE_TYPE_RUBY_BLOB = 10;
/** PHP serialized blob (`AS_PARTICLE_TYPE_PHP_BLOB`). */
export const PARTICLE_TYPE_PHP_BLOB = 11;
/** Erlang term blob (`AS_PARTICLE_TYPE_ERLANG_BLOB`). */
export const PARTICLE_TYPE_ERLANG_BLOB = 12;
/** Boolean, one byte (`AS_PARTICLE_TYPE_BOOL`). */
export const PARTICLE_TYPE_BOOL = 17;
/** HyperLogLog bytes (`AS_PARTICLE_TYPE_HLL`). */
export const PARTICLE_TYPE_HLL = 18;
/** Msgpack map (`AS_PARTICLE_TYPE_MAP`). */
export const PARTICLE_TYPE_MAP = 19;
/** Msgpack list (`AS_PARTICLE_TYPE_LIST`). */
export const PARTICLE_TYPE_LIST = 20;
/** GeoJSON: flags byte, u16 cell count, 8 bytes per cell id, then the JSON text (`AS_PARTICLE_TYPE_GEOJSON`). */
export const PARTICLE_TYPE_GEOJSON = 23;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const TWO_32 = 4294967296;
const decoder = new TextDecoder();
// 8-byte scratch for reading floats without a DataView per value.
const f64 = new DataView(new ArrayBuffer(8));
const SHORT_TEXT = 16;

/**
 * UTF-8 text of `bytes[start, end)`. Short ASCII (bin names, small strings) is decoded by hand,
 * which is several times cheaper than a `TextDecoder` call; anything else goes to the decoder.
 * By hand means one `String.fromCharCode` call per 8 bytes, not a `+=` per character: every `+=`
 * on a string this short copies it into a new one (V8 makes no cons string under 13 characters),
 * which was ~160 bytes of garbage for a 10-character value.
 * @example
 * ```ts
 * decodeUtf8(new Uint8Array([0x61, 0x62]), 0, 2); // "ab"
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > SHORT_TEXT) return decoder.decode(bytes.subarray(start, end));
  let high = 0;
  for (let i = start; i < end; i++) high |= bytes[i];
  if (high >= 0x80) return decoder.decode(bytes.subarray(start, end));
  return n <= 8 ? ascii8(bytes, start, n) : ascii8(bytes, start, 8) + ascii8(bytes, start + 8, n - 8);
}

const fromCharCode = String.fromCharCode;

// `n` (at most 8) ASCII bytes at `s` as a string, in one call.
function ascii8(b: Uint8Array, s: number, n: number): string {
  switch (n) {
    case 0:
      return "";
    case 1:
      return fromCharCode(b[s]);
    case 2:
      return fromCharCode(b[s], b[s + 1]);
    case 3:
      return fromCharCode(b[s], b[s + 1], b[s + 2]);
    case 4:
      return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5:
      return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6:
      return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7:
      return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    default:
      return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
  }
}

/**
 * Appends the particle bytes of a bin value to `w` and returns its particle type. `TypeError` for
 * values that cannot be a bin (undefined, functions, symbols, foreign class instances, special
 * values), `RangeError` for a bigint outside int64.
 * @example
 * ```ts
 * import { MsgPackWriter } from "./msgpack_writer.ts";
 * const w = new MsgPackWriter();
 * const type = writeParticle(w, 42); // PARTICLE_TYPE_INTEGER, w holds 00 00 00 00 00 00 00 2a
 * ```
 */
export function writeParticle(w: MsgPackWriter, value: Value): number {
  switch (typeof value) {
    case "string":
      w.writeUtf8(value);
      return PARTICLE_TYPE_STRING;
    case "number":
      if (Number.isSafeInteger(value)) {
        w.writeInt64(value);
        return PARTICLE_TYPE_INTEGER;
      }
      w.writeFloat64(value);
      return PARTICLE_TYPE_FLOAT;
    case "bigint":
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new RangeError(`integer ${value} does not fit a 64-bit signed bin`);
      }
      w.writeInt64(value);
      return PARTICLE_TYPE_INTEGER;
    case "boolean":
      w.writeByte(value ? 1 : 0);
      return PARTICLE_TYPE_BOOL;
    case "object":
      break;
    default:
      throw new TypeError(`cannot store a ${typeof value} in a bin`);
  }
  if (value === null) return PARTICLE_TYPE_NULL;
  if (value instanceof Uint8Array) {
    w.writeBytes(value);
    return PARTICLE_TYPE_BLOB;
  }
  if (Array.isArray(value)) {
    w.packValue(value);
    return PARTICLE_TYPE_LIST;
  }
  if (value instanceof Double) {
    w.writeFloat64(value.value);
    return PARTICLE_TYPE_FLOAT;
  }
  if (value instanceof GeoJSON) {
    // Flags 0 and no cells: the server computes the cell covering itself.
    w.writeByte(0);
    w.writeByte(0);
    w.writeByte(0);
    w.writeUtf8(value.text);
    return PARTICLE_TYPE_GEOJSON;
  }
  if (value instanceof HLL) {
    w.writeBytes(value.bytes);
    return PARTICLE_TYPE_HLL;
  }
  if (value instanceof SpecialValue) {
    throw new TypeError(`SpecialValue.${value.kind.toUpperCase()} is only valid inside CDT operations`);
  }
  // A Map, an OrderedMap or a plain object; packValue refuses any other class instance.
  w.packValue(value);
  return PARTICLE_TYPE_MAP;
}

let scratch = new MsgPackWriter(1024);

/**
 * Encodes a bin value as `{ type, bytes }` with `bytes` a fresh copy (see `writeParticle` to avoid it).
 * @example
 * ```ts
 * encodeParticle(true); // { type: PARTICLE_TYPE_BOOL, bytes: Uint8Array [1] }
 * ```
 */
export function encodeParticle(value: Value): { type: number; bytes: Uint8Array } {
  scratch.reset();
  try {
    const type = writeParticle(scratch, value);
    return { type, bytes: scratch.toBytes() };
  } finally {
    if (scratch.length > 1 << 20) scratch = new MsgPackWriter(1024); // do not keep a huge buffer alive
  }
}

function need(type: number, length: number, expected: number): void {
  if (length !== expected) {
    throw new WireFormatError(`particle type ${type} needs ${expected} bytes, got ${length}`);
  }
}

/**
 * Decodes `length` particle bytes at `offset` of `bytes`. Integers come back as a number when safe,
 * else a bigint; BLOB, HLL and language blobs (7-12) are COPIES, so the value outlives a reused
 * receive buffer; lists and maps decode as in msgpack.ts. `WireFormatError` for unknown types, bad
 * lengths or a range outside `bytes`.
 * @example
 * ```ts
 * declare const bytes: Uint8Array;
 * decodeParticle(PARTICLE_TYPE_INTEGER, bytes, 0, 8); // 42
 * ```
 */
export function decodeParticle(type: number, bytes: Uint8Array, offset: number, length: number): Value {
  const end = offset + length;
  if (!(offset >= 0 && length >= 0 && end <= bytes.length)) {
    throw new WireFormatError(`particle of ${length} bytes at ${offset} outside a buffer of ${bytes.length}`);
  }
  switch (type) {
    case PARTICLE_TYPE_NULL:
      return null;
    case PARTICLE_TYPE_INTEGER: {
      need(type, length, 8);
      const hi = (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) |
        bytes[offset + 3];
      const lo = ((bytes[offset + 4] << 24) | (bytes[offset + 5] << 16) | (bytes[offset + 6] << 8) |
        bytes[offset + 7]) >>>
        0;
      const n = hi * TWO_32 + lo;
      return Number.isSafeInteger(n)
        ? n
        : new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getBigInt64(0);
    }
    case PARTICLE_TYPE_FLOAT:
      need(type, length, 8);
      for (let i = 0; i < 8; i++) f64.setUint8(i, bytes[offset + i]);
      return f64.getFloat64(0);
    case PARTICLE_TYPE_STRING:
      return decodeUtf8(bytes, offset, end);
    case PARTICLE_TYPE_BOOL:
      need(type, length, 1);
      return bytes[offset] !== 0;
    case PARTICLE_TYPE_HLL:
      return new HLL(bytes.slice(offset, end));
    case PARTICLE_TYPE_LIST:
    case PARTICLE_TYPE_MAP:
      return unpackValue(bytes, offset, end);
    case PARTICLE_TYPE_GEOJSON: {
      if (length < 3) throw new WireFormatError(`GeoJSON particle of ${length} bytes has no header`);
      const cells = (bytes[offset + 1] << 8) | bytes[offset + 2];
      const text = offset + 3 + cells * 8; // flags, u16 cell count, the cell ids, then the text
      if (text > end) {
        throw new WireFormatError(`GeoJSON particle with ${cells} cells overruns ${length} bytes`);
      }
      return new GeoJSON(decoder.decode(bytes.subarray(text, end)));
    }
    default:
      if (
        type === PARTICLE_TYPE_BLOB || (type >= PARTICLE_TYPE_JAVA_BLOB && type <= PARTICLE_TYPE_ERLANG_BLOB)
      ) {
        return bytes.slice(offset, end);
      }
      throw new WireFormatError(`unknown particle type ${type}`);
  }
}
