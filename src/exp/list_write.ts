/**
 * List modify expressions (`exp.listAppend`, `exp.listRemoveByValue`, ...): a CALL with
 * `EXP_CALL_MODIFY` whose value is the bin's list after the change (the bin itself is not
 * written unless the expression goes through `exp.write`). Arguments are those of the matching
 * `lists.*` operation, each an expression or a plain value; removes select with returnType none
 * (or inverted), as the server requires inside expressions.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { CdtOptions } from "../ops/cdt_encode.ts";
import type { ListSortOptions, ListWriteOptions } from "../ops/lists.ts";
import { listFlagsOnly, listOrderFlags } from "../ops/cdt_policy.ts";
import type { Expression } from "./expression.ts";
import { interval, modifyCall, type Operand } from "./cdt_call.ts";
import { checkOptions } from "../validate.ts";
import { CDT_OPTIONS, CDT_WRITE_OPTIONS, EXP_REMOVE_OPTIONS, LIST_SORT_OPTIONS } from "../validate_shapes.ts";

/** Options of remove expressions: a context, and `inverted` to remove what the selector does not match. */
export interface RemoveExpOptions extends CdtOptions {
  /** Remove everything the selector does not match. @default false */
  inverted?: boolean;
  /** Number of items of a range selector; omitted means "to the end". @default undefined */
  count?: Operand;
}

const write = (code: number, bin: Expression, args: Operand[], o?: CdtOptions): Expression =>
  modifyCall(false, bin, code, args, o);

/** `[code, returnType none|inverted, ...args]`, with `count` last when given. */
function remove(code: number, bin: Expression, args: Operand[], o?: RemoveExpOptions): Expression {
  const rt = o?.inverted ? C.RETURN_NONE | C.RETURN_INVERTED : C.RETURN_NONE;
  const tail = o?.count === undefined ? [] : [o.count];
  return write(code, bin, [rt, ...args, ...tail], o);
}

/**
 * The list with `value` appended.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.write("l", exp.listAppend(exp.listBin("l"), exp.intBin("n")));
 * ```
 */
export function listAppend(bin: Expression, value: Operand, options?: ListWriteOptions): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.listAppend()");
  return write(C.LIST_APPEND, bin, [value, ...listOrderFlags(options?.policy)], options);
}

/**
 * The list with every item of `values` appended.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listAppendItems(exp.listBin("l"), [7, 8]);
 * ```
 */
export function listAppendItems(bin: Expression, values: Operand, options?: ListWriteOptions): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.listAppendItems()");
  return write(C.LIST_APPEND_ITEMS, bin, [values, ...listOrderFlags(options?.policy)], options);
}

/**
 * The list with `value` inserted at `index`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listInsert(exp.listBin("l"), 0, "first");
 * ```
 */
export function listInsert(
  bin: Expression,
  index: Operand,
  value: Operand,
  options?: ListWriteOptions,
): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.listInsert()");
  return write(C.LIST_INSERT, bin, [index, value, ...listFlagsOnly(options?.policy)], options);
}

/**
 * The list with `values` inserted at `index`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listInsertItems(exp.listBin("l"), 1, [4, 5]);
 * ```
 */
export function listInsertItems(
  bin: Expression,
  index: Operand,
  values: Operand,
  options?: ListWriteOptions,
): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.listInsertItems()");
  return write(C.LIST_INSERT_ITEMS, bin, [index, values, ...listFlagsOnly(options?.policy)], options);
}

/**
 * The list with the item at `index` set to `value`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listSet(exp.listBin("l"), 0, 99);
 * ```
 */
export function listSet(
  bin: Expression,
  index: Operand,
  value: Operand,
  options?: ListWriteOptions,
): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.listSet()");
  return write(C.LIST_SET, bin, [index, value, ...listFlagsOnly(options?.policy)], options);
}

/**
 * The list with `value` added to the number at `index`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listIncrement(exp.listBin("l"), 0, 5);
 * ```
 */
export function listIncrement(
  bin: Expression,
  index: Operand,
  value: Operand,
  options?: ListWriteOptions,
): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.listIncrement()");
  return write(C.LIST_INCREMENT, bin, [index, value, ...listOrderFlags(options?.policy)], options);
}

/**
 * An empty list (at the context level: the rest of the bin unchanged).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listClear(exp.listBin("l"));
 * ```
 */
export function listClear(bin: Expression, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.listClear()");
  return write(C.LIST_CLEAR, bin, [], options);
}

/**
 * The list sorted (ascending unless `descending`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listSort(exp.listBin("l"), { descending: true });
 * ```
 */
export function listSort(bin: Expression, options?: ListSortOptions): Expression {
  checkOptions(options, LIST_SORT_OPTIONS, "exp.listSort()");
  const flags = (options?.descending ? C.LIST_SORT_DESCENDING : 0) |
    (options?.dropDuplicates ? C.LIST_SORT_DROP_DUPLICATES : 0);
  return write(C.LIST_SORT, bin, [flags], options);
}

/**
 * The list without the items equal to `value`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByValue(exp.listBin("l"), 4);
 * ```
 */
export function listRemoveByValue(bin: Expression, value: Operand, options?: RemoveExpOptions): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.listRemoveByValue()");
  return remove(C.LIST_REMOVE_BY_VALUE, bin, [value], options);
}

/**
 * The list without the items equal to any of `values`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByValueList(exp.listBin("l"), [1, 2]);
 * ```
 */
export function listRemoveByValueList(
  bin: Expression,
  values: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.listRemoveByValueList()");
  return remove(C.LIST_REMOVE_BY_VALUE_LIST, bin, [values], options);
}

/**
 * The list without the items with `begin <= value < end` (`null` end: to the highest).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByValueRange(exp.listBin("l"), 2, 5);
 * ```
 */
export function listRemoveByValueRange(
  bin: Expression,
  begin: Operand,
  end: Operand | undefined,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.listRemoveByValueRange()");
  return remove(C.LIST_REMOVE_BY_VALUE_INTERVAL, bin, interval(begin, end), options);
}

/**
 * The list without `count` items from the rank of `value` plus `rank`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByValueRelRankRange(exp.listBin("l"), 5, 0, { count: 1 });
 * ```
 */
export function listRemoveByValueRelRankRange(
  bin: Expression,
  value: Operand,
  rank: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.listRemoveByValueRelRankRange()");
  return remove(C.LIST_REMOVE_BY_VALUE_REL_RANK_RANGE, bin, [value, rank], options);
}

/**
 * The list without the item at `index`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByIndex(exp.listBin("l"), -1);
 * ```
 */
export function listRemoveByIndex(bin: Expression, index: Operand, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.listRemoveByIndex()");
  return remove(C.LIST_REMOVE_BY_INDEX, bin, [index], options);
}

/**
 * The list without `count` items from `index` (to the end without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByIndexRange(exp.listBin("l"), 1, { count: 2 });
 * ```
 */
export function listRemoveByIndexRange(
  bin: Expression,
  index: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.listRemoveByIndexRange()");
  return remove(C.LIST_REMOVE_BY_INDEX_RANGE, bin, [index], options);
}

/**
 * The list without the item of rank `rank`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByRank(exp.listBin("l"), 0);
 * ```
 */
export function listRemoveByRank(bin: Expression, rank: Operand, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.listRemoveByRank()");
  return remove(C.LIST_REMOVE_BY_RANK, bin, [rank], options);
}

/**
 * The list without `count` items from rank `rank` (to the highest without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listRemoveByRankRange(exp.listBin("l"), -2);
 * ```
 */
export function listRemoveByRankRange(
  bin: Expression,
  rank: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.listRemoveByRankRange()");
  return remove(C.LIST_REMOVE_BY_RANK_RANGE, bin, [rank], options);
}
