/**
 * CDT context: the path from a bin to a nested list or map, one step per level. Pass it as
 * `{ ctx: [ctx.mapKey("a"), ctx.listIndex(0)] }` to any list, map or bit operation.
 * @module
 */
import {
  CTX_LIST_INDEX,
  CTX_LIST_RANK,
  CTX_LIST_VALUE,
  CTX_MAP_INDEX,
  CTX_MAP_KEY,
  CTX_MAP_RANK,
  CTX_MAP_VALUE,
} from "../wire/cdt_codes.ts";
import type { MapOrder, Value } from "../values.ts";
import { listCreateFlag, mapCreateFlag } from "./cdt_policy.ts";

/** List order: insertion order or sorted. */
export type ListOrder = "unordered" | "ordered";

/** One level of a CDT context: the wire type (`CTX_*`, maybe with create flags) and its selector. */
export interface CdtContext {
  /** Context type, e.g. `CTX_MAP_KEY` (0x22), or'ed with a create flag. */
  readonly type: number;
  /** Index, rank, key or value that selects the element (`null` for an expression step). */
  readonly value: Value;
  /**
   * An expression step's packed expression (`CTX_EXP` steps such as {@linkcode allChildren}),
   * sent in place of `value`.
   * @default undefined
   */
  readonly exp?: Uint8Array;
}

export { fromBase64, toBase64 } from "./ctx_base64.ts";

function intStep(type: number, name: string, v: unknown): CdtContext {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw new TypeError(`ctx ${name} must be a safe integer`);
  }
  return Object.freeze({ type, value: v });
}

function valueStep(type: number, v: Value): CdtContext {
  if (v === undefined) throw new TypeError("a ctx key/value must not be undefined");
  return Object.freeze({ type, value: v });
}

/**
 * The list element at `index` (negative counts from the end).
 * @example
 * ```ts
 * import { ctx, lists } from "@aerolite/client";
 * lists.append("l", 11, { ctx: [ctx.listIndex(-1)] }); // append to the last inner list
 * ```
 */
export function listIndex(index: number): CdtContext {
  return intStep(CTX_LIST_INDEX, "index", index);
}

/**
 * The list element at `index`, created (as a list of `order`) when missing.
 * @example
 * ```ts
 * import { ctx, lists } from "@aerolite/client";
 * lists.append("l", 1, { ctx: [ctx.listIndexCreate(0, "unordered", true)] });
 * ```
 */
export function listIndexCreate(index: number, order: ListOrder = "unordered", pad = false): CdtContext {
  return intStep(CTX_LIST_INDEX | listCreateFlag(order, pad), "index", index);
}

/**
 * The list element of rank `rank` (0 = smallest, -1 = largest).
 * @example
 * ```ts
 * import { ctx, lists } from "@aerolite/client";
 * lists.size("l", { ctx: [ctx.listRank(0)] });
 * ```
 */
export function listRank(rank: number): CdtContext {
  return intStep(CTX_LIST_RANK, "rank", rank);
}

/**
 * The list element equal to `value`.
 * @example
 * ```ts
 * import { ctx, lists } from "@aerolite/client";
 * lists.size("l", { ctx: [ctx.listValue([1, 2])] });
 * ```
 */
export function listValue(value: Value): CdtContext {
  return valueStep(CTX_LIST_VALUE, value);
}

/**
 * The map item at `index` in key order.
 * @example
 * ```ts
 * import { ctx, maps } from "@aerolite/client";
 * maps.size("m", { ctx: [ctx.mapIndex(0)] });
 * ```
 */
export function mapIndex(index: number): CdtContext {
  return intStep(CTX_MAP_INDEX, "index", index);
}

/**
 * The map item of value rank `rank`.
 * @example
 * ```ts
 * import { ctx, maps } from "@aerolite/client";
 * maps.size("m", { ctx: [ctx.mapRank(-1)] });
 * ```
 */
export function mapRank(rank: number): CdtContext {
  return intStep(CTX_MAP_RANK, "rank", rank);
}

/**
 * The map item under `key`.
 * @example
 * ```ts
 * import { ctx, maps } from "@aerolite/client";
 * maps.put("m", "q", 5, { ctx: [ctx.mapKey("z")] });
 * ```
 */
export function mapKey(key: Value): CdtContext {
  return valueStep(CTX_MAP_KEY, key);
}

/**
 * The map item under `key`, created (as a map of `order`) when missing.
 * @example
 * ```ts
 * import { ctx, maps } from "@aerolite/client";
 * maps.put("m", "q", 5, { ctx: [ctx.mapKeyCreate("z", "keyOrdered")] });
 * ```
 */
export function mapKeyCreate(key: Value, order: MapOrder = "unordered"): CdtContext {
  return valueStep(CTX_MAP_KEY | mapCreateFlag(order), key);
}

/**
 * The map item whose value equals `value`.
 * @example
 * ```ts
 * import { ctx, maps } from "@aerolite/client";
 * maps.size("m", { ctx: [ctx.mapValue({ a: 1 })] });
 * ```
 */
export function mapValue(value: Value): CdtContext {
  return valueStep(CTX_MAP_VALUE, value);
}

/** `CTX_EXP` (0x04): a step that selects every child of the current level (filtered). */
const CTX_EXP = 0x04;
/** `CTX_AND` (0x200) with `CTX_EXP`: a filter on the elements the previous step selected. */
const CTX_AND_EXP = 0x204;
/** `CTX_MAP_KEYS_IN` (0x2a): the map items under any of a list of keys. */
const CTX_MAP_KEYS_IN = 0x2a;
const TRUE = Uint8Array.of(0xc3);

function expStep(type: number, e: unknown, where: string): CdtContext {
  const bytes = (e as { bytes?: unknown } | null)?.bytes;
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${where} takes an expression built with exp.*`);
  return Object.freeze({ type, value: null, exp: bytes });
}

/**
 * Every child of the current list or map (server 8.1 path step, for `selectByPath` /
 * `modifyByPath`).
 * @example
 * ```ts
 * import { ctx, ops } from "@aerolite/client";
 * ops.selectByPath("m", [ctx.allChildren(), ctx.mapKey("price")], { returns: "values" });
 * ```
 */
export function allChildren(): CdtContext {
  return Object.freeze({ type: CTX_EXP, value: null, exp: TRUE });
}

/**
 * The children of the current list or map for which `filter` is true; the filter reads the child
 * through the loop variables (`exp.loopVarInt("value")`, `exp.loopVarStr("key")`, ...). Server 8.1.
 * @example
 * ```ts
 * import { ctx, exp, ops } from "@aerolite/client";
 * ops.selectByPath("l", [ctx.allChildrenWithFilter(exp.gt(exp.loopVarInt("value"), exp.int(3)))]);
 * ```
 */
export function allChildrenWithFilter(filter: { readonly bytes: Uint8Array }): CdtContext {
  return expStep(CTX_EXP, filter, "ctx.allChildrenWithFilter()");
}

/**
 * A further filter on what the previous step selected (a key list, for instance); it cannot
 * follow an `allChildren` step or be the first one. Server 8.1.
 * @example
 * ```ts
 * import { ctx, exp, ops } from "@aerolite/client";
 * ops.selectByPath("m", [ctx.mapKeysIn(["a", "b"]), ctx.andFilter(exp.gt(exp.loopVarInt("value"), exp.int(0)))]);
 * ```
 */
export function andFilter(filter: { readonly bytes: Uint8Array }): CdtContext {
  return expStep(CTX_AND_EXP, filter, "ctx.andFilter()");
}

/**
 * The map items under any of `keys` (keys not in the map are skipped). Server 8.1.
 * @example
 * ```ts
 * import { ctx, ops } from "@aerolite/client";
 * ops.selectByPath("m", [ctx.mapKeysIn(["a", "c"])], { returns: "mapKeyValues" });
 * ```
 */
export function mapKeysIn(keys: readonly Value[]): CdtContext {
  if (!Array.isArray(keys)) throw new TypeError("ctx.mapKeysIn() takes an array of keys");
  return Object.freeze({ type: CTX_MAP_KEYS_IN, value: [...keys] });
}
