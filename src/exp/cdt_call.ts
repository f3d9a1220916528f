/**
 * The CALL form shared by list, map, bit and HLL expressions:
 * `[127, resultType, module, call, bin]`, where `call` is `[code, ...args]` (wrapped in the CDT
 * context as CDT operations are) and the module carries `EXP_CALL_MODIFY` (0x40) for modify calls,
 * which yield the whole changed bin value instead of a selection. Internal to `src/exp`.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import { MsgPackWriter } from "../wire/msgpack.ts";
import type { Value } from "../values.ts";
import {
  type CdtOptions,
  checkCtx,
  Packed,
  type RangeOptions,
  returnTypeCode,
  type SelectOptions,
  writeCdtCall,
} from "../ops/cdt_encode.ts";
import type { CdtContext } from "../ops/ctx.ts";
import { checkExp, Expression, type ExpType, expTypeCode, toExp } from "./expression.ts";

/** An operand: an expression or a plain value. */
export type Operand = Expression | Value;

/** A CALL expression of `module` (maybe or'ed with `EXP_CALL_MODIFY`) yielding `resultType`. */
export function moduleCall(
  resultType: number,
  module: number,
  bin: Expression,
  code: number,
  args: readonly Operand[],
  ctx: readonly CdtContext[] | undefined,
): Expression {
  const b = checkExp(bin, "a list/map/bit/HLL expression's bin");
  const packedArgs = args.map((a) => new Packed(toExp(a, "list/map/bit/HLL expression").bytes));
  const w = new MsgPackWriter(64);
  w.packArrayHeader(5);
  w.packInt(C.EXP_CALL);
  w.packInt(resultType);
  w.packInt(module);
  writeCdtCall(w, code, packedArgs, checkCtx(ctx));
  w.writeBytes(b.bytes);
  return new Expression(w.toBytes());
}

/** A CDT read call: `[127, resultType, 0, [code, ...args], bin]`. */
export function call(
  resultType: number,
  bin: Expression,
  code: number,
  args: readonly Operand[],
  options: CdtOptions | undefined,
): Expression {
  return moduleCall(resultType, C.EXP_MODULE_CDT, bin, code, args, options?.ctx);
}

/**
 * A CDT modify call: the result is the bin's new value, a list or a map as the bin is (the
 * context's first step says which when there is one, as the official clients decide).
 */
export function modifyCall(
  isMap: boolean,
  bin: Expression,
  code: number,
  args: readonly Operand[],
  options: CdtOptions | undefined,
): Expression {
  const c = checkCtx(options?.ctx);
  const binIsMap = c.length === 0 ? isMap : (c[0].type & 0x10) === 0;
  const type = binIsMap ? C.EXP_TYPE_MAP : C.EXP_TYPE_LIST;
  return moduleCall(type, C.EXP_MODULE_CDT | C.EXP_CALL_MODIFY, bin, code, args, c);
}

/** Result type of a selector that can match several items. */
export function manyType(rt: number, isMap: boolean): number {
  switch (rt & ~C.RETURN_INVERTED) {
    case C.RETURN_COUNT:
      return C.EXP_TYPE_INT;
    case C.RETURN_EXISTS:
      return C.EXP_TYPE_BOOL;
    case C.RETURN_KEY_VALUE:
    case C.RETURN_UNORDERED_MAP:
    case C.RETURN_ORDERED_MAP:
      return isMap ? C.EXP_TYPE_MAP : C.EXP_TYPE_LIST;
    default:
      return C.EXP_TYPE_LIST;
  }
}

/** Result type of a single-item selector: the item's `valueType` for value/key, else as for many. */
export function oneType(rt: number, valueType: ExpType, isMap: boolean): number {
  const base = rt & ~C.RETURN_INVERTED;
  if (base === C.RETURN_VALUE || base === C.RETURN_KEY) return expTypeCode(valueType);
  if (base === C.RETURN_COUNT || base === C.RETURN_EXISTS || base >= C.RETURN_KEY_VALUE) {
    return manyType(rt, isMap);
  }
  return C.EXP_TYPE_INT;
}

/** The arguments, then `count` when the options give one. */
export const withCount = (args: Operand[], o?: RangeOptions): Operand[] =>
  o?.count === undefined ? args : [...args, o.count];

/** `begin`, then `end` unless it is null/undefined (to the highest). */
export const interval = (begin: Operand, end: Operand | undefined): Operand[] =>
  end === undefined || end === null ? [begin] : [begin, end];

/** A single-item read (`[code, returnType, ...args]`): value/key returns are typed as `valueType`. */
export function one(
  isMap: boolean,
  code: number,
  bin: Expression,
  valueType: ExpType,
  args: Operand[],
  options: SelectOptions | undefined,
): Expression {
  const rt = returnTypeCode(options, "value");
  return call(oneType(rt, valueType, isMap), bin, code, [rt, ...args], options);
}

/** A read that may select several items: a list (or map, or count/bool) result. */
export function many(
  isMap: boolean,
  code: number,
  bin: Expression,
  args: Operand[],
  options: SelectOptions | undefined,
): Expression {
  const rt = returnTypeCode(options, "value");
  return call(manyType(rt, isMap), bin, code, [rt, ...args], options);
}
