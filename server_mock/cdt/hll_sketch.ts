/**
 * The HyperLogLog (HyperMinHash) particle exactly as a node lays it out (aerospike-server
 * `particle_hll.c`), so HLL bins, `getUnion` results and HLL arguments are byte-compatible with a
 * real server:
 * - bytes 0-2: flags (0), n_index_bits (4..16), n_minhash_bits (0 or 4..51);
 * - bytes 3-10: the cached count, a u64 in the node's host order (little-endian), 0 = not cached;
 * - then 2^n_index_bits registers of 6 + n_minhash_bits bits each, packed big-endian bit by bit.
 * A register holds (hllValue << n_minhash_bits) | minhash, where for an element hashed with
 * MurmurHash3 x64 128 into (h1, h2): index = h1 & (2^n_index_bits - 1), minhash = the next
 * n_minhash_bits bits of h1, hllValue = trailing zeros of h2 + 1.
 * @module
 */
import { murmur3x64 } from "./murmur.ts";

/** Header bytes before the registers. */
export const HLL_HEADER = 11;
/** Bits of the HLL part of a register. */
export const HLL_BITS = 6;
/** Index bits allowed. */
export const MIN_INDEX_BITS = 4;
/** Index bits allowed. */
export const MAX_INDEX_BITS = 16;
/** Minhash bits allowed besides 0. */
export const MIN_MINHASH_BITS = 4;
/** Minhash bits allowed (64 - 6 - 7). */
export const MAX_MINHASH_BITS = 51;

/** Whether index bits are in range. */
export const validIndexBits = (n: number): boolean => n >= MIN_INDEX_BITS && n <= MAX_INDEX_BITS;
/** Whether minhash bits are in range. */
export const validMinhashBits = (n: number): boolean =>
  n === 0 || (n >= MIN_MINHASH_BITS && n <= MAX_MINHASH_BITS);
/** Whether a pair of bit counts makes a valid HLL (`validate_n_combined_bits`). */
export const validBits = (index: number, minhash: number): boolean =>
  validIndexBits(index) && validMinhashBits(minhash) && index + minhash <= 64;

/** Bytes of an HLL with these bit counts (`hmh_required_sz`). */
export function hllSize(index: number, minhash: number): number {
  return HLL_HEADER + Math.ceil(((HLL_BITS + minhash) * (1 << index)) / 8);
}

/** Whether `h` is a well-formed HLL particle (flags 0, valid bits, matching size). */
export function isHll(h: Uint8Array): boolean {
  return h.length >= HLL_HEADER && h[0] === 0 && validBits(h[1], h[2]) && h.length === hllSize(h[1], h[2]);
}

/** A new, empty HLL (`hmh_init`). */
export function newHll(index: number, minhash: number): Uint8Array {
  const h = new Uint8Array(hllSize(index, minhash));
  h[1] = index;
  h[2] = minhash;
  return h;
}

const view = (h: Uint8Array): DataView => new DataView(h.buffer, h.byteOffset, h.byteLength);
/** The cached count (0: none). */
export const getCache = (h: Uint8Array): bigint => view(h).getBigUint64(3, true);
/** Sets the cached count. */
export const setCache = (h: Uint8Array, v: bigint): void => view(h).setBigUint64(3, v, true);

/** Where register `r` sits: the byte of an 8-byte window inside the registers, and the shift. */
function window(h: Uint8Array, r: number): [number, bigint, bigint] {
  const n = HLL_BITS + h[2];
  const bit = r * n;
  const end = Math.ceil((n * (1 << h[1])) / 8);
  // Like a node, read the 64 bits around the register, never past the last register byte.
  const at = Math.min(bit >> 3, end - 8);
  const lead = bit - at * 8;
  return [HLL_HEADER + at, BigInt(64 - lead - n), (1n << BigInt(n)) - 1n];
}

/** Register `r` (HLL value and minhash bits together). */
export function getRegister(h: Uint8Array, r: number): bigint {
  const [at, shift, mask] = window(h, r);
  return (view(h).getBigUint64(at) >> shift) & mask;
}

/** Sets register `r` to `v`. */
export function setRegister(h: Uint8Array, r: number, v: bigint): void {
  const [at, shift, mask] = window(h, r);
  const d = view(h);
  d.setBigUint64(at, (d.getBigUint64(at) & ~(mask << shift)) | ((v & mask) << shift));
}

/** The HLL value part of a register. */
export const hllValue = (h: Uint8Array, v: bigint): number => Number(v >> BigInt(h[2]));

/** Register index and value that `element` (compact msgpack bytes) maps to (`hmh_hash`). */
export function hashElement(h: Uint8Array, element: Uint8Array): [number, bigint] {
  const [h1, h2] = murmur3x64(element);
  const index = Number(h1 & BigInt((1 << h[1]) - 1));
  const minhash = (h1 >> BigInt(h[1])) & ((1n << BigInt(h[2])) - 1n);
  let tz = 0;
  for (let x = h2; tz < 64 && (x & 1n) === 0n; x >>= 1n) tz++;
  // hllValue is at most 65, which does not fit 6 bits when h2 = 0: the node stores it masked too.
  return [index, (BigInt(tz + 1) << BigInt(h[2])) | minhash];
}

/** Adds an element; true when a register grew (the cached count is dropped then). */
export function addElement(h: Uint8Array, element: Uint8Array): boolean {
  const [r, v] = hashElement(h, element);
  if (getRegister(h, r) >= v) return false;
  setRegister(h, r, v);
  setCache(h, 0n);
  return true;
}

/** Whether the element may have been added (`hmh_may_contain`). */
export function mayContain(h: Uint8Array, element: Uint8Array): boolean {
  const [r, v] = hashElement(h, element);
  return v <= getRegister(h, r);
}

/** Index and minhash bits a union of `hs` gets (`hmh_compatible_template`). */
export function template(hs: Uint8Array[]): [number, number] {
  let index = hs[0][1];
  let minhash = hs[0][2];
  for (const h of hs.slice(1)) {
    index = Math.min(index, h[1]);
    if (minhash !== 0 && minhash !== h[2]) minhash = 0;
  }
  return [index, minhash];
}

/**
 * Merges `h` into `into` (`hmh_union`): register r of `h` lands on r mod the smaller register
 * count (`into` never has more index bits). With minhash bits the whole register is compared and
 * kept; without, only the HLL values (and the cached count is left alone, as a node leaves it).
 */
export function unionInto(into: Uint8Array, h: Uint8Array): void {
  const mask = (1 << into[1]) - 1;
  const withMinhash = into[2] !== 0;
  for (let r = 0; r < 1 << h[1]; r++) {
    const v0 = getRegister(into, r & mask);
    const v1 = getRegister(h, r);
    if (withMinhash ? v0 < v1 : hllValue(into, v0) < hllValue(h, v1)) {
      setRegister(into, r & mask, withMinhash ? v1 : BigInt(hllValue(h, v1)));
    }
  }
  if (withMinhash) setCache(into, 0n);
}

/** A new HLL, the union of `hs` with the bit counts of {@linkcode template}. */
export function unionOf(hs: Uint8Array[]): Uint8Array {
  const out = newHll(...template(hs));
  for (const h of hs) unionInto(out, h);
  return out;
}

/** Registers in use (non-zero). */
export function usedRegisters(h: Uint8Array): number {
  let n = 0;
  for (let r = 0; r < 1 << h[1]; r++) if (getRegister(h, r) !== 0n) n++;
  return n;
}

/**
 * Whether `h` holds data as a node tests it (`hmh_has_data`): it looks only at the first
 * 2^n_index_bits bytes of the registers, not all of them.
 */
export function hasData(h: Uint8Array): boolean {
  const end = HLL_HEADER + (1 << h[1]);
  for (let i = HLL_HEADER; i < end; i++) if (h[i] !== 0) return true;
  return false;
}

/** Keeps in `into` only the registers equal in `h` (`hmh_intersect_one`). */
export function intersectInto(into: Uint8Array, h: Uint8Array): void {
  const mask = (1 << into[1]) - 1;
  for (let r = 0; r < 1 << h[1]; r++) {
    const v0 = getRegister(into, r & mask);
    setRegister(into, r & mask, v0 === getRegister(h, r) ? v0 : 0n);
  }
}
