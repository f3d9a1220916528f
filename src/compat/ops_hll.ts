/**
 * The official `hll` module (HyperLogLog bin operations, with `withPolicy`).
 * @module
 */
import { HLL, hll as H, type Operation as AeroOp } from "../../mod.ts";
import { hllWriteFlags } from "./constants.ts";
import { type BuildState, Operation } from "./operation.ts";
import { hllPolicy as pol } from "./cdt_policies.ts";
import { toAeroValue } from "./values.ts";

export { hllWriteFlags as writeFlags };

/** An HLL operation; `withPolicy({ writeFlags })` sets its policy. */
export class HLLOperation extends Operation {
  /** The official policy (`{ writeFlags }`). */
  policy: { writeFlags?: number } | undefined;
  /** Sets the policy. */
  withPolicy(policy: { writeFlags?: number }): this {
    this.policy = policy;
    return this;
  }
}
function mk(name: string, bin: string, f: (o: HLLOperation, s: BuildState) => AeroOp): HLLOperation {
  const op: HLLOperation = new HLLOperation(name, bin, (s) => f(op, s));
  return op;
}
const w = (o: HLLOperation, s: BuildState) => {
  const p = pol(o.policy);
  return { ...(s.ctx ? { ctx: s.ctx } : {}), ...(p ? { policy: p } : {}) };
};
const hlls = (list: unknown): HLL[] => {
  if (!Array.isArray(list)) throw new TypeError("HLL list must be an array");
  return list.map((b) => (b instanceof HLL ? b : new HLL(b as Uint8Array)));
};
const bits = (n: number | undefined, key: string) => (n === undefined || n < 0 ? {} : { [key]: n });

/** Creates an empty HLL. */
export const init = (bin: string, indexBits: number, minhashBits = -1): HLLOperation =>
  mk("init", bin, (o, s) => H.init(bin, indexBits, { ...w(o, s), ...bits(minhashBits, "minHashBitCount") }));
/** Adds values (creating the HLL with the given sizes). */
export const add = (bin: string, list: unknown[], indexBits = -1, minhashBits = -1): HLLOperation =>
  mk("add", bin, (o, s) =>
    H.add(bin, list.map(toAeroValue), {
      ...w(o, s),
      ...bits(indexBits, "indexBitCount"),
      ...bits(minhashBits, "minHashBitCount"),
    }));
/** Sets the union of HLLs. */
export const setUnion = (bin: string, list: unknown[]): HLLOperation =>
  mk("setUnion", bin, (o, s) => H.setUnion(bin, hlls(list), w(o, s)));
/** Refreshes the cached count. */
export const refreshCount = (bin: string): HLLOperation =>
  mk("refreshCount", bin, (_o, s) => H.refreshCount(bin, s.ctx ? { ctx: s.ctx } : {}));
/** Folds to fewer index bits. */
export const fold = (bin: string, indexBits: number): HLLOperation =>
  mk("fold", bin, (_o, s) => H.fold(bin, indexBits, s.ctx ? { ctx: s.ctx } : {}));
/** Estimated count. */
export const getCount = (bin: string): HLLOperation =>
  mk("getCount", bin, (_o, s) => H.getCount(bin, s.ctx ? { ctx: s.ctx } : {}));
/** Union with other HLLs. */
export const getUnion = (bin: string, list: unknown[]): HLLOperation =>
  mk("getUnion", bin, (_o, s) => H.getUnion(bin, hlls(list), s.ctx ? { ctx: s.ctx } : {}));
/** Count of the union. */
export const getUnionCount = (bin: string, list: unknown[]): HLLOperation =>
  mk("getUnionCount", bin, (_o, s) => H.getUnionCount(bin, hlls(list), s.ctx ? { ctx: s.ctx } : {}));
/** Count of the intersection. */
export const getIntersectCount = (bin: string, list: unknown[]): HLLOperation =>
  mk("getIntersectCount", bin, (_o, s) => H.getIntersectCount(bin, hlls(list), s.ctx ? { ctx: s.ctx } : {}));
/** Similarity. */
export const getSimilarity = (bin: string, list: unknown[]): HLLOperation =>
  mk("getSimilarity", bin, (_o, s) => H.getSimilarity(bin, hlls(list), s.ctx ? { ctx: s.ctx } : {}));
/** Index and minhash bit counts. */
export const describe = (bin: string): HLLOperation =>
  mk("describe", bin, (_o, s) => H.describe(bin, s.ctx ? { ctx: s.ctx } : {}));
