/**
 * The get/remove pairs of list and map selectors, built from one table: a `getBy*` and its
 * `removeBy*` differ only in the operation (OP_CDT_READ vs OP_CDT_MODIFY), the sub-operation code
 * and the default return type ("value" vs "none"). Arguments go as `[code, returnType, ...selector]`,
 * as the official client sends them; the selector's own arguments are checked first, then the
 * return type, the bin name and the context, so misuse throws before any I/O.
 * @module
 */
import { OP_CDT_MODIFY, OP_CDT_READ } from "../wire/operations.ts";
import type { Value } from "../values.ts";
import type { Operation } from "./scalar.ts";
import {
  type CdtArg,
  cdtOperation,
  checkArray,
  checkCount,
  checkInt,
  type RangeOptions,
  type ReturnType,
  returnTypeCode,
} from "./cdt_encode.ts";
import { checkOptions } from "../validate.ts";
import { RANGE_OPTIONS, SELECT_OPTIONS } from "../validate_shapes.ts";

/** Checks a selector's positional arguments and packs them; `count` is the range option, if any. */
type Shape<A extends unknown[]> = (args: A, count: number | undefined) => CdtArg[];

/** The get and remove builders of one selector. */
export interface Selector<A extends unknown[]> {
  /** OP_CDT_READ with the get code; returns the value unless `returnType` says otherwise. */
  get(bin: string, args: A, options?: RangeOptions): Operation;
  /** OP_CDT_MODIFY with the remove code; returns nothing unless `returnType` says otherwise. */
  remove(bin: string, args: A, options?: RangeOptions): Operation;
}

function withCount(args: CdtArg[], count: number | undefined): CdtArg[] {
  if (count !== undefined) args.push(checkCount("count", count));
  return args;
}

const value: Shape<[Value]> = ([v]) => [v];

const position = (name: string): Shape<[number]> => ([i]) => [checkInt(name, i)];

const positionRange = (name: string): Shape<[number]> => ([i], count) =>
  withCount([checkInt(name, i)], count);

const list = (name: string): Shape<[Value[]]> => ([vs]) => [checkArray(name, vs)];

/** Interval arguments: `begin` (null: from the lowest), then `end` unless it is null/undefined (to the highest). */
const interval: Shape<[Value, Value | undefined]> = ([begin, end]) => {
  if (begin === undefined) throw new TypeError("begin must be a value or null");
  return end === undefined || end === null ? [begin] : [begin, end];
};

/** Relative selectors: the anchor value/key, the offset, then `count` when given. */
const relative = (name: string): Shape<[Value, number]> => ([anchor, offset], count) =>
  withCount([anchor, checkInt(name, offset)], count);

const SHAPES = {
  index: position("index"),
  indexRange: positionRange("index"),
  rank: position("rank"),
  rankRange: positionRange("rank"),
  value,
  valueList: list("values"),
  valueRange: interval,
  valueRelRankRange: relative("rank"),
  key: value,
  keyList: list("keys"),
  keyRange: interval,
  keyRelIndexRange: relative("index"),
};

/** The selector kinds lists and maps share (maps add the `key*` ones). */
export type SelectorKind = keyof typeof SHAPES;

type ArgsOf<K extends SelectorKind> = (typeof SHAPES)[K] extends Shape<infer A> ? A : never;

/** Selectors by kind, for one family of codes. */
export type Selectors<K extends SelectorKind> = { [P in K]: Selector<ArgsOf<P>> };

// Selectors whose shape takes a `count` from the options (the others refuse one).
const COUNTED = new Set<SelectorKind>(["indexRange", "rankRange", "valueRelRankRange", "keyRelIndexRange"]);

function selector<A extends unknown[]>(
  kind: SelectorKind,
  [getCode, removeCode]: readonly [number, number],
  respondAll: boolean,
  family: string,
): Selector<A> {
  const shape = SHAPES[kind] as unknown as Shape<A>;
  const options = COUNTED.has(kind) ? RANGE_OPTIONS : SELECT_OPTIONS;
  const suffix = kind[0].toUpperCase() + kind.slice(1);
  const build = (op: number, code: number, fallback: ReturnType, where: string) =>
  (
    bin: string,
    args: A,
    o?: RangeOptions,
  ): Operation => {
    checkOptions(o, options, where);
    const packed = shape(args, o?.count);
    const rt = returnTypeCode(o, fallback);
    return cdtOperation(op, bin, code, [rt, ...packed], o?.ctx, respondAll);
  };
  return {
    get: build(OP_CDT_READ, getCode, "value", `${family}.getBy${suffix}()`),
    remove: build(OP_CDT_MODIFY, removeCode, "none", `${family}.removeBy${suffix}()`),
  };
}

/**
 * Builds the selectors named in `codes` (`kind: [getCode, removeCode]`). `respondAll` as in
 * `cdtOperation`: set for maps, not for lists, as the official client does. `family` names the
 * builders in error messages (`lists.getByIndex()`).
 */
export function selectors<K extends SelectorKind>(
  codes: Record<K, readonly [number, number]>,
  respondAll: boolean,
  family: "lists" | "maps",
): Selectors<K> {
  const out: Partial<Record<K, unknown>> = {};
  for (const kind of Object.keys(codes) as K[]) {
    out[kind] = selector(kind, codes[kind], respondAll, family);
  }
  return out as Selectors<K>;
}
