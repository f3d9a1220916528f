/**
 * Bitwise operation builders for blob bins (`bits.set`, `bits.get`, ...). Offsets are in bits
 * (bytes for resize/insert/remove); a negative offset counts from the end. Encoded as the official
 * client encodes them; every bit operation asks for all results (`INFO2_RESPOND_ALL_OPS`).
 * @module
 */
import { OP_BIT_MODIFY, OP_BIT_READ } from "../wire/operations.ts";
import * as C from "../wire/cdt_codes.ts";
import type { Operation } from "./scalar.ts";
import { type CdtArg, cdtOperation, type CdtOptions, checkCount, checkInt } from "./cdt_encode.ts";
import { bitMathFlags, bitPolicyFlags } from "./bit_hll_flags.ts";
import { checkOptions } from "../validate.ts";
import {
  BIT_GET_INT_OPTIONS,
  BIT_MATH_OPTIONS,
  BIT_RESIZE_OPTIONS,
  BIT_WRITE_OPTIONS,
  CDT_OPTIONS,
} from "../validate_shapes.ts";

/** Which writes a bit operation may refuse. */
export interface BitPolicy {
  /** The bin must not exist (`CREATE_ONLY`). @default false */
  createOnly?: boolean;
  /** The bin must exist (`UPDATE_ONLY`). @default false */
  updateOnly?: boolean;
  /** A refused write is no error (`NO_FAIL`). @default false */
  noFail?: boolean;
  /** Apply what fits when the operation runs past the end (`PARTIAL`). @default false */
  partial?: boolean;
}

/** Options of bit writes. */
export interface BitWriteOptions extends CdtOptions {
  /** Write flags. @default {} */
  policy?: BitPolicy;
}

/** Options of `bits.resize`. */
export interface BitResizeOptions extends BitWriteOptions {
  /** Add/remove bytes at the front instead of the end. @default false */
  fromFront?: boolean;
  /** Only grow (a smaller size is no error and no change). @default false */
  growOnly?: boolean;
  /** Only shrink. @default false */
  shrinkOnly?: boolean;
}

/** Options of `bits.add` and `bits.subtract`. */
export interface BitMathOptions extends BitWriteOptions {
  /** Treat the bits as a signed number. @default false */
  signed?: boolean;
  /** On overflow: fail, saturate at the limit, or wrap around. @default "fail" */
  overflow?: "fail" | "saturate" | "wrap";
}

/** Options of `bits.getInt`. */
export interface BitGetIntOptions extends CdtOptions {
  /** Read the bits as a signed number. @default false */
  signed?: boolean;
}

function checkBytes(v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError("bit operations take the value as a Uint8Array");
  return v;
}

function checkInt64(name: string, v: unknown): number | bigint {
  if (typeof v === "bigint") {
    if (v < -(1n << 63n) || v >= 1n << 64n) throw new RangeError(`${name} is outside the 64-bit range`);
    return v;
  }
  return checkInt(name, v);
}

const modify = (bin: string, code: number, args: CdtArg[], o?: BitWriteOptions): Operation =>
  cdtOperation(OP_BIT_MODIFY, bin, code, [...args, bitPolicyFlags(o?.policy)], o?.ctx, true);
const read = (bin: string, code: number, args: CdtArg[], o?: CdtOptions): Operation =>
  cdtOperation(OP_BIT_READ, bin, code, args, o?.ctx, true);
const span = (
  offset: number,
  size: number,
): number[] => [checkInt("bitOffset", offset), checkCount("bitSize", size)];
/** The range, then a shift amount (`lshift`/`rshift`). */
const shifted = (offset: number, size: number, shift: number): number[] => [
  ...span(offset, size),
  checkCount("shift", shift),
];
/** The bit value to look for (checked first), after the range (`lscan`/`rscan`). */
function scanArgs(fn: string, offset: number, size: number, value: boolean): CdtArg[] {
  if (typeof value !== "boolean") throw new TypeError(`${fn}() looks for a boolean bit value`);
  return [...span(offset, size), value];
}

/**
 * Resizes the blob to `byteSize` bytes.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.resize("b", 4, { fromFront: true });
 * ```
 */
export function resize(bin: string, byteSize: number, options?: BitResizeOptions): Operation {
  checkOptions(options, BIT_RESIZE_OPTIONS, "bits.resize()");
  const flags = (options?.fromFront ? C.BIT_RESIZE_FROM_FRONT : 0) |
    (options?.growOnly ? C.BIT_RESIZE_GROW_ONLY : 0) | (options?.shrinkOnly ? C.BIT_RESIZE_SHRINK_ONLY : 0);
  const args = [checkCount("byteSize", byteSize), bitPolicyFlags(options?.policy), flags];
  return cdtOperation(OP_BIT_MODIFY, bin, C.BIT_RESIZE, args, options?.ctx, true);
}

/**
 * Inserts `value` at `byteOffset`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.insert("b", 1, new Uint8Array([0xff, 0xc7]));
 * ```
 */
export function insert(
  bin: string,
  byteOffset: number,
  value: Uint8Array,
  options?: BitWriteOptions,
): Operation {
  checkOptions(options, BIT_WRITE_OPTIONS, "bits.insert()");
  return modify(bin, C.BIT_INSERT, [checkInt("byteOffset", byteOffset), checkBytes(value)], options);
}

/**
 * Removes `byteSize` bytes from `byteOffset`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.remove("b", 2, 3);
 * ```
 */
export function remove(
  bin: string,
  byteOffset: number,
  byteSize: number,
  options?: BitWriteOptions,
): Operation {
  checkOptions(options, BIT_WRITE_OPTIONS, "bits.remove()");
  return modify(
    bin,
    C.BIT_REMOVE,
    [checkInt("byteOffset", byteOffset), checkCount("byteSize", byteSize)],
    options,
  );
}

function bytesOp(code: number) {
  return (
    bin: string,
    bitOffset: number,
    bitSize: number,
    value: Uint8Array,
    options?: BitWriteOptions,
  ): Operation => modify(bin, code, [...span(bitOffset, bitSize), checkBytes(value)], options);
}

/**
 * Sets `bitSize` bits from `bitOffset` to the leading bits of `value`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.set("b", 0, 8, new Uint8Array([0xff]));
 * ```
 */
export const set: (
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  options?: BitWriteOptions,
) => Operation = bytesOp(C.BIT_SET);
/**
 * Bitwise or of the bit range with `value`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.or("b", 17, 6, new Uint8Array([0xa8]));
 * ```
 */
export const or: (
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  options?: BitWriteOptions,
) => Operation = bytesOp(C.BIT_OR);
/**
 * Bitwise xor of the bit range with `value`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.xor("b", 17, 6, new Uint8Array([0xac]));
 * ```
 */
export const xor: (
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  options?: BitWriteOptions,
) => Operation = bytesOp(C.BIT_XOR);
/**
 * Bitwise and of the bit range with `value`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.and("b", 23, 9, new Uint8Array([0x3c, 0x80]));
 * ```
 */
export const and: (
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  options?: BitWriteOptions,
) => Operation = bytesOp(C.BIT_AND);

/**
 * Inverts `bitSize` bits from `bitOffset`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.not("b", 25, 6);
 * ```
 */
export function not(bin: string, bitOffset: number, bitSize: number, options?: BitWriteOptions): Operation {
  checkOptions(options, BIT_WRITE_OPTIONS, "bits.not()");
  return modify(bin, C.BIT_NOT, span(bitOffset, bitSize), options);
}

/**
 * Shifts the bit range left by `shift`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.lshift("b", 32, 8, 3);
 * ```
 */
export function lshift(
  bin: string,
  bitOffset: number,
  bitSize: number,
  shift: number,
  options?: BitWriteOptions,
): Operation {
  checkOptions(options, BIT_WRITE_OPTIONS, "bits.lshift()");
  return modify(bin, C.BIT_LSHIFT, shifted(bitOffset, bitSize, shift), options);
}

/**
 * Shifts the bit range right by `shift`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.rshift("b", 0, 9, 1);
 * ```
 */
export function rshift(
  bin: string,
  bitOffset: number,
  bitSize: number,
  shift: number,
  options?: BitWriteOptions,
): Operation {
  checkOptions(options, BIT_WRITE_OPTIONS, "bits.rshift()");
  return modify(bin, C.BIT_RSHIFT, shifted(bitOffset, bitSize, shift), options);
}

function mathOp(
  code: number,
  bin: string,
  off: number,
  size: number,
  value: number | bigint,
  o?: BitMathOptions,
) {
  // The official client sends the amount as an unsigned 64-bit integer.
  const v = checkInt64("value", value);
  const amount = typeof v === "bigint" ? BigInt.asUintN(64, v) : v < 0 ? BigInt.asUintN(64, BigInt(v)) : v;
  const args = [
    ...span(off, size),
    amount,
    bitPolicyFlags(o?.policy),
    bitMathFlags(o),
  ];
  return cdtOperation(OP_BIT_MODIFY, bin, code, args, o?.ctx, true);
}

/**
 * Adds `value` to the bit range read as an integer (at most 64 bits).
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.add("b", 24, 16, 128, { overflow: "wrap" });
 * ```
 */
export function add(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number | bigint,
  options?: BitMathOptions,
): Operation {
  checkOptions(options, BIT_MATH_OPTIONS, "bits.add()");
  return mathOp(C.BIT_ADD, bin, bitOffset, bitSize, value, options);
}

/**
 * Subtracts `value` from the bit range read as an integer (at most 64 bits).
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.subtract("b", 24, 16, 128);
 * ```
 */
export function subtract(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number | bigint,
  options?: BitMathOptions,
): Operation {
  checkOptions(options, BIT_MATH_OPTIONS, "bits.subtract()");
  return mathOp(C.BIT_SUBTRACT, bin, bitOffset, bitSize, value, options);
}

/**
 * Sets the bit range (at most 64 bits) to the integer `value`.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.setInt("b", 1, 8, 127);
 * ```
 */
export function setInt(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number | bigint,
  options?: BitWriteOptions,
): Operation {
  checkOptions(options, BIT_WRITE_OPTIONS, "bits.setInt()");
  return modify(bin, C.BIT_SET_INT, [...span(bitOffset, bitSize), checkInt64("value", value)], options);
}

/**
 * Reads `bitSize` bits from `bitOffset` (a blob).
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.get("b", 0, 16);
 * ```
 */
export function get(bin: string, bitOffset: number, bitSize: number, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "bits.get()");
  return read(bin, C.BIT_GET, span(bitOffset, bitSize), options);
}

/**
 * Counts the set bits of the range.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.count("b", 0, 16);
 * ```
 */
export function count(bin: string, bitOffset: number, bitSize: number, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "bits.count()");
  return read(bin, C.BIT_COUNT, span(bitOffset, bitSize), options);
}

/**
 * Offset (within the range) of the first bit equal to `value` from the left; -1 if none.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.lscan("b", 0, 16, true);
 * ```
 */
export function lscan(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: boolean,
  options?: CdtOptions,
): Operation {
  checkOptions(options, CDT_OPTIONS, "bits.lscan()");
  return read(bin, C.BIT_LSCAN, scanArgs("lscan", bitOffset, bitSize, value), options);
}

/**
 * Offset (within the range) of the last bit equal to `value`, scanning from the right; -1 if none.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.rscan("b", 0, 16, false);
 * ```
 */
export function rscan(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: boolean,
  options?: CdtOptions,
): Operation {
  checkOptions(options, CDT_OPTIONS, "bits.rscan()");
  return read(bin, C.BIT_RSCAN, scanArgs("rscan", bitOffset, bitSize, value), options);
}

/**
 * Reads the bit range (at most 64 bits) as an integer.
 * @example
 * ```ts
 * import { bits } from "@aerolite/client";
 * bits.getInt("b", 8, 8, { signed: true });
 * ```
 */
export function getInt(
  bin: string,
  bitOffset: number,
  bitSize: number,
  options?: BitGetIntOptions,
): Operation {
  checkOptions(options, BIT_GET_INT_OPTIONS, "bits.getInt()");
  const args = span(bitOffset, bitSize);
  if (options?.signed) args.push(C.BIT_INT_FLAGS_SIGNED);
  return read(bin, C.BIT_GET_INT, args, options);
}
