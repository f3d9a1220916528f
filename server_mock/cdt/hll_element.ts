/**
 * The bytes a node hashes for an HLL element: the element's msgpack made compact
 * (`msgpack_compactify`): integers in their smallest form (non-negative ones unsigned), string
 * and blob headers in the smallest string form. A node's check has one quirk kept here: a bin8
 * (`c4`) header longer than 31 bytes, bin16 longer than 255 and bin32 longer than 65535 count as
 * compact and keep their bin header, so such a blob hashes differently from the same bytes sent
 * with a string header.
 * @module
 */
import type { CdtValue } from "./value.ts";
import { encodeCdt } from "./value.ts";

function header(len: number): number[] {
  if (len < 32) return [0xa0 | len];
  if (len < 256) return [0xd9, len];
  if (len < 65536) return [0xda, len >> 8, len & 0xff];
  return [0xdb, len >>> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff];
}

/** The smallest msgpack of an integer, non-negative values in the unsigned forms. */
export function compactInt(v: bigint): Uint8Array {
  const b = (tag: number, bytes: number, x: bigint): Uint8Array => {
    const out = new Uint8Array(1 + bytes);
    out[0] = tag;
    for (let i = bytes; i >= 1; i--, x >>= 8n) out[i] = Number(x & 0xffn);
    return out;
  };
  if (v >= 0n) {
    if (v < 128n) return Uint8Array.of(Number(v));
    if (v < 256n) return b(0xcc, 1, v);
    if (v < 65536n) return b(0xcd, 2, v);
    if (v < 1n << 32n) return b(0xce, 4, v);
    return b(0xcf, 8, v);
  }
  if (v >= -32n) return Uint8Array.of(Number(v) & 0xff);
  const u = (bits: number): bigint => BigInt.asUintN(bits, v);
  if (v >= -128n) return b(0xd0, 1, u(8));
  if (v >= -32768n) return b(0xd1, 2, u(16));
  if (v >= -(1n << 31n)) return b(0xd2, 4, u(32));
  return b(0xd3, 8, u(64));
}

/** The compact bytes of one element (lists and maps are refused before this). */
export function compactElement(v: CdtValue): Uint8Array {
  const raw = "raw" in v && v.raw !== undefined ? v.raw : encodeCdt(v);
  const tag = raw[0];
  if (v.k === "int") {
    // A u64 above the int64 range decodes as negative: it is compact as it came.
    if (tag === 0xcf && raw[1] >= 0x80) return raw;
    return compactInt(v.v);
  }
  if (v.k !== "bytes") return raw;
  const bodyAt = tag < 0xc0 ? 1 : tag === 0xc4 || tag === 0xd9 ? 2 : tag === 0xc5 || tag === 0xda ? 3 : 5;
  const len = raw.length - bodyAt;
  const keep = (tag === 0xc4 && len > 31) || (tag === 0xc5 && len > 255) || (tag === 0xc6 && len > 65535);
  if (keep) return raw;
  const h = header(len);
  const out = new Uint8Array(h.length + len);
  out.set(h);
  out.set(raw.subarray(bodyAt), h.length);
  return out;
}
