/**
 * The official `exp.hll` module: HyperLogLog read and modify expressions with the official argument
 * orders (`add(bin, indexBitCount, list)`), on aerolite's `exp.hll*` builders. Bit counts are
 * numbers; values and HLL lists are expressions (`exp.list([...])`, an HLL bin). Policies are
 * `{ writeFlags }` (`hll.writeFlags.*`; the official `flags` is read too).
 * @module
 */
import { exp as X, type Expression, type HLLPolicy } from "../../mod.ts";
import { type AerospikeExp, type ExpArg, unwrap, wrap } from "./exp_base.ts";
import { hllPolicy as pol } from "./cdt_policies.ts";

const u = (x: unknown): Expression => unwrap(x, "hll");

function policyOpts(p: unknown): { policy?: HLLPolicy } {
  if (p === undefined || p === null) return {};
  const o = p as { writeFlags?: number; flags?: number };
  const aero = pol({ writeFlags: o.writeFlags ?? o.flags ?? 0 });
  return aero ? { policy: aero } : {};
}

function bits(n: unknown, what: string): number {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`exp.hll: ${what} must be an integer`);
  }
  return n;
}

/** A new (or reset) HLL with `indexBitCount` index bits and `mhBitCount` minhash bits. */
export const initMH = (
  bin: ExpArg,
  mhBitCount: number,
  indexBitCount: number,
  policy: unknown = null,
): AerospikeExp =>
  wrap(X.hllInit(u(bin), bits(indexBitCount, "indexBitCount"), {
    ...policyOpts(policy),
    minHashBitCount: bits(mhBitCount, "mhBitCount"),
  }));

/** A new (or reset) HLL with `indexBitCount` index bits. */
export const init = (bin: ExpArg, indexBitCount: number, policy: unknown = null): AerospikeExp =>
  wrap(X.hllInit(u(bin), bits(indexBitCount, "indexBitCount"), policyOpts(policy)));

/** The HLL with the values of `list` added (created with the given bit counts when missing). */
export const addMH = (
  bin: ExpArg,
  mhBitCount: number,
  indexBitCount: number,
  list: ExpArg,
  policy: unknown = null,
): AerospikeExp =>
  wrap(X.hllAdd(u(bin), u(list), {
    ...policyOpts(policy),
    indexBitCount: bits(indexBitCount, "indexBitCount"),
    minHashBitCount: bits(mhBitCount, "mhBitCount"),
  }));

/** The HLL with the values of `list` added (created with `indexBitCount` index bits when missing). */
export const add = (bin: ExpArg, indexBitCount: number, list: ExpArg, policy: unknown = null): AerospikeExp =>
  wrap(
    X.hllAdd(u(bin), u(list), { ...policyOpts(policy), indexBitCount: bits(indexBitCount, "indexBitCount") }),
  );

/** The existing HLL with the values of `list` added. */
export const update = (bin: ExpArg, list: ExpArg, policy: unknown = null): AerospikeExp =>
  wrap(X.hllUpdate(u(bin), u(list), policyOpts(policy)));

/** The estimated number of distinct values. */
export const getCount = (bin: ExpArg): AerospikeExp => wrap(X.hllGetCount(u(bin)));
/** The union of the HLL and the HLLs of `list`. */
export const getUnion = (bin: ExpArg, list: ExpArg): AerospikeExp => wrap(X.hllGetUnion(u(bin), u(list)));
/** The estimated distinct count of the union with the HLLs of `list`. */
export const getUnionCount = (bin: ExpArg, list: ExpArg): AerospikeExp =>
  wrap(X.hllGetUnionCount(u(bin), u(list)));
/** The estimated distinct count of the intersection with the HLLs of `list`. */
export const getIntersectCount = (bin: ExpArg, list: ExpArg): AerospikeExp =>
  wrap(X.hllGetIntersectCount(u(bin), u(list)));
/** The estimated similarity with the HLLs of `list`. */
export const getSimilarity = (bin: ExpArg, list: ExpArg): AerospikeExp =>
  wrap(X.hllGetSimilarity(u(bin), u(list)));
/** `[indexBitCount, minHashBitCount]`. */
export const describe = (bin: ExpArg): AerospikeExp => wrap(X.hllDescribe(u(bin)));
/** 1 when all values of `list` may be in the HLL, else 0. */
export const mayContain = (bin: ExpArg, list: ExpArg): AerospikeExp => wrap(X.hllMayContain(u(bin), u(list)));
