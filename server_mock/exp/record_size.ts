/**
 * The size a record takes in storage, as `record_size()` (and, on a storage-engine memory
 * namespace, `memory_size()`) reports it: the server's flat record format (a 35-byte header, the
 * void time if the record expires, the set name, the stored key, the bin count, then per bin its
 * name and its particle), plus a 4-byte end mark, rounded up to 16-byte blocks.
 * @module
 */
import type { StoredBin } from "../store.ts";

const FLAT_HEADER = 35;
const END_MARK = 4;
const RBLOCK = 16;

const uintvarSize = (
  n: number,
): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** Bytes of one particle in the flat format: a type byte, then an integer's significant bytes... */
function particleSize(bin: StoredBin): number {
  switch (bin.type) {
    case 1: { // integer: type, size byte, then 1/2/4/8 bytes of the unsigned 64-bit value
      let u = 0n;
      for (const b of bin.data) u = (u << 8n) | BigInt(b);
      if (bin.data.length < 8 && bin.data.length > 0 && (bin.data[0] & 0x80) !== 0) {
        u = BigInt.asUintN(64, -((1n << BigInt(bin.data.length * 8)) - u));
      }
      return 2 + (u > 0xffffffffn ? 8 : u > 0xffffn ? 4 : u > 0xffn ? 2 : 1);
    }
    case 2: // float
      return 9;
    case 17: // bool
      return 2;
    default: // bytes-like: type, 4-byte size, data
      return 5 + bin.data.length;
  }
}

/** What the size depends on. */
export interface SizedRecord {
  /** Set name ("" for none). */
  set: string;
  /** The stored key (type byte + bytes), if the writer sent it. */
  key?: Uint8Array;
  /** Void time (0: never expires). */
  voidTime: number;
  /** The bins. */
  bins: Map<string, StoredBin>;
}

/**
 * The stored size of a record in bytes.
 * @example
 * ```ts
 * recordStoredSize({ set: "s", voidTime: 0, bins: new Map() }); // 48
 * ```
 */
export function recordStoredSize(r: SizedRecord): number {
  const enc = new TextEncoder();
  let n = FLAT_HEADER;
  if (r.voidTime !== 0) n += 4;
  if (r.set !== "") n += 1 + enc.encode(r.set).length;
  if (r.key !== undefined) n += uintvarSize(r.key.length) + r.key.length;
  if (r.bins.size > 0) n += uintvarSize(r.bins.size);
  for (const [name, bin] of r.bins) n += 1 + enc.encode(name).length + particleSize(bin);
  return Math.ceil((n + END_MARK) / RBLOCK) * RBLOCK;
}
