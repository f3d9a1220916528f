/**
 * RIPEMD-160 in plain TypeScript, for record digests. One short key hashes in a single 64-byte
 * block, which this does several times faster than a `node:crypto` hash object per call (whose
 * setup dominates at this size, on Deno especially). Little-endian words, as the algorithm says.
 * @module
 */

// Message word order per step, left line then right line (5 rounds of 16 steps).
const RL = Uint8Array.from([
  0,
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  12,
  13,
  14,
  15,
  7,
  4,
  13,
  1,
  10,
  6,
  15,
  3,
  12,
  0,
  9,
  5,
  2,
  14,
  11,
  8,
  3,
  10,
  14,
  4,
  9,
  15,
  8,
  1,
  2,
  7,
  0,
  6,
  13,
  11,
  5,
  12,
  1,
  9,
  11,
  10,
  0,
  8,
  12,
  4,
  13,
  3,
  7,
  15,
  14,
  5,
  6,
  2,
  4,
  0,
  5,
  9,
  7,
  12,
  2,
  10,
  14,
  1,
  3,
  8,
  11,
  6,
  15,
  13,
]);
const RR = Uint8Array.from([
  5,
  14,
  7,
  0,
  9,
  2,
  11,
  4,
  13,
  6,
  15,
  8,
  1,
  10,
  3,
  12,
  6,
  11,
  3,
  7,
  0,
  13,
  5,
  10,
  14,
  15,
  8,
  12,
  4,
  9,
  1,
  2,
  15,
  5,
  1,
  3,
  7,
  14,
  6,
  9,
  11,
  8,
  12,
  2,
  10,
  0,
  4,
  13,
  8,
  6,
  4,
  1,
  3,
  11,
  15,
  0,
  5,
  12,
  2,
  13,
  9,
  7,
  10,
  14,
  12,
  15,
  10,
  4,
  1,
  5,
  8,
  7,
  6,
  2,
  13,
  14,
  0,
  3,
  9,
  11,
]);
// Left rotation amounts per step.
const SL = Uint8Array.from([
  11,
  14,
  15,
  12,
  5,
  8,
  7,
  9,
  11,
  13,
  14,
  15,
  6,
  7,
  9,
  8,
  7,
  6,
  8,
  13,
  11,
  9,
  7,
  15,
  7,
  12,
  15,
  9,
  11,
  7,
  13,
  12,
  11,
  13,
  6,
  7,
  14,
  9,
  13,
  15,
  14,
  8,
  13,
  6,
  5,
  12,
  7,
  5,
  11,
  12,
  14,
  15,
  14,
  15,
  9,
  8,
  9,
  14,
  5,
  6,
  8,
  6,
  5,
  12,
  9,
  15,
  5,
  11,
  6,
  8,
  13,
  12,
  5,
  12,
  13,
  14,
  11,
  8,
  5,
  6,
]);
const SR = Uint8Array.from([
  8,
  9,
  9,
  11,
  13,
  15,
  15,
  5,
  7,
  7,
  8,
  11,
  14,
  14,
  12,
  6,
  9,
  13,
  15,
  7,
  12,
  8,
  9,
  11,
  7,
  7,
  12,
  7,
  6,
  15,
  13,
  11,
  9,
  7,
  15,
  11,
  8,
  6,
  6,
  14,
  12,
  13,
  5,
  14,
  13,
  13,
  7,
  5,
  15,
  5,
  8,
  11,
  14,
  14,
  6,
  14,
  6,
  9,
  12,
  9,
  12,
  5,
  15,
  8,
  8,
  5,
  12,
  9,
  12,
  5,
  14,
  6,
  8,
  13,
  6,
  5,
  15,
  13,
  11,
  11,
]);
// Round constants (the left line's first is 0, the right line's last is 0).
const KL1 = 0x5a827999, KL2 = 0x6ed9eba1, KL3 = 0x8f1bbcdc | 0, KL4 = 0xa953fd4e | 0;
const KR0 = 0x50a28be6, KR1 = 0x5c4dd124, KR2 = 0x6d703ef3, KR3 = 0x7a6d76e9;

const X = new Int32Array(16);
const H = new Int32Array(5);
const tail = new Uint8Array(128);

function rol(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

// One 64-byte block. The five rounds are written out so each has its own round function inline
// (a shared switch costs about half the speed); the right line runs the rounds in reverse order.
function compress(b: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) {
    X[i] = b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
  }
  let al = H[0], bl = H[1], cl = H[2], dl = H[3], el = H[4];
  let ar = al, br = bl, cr = cl, dr = dl, er = el;
  let t = 0;
  for (let j = 0; j < 16; j++) {
    t = (rol((al + (bl ^ cl ^ dl) + X[RL[j]]) | 0, SL[j]) + el) | 0;
    al = el, el = dl, dl = rol(cl, 10), cl = bl, bl = t;
    t = (rol((ar + (br ^ (cr | ~dr)) + X[RR[j]] + KR0) | 0, SR[j]) + er) | 0;
    ar = er, er = dr, dr = rol(cr, 10), cr = br, br = t;
  }
  for (let j = 16; j < 32; j++) {
    t = (rol((al + ((bl & cl) | (~bl & dl)) + X[RL[j]] + KL1) | 0, SL[j]) + el) | 0;
    al = el, el = dl, dl = rol(cl, 10), cl = bl, bl = t;
    t = (rol((ar + ((br & dr) | (cr & ~dr)) + X[RR[j]] + KR1) | 0, SR[j]) + er) | 0;
    ar = er, er = dr, dr = rol(cr, 10), cr = br, br = t;
  }
  for (let j = 32; j < 48; j++) {
    t = (rol((al + ((bl | ~cl) ^ dl) + X[RL[j]] + KL2) | 0, SL[j]) + el) | 0;
    al = el, el = dl, dl = rol(cl, 10), cl = bl, bl = t;
    t = (rol((ar + ((br | ~cr) ^ dr) + X[RR[j]] + KR2) | 0, SR[j]) + er) | 0;
    ar = er, er = dr, dr = rol(cr, 10), cr = br, br = t;
  }
  for (let j = 48; j < 64; j++) {
    t = (rol((al + ((bl & dl) | (cl & ~dl)) + X[RL[j]] + KL3) | 0, SL[j]) + el) | 0;
    al = el, el = dl, dl = rol(cl, 10), cl = bl, bl = t;
    t = (rol((ar + ((br & cr) | (~br & dr)) + X[RR[j]] + KR3) | 0, SR[j]) + er) | 0;
    ar = er, er = dr, dr = rol(cr, 10), cr = br, br = t;
  }
  for (let j = 64; j < 80; j++) {
    t = (rol((al + (bl ^ (cl | ~dl)) + X[RL[j]] + KL4) | 0, SL[j]) + el) | 0;
    al = el, el = dl, dl = rol(cl, 10), cl = bl, bl = t;
    t = (rol((ar + (br ^ cr ^ dr)) + X[RR[j]] | 0, SR[j]) + er) | 0;
    ar = er, er = dr, dr = rol(cr, 10), cr = br, br = t;
  }
  t = (H[1] + cl + dr) | 0;
  H[1] = (H[2] + dl + er) | 0;
  H[2] = (H[3] + el + ar) | 0;
  H[3] = (H[4] + al + br) | 0;
  H[4] = (H[0] + bl + cr) | 0;
  H[0] = t;
}

/**
 * The 20-byte RIPEMD-160 digest of `data[0, length)` (a fresh array).
 * @example
 * ```ts
 * ripemd160(new TextEncoder().encode("abc")); // 8eb208f7e05d987a9b044a8e98c6b087f15a0bfc
 * ```
 */
export function ripemd160(data: Uint8Array, length: number = data.length): Uint8Array {
  if (!(length >= 0 && length <= data.length)) throw new RangeError(`length ${length} outside the data`);
  H[0] = 0x67452301;
  H[1] = 0xefcdab89 | 0;
  H[2] = 0x98badcfe | 0;
  H[3] = 0x10325476;
  H[4] = 0xc3d2e1f0 | 0;
  let at = 0;
  for (; at + 64 <= length; at += 64) compress(data, at);
  // Padding: 0x80, zeros, then the bit length as a little-endian u64 in the last 8 bytes.
  const rest = length - at;
  tail.fill(0);
  tail.set(data.subarray(at, length));
  tail[rest] = 0x80;
  const end = rest < 56 ? 64 : 128;
  const bits = length * 8;
  const low = bits >>> 0;
  const high = Math.floor(bits / 0x1_0000_0000);
  for (let i = 0; i < 4; i++) {
    tail[end - 8 + i] = (low >>> (8 * i)) & 0xff;
    tail[end - 4 + i] = (high >>> (8 * i)) & 0xff;
  }
  compress(tail, 0);
  if (end === 128) compress(tail, 64);
  const out = new Uint8Array(20);
  for (let i = 0; i < 5; i++) {
    const h = H[i];
    out[i * 4] = h & 0xff;
    out[i * 4 + 1] = (h >>> 8) & 0xff;
    out[i * 4 + 2] = (h >>> 16) & 0xff;
    out[i * 4 + 3] = h >>> 24;
  }
  return out;
}
