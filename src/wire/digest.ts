/**
 * Record digests and partition ids. The digest is RIPEMD-160 over the set name, the key's
 * particle type byte and the key bytes (integers as 8-byte big-endian); the partition id is the
 * digest's first two bytes read little-endian, modulo 4096.
 * @module
 */
import { ripemd160 } from "./ripemd160.ts";
import { WireFormatError } from "./proto.ts";

/** Partitions per namespace. */
export const PARTITIONS = 4096;
/** Digest length in bytes. */
export const DIGEST_SIZE = 20;

/** Particle type bytes a user key may carry (`AS_PARTICLE_TYPE_INTEGER/STRING/BLOB`). */
export const KEY_TYPE_INTEGER = 1;
/** String key particle type. */
export const KEY_TYPE_STRING = 3;
/** Blob key particle type. */
export const KEY_TYPE_BLOB = 4;

/** A user key as the wire carries it: particle type byte and the key bytes. */
export interface KeyBytes {
  /** `KEY_TYPE_INTEGER`, `KEY_TYPE_STRING` or `KEY_TYPE_BLOB`. */
  type: number;
  /** The key's bytes (UTF-8 for strings, 8-byte big-endian for integers). */
  bytes: Uint8Array;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Encodes a user key; throws TypeError/RangeError for values that cannot be keys. */
export function keyBytes(userKey: string | number | bigint | Uint8Array): KeyBytes {
  if (typeof userKey === "string") return { type: KEY_TYPE_STRING, bytes: utf8.encode(userKey) };
  if (userKey instanceof Uint8Array) return { type: KEY_TYPE_BLOB, bytes: userKey };
  let n: bigint;
  if (typeof userKey === "number") {
    if (!Number.isSafeInteger(userKey)) {
      throw new TypeError(`an integer key must be a safe integer or a bigint, got ${userKey}`);
    }
    n = BigInt(userKey);
  } else if (typeof userKey === "bigint") {
    if (userKey < INT64_MIN || userKey > INT64_MAX) {
      throw new RangeError(`integer key ${userKey} is outside int64`);
    }
    n = userKey;
  } else {
    throw new TypeError(`a user key must be a string, number, bigint or Uint8Array, got ${typeof userKey}`);
  }
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, n);
  return { type: KEY_TYPE_INTEGER, bytes };
}

/** Decodes the KEY field data (particle type byte then key bytes) back to a user key. */
export function decodeKeyField(data: Uint8Array): string | number | bigint | Uint8Array {
  if (data.length < 1) throw new WireFormatError("empty key field");
  const type = data[0];
  const body = data.subarray(1);
  switch (type) {
    case KEY_TYPE_STRING:
      return utf8Decoder.decode(body);
    case KEY_TYPE_BLOB:
      return body.slice();
    case KEY_TYPE_INTEGER: {
      if (body.length !== 8) throw new WireFormatError(`integer key of ${body.length} bytes`);
      const n = new DataView(body.buffer, body.byteOffset, 8).getBigInt64(0);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    default:
      throw new WireFormatError(`unsupported key particle type ${type}`);
  }
}

/** The KEY field's data: particle type byte then key bytes. */
export function keyFieldData(key: KeyBytes): Uint8Array {
  const out = new Uint8Array(1 + key.bytes.length);
  out[0] = key.type;
  out.set(key.bytes, 1);
  return out;
}

/** RIPEMD-160 digest of a record: set name, key particle type, key bytes. */
export function computeDigest(set: string, key: KeyBytes): Uint8Array {
  // One scratch buffer for the hash input (a set name is at most 63 bytes, UTF-8 at most 3x).
  const need = set.length * 3 + 1 + key.bytes.length;
  if (scratch.length < need) scratch = new Uint8Array(Math.max(need, scratch.length * 2));
  const setLength = set.length === 0 ? 0 : utf8.encodeInto(set, scratch).written;
  scratch[setLength] = key.type;
  scratch.set(key.bytes, setLength + 1);
  return ripemd160(scratch, setLength + 1 + key.bytes.length);
}

let scratch = new Uint8Array(256);

/** Partition id of a digest (0..4095). */
export function partitionId(digest: Uint8Array): number {
  if (digest.length < 2) throw new WireFormatError("digest too short for a partition id");
  return (digest[0] | (digest[1] << 8)) & (PARTITIONS - 1);
}
