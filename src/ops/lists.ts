/**
 * List operation builders for `operate` (`lists.append`, `lists.getByIndex`, ...), encoded as the
 * official client encodes them. Required server arguments are positional; `ctx`, `policy`,
 * `returnType` and range `count` go in the trailing options object.
 * @module
 */
import { OP_CDT_MODIFY, OP_CDT_READ } from "../wire/operations.ts";
import {
  LIST_APPEND,
  LIST_APPEND_ITEMS,
  LIST_CLEAR,
  LIST_GET,
  LIST_GET_RANGE,
  LIST_INCREMENT,
  LIST_INSERT,
  LIST_INSERT_ITEMS,
  LIST_POP,
  LIST_POP_RANGE,
  LIST_REMOVE,
  LIST_REMOVE_RANGE,
  LIST_SET,
  LIST_SET_TYPE,
  LIST_SIZE,
  LIST_SORT,
  LIST_SORT_DESCENDING,
  LIST_SORT_DROP_DUPLICATES,
  LIST_TRIM,
  MAP_PERSIST_INDEX,
} from "../wire/cdt_codes.ts";
import { Double, type Value } from "../values.ts";
import type { Operation } from "./scalar.ts";
import {
  type CdtArg,
  cdtOperation,
  type CdtOptions,
  checkArray,
  checkCount,
  checkCtx,
  checkInt,
} from "./cdt_encode.ts";
import type { ListOrder } from "./ctx.ts";
import { listCreateFlag, listFlagsOnly, listOrderCode, listOrderFlags } from "./cdt_policy.ts";
import { checkOptions } from "../validate.ts";
import {
  CDT_OPTIONS,
  CDT_RANGE_OPTIONS,
  CDT_WRITE_OPTIONS,
  LIST_CREATE_OPTIONS,
  LIST_SORT_OPTIONS,
} from "../validate_shapes.ts";

export * from "./list_select.ts";
export type { ListOrder } from "./ctx.ts";

/** How a list is created and which items a write may refuse. */
export interface ListPolicy {
  /** Order of a list the operation creates. @default "unordered" */
  order?: ListOrder;
  /** Only add values not yet in the list (`ADD_UNIQUE`). @default false */
  addUnique?: boolean;
  /** Refuse inserts past the end (`INSERT_BOUNDED`). @default false */
  insertBounded?: boolean;
  /** A refused item is no error (`NO_FAIL`). @default false */
  noFail?: boolean;
  /** Commit the accepted items when some are refused (`PARTIAL`). @default false */
  partial?: boolean;
}

/** Options of list writes: a policy (sent only when given, as the official client does) and a context. */
export interface ListWriteOptions extends CdtOptions {
  /** Order and write flags. @default undefined (server defaults, no policy arguments sent) */
  policy?: ListPolicy;
}

/** Options of `lists.create`. */
export interface ListCreateOptions extends CdtOptions {
  /** Fill with nils up to the context's index when creating an unordered list. @default false */
  pad?: boolean;
  /** Keep a persisted index (top-level lists only). @default false */
  persistIndex?: boolean;
}

/** Options of `lists.sort`. */
export interface ListSortOptions extends CdtOptions {
  /** Sort descending. @default false */
  descending?: boolean;
  /** Drop duplicate values. @default false */
  dropDuplicates?: boolean;
}

const modify = (bin: string, code: number, args: CdtArg[], o?: CdtOptions): Operation =>
  cdtOperation(OP_CDT_MODIFY, bin, code, args, o?.ctx, false);
const read = (bin: string, code: number, args: CdtArg[], o?: CdtOptions): Operation =>
  cdtOperation(OP_CDT_READ, bin, code, args, o?.ctx, false);

/**
 * Creates a list of `order` (at the context level; at the top level it sets the bin's order).
 * @example
 * ```ts
 * import { Client, Key, lists } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [lists.create("l", "ordered"), lists.appendItems("l", [9, 3, 7])]);
 * ```
 */
export function create(bin: string, order: ListOrder, options?: ListCreateOptions): Operation {
  checkOptions(options, LIST_CREATE_OPTIONS, "lists.create()");
  const c = checkCtx(options?.ctx);
  if (c.length === 0) {
    const attr = listOrderCode(order) | (options?.persistIndex ? MAP_PERSIST_INDEX : 0);
    return modify(bin, LIST_SET_TYPE, [attr]);
  }
  const flag = listCreateFlag(order, options?.pad ?? false);
  return cdtOperation(OP_CDT_MODIFY, bin, LIST_SET_TYPE, [listOrderCode(order)], c, false, flag);
}

/**
 * Sets the order of an existing list.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.setOrder("l", "ordered");
 * ```
 */
export function setOrder(bin: string, order: ListOrder, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "lists.setOrder()");
  return modify(bin, LIST_SET_TYPE, [listOrderCode(order)], options);
}

const orderFlags = (o?: ListWriteOptions): number[] => listOrderFlags(o?.policy);
const flagsOnly = (o?: ListWriteOptions): number[] => listFlagsOnly(o?.policy);

/**
 * Appends a value; returns the new size.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.append("l", 6);
 * ```
 */
export function append(bin: string, value: Value, options?: ListWriteOptions): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "lists.append()");
  return modify(bin, LIST_APPEND, [value, ...orderFlags(options)], options);
}

/**
 * Appends every value of `values`; returns the new size.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.appendItems("l", [9, 3, 7]);
 * ```
 */
export function appendItems(bin: string, values: Value[], options?: ListWriteOptions): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "lists.appendItems()");
  return modify(bin, LIST_APPEND_ITEMS, [checkArray("values", values), ...orderFlags(options)], options);
}

/**
 * Inserts a value at `index`; returns the new size.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.insert("l", 0, "first");
 * ```
 */
export function insert(bin: string, index: number, value: Value, options?: ListWriteOptions): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "lists.insert()");
  return modify(bin, LIST_INSERT, [checkInt("index", index), value, ...flagsOnly(options)], options);
}

/**
 * Inserts the values at `index`; returns the new size.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.insertItems("l", 1, [4, 5]);
 * ```
 */
export function insertItems(
  bin: string,
  index: number,
  values: Value[],
  options?: ListWriteOptions,
): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "lists.insertItems()");
  const args = [checkInt("index", index), checkArray("values", values), ...flagsOnly(options)];
  return modify(bin, LIST_INSERT_ITEMS, args, options);
}

/**
 * Sets the value at `index`.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.set("l", 2, "x");
 * ```
 */
export function set(bin: string, index: number, value: Value, options?: ListWriteOptions): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "lists.set()");
  return modify(bin, LIST_SET, [checkInt("index", index), value, ...flagsOnly(options)], options);
}

/**
 * Adds `value` (default 1) to the number at `index`; returns the result.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.increment("l", 0, 5);
 * ```
 */
export function increment(
  bin: string,
  index: number,
  value: number | bigint | Double = 1,
  options?: ListWriteOptions,
): Operation {
  checkOptions(options, CDT_WRITE_OPTIONS, "lists.increment()");
  if (typeof value !== "number" && typeof value !== "bigint" && !(value instanceof Double)) {
    throw new TypeError("increment() takes a number, bigint or Double");
  }
  return modify(bin, LIST_INCREMENT, [checkInt("index", index), value, ...orderFlags(options)], options);
}

/**
 * Removes and returns the value at `index`.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.pop("l", -1);
 * ```
 */
export function pop(bin: string, index: number, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "lists.pop()");
  return modify(bin, LIST_POP, [checkInt("index", index)], options);
}

/**
 * Removes and returns `count` values from `index` (to the end without `count`).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.popRange("l", 0, { count: 2 });
 * ```
 */
export function popRange(bin: string, index: number, options?: CdtOptions & { count?: number }): Operation {
  checkOptions(options, CDT_RANGE_OPTIONS, "lists.popRange()");
  return modify(bin, LIST_POP_RANGE, rangeArgs(index, options?.count), options);
}

/**
 * Removes the value at `index`; returns the count removed.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.remove("l", 0);
 * ```
 */
export function remove(bin: string, index: number, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "lists.remove()");
  return modify(bin, LIST_REMOVE, [checkInt("index", index)], options);
}

/**
 * Removes `count` values from `index` (to the end without `count`); returns the count removed.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeRange("l", 1, { count: 2 });
 * ```
 */
export function removeRange(
  bin: string,
  index: number,
  options?: CdtOptions & { count?: number },
): Operation {
  checkOptions(options, CDT_RANGE_OPTIONS, "lists.removeRange()");
  return modify(bin, LIST_REMOVE_RANGE, rangeArgs(index, options?.count), options);
}

/**
 * Keeps only `count` values from `index`; returns the count removed.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.trim("l", 1, 3);
 * ```
 */
export function trim(bin: string, index: number, count: number, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "lists.trim()");
  return modify(bin, LIST_TRIM, [checkInt("index", index), checkCount("count", count)], options);
}

/**
 * Removes every value (the bin stays, an empty list).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.clear("l");
 * ```
 */
export function clear(bin: string, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "lists.clear()");
  return modify(bin, LIST_CLEAR, [], options);
}

/**
 * Sorts the list (ascending unless `descending`).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.sort("l", { dropDuplicates: true });
 * ```
 */
export function sort(bin: string, options?: ListSortOptions): Operation {
  checkOptions(options, LIST_SORT_OPTIONS, "lists.sort()");
  const flags = (options?.descending ? LIST_SORT_DESCENDING : 0) |
    (options?.dropDuplicates ? LIST_SORT_DROP_DUPLICATES : 0);
  return modify(bin, LIST_SORT, [flags], options);
}

/**
 * The number of values.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.size("l");
 * ```
 */
export function size(bin: string, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "lists.size()");
  return read(bin, LIST_SIZE, [], options);
}

/**
 * The value at `index`.
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.get("l", 0);
 * ```
 */
export function get(bin: string, index: number, options?: CdtOptions): Operation {
  checkOptions(options, CDT_OPTIONS, "lists.get()");
  return read(bin, LIST_GET, [checkInt("index", index)], options);
}

/**
 * `count` values from `index` (to the end without `count`).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getRange("l", 1, { count: 2 });
 * ```
 */
export function getRange(bin: string, index: number, options?: CdtOptions & { count?: number }): Operation {
  checkOptions(options, CDT_RANGE_OPTIONS, "lists.getRange()");
  return read(bin, LIST_GET_RANGE, rangeArgs(index, options?.count), options);
}

function rangeArgs(index: number, count: number | undefined): number[] {
  const i = checkInt("index", index);
  return count === undefined ? [i] : [i, checkCount("count", count)];
}
