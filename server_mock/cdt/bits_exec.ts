/**
 * The bit-level work of the bitwise ops on a range `[start, start + size)` of bits (bit 0 is the
 * high bit of byte 0), once `bits.ts` has checked the range against the blob. Written per bit,
 * not per byte as a node does it, with the node's results: shifts fill with zeros and never move
 * bits across the range's ends, integers are big-endian, and the two quirks a node has are kept
 * (signed add/subtract overflow checks, rscan's look at the bits before the range; see below).
 * @module
 */

/** Bit `i` of `b` (0 or 1). */
export function getBit(b: Uint8Array, i: number): number {
  return (b[i >> 3] >> (7 - (i & 7))) & 1;
}

/** Sets bit `i` of `b` to `v`. */
export function setBit(b: Uint8Array, i: number, v: number): void {
  const mask = 1 << (7 - (i & 7));
  b[i >> 3] = v ? b[i >> 3] | mask : b[i >> 3] & ~mask;
}

/** The `size` bits from `start` as an unsigned integer (size at most 64). */
export function loadInt(b: Uint8Array, start: number, size: number): bigint {
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 1n) | BigInt(getBit(b, start + i));
  return v;
}

/** Writes the low `size` bits of `v` from bit `start`. */
export function storeInt(b: Uint8Array, start: number, size: number, v: bigint): void {
  for (let i = 0; i < size; i++) setBit(b, start + i, Number((v >> BigInt(size - 1 - i)) & 1n));
}

/** `bits.set`/`or`/`xor`/`and`: the range combined with the leading bits of `value`. */
export function combine(out: Uint8Array, start: number, size: number, value: Uint8Array, op: number): void {
  for (let i = 0; i < size; i++) {
    const x = getBit(out, start + i);
    const y = getBit(value, i);
    setBit(out, start + i, op === 0 ? y : op === 1 ? x | y : op === 2 ? x ^ y : x & y);
  }
}

/** `bits.not`. */
export function invert(out: Uint8Array, start: number, size: number): void {
  for (let i = 0; i < size; i++) setBit(out, start + i, 1 - getBit(out, start + i));
}

/** `bits.lshift` (left: towards the range's start) or `rshift` by `n`, zeros shifted in. */
export function shift(out: Uint8Array, start: number, size: number, n: number, left: boolean): void {
  const old = loadBits(out, start, size);
  for (let i = 0; i < size; i++) {
    const from = left ? i + n : i - n;
    setBit(out, start + i, from >= 0 && from < size ? old[from] : 0);
  }
}

function loadBits(b: Uint8Array, start: number, size: number): number[] {
  const out = new Array<number>(size);
  for (let i = 0; i < size; i++) out[i] = getBit(b, start + i);
  return out;
}

/**
 * The node's signed overflow test (`handle_signed_overflow`): overflow only when both operands
 * are strictly negative and the result strictly positive, or the reverse; so e.g. -128 + -128
 * in 8 bits gives 0 without an overflow, as on a node. Returns the value to store, or undefined
 * for an overflow that fails.
 */
function signedOverflow(n: number, saturate: boolean, load: bigint, value: bigint, result: bigint) {
  const sResult = BigInt.asIntN(n, result);
  const sLoad = BigInt.asIntN(n, load);
  const sValue = BigInt.asIntN(n, value);
  if (sLoad < 0n && sValue < 0n && sResult > 0n) return saturate ? 1n << BigInt(n - 1) : undefined;
  if (sLoad > 0n && sValue > 0n && sResult < 0n) return saturate ? (1n << BigInt(n - 1)) - 1n : undefined;
  return result;
}

/** Overflow handling of `bits.add`/`subtract` (the action subflags). */
export interface IntMath {
  /** Treat the range as two's complement. */
  signed: boolean;
  /** Clamp at the limit instead of failing. */
  saturate: boolean;
  /** Wrap around instead of failing. */
  wrap: boolean;
}

/**
 * `bits.add` (or `subtract`) of `amount` (a u64, masked to the range width) to the range;
 * false when it overflows and the action is fail (the caller answers OP_NOT_APPLICABLE).
 */
export function addInt(
  out: Uint8Array,
  start: number,
  size: number,
  amount: bigint,
  subtract: boolean,
  m: IntMath,
): boolean {
  const mask = (1n << BigInt(size)) - 1n;
  const load = loadInt(out, start, size);
  const value = amount & mask;
  let result = (subtract ? load - value : load + value) & mask;
  if (!m.wrap) {
    if (m.signed) {
      // Subtraction is checked as the addition of the 64-bit negated amount, as a node does.
      const addend = subtract ? BigInt.asUintN(64, -value) : value;
      const r = signedOverflow(size, m.saturate, load, addend, result);
      if (r === undefined) return false;
      result = r;
    } else if (subtract ? result > load : result < load) {
      if (!m.saturate) return false;
      result = subtract ? 0n : mask;
    }
  }
  storeInt(out, start, size, result);
  return true;
}

/** `bits.get`: the range as bytes, its last byte padded with zero bits. */
export function readBits(b: Uint8Array, start: number, size: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(size / 8));
  for (let i = 0; i < size; i++) if (getBit(b, start + i)) setBit(out, i, 1);
  return out;
}

/** `bits.count`: set bits in the range. */
export function countBits(b: Uint8Array, start: number, size: number): number {
  let n = 0;
  for (let i = 0; i < size; i++) n += getBit(b, start + i);
  return n;
}

/**
 * `bits.lscan`/`rscan`: position within the range of the first (last) bit equal to `want`, or
 * -1. A node's rscan does not mask the bits in front of the range within the range's first byte:
 * when the range holds no match but one of those bits does, it answers that bit's (negative)
 * position relative to the range start. Kept, so the mock answers what a node answers.
 */
export function scanBits(b: Uint8Array, start: number, size: number, want: number, left: boolean): number {
  for (let k = 0; k < size; k++) {
    const i = left ? k : size - 1 - k;
    if (getBit(b, start + i) === want) return i;
  }
  if (!left) {
    for (let j = start - 1; j >= start - (start & 7); j--) {
      if (getBit(b, j) === want) return j - start;
    }
  }
  return -1;
}
