/**
 * Scan and query fields: the secondary-index filter (INDEX_RANGE), the partition list
 * (PID_ARRAY, u16 little-endian ids), resume digests (DIGEST_ARRAY) and resume bin values
 * (BVAL_ARRAY, u64 little-endian per partial partition). The same codec serves client and mock.
 * @module
 */
import { DIGEST_SIZE, PARTITIONS } from "./digest.ts";
import { WireFormatError } from "./proto.ts";

/** Index collection type byte in the INDEX_TYPE field (`AS_INDEX_TYPE_*`). */
export const INDEX_TYPE_DEFAULT = 0;
/** Index over list elements. */
export const INDEX_TYPE_LIST = 1;
/** Index over map keys. */
export const INDEX_TYPE_MAPKEYS = 2;
/** Index over map values. */
export const INDEX_TYPE_MAPVALUES = 3;

/**
 * One secondary-index filter. `begin`/`end` are the particle bytes: 8-byte big-endian integers,
 * UTF-8 strings, blobs, or GeoJSON text (particle 23, no geo header) for geo filters.
 */
export interface IndexFilter {
  /** Indexed bin name. */
  bin: string;
  /** Particle type of the bounds: 1 integer, 3 string, 4 blob, 23 GeoJSON. */
  particleType: number;
  /** Lower bound (or the equal value, or the GeoJSON region). */
  begin: Uint8Array;
  /** Upper bound (equal to begin for equality and geo filters). */
  end: Uint8Array;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Encodes the INDEX_RANGE field data: a count byte (always 1 today) then the filter. */
export function encodeIndexRange(filter: IndexFilter): Uint8Array {
  const name = utf8.encode(filter.bin);
  if (name.length > 255) throw new WireFormatError("filter bin name too long");
  const out = new Uint8Array(1 + 1 + name.length + 1 + 4 + filter.begin.length + 4 + filter.end.length);
  const view = new DataView(out.buffer);
  out[0] = 1;
  out[1] = name.length;
  out.set(name, 2);
  let at = 2 + name.length;
  out[at++] = filter.particleType;
  view.setUint32(at, filter.begin.length);
  out.set(filter.begin, at + 4);
  at += 4 + filter.begin.length;
  view.setUint32(at, filter.end.length);
  out.set(filter.end, at + 4);
  return out;
}

/** Decodes the INDEX_RANGE field data (exactly one filter, as servers accept). */
export function decodeIndexRange(data: Uint8Array): IndexFilter {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const need = (at: number, n: number): void => {
    if (at + n > data.length) throw new WireFormatError("truncated index range field");
  };
  need(0, 2);
  if (data[0] !== 1) throw new WireFormatError(`index range holds ${data[0]} filters; only 1 is supported`);
  const nameLength = data[1];
  need(2, nameLength + 5);
  const bin = utf8Decoder.decode(data.subarray(2, 2 + nameLength));
  let at = 2 + nameLength;
  const particleType = data[at++];
  const beginLength = view.getUint32(at);
  need(at + 4, beginLength + 4);
  const begin = data.subarray(at + 4, at + 4 + beginLength);
  at += 4 + beginLength;
  const endLength = view.getUint32(at);
  need(at + 4, endLength);
  const end = data.subarray(at + 4, at + 4 + endLength);
  if (at + 4 + endLength !== data.length) throw new WireFormatError("stray bytes after the index filter");
  return { bin, particleType, begin, end };
}

/** Encodes partition ids as the PID_ARRAY field data (u16 little-endian each). */
export function encodePartitionIds(ids: readonly number[]): Uint8Array {
  const out = new Uint8Array(ids.length * 2);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id >= PARTITIONS) throw new RangeError(`bad partition id ${id}`);
    out[i * 2] = id & 0xff;
    out[i * 2 + 1] = id >>> 8;
  }
  return out;
}

/** Decodes PID_ARRAY field data. */
export function decodePartitionIds(data: Uint8Array): number[] {
  if (data.length % 2 !== 0) throw new WireFormatError("partition id array of odd length");
  const out = new Array<number>(data.length / 2);
  for (let i = 0; i < out.length; i++) {
    const id = data[i * 2] | (data[i * 2 + 1] << 8);
    if (id >= PARTITIONS) throw new WireFormatError(`partition id ${id} out of range`);
    out[i] = id;
  }
  return out;
}

/** Encodes resume digests as DIGEST_ARRAY field data. */
export function encodeDigests(digests: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(digests.length * DIGEST_SIZE);
  digests.forEach((d, i) => {
    if (d.length !== DIGEST_SIZE) throw new RangeError("a digest is 20 bytes");
    out.set(d, i * DIGEST_SIZE);
  });
  return out;
}

/** Decodes DIGEST_ARRAY field data into 20-byte views. */
export function decodeDigests(data: Uint8Array): Uint8Array[] {
  if (data.length % DIGEST_SIZE !== 0) throw new WireFormatError("digest array length not a multiple of 20");
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += DIGEST_SIZE) out.push(data.subarray(at, at + DIGEST_SIZE));
  return out;
}
