/**
 * Bit expressions on blob bins (`exp.bitCount`, `exp.bitSet`, ...): CALLs of the bit module
 * (`[127, resultType, 1 | 0x40 for modify, [code, ...args], bin]`). Reads yield the bits, a count
 * or an offset; modify calls yield the changed blob (written only through `exp.write`). Arguments
 * are those of the matching `bits.*` operation, each an expression or a plain value.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { BitMathOptions, BitPolicy, BitResizeOptions } from "../ops/bits.ts";
import { bitMathFlags, bitPolicyFlags } from "../ops/bit_hll_flags.ts";
import type { Expression } from "./expression.ts";
import { moduleCall, type Operand } from "./cdt_call.ts";
import { checkOptions } from "../validate.ts";
import {
  EXP_BIT_MATH_OPTIONS,
  EXP_BIT_OPTIONS,
  EXP_BIT_RESIZE_OPTIONS,
  SIGNED_OPTIONS,
} from "../validate_shapes.ts";

/** Options of bit modify expressions. */
export interface BitExpOptions {
  /** Write flags. @default {} */
  policy?: BitPolicy;
}

const modify = (bin: Expression, code: number, args: Operand[]): Expression =>
  moduleCall(C.EXP_TYPE_BLOB, C.EXP_MODULE_BIT | C.EXP_CALL_MODIFY, bin, code, args, undefined);
const read = (type: number, bin: Expression, code: number, args: Operand[]): Expression =>
  moduleCall(type, C.EXP_MODULE_BIT, bin, code, args, undefined);

/**
 * The blob resized to `byteSize` bytes.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitResize(exp.blobBin("b"), 4, { fromFront: true });
 * ```
 */
export function bitResize(bin: Expression, byteSize: Operand, options?: BitResizeOptions): Expression {
  checkOptions(options, EXP_BIT_RESIZE_OPTIONS, "exp.bitResize()");
  const flags = (options?.fromFront ? C.BIT_RESIZE_FROM_FRONT : 0) |
    (options?.growOnly ? C.BIT_RESIZE_GROW_ONLY : 0) | (options?.shrinkOnly ? C.BIT_RESIZE_SHRINK_ONLY : 0);
  return modify(bin, C.BIT_RESIZE, [byteSize, bitPolicyFlags(options?.policy), flags]);
}

/**
 * The blob with `value` inserted at `byteOffset`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitInsert(exp.blobBin("b"), 0, new Uint8Array([0xff]));
 * ```
 */
export function bitInsert(
  bin: Expression,
  byteOffset: Operand,
  value: Operand,
  options?: BitExpOptions,
): Expression {
  checkOptions(options, EXP_BIT_OPTIONS, "exp.bitInsert()");
  return modify(bin, C.BIT_INSERT, [byteOffset, value, bitPolicyFlags(options?.policy)]);
}

/**
 * The blob without `byteSize` bytes from `byteOffset`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitRemove(exp.blobBin("b"), 0, 1);
 * ```
 */
export function bitRemove(
  bin: Expression,
  byteOffset: Operand,
  byteSize: Operand,
  options?: BitExpOptions,
): Expression {
  checkOptions(options, EXP_BIT_OPTIONS, "exp.bitRemove()");
  return modify(bin, C.BIT_REMOVE, [byteOffset, byteSize, bitPolicyFlags(options?.policy)]);
}

/** set/or/xor/and/setInt: `[bitOffset, bitSize, value, flags]`. */
function ranged(code: number) {
  return (
    bin: Expression,
    bitOffset: Operand,
    bitSize: Operand,
    value: Operand,
    options?: BitExpOptions,
  ): Expression => modify(bin, code, [bitOffset, bitSize, value, bitPolicyFlags(options?.policy)]);
}

/** A bit modify expression over `bitSize` bits from `bitOffset` with a value. */
export type BitValueExp = (
  bin: Expression,
  bitOffset: Operand,
  bitSize: Operand,
  value: Operand,
  options?: BitExpOptions,
) => Expression;

/** The blob with `bitSize` bits from `bitOffset` set to `value`'s. @example `exp.bitSet(exp.blobBin("b"), 0, 8, new Uint8Array([0x80]))` */
export const bitSet: BitValueExp = ranged(C.BIT_SET);
/** The blob or'ed with `value` over the range. @example `exp.bitOr(exp.blobBin("b"), 0, 8, new Uint8Array([1]))` */
export const bitOr: BitValueExp = ranged(C.BIT_OR);
/** The blob xor'ed with `value` over the range. @example `exp.bitXor(exp.blobBin("b"), 0, 8, new Uint8Array([1]))` */
export const bitXor: BitValueExp = ranged(C.BIT_XOR);
/** The blob and'ed with `value` over the range. @example `exp.bitAnd(exp.blobBin("b"), 0, 8, new Uint8Array([1]))` */
export const bitAnd: BitValueExp = ranged(C.BIT_AND);
/** The blob with the integer `value` written over the range (at most 64 bits). @example `exp.bitSetInt(exp.blobBin("b"), 0, 8, 7)` */
export const bitSetInt: BitValueExp = ranged(C.BIT_SET_INT);

/**
 * The blob with `bitSize` bits from `bitOffset` inverted.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitNot(exp.blobBin("b"), 0, 8);
 * ```
 */
export function bitNot(
  bin: Expression,
  bitOffset: Operand,
  bitSize: Operand,
  options?: BitExpOptions,
): Expression {
  checkOptions(options, EXP_BIT_OPTIONS, "exp.bitNot()");
  return modify(bin, C.BIT_NOT, [bitOffset, bitSize, bitPolicyFlags(options?.policy)]);
}

/**
 * The blob with the range shifted left by `shift` bits.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitLshift(exp.blobBin("b"), 0, 8, 3);
 * ```
 */
export function bitLshift(
  bin: Expression,
  bitOffset: Operand,
  bitSize: Operand,
  shift: Operand,
  options?: BitExpOptions,
): Expression {
  checkOptions(options, EXP_BIT_OPTIONS, "exp.bitLshift()");
  return modify(bin, C.BIT_LSHIFT, [bitOffset, bitSize, shift, bitPolicyFlags(options?.policy)]);
}

/**
 * The blob with the range shifted right by `shift` bits.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitRshift(exp.blobBin("b"), 0, 8, 3);
 * ```
 */
export function bitRshift(
  bin: Expression,
  bitOffset: Operand,
  bitSize: Operand,
  shift: Operand,
  options?: BitExpOptions,
): Expression {
  checkOptions(options, EXP_BIT_OPTIONS, "exp.bitRshift()");
  return modify(bin, C.BIT_RSHIFT, [bitOffset, bitSize, shift, bitPolicyFlags(options?.policy)]);
}

/**
 * The blob with `value` added to the integer over the range (overflow as `options.overflow`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitAdd(exp.blobBin("b"), 0, 8, 1, { overflow: "wrap" });
 * ```
 */
export function bitAdd(
  bin: Expression,
  bitOffset: Operand,
  bitSize: Operand,
  value: Operand,
  options?: BitMathOptions,
): Expression {
  checkOptions(options, EXP_BIT_MATH_OPTIONS, "exp.bitAdd()");
  const flags = bitMathFlags(options);
  return modify(bin, C.BIT_ADD, [bitOffset, bitSize, value, bitPolicyFlags(options?.policy), flags]);
}

/**
 * The blob with `value` subtracted from the integer over the range.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitSubtract(exp.blobBin("b"), 0, 8, 1, { overflow: "saturate" });
 * ```
 */
export function bitSubtract(
  bin: Expression,
  bitOffset: Operand,
  bitSize: Operand,
  value: Operand,
  options?: BitMathOptions,
): Expression {
  checkOptions(options, EXP_BIT_MATH_OPTIONS, "exp.bitSubtract()");
  const flags = bitMathFlags(options);
  return modify(bin, C.BIT_SUBTRACT, [bitOffset, bitSize, value, bitPolicyFlags(options?.policy), flags]);
}

/**
 * `bitSize` bits from `bitOffset`, as a blob.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.bitGet(exp.blobBin("b"), 0, 8), new Uint8Array([0x80]));
 * ```
 */
export function bitGet(bin: Expression, bitOffset: Operand, bitSize: Operand): Expression {
  return read(C.EXP_TYPE_BLOB, bin, C.BIT_GET, [bitOffset, bitSize]);
}

/**
 * The number of set bits in the range.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.bitCount(exp.blobBin("b"), 0, 16), 3);
 * ```
 */
export function bitCount(bin: Expression, bitOffset: Operand, bitSize: Operand): Expression {
  return read(C.EXP_TYPE_INT, bin, C.BIT_COUNT, [bitOffset, bitSize]);
}

/**
 * The offset of the first bit equal to `value` from the left of the range (-1 when none).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitLscan(exp.blobBin("b"), 0, 16, true);
 * ```
 */
export function bitLscan(bin: Expression, bitOffset: Operand, bitSize: Operand, value: Operand): Expression {
  return read(C.EXP_TYPE_INT, bin, C.BIT_LSCAN, [bitOffset, bitSize, value]);
}

/**
 * The offset of the last bit equal to `value` in the range (-1 when none).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitRscan(exp.blobBin("b"), 0, 16, true);
 * ```
 */
export function bitRscan(bin: Expression, bitOffset: Operand, bitSize: Operand, value: Operand): Expression {
  return read(C.EXP_TYPE_INT, bin, C.BIT_RSCAN, [bitOffset, bitSize, value]);
}

/**
 * The integer in `bitSize` bits from `bitOffset` (signed when asked).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bitGetInt(exp.blobBin("b"), 0, 8, { signed: true });
 * ```
 */
export function bitGetInt(
  bin: Expression,
  bitOffset: Operand,
  bitSize: Operand,
  options?: { signed?: boolean },
): Expression {
  checkOptions(options, SIGNED_OPTIONS, "exp.bitGetInt()");
  const args = options?.signed ? [bitOffset, bitSize, C.BIT_INT_FLAGS_SIGNED] : [bitOffset, bitSize];
  return read(C.EXP_TYPE_INT, bin, C.BIT_GET_INT, args);
}
