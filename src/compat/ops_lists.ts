/**
 * The official `lists` module: list operations with the official argument order
 * (`getByIndexRange(bin, index, count, returnType)`), list policies as `{ order, writeFlags }`.
 * @module
 */
import { lists as L, type Value } from "../../mod.ts";
import { listOrder, listReturnType, listSortFlags, listWriteFlags } from "./constants.ts";
import { type BuildState, Operation, selectOptions } from "./operation.ts";
import { toAeroValue } from "./values.ts";
import { listPolicy as policy, nul, opt } from "./cdt_policies.ts";

export {
  listOrder as order,
  listReturnType as returnType,
  listSortFlags as sortFlags,
  listWriteFlags as writeFlags,
};

/** The official list policy shape. */
export interface ListPolicy {
  /** `lists.order.*`. */
  order?: number;
  /** `lists.writeFlags.*` or-ed. */
  writeFlags?: number;
}

/** A list operation (the official `ListOperation`). */
export class ListOperation extends Operation {
  /** As the official client's errors name it. */
  protected override get kind(): string {
    return "List operation";
  }
}

const v = (x: unknown): Value => toAeroValue(x);
const vs = (x: unknown): Value[] => {
  if (!Array.isArray(x)) throw new TypeError("value list must be an array");
  return x.map(v);
};

function writeOpts(s: BuildState, p: unknown): L.ListWriteOptions {
  const o: L.ListWriteOptions = {};
  if (s.ctx) o.ctx = s.ctx;
  const pol = policy(p);
  if (pol) o.policy = pol;
  return o;
}
const cdt = (s: BuildState) => (s.ctx ? { ctx: s.ctx } : {});
const count = (s: BuildState, n: unknown) => ({
  ...cdt(s),
  ...(n === undefined || n === null ? {} : { count: n as number }),
});
const mk = (name: string, bin: string, f: (s: BuildState) => ReturnType<typeof L.append>) =>
  new ListOperation(name, bin, f);
const sel = (
  name: string,
  bin: string,
  rt: number | undefined,
  f: (s: BuildState) => ReturnType<typeof L.append>,
) => new ListOperation(name, bin, f, { returnType: rt, invertible: true });

/** Sets the list order. */
export const setOrder = (bin: string, order: number): ListOperation =>
  mk("setOrder", bin, (s) => L.setOrder(bin, order ? "ordered" : "unordered", cdt(s)));
/** Sorts the list (`sortFlags.DROP_DUPLICATES`). */
export const sort = (bin: string, flags?: number): ListOperation =>
  mk(
    "sort",
    bin,
    (s) => L.sort(bin, { ...cdt(s), dropDuplicates: ((flags ?? 0) & listSortFlags.DROP_DUPLICATES) !== 0 }),
  );
/** Appends a value. */
export const append = (bin: string, value: unknown, pol?: ListPolicy): ListOperation =>
  mk("append", bin, (s) => L.append(bin, v(value), writeOpts(s, pol)));
/** Appends values. */
export const appendItems = (bin: string, list: unknown, pol?: ListPolicy): ListOperation =>
  mk("appendItems", bin, (s) => L.appendItems(bin, vs(list), writeOpts(s, pol)));
/** Inserts a value at an index. */
export const insert = (bin: string, index: number, value: unknown, pol?: ListPolicy): ListOperation =>
  mk("insert", bin, (s) => L.insert(bin, index, v(value), writeOpts(s, pol)));
/** Inserts values at an index. */
export const insertItems = (bin: string, index: number, list: unknown, pol?: ListPolicy): ListOperation =>
  mk("insertItems", bin, (s) => L.insertItems(bin, index, vs(list), writeOpts(s, pol)));
/** Removes and returns the value at an index. */
export const pop = (bin: string, index: number): ListOperation =>
  mk("pop", bin, (s) => L.pop(bin, index, cdt(s)));
/** Removes and returns `count` values from an index. */
export const popRange = (bin: string, index: number, n?: number): ListOperation =>
  mk("popRange", bin, (s) => L.popRange(bin, index, count(s, n)));
/** Removes the value at an index. */
export const remove = (bin: string, index: number): ListOperation =>
  mk("remove", bin, (s) => L.remove(bin, index, cdt(s)));
/** Removes `count` values from an index. */
export const removeRange = (bin: string, index: number, n?: number): ListOperation =>
  mk("removeRange", bin, (s) => L.removeRange(bin, index, count(s, n)));
/** Removes by index. */
export const removeByIndex = (bin: string, index: number, rt?: number): ListOperation =>
  sel("removeByIndex", bin, rt, (s) => L.removeByIndex(bin, index, selectOptions(s)));
/** Removes by index range. */
export const removeByIndexRange = (bin: string, index: number, n?: number, rt?: number): ListOperation =>
  sel("removeByIndexRange", bin, rt, (s) => L.removeByIndexRange(bin, index, selectOptions(s, n)));
/** Removes by value. */
export const removeByValue = (bin: string, value: unknown, rt?: number): ListOperation =>
  sel("removeByValue", bin, rt, (s) => L.removeByValue(bin, v(value), selectOptions(s)));
/** Removes by values. */
export const removeByValueList = (bin: string, values: unknown, rt?: number): ListOperation =>
  sel("removeByValueList", bin, rt, (s) => L.removeByValueList(bin, vs(values), selectOptions(s)));
/** Removes by value interval [begin, end). */
export const removeByValueRange = (bin: string, begin: unknown, end: unknown, rt?: number): ListOperation =>
  sel(
    "removeByValueRange",
    bin,
    rt,
    (s) => L.removeByValueRange(bin, nul(begin), opt(end), selectOptions(s)),
  );
/** Removes by value-relative rank range. */
export const removeByValueRelRankRange = (
  bin: string,
  value: unknown,
  rank: number,
  n?: number,
  rt?: number,
): ListOperation =>
  sel(
    "removeByValueRelRankRange",
    bin,
    rt,
    (s) => L.removeByValueRelRankRange(bin, v(value), rank, selectOptions(s, n)),
  );
/** Removes by rank. */
export const removeByRank = (bin: string, rank: number, rt?: number): ListOperation =>
  sel("removeByRank", bin, rt, (s) => L.removeByRank(bin, rank, selectOptions(s)));
/** Removes by rank range. */
export const removeByRankRange = (bin: string, rank: number, n?: number, rt?: number): ListOperation =>
  sel("removeByRankRange", bin, rt, (s) => L.removeByRankRange(bin, rank, selectOptions(s, n)));
/** Removes every value. */
export const clear = (bin: string): ListOperation => mk("clear", bin, (s) => L.clear(bin, cdt(s)));
/** Creates a list (at a context level: with `pad`). */
export const create = (
  bin: string,
  order?: number,
  pad = false,
  persistIndex = false,
  ctx?: unknown,
): ListOperation => {
  const op = mk(
    "create",
    bin,
    (s) =>
      L.create(bin, order ? "ordered" : "unordered", {
        ...cdt(s),
        ...(pad ? { pad } : {}),
        ...(persistIndex ? { persistIndex } : {}),
      }),
  );
  return ctx === undefined ? op : op.withContext(ctx);
};
/** Sets the value at an index. */
export const set = (bin: string, index: number, value: unknown, pol?: ListPolicy): ListOperation =>
  mk("set", bin, (s) => L.set(bin, index, v(value), writeOpts(s, pol)));
/** Keeps only `count` values from an index. */
export const trim = (bin: string, index: number, n: number): ListOperation =>
  mk("trim", bin, (s) => L.trim(bin, index, n, cdt(s)));
/** Reads the value at an index. */
export const get = (bin: string, index: number): ListOperation =>
  mk("get", bin, (s) => L.get(bin, index, cdt(s)));
/** Reads `count` values from an index. */
export const getRange = (bin: string, index: number, n?: number): ListOperation =>
  mk("getRange", bin, (s) => L.getRange(bin, index, count(s, n)));
/** Selects by index. */
export const getByIndex = (bin: string, index: number, rt?: number): ListOperation =>
  sel("getByIndex", bin, rt, (s) => L.getByIndex(bin, index, selectOptions(s)));
/** Selects by index range. */
export const getByIndexRange = (bin: string, index: number, n?: number, rt?: number): ListOperation =>
  sel("getByIndexRange", bin, rt, (s) => L.getByIndexRange(bin, index, selectOptions(s, n)));
/** Selects by value. */
export const getByValue = (bin: string, value: unknown, rt?: number): ListOperation =>
  sel("getByValue", bin, rt, (s) => L.getByValue(bin, v(value), selectOptions(s)));
/** Selects by values. */
export const getByValueList = (bin: string, values: unknown, rt?: number): ListOperation =>
  sel("getByValueList", bin, rt, (s) => L.getByValueList(bin, vs(values), selectOptions(s)));
/** Selects by value interval [begin, end). */
export const getByValueRange = (bin: string, begin: unknown, end: unknown, rt?: number): ListOperation =>
  sel("getByValueRange", bin, rt, (s) => L.getByValueRange(bin, nul(begin), opt(end), selectOptions(s)));
/** Selects by value-relative rank range. */
export const getByValueRelRankRange = (
  bin: string,
  value: unknown,
  rank: number,
  n?: number,
  rt?: number,
): ListOperation =>
  sel(
    "getByValueRelRankRange",
    bin,
    rt,
    (s) => L.getByValueRelRankRange(bin, v(value), rank, selectOptions(s, n)),
  );
/** Selects by rank. */
export const getByRank = (bin: string, rank: number, rt?: number): ListOperation =>
  sel("getByRank", bin, rt, (s) => L.getByRank(bin, rank, selectOptions(s)));
/** Selects by rank range. */
export const getByRankRange = (bin: string, rank: number, n?: number, rt?: number): ListOperation =>
  sel("getByRankRange", bin, rt, (s) => L.getByRankRange(bin, rank, selectOptions(s, n)));
/** Adds to the number at an index. */
export const increment = (bin: string, index: number, value?: unknown, pol?: ListPolicy): ListOperation =>
  mk("increment", bin, (s) => L.increment(bin, index, v(value ?? 1) as number, writeOpts(s, pol)));
/** Number of values. */
export const size = (bin: string): ListOperation => mk("size", bin, (s) => L.size(bin, cdt(s)));
