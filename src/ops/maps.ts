/**
 * Map operation builders for `operate` (`maps.put`, `maps.getByKey`, ...), encoded as the official
 * client encodes them. Map operations ask the server for every operation's result
 * (`INFO2_RESPOND_ALL_OPS`), as the official client does.
 * @module
 */
import { OP_CDT_MODIFY, OP_CDT_READ } from "../wire/operations.ts";
import {
  MAP_CLEAR,
  MAP_DECREMENT,
  MAP_INCREMENT,
  MAP_PERSIST_INDEX,
  MAP_PUT,
  MAP_PUT_ITEMS,
  MAP_SET_TYPE,
  MAP_SIZE,
} from "../wire/cdt_codes.ts";
import { Double, type MapOrder, type Value } from "../values.ts";
import type { Operation } from "./scalar.ts";
import { type CdtArg, cdtOperation, type CdtOptions, checkCtx } from "./cdt_encode.ts";
import { mapAttr, mapCreateFlag, mapOrderCode, mapPolicyArgs } from "./cdt_policy.ts";
import { checkOptions } from "../validate.ts";
import { CDT_OPTIONS, CDT_WRITE_OPTIONS, MAP_CREATE_OPTIONS } from "../validate_shapes.ts";

export * from "./map_select.ts";
export type { MapOrder } from "../values.ts";

/** How a map is created and which items a write may refuse. */
export interface MapPolicy {
  /** Order of a map the operation creates. @default "unordered" */
  order?: MapOrder;
  /** Keep a persisted map index (top-level ordered maps only). @default false */
  persistIndex?: boolean;
  /** Refuse items whose key exists (`CREATE_ONLY`). @default false */
  createOnly?: boolean;
  /** Refuse items whose key does not exist (`UPDATE_ONLY`). @default false */
  updateOnly?: boolean;
  /** A refused item is no error (`NO_FAIL`). @default false */
  noFail?: boolean;
  /** Commit the accepted items when some are refused (`PARTIAL`). @default false */
  partial?: boolean;
}

/** Options of map writes. */
export interface MapWriteOptions extends CdtOptions {
  /** Order and write flags. @default undefined (an unordered map, no flags) */
  policy?: MapPolicy;
}

/** Options of `maps.create`. */
export interface MapCreateOptions extends CdtOptions {
  /** Keep a persisted map index (top-level maps only). @default false */
  persistIndex?: boolean;
}

const modify = (bin: string, code: number, args: CdtArg[], o?: CdtOptions): Operation =>
  cdtOperation(OP_CDT_MODIFY, bin, code, args, o?.ctx, true);

function checkNumber(v: unknown): number | bigint | Double {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof Double) return v;
  throw new TypeError("a map increment takes a number, bigint or Double");
}

/**
 * Creates a map of `order` (at the context level; at the top level it sets the bin's order).
 * @example
 * ```ts
 * import { Client, Key, maps } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [maps.create("m", "keyOrdered"), maps.putItems("m", { a: 1 })]);
 * ```
 */
export function create(bin: string, order: MapOrder, options?: MapCreateOptions): Operation {
  checkOptions(options, MAP_CREATE_OPTIONS, "maps.create()");
  const c = checkCtx(options?.ctx);
  if (c.length === 0) {
    return modify(bin, MAP_SET_TYPE, [mapAttr({ order, persistIndex: options?.persistIndex })]);
  }
  return cdtOperation(OP_CDT_MODIFY, bin, MAP_SET_TYPE, [mapOrderCode(order)], c, true, mapCreateFlag(order));
}

/**
 * Sets the order (and index persistence) of an existing map.
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.setPolicy("m", { order: "keyValueOrdered" });
 * ```
 */
export function setPolicy(bin: string, policy: MapPolicy, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "maps.setPolicy()");
  if (policy === null || typeof policy !== "object") {
    throw new TypeError("setPolicy() takes a MapPolicy object");
  }
  let attr = mapAttr(policy);
  // The server keeps no index for nested maps: the flag is dropped below the top level.
  if (checkCtx(options?.ctx).length > 0) attr &= ~MAP_PERSIST_INDEX;
  return modify(bin, MAP_SET_TYPE, [attr], options);
}

/**
 * Writes `value` under `key`; returns the map's size.
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.put("m", "d", 4);
 * ```
 */
export function put(bin: string, key: Value, value: Value, options?: MapWriteOptions): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "maps.put()");
  return modify(bin, MAP_PUT, [key, value, ...mapPolicyArgs(options?.policy)], options);
}

/**
 * Writes every item of `items` (a plain object or a `Map`); returns the map's size.
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.putItems("m", { a: 1, b: 2 });
 * ```
 */
export function putItems(
  bin: string,
  items: Map<Value, Value> | { [key: string]: Value },
  options?: MapWriteOptions,
): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "maps.putItems()");
  if (items === null || typeof items !== "object" || Array.isArray(items) || items instanceof Uint8Array) {
    throw new TypeError("putItems() takes a plain object or a Map");
  }
  return modify(bin, MAP_PUT_ITEMS, [items, ...mapPolicyArgs(options?.policy)], options);
}

/**
 * Adds `value` to the number under `key` (creating it); returns the result.
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.increment("m", "a", 10);
 * ```
 */
export function increment(
  bin: string,
  key: Value,
  value: number | bigint | Double,
  options?: MapWriteOptions,
): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "maps.increment()");
  return modify(bin, MAP_INCREMENT, [key, checkNumber(value), mapAttr(options?.policy)], options);
}

/**
 * Subtracts `value` from the number under `key`; returns the result.
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.decrement("m", "a", 1);
 * ```
 */
export function decrement(
  bin: string,
  key: Value,
  value: number | bigint | Double,
  options?: MapWriteOptions,
): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "maps.decrement()");
  return modify(bin, MAP_DECREMENT, [key, checkNumber(value), mapAttr(options?.policy)], options);
}

/**
 * Removes every item.
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.clear("m");
 * ```
 */
export function clear(bin: string, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "maps.clear()");
  return modify(bin, MAP_CLEAR, [], options);
}

/**
 * The number of items.
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.size("m");
 * ```
 */
export function size(bin: string, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "maps.size()");
  return cdtOperation(OP_CDT_READ, bin, MAP_SIZE, [], options?.ctx, true);
}
