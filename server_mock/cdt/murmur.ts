/**
 * MurmurHash3 x64 128-bit with seed 0, the hash a node applies to each HLL element (the element's
 * compact msgpack bytes). Arithmetic is on 64-bit BigInts; a mock hashes few enough elements.
 * @module
 */

const M64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M64;

function fmix(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  return k ^ (k >> 33n);
}

/** Little-endian 64-bit word of `b` from `at`, `n` bytes (at most 8). */
function word(b: Uint8Array, at: number, n: number): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]);
  return v;
}

/**
 * The two 64-bit halves `[h1, h2]` of MurmurHash3_x64_128(data, seed 0); h1 is what the C
 * implementation stores first (the low 8 bytes of its 16-byte output on a little-endian host).
 * @example
 * ```ts
 * murmur3x64(new TextEncoder().encode("hello")); // [0xcbd8a7b341bd9b02n, 0x5b1e906a48ae1d19n]
 * ```
 */
export function murmur3x64(data: Uint8Array): [bigint, bigint] {
  const len = data.length;
  const blocks = len >> 4;
  let h1 = 0n;
  let h2 = 0n;
  for (let i = 0; i < blocks; i++) {
    const k1 = word(data, i * 16, 8);
    const k2 = word(data, i * 16 + 8, 8);
    h1 ^= mul(rotl(mul(k1, C1), 31n), C2);
    h1 = (mul(rotl(h1, 27n) + h2, 5n) + 0x52dce729n) & M64;
    h2 ^= mul(rotl(mul(k2, C2), 33n), C1);
    h2 = (mul(rotl(h2, 31n) + h1, 5n) + 0x38495ab5n) & M64;
  }
  const tail = blocks * 16;
  const rest = len & 15;
  if (rest > 8) h2 ^= mul(rotl(mul(word(data, tail + 8, rest - 8), C2), 33n), C1);
  if (rest > 0) h1 ^= mul(rotl(mul(word(data, tail, Math.min(rest, 8)), C1), 31n), C2);
  h1 ^= BigInt(len);
  h2 ^= BigInt(len);
  h1 = (h1 + h2) & M64;
  h2 = (h2 + h1) & M64;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & M64;
  h2 = (h2 + h1) & M64;
  return [h1, h2];
}
