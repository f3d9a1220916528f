/**
 * Server 8.1 path expressions: `selectByPath` / `modifyByPath` over a CDT context whose steps may
 * fan out (`ctx.allChildren()`, `ctx.allChildrenWithFilter()`, `ctx.mapKeysIn()`, filtered with
 * `ctx.andFilter()`), the loop variables a step filter reads (the current key, value or index),
 * `inList`, `mapKeys`, `mapValues`, `removeResult` and `uint`. Wire forms as the official C client
 * packs them: `[127, type, 0 (| 0x40 modify), [0xfe, ctx, flags (| 4), modExp?], bin]`,
 * `[122, type, var]`, `[9, value, list]`, `[101, map]`, `[102, map]`, `[100]`.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import { MsgPackWriter } from "../wire/msgpack.ts";
import type { CdtContext } from "../ops/ctx.ts";
import { packCtxList } from "../ops/cdt_encode.ts";
import { checkExp, Expression, type ExpType, expTypeCode, node, packed, toExp } from "./expression.ts";
import type { Operand } from "./cdt_call.ts";

/** CDT op of a path select or modify (`AS_CDT_OP_CONTEXT_SELECT`). */
export const CDT_CONTEXT_SELECT = 0xfe;
/** Flag of a path modify: the call carries an expression to apply. */
const PATH_APPLY = 4;
/** Path flag: ignore elements of another type, and read UNKNOWN as false. */
const PATH_NO_FAIL = 0x10;
const EXP_IN_LIST = 9;
const EXP_REMOVE_RESULT = 100;
const EXP_MAP_KEYS_IN = 101;
const EXP_MAP_VALUES_IN = 102;
const EXP_LOOPVAR = 122;

/**
 * What a path select returns: `matchingTree` (the bin pruned to the selected elements, from the
 * root down), `values` (a list of the selected elements; for maps their values), `mapKeys` (the
 * selected map keys), `mapKeyValues` (the selected map entries, key and value).
 */
export type PathReturn = "matchingTree" | "values" | "mapKeys" | "mapKeyValues";

/** Options of a path select. */
export interface SelectPathOptions {
  /** What comes back. @default "matchingTree" */
  returns?: PathReturn;
  /**
   * Skip elements a step filter cannot judge (another type; UNKNOWN reads as false) instead of
   * failing the operation.
   * @default false
   */
  noFail?: boolean;
}

/** Options of a path modify. */
export interface ModifyPathOptions {
  /** As for a select: skip elements the filters cannot judge. @default false */
  noFail?: boolean;
}

const RETURNS: Record<PathReturn, number> = { matchingTree: 0, values: 1, mapKeys: 2, mapKeyValues: 3 };

/** The flags of a path select (`AS_EXP_PATH_SELECT_*`). */
export function selectFlags(options: SelectPathOptions | undefined): number {
  const r = options?.returns ?? "matchingTree";
  if (!Object.hasOwn(RETURNS, r)) throw new TypeError(`unknown path select returns ${JSON.stringify(r)}`);
  return RETURNS[r] | (options?.noFail === true ? PATH_NO_FAIL : 0);
}

/** The flags of a path modify (`AS_EXP_PATH_MODIFY_*`, with the apply bit). */
export function modifyFlags(options: ModifyPathOptions | undefined): number {
  return PATH_APPLY | (options?.noFail === true ? PATH_NO_FAIL : 0);
}

/** Packs `[0xfe, ctx, flags, modExp?]` into `w`. */
export function writePathCall(
  w: MsgPackWriter,
  steps: readonly CdtContext[],
  flags: number,
  mod?: Expression,
): void {
  if (!Array.isArray(steps) || steps.length === 0) throw new TypeError("a path needs a non-empty ctx");
  w.packArrayHeader(mod === undefined ? 3 : 4);
  w.packInt(CDT_CONTEXT_SELECT);
  packCtxList(w, steps);
  w.packInt(flags);
  if (mod !== undefined) w.writeBytes(mod.bytes);
}

/**
 * The elements a path selects in a list or map bin (server 8.1), typed `type`.
 * @example
 * ```ts
 * import { ctx, exp } from "@aerolite/client";
 * // Every item whose price is under 10, as a list of the items.
 * exp.selectByPath("list", exp.mapBin("items"), [
 *   ctx.allChildrenWithFilter(exp.lt(exp.mapGetByKey(exp.loopVarMap("value"), "price", "float"), 10.0)),
 * ], { returns: "values" });
 * ```
 */
export function selectByPath(
  type: ExpType,
  bin: Expression,
  steps: readonly CdtContext[],
  options?: SelectPathOptions,
): Expression {
  const b = checkExp(bin, "exp.selectByPath()");
  const w = new MsgPackWriter(64);
  w.packArrayHeader(5);
  w.packInt(C.EXP_CALL);
  w.packInt(expTypeCode(type));
  w.packInt(C.EXP_MODULE_CDT);
  writePathCall(w, steps, selectFlags(options));
  w.writeBytes(b.bytes);
  return new Expression(w.toBytes());
}

/**
 * The bin with `modify` applied to every element the path selects (server 8.1): the value of the
 * expression replaces the element (read it with the loop variable `value`); `exp.removeResult()`
 * removes it. Typed `type` (the bin's type).
 * @example
 * ```ts
 * import { ctx, exp } from "@aerolite/client";
 * exp.modifyByPath("map", exp.mapBin("m"), [ctx.allChildren()], exp.add(exp.loopVarInt("value"), exp.int(1)));
 * ```
 */
export function modifyByPath(
  type: ExpType,
  bin: Expression,
  steps: readonly CdtContext[],
  modify: Expression,
  options?: ModifyPathOptions,
): Expression {
  const b = checkExp(bin, "exp.modifyByPath()");
  const m = checkExp(modify, "exp.modifyByPath()");
  const w = new MsgPackWriter(64);
  w.packArrayHeader(5);
  w.packInt(C.EXP_CALL);
  w.packInt(expTypeCode(type));
  w.packInt(C.EXP_MODULE_CDT | C.EXP_CALL_MODIFY);
  writePathCall(w, steps, modifyFlags(options), m);
  w.writeBytes(b.bytes);
  return new Expression(w.toBytes());
}

/** Which loop variable: the current element's map key, its value, or its list index. */
export type LoopVar = "key" | "value" | "index";

const LOOP_VARS: Record<LoopVar, number> = { key: 0, value: 1, index: 2 };

/**
 * The current element of a path step, inside `ctx.allChildrenWithFilter()` / `ctx.andFilter()`
 * filters and `modifyByPath` expressions (server 8.1), read as `type`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.loopVar("int", "value"), exp.int(3));
 * ```
 */
export function loopVar(type: ExpType, which: LoopVar): Expression {
  if (!Object.hasOwn(LOOP_VARS, which)) throw new TypeError(`unknown loop variable ${JSON.stringify(which)}`);
  const t = expTypeCode(type);
  return packed((w) => {
    w.packArrayHeader(3);
    w.packInt(EXP_LOOPVAR);
    w.packInt(t);
    w.packInt(LOOP_VARS[which]);
  });
}

/** `loopVar("int", which)`. @example `exp.loopVarInt("value");` */
export function loopVarInt(which: LoopVar): Expression {
  return loopVar("int", which);
}
/** `loopVar("float", which)`. @example `exp.loopVarFloat("value");` */
export function loopVarFloat(which: LoopVar): Expression {
  return loopVar("float", which);
}
/** `loopVar("string", which)`. @example `exp.loopVarStr("key");` */
export function loopVarStr(which: LoopVar): Expression {
  return loopVar("string", which);
}
/** `loopVar("bool", which)`. @example `exp.loopVarBool("value");` */
export function loopVarBool(which: LoopVar): Expression {
  return loopVar("bool", which);
}
/** `loopVar("list", which)`. @example `exp.loopVarList("value");` */
export function loopVarList(which: LoopVar): Expression {
  return loopVar("list", which);
}
/** `loopVar("map", which)`. @example `exp.loopVarMap("value");` */
export function loopVarMap(which: LoopVar): Expression {
  return loopVar("map", which);
}
/** `loopVar("blob", which)`. @example `exp.loopVarBlob("value");` */
export function loopVarBlob(which: LoopVar): Expression {
  return loopVar("blob", which);
}

/**
 * Whether `value` is an element of `list` (server 8.1).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.inList(exp.strBin("color"), exp.list(["red", "blue"]));
 * ```
 */
export function inList(value: Operand, list: Operand): Expression {
  return node(EXP_IN_LIST, [toExp(value, "exp.inList()"), toExp(list, "exp.inList()")], "exp.inList()");
}

/**
 * The keys of a map, as a list (server 8.1).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listSize(exp.mapKeys(exp.mapBin("m")));
 * ```
 */
export function mapKeys(map: Operand): Expression {
  return node(EXP_MAP_KEYS_IN, [toExp(map, "exp.mapKeys()")], "exp.mapKeys()");
}

/**
 * The values of a map, as a list (server 8.1).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapValues(exp.mapBin("m"));
 * ```
 */
export function mapValues(map: Operand): Expression {
  return node(EXP_MAP_VALUES_IN, [toExp(map, "exp.mapValues()")], "exp.mapValues()");
}

/**
 * The result that tells `modifyByPath` to remove the element (server 8.1).
 * @example
 * ```ts
 * import { ctx, exp } from "@aerolite/client";
 * exp.modifyByPath("list", exp.listBin("l"), [ctx.allChildren()], exp.cond(exp.lt(exp.loopVarInt("value"), 0), exp.removeResult(), exp.loopVarInt("value")));
 * ```
 */
export function removeResult(): Expression {
  return packed((w) => {
    w.packArrayHeader(1);
    w.packInt(EXP_REMOVE_RESULT);
  });
}

const TWO_63 = 1n << 63n;
const TWO_64 = 1n << 64n;

/**
 * An unsigned 64-bit integer constant (0 .. 2^64-1), packed as msgpack uint64 as the official
 * clients' `uint` (a value from 2^63 on reads back as the negative int64 of the same bits).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.ge(exp.lastUpdate(), exp.uint(1577836800000000000n));
 * ```
 */
export function uint(v: number | bigint): Expression {
  if (typeof v === "number" && !Number.isSafeInteger(v)) {
    throw new TypeError("exp.uint() takes a safe integer");
  }
  if (typeof v !== "number" && typeof v !== "bigint") {
    throw new TypeError("exp.uint() takes a number or bigint");
  }
  const n = BigInt(v);
  if (n < 0n || n >= TWO_64) throw new RangeError("exp.uint() takes 0 .. 2^64-1");
  return packed((w) => {
    if (n < TWO_63) return w.packInt(n);
    w.writeByte(0xcf);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, n);
    w.writeBytes(b);
  });
}
