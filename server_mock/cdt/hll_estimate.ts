/**
 * A node's HLL estimates, step for step (aerospike-server `particle_hll.c`), so counts match a
 * real server's: cardinality by Ertl's improved estimator (arXiv 1702.01284, algorithm 6),
 * rounded half away from zero; union count of the merged sketch; intersection by
 * inclusion-exclusion without minhash bits (two or three sketches), by HyperMinHash similarity
 * times the union count with them (arXiv 1710.08436). Integer results are exact copies of a
 * node's; similarities use `Math.pow` where the node uses C's `pow`, so a similarity may differ
 * from a node's in its last bits (doubles, not integers).
 * @module
 */
import {
  getCache,
  getRegister,
  hasData,
  HLL_BITS,
  hllValue,
  intersectInto,
  newHll,
  template,
  unionInto,
  unionOf,
  usedRegisters,
} from "./hll_sketch.ts";

const MAX_VALUE = 1 << HLL_BITS;

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let prev: number;
  do {
    x = Math.sqrt(x);
    prev = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (prev !== z);
  return z / 3;
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let prev: number;
  do {
    x *= x;
    prev = z;
    z += x * y;
    y += y;
  } while (prev !== z);
  return z;
}

function alpha(indexBits: number): number {
  if (indexBits === 4) return 0.673;
  if (indexBits === 5) return 0.697;
  if (indexBits === 6) return 0.709;
  return 0.7213 / (1 + 1.079 / (1 << indexBits));
}

/** The estimated distinct count of `h` (its cached count when it has one). */
export function estimate(h: Uint8Array): bigint {
  const cached = getCache(h);
  if (cached !== 0n) return cached;
  const m = 1 << h[1];
  const c = new Array<number>(MAX_VALUE + 1).fill(0);
  for (let r = 0; r < m; r++) c[hllValue(h, getRegister(h, r))]++;
  let z = m * tau(c[MAX_VALUE] / m);
  for (let k = MAX_VALUE; k > 0; k--) z = 0.5 * (z + c[k]);
  z += m * sigma(c[0] / m);
  return BigInt(Math.round((alpha(h[1]) * m * m) / z));
}

/** The estimated count of the union of `hs`. */
export function unionCount(hs: Uint8Array[]): bigint {
  return estimate(unionOf(hs));
}

/** `hmh_jaccard_estimate_collisions`: expected chance register collisions of two sketches. */
function collisions(indexBits: number, minhashBits: number, card0: number, card1: number): number {
  const m = 1 << indexBits;
  let cp = 0;
  for (let i = 1; i <= MAX_VALUE; i++) {
    const b1 = (i !== MAX_VALUE ? Math.pow(2, -i) : 0) / m;
    const b2 = Math.pow(2, -i + 1) / m;
    const prX = Math.pow(1 - b1, card0) - Math.pow(1 - b2, card0);
    const prY = Math.pow(1 - b1, card1) - Math.pow(1 - b2, card1);
    cp += prX * prY;
  }
  return (cp * m) / Math.pow(2, minhashBits);
}

/** The estimated Jaccard similarity of `hs` (NaN when all are empty, with minhash bits). */
export function similarity(hs: Uint8Array[]): number {
  const [index, minhash] = template(hs);
  if (minhash === 0) return Number(intersectCountHll(hs)) / Number(unionCount(hs));
  let someData = false;
  let someEmpty = false;
  for (const h of hs) {
    if (hasData(h)) someData = true;
    else someEmpty = true;
  }
  if (someEmpty) return someData ? 0 : NaN;
  const agg = newHll(index, minhash);
  for (const h of hs) unionInto(agg, h);
  const nUnion = usedRegisters(agg);
  const inter = newHll(index, minhash);
  unionInto(inter, hs[0]);
  for (const h of hs.slice(1)) intersectInto(inter, h);
  const nIntersect = usedRegisters(inter);
  const ec = hs.length === 2
    ? collisions(index, minhash, Number(estimate(hs[0])), Number(estimate(hs[1])))
    : 0;
  const result = (nIntersect - ec) / nUnion;
  return result < 0 ? 0 : result;
}

/** The estimated count of the intersection of `hs`. */
export function intersectCount(hs: Uint8Array[]): bigint {
  if (template(hs)[1] === 0) return intersectCountHll(hs);
  const j = similarity(hs);
  if (Number.isNaN(j)) return 0n;
  return BigInt(Math.round(Number(unionCount(hs)) * j));
}

const U64_MAX = (1n << 64n) - 1n;

/** Inclusion-exclusion over two or three sketches (`hll_estimate_intersect_cardinality`). */
function intersectCountHll(hs: Uint8Array[]): bigint {
  const cu = unionCount(hs);
  let sum = 0n;
  for (const h of hs) {
    sum += estimate(h);
    if (sum > U64_MAX) {
      sum = U64_MAX;
      break;
    }
  }
  if (hs.length === 2) return sum > cu ? sum - cu : 0n;
  const pairs = intersectCount([hs[0], hs[1]]) + intersectCount([hs[1], hs[2]]) +
    intersectCount([hs[0], hs[2]]);
  // A node computes this in signed 64 bits.
  const result = BigInt.asIntN(64, cu - (BigInt.asIntN(64, sum) - BigInt.asIntN(64, pairs)));
  return result < 0n ? 0n : result;
}
