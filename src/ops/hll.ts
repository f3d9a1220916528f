/**
 * HyperLogLog operation builders (`hll.init`, `hll.add`, `hll.getCount`, ...), encoded as the
 * official client encodes them; every HLL operation asks for all results (`INFO2_RESPOND_ALL_OPS`).
 * HLL values (`HLL`) travel inside msgpack with the HLL particle type byte (18).
 * @module
 */
import { OP_HLL_MODIFY, OP_HLL_READ } from "../wire/operations.ts";
import * as C from "../wire/cdt_codes.ts";
import { MsgPackWriter } from "../wire/msgpack.ts";
import { PARTICLE_TYPE_HLL } from "../wire/particles.ts";
import { HLL, type Value } from "../values.ts";
import type { Operation } from "./scalar.ts";
import { type CdtArg, cdtOperation, type CdtOptions, checkArray, checkInt, Packed } from "./cdt_encode.ts";
import { hllPolicyFlags } from "./bit_hll_flags.ts";
import { checkOptions } from "../validate.ts";
import { CDT_OPTIONS, HLL_ADD_OPTIONS, HLL_INIT_OPTIONS, HLL_WRITE_OPTIONS } from "../validate_shapes.ts";

/** Which writes an HLL operation may refuse. */
export interface HLLPolicy {
  /** The bin must not exist (`CREATE_ONLY`). @default false */
  createOnly?: boolean;
  /** The bin must exist (`UPDATE_ONLY`). @default false */
  updateOnly?: boolean;
  /** A refused write is no error (`NO_FAIL`). @default false */
  noFail?: boolean;
  /** A union may fold to the smallest index bit count (`ALLOW_FOLD`). @default false */
  allowFold?: boolean;
}

/** Options of HLL writes. */
export interface HLLWriteOptions extends CdtOptions {
  /** Write flags. @default {} */
  policy?: HLLPolicy;
}

/** Options of `hll.init` and `hll.add`. */
export interface HLLInitOptions extends HLLWriteOptions {
  /** Minhash bits (0 or 4..51; -1 leaves the server's choice). @default -1 */
  minHashBitCount?: number;
}

/** Options of `hll.add`: the bit counts used when `add` creates the HLL. */
export interface HLLAddOptions extends HLLInitOptions {
  /** Index bits (4..16) when the bin is created; -1 requires it to exist. @default -1 */
  indexBitCount?: number;
}

/** A msgpack list of HLL values, each with the HLL type byte. */
function hllList(hlls: readonly HLL[]): Packed {
  checkArray("hlls", hlls);
  const w = new MsgPackWriter(64);
  w.packArrayHeader(hlls.length);
  for (const h of hlls) {
    if (!(h instanceof HLL)) throw new TypeError("HLL set operations take an array of HLL values");
    w.packBlob(h.bytes, PARTICLE_TYPE_HLL);
  }
  return new Packed(w.toBytes());
}

const modify = (bin: string, code: number, args: CdtArg[], o?: CdtOptions): Operation =>
  cdtOperation(OP_HLL_MODIFY, bin, code, args, o?.ctx, true);
const read = (bin: string, code: number, args: CdtArg[], o?: CdtOptions): Operation =>
  cdtOperation(OP_HLL_READ, bin, code, args, o?.ctx, true);

/**
 * Creates (or resets) an HLL with `indexBitCount` index bits.
 * @example
 * ```ts
 * import { hll } from "@aerolite/client";
 * hll.init("h", 10);
 * ```
 */
export function init(bin: string, indexBitCount: number, options?: HLLInitOptions): Operation {
  checkOptions(options, HLL_INIT_OPTIONS, "hll.init()");
  const args = [
    checkInt("indexBitCount", indexBitCount),
    checkInt("minHashBitCount", options?.minHashBitCount ?? -1),
    hllPolicyFlags(options?.policy),
  ];
  return modify(bin, C.HLL_INIT, args, options);
}

/**
 * Adds values; returns how many changed the HLL.
 * @example
 * ```ts
 * import { hll } from "@aerolite/client";
 * hll.add("h", ["a", "b", "c"]);
 * ```
 */
export function add(bin: string, values: Value[], options?: HLLAddOptions): Operation {
  checkOptions(options, HLL_ADD_OPTIONS, "hll.add()");
  const args = [
    checkArray("values", values),
    checkInt("indexBitCount", options?.indexBitCount ?? -1),
    checkInt("minHashBitCount", options?.minHashBitCount ?? -1),
    hllPolicyFlags(options?.policy),
  ];
  return modify(bin, C.HLL_ADD, args, options);
}

/**
 * Sets the bin to its union with `hlls`.
 * @example
 * ```ts
 * import { type HLL, hll } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * hll.setUnion("h", [other]);
 * ```
 */
export function setUnion(bin: string, hlls: HLL[], options?: HLLWriteOptions): Operation {
  checkOptions(options, HLL_WRITE_OPTIONS, "hll.setUnion()");
  return modify(bin, C.HLL_SET_UNION, [hllList(hlls), hllPolicyFlags(options?.policy)], options);
}

/**
 * Recomputes the cached count; returns it.
 * @example
 * ```ts
 * import { hll } from "@aerolite/client";
 * hll.refreshCount("h");
 * ```
 */
export function refreshCount(bin: string, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.refreshCount()");
  return modify(bin, C.HLL_SET_COUNT, [], options);
}

/**
 * Folds the HLL down to `indexBitCount` index bits (only without minhash bits).
 * @example
 * ```ts
 * import { hll } from "@aerolite/client";
 * hll.fold("h", 6);
 * ```
 */
export function fold(bin: string, indexBitCount: number, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.fold()");
  return modify(bin, C.HLL_FOLD, [checkInt("indexBitCount", indexBitCount)], options);
}

/**
 * The estimated number of distinct values.
 * @example
 * ```ts
 * import { hll } from "@aerolite/client";
 * hll.getCount("h");
 * ```
 */
export function getCount(bin: string, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.getCount()");
  return read(bin, C.HLL_COUNT, [], options);
}

/**
 * The union of the bin with `hlls` (an `HLL`).
 * @example
 * ```ts
 * import { type HLL, hll } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * hll.getUnion("h", [other]);
 * ```
 */
export function getUnion(bin: string, hlls: HLL[], options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.getUnion()");
  return read(bin, C.HLL_UNION, [hllList(hlls)], options);
}

/**
 * The estimated count of the union with `hlls`.
 * @example
 * ```ts
 * import { type HLL, hll } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * hll.getUnionCount("h", [other]);
 * ```
 */
export function getUnionCount(bin: string, hlls: HLL[], options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.getUnionCount()");
  return read(bin, C.HLL_UNION_COUNT, [hllList(hlls)], options);
}

/**
 * The estimated count of the intersection with `hlls`.
 * @example
 * ```ts
 * import { type HLL, hll } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * hll.getIntersectCount("h", [other]);
 * ```
 */
export function getIntersectCount(bin: string, hlls: HLL[], options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.getIntersectCount()");
  return read(bin, C.HLL_INTERSECT_COUNT, [hllList(hlls)], options);
}

/**
 * The estimated similarity (0..1) with `hlls`.
 * @example
 * ```ts
 * import { type HLL, hll } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * hll.getSimilarity("h", [other]);
 * ```
 */
export function getSimilarity(bin: string, hlls: HLL[], options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.getSimilarity()");
  return read(bin, C.HLL_SIMILARITY, [hllList(hlls)], options);
}

/**
 * `[indexBitCount, minHashBitCount]` of the HLL.
 * @example
 * ```ts
 * import { hll } from "@aerolite/client";
 * hll.describe("h");
 * ```
 */
export function describe(bin: string, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "hll.describe()");
  return read(bin, C.HLL_DESCRIBE, [], options);
}
