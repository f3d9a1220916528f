/**
 * List cases for the differential fuzzer: unordered and ordered lists at the top level or nested
 * (in a list or map, reached by every context kind, with create flags), every builder of
 * `src/ops/lists.ts`, every return type (inverted too), write flags, and misuse (a bin or element
 * of another type, out-of-range positions, map return types) so result codes are compared too.
 * @module
 */
import type { Operation } from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import type { ListPolicy, ListWriteOptions } from "../../src/ops/lists.ts";
import * as C from "../../src/wire/cdt_codes.ts";
import type { DiffCase } from "./case.ts";
import type { Rng } from "./rng.ts";
import {
  call,
  type CdtOpts as Opts,
  count,
  ctx,
  type CtxChoice,
  drawCase,
  endsAtNegativeListIndex,
  incrementBy as num,
  interval as between,
  LIST_RETURNS,
  lists,
  MAP_ONLY_RETURNS,
  nestedCtx,
  position,
  rawStep,
  relRange,
  selector,
  withPolicy,
} from "./gen_cdt.ts";

const BIN = "l";

/** Items of a list: mostly small integers (ranks are then plain), sometimes any values. */
function items(rng: Rng, n: number): Value[] {
  return rng.chance(0.7) ? rng.ints(n) : rng.list(n, 1);
}

/** A value to look for: usually one of `known`, else a fresh one. */
function probe(rng: Rng, known: Value[]): Value {
  return known.length > 0 && rng.chance(0.7)
    ? rng.pick(known)
    : rng.chance(0.7)
    ? rng.smallInt()
    : rng.value(1);
}

function policy(rng: Rng): ListPolicy | undefined {
  if (rng.chance(0.6)) return undefined;
  const p: ListPolicy = {};
  if (rng.chance(0.3)) p.order = rng.pick(["unordered", "ordered"] as const);
  if (rng.chance(0.4)) p.addUnique = true;
  if (rng.chance(0.3)) p.insertBounded = true;
  if (rng.chance(0.4)) p.noFail = true;
  if (rng.chance(0.3)) p.partial = true;
  return p;
}

type OpGen = (rng: Rng, o: Opts, known: Value[]) => Operation;

const sel = (rng: Rng, o: Opts, range: boolean) => selector(rng, o, range, LIST_RETURNS, MAP_ONLY_RETURNS);
const w = (rng: Rng, o: Opts): ListWriteOptions => withPolicy(o, policy(rng));
const interval = (r: Rng, k: Value[]) => between(r, () => probe(r, k));
const L = lists;

/** Every list builder, with arguments drawn around the list's items. */
const OPS: OpGen[] = [
  (r, o, k) => call(L.append, "lists.append", BIN, probe(r, k), w(r, o)),
  (r, o, k) =>
    call(L.appendItems, "lists.appendItems", BIN, r.list(r.int(4)).map((_) => probe(r, k)), w(r, o)),
  (r, o, k) => call(L.insert, "lists.insert", BIN, position(r, k.length), probe(r, k), w(r, o)),
  (r, o, k) =>
    call(L.insertItems, "lists.insertItems", BIN, position(r, k.length), [probe(r, k), probe(r, k)], w(r, o)),
  (r, o, k) => call(L.set, "lists.set", BIN, position(r, k.length), probe(r, k), w(r, o)),
  (r, o, k) => call(L.increment, "lists.increment", BIN, position(r, k.length), num(r), w(r, o)),
  (r, o, k) => call(L.pop, "lists.pop", BIN, position(r, k.length), o),
  (r, o, k) => call(L.popRange, "lists.popRange", BIN, position(r, k.length), { ...o, count: count(r) }),
  (r, o, k) => call(L.remove, "lists.remove", BIN, position(r, k.length), o),
  (r, o, k) =>
    call(L.removeRange, "lists.removeRange", BIN, position(r, k.length), { ...o, count: count(r) }),
  (r, o, k) => call(L.trim, "lists.trim", BIN, position(r, k.length), r.int(5), o),
  (_r, o) => call(L.clear, "lists.clear", BIN, o),
  (r, o) => call(L.sort, "lists.sort", BIN, { ...o, descending: r.bool(), dropDuplicates: r.bool() }),
  (_r, o) => call(L.size, "lists.size", BIN, o),
  (r, o, k) => call(L.get, "lists.get", BIN, position(r, k.length), o),
  (r, o, k) => call(L.getRange, "lists.getRange", BIN, position(r, k.length), { ...o, count: count(r) }),
  (r, o) => call(L.setOrder, "lists.setOrder", BIN, r.pick(["unordered", "ordered"] as const), o),
  // create: at the top level it sets the order; with a context the last level is created if missing.
  (r, o) =>
    call(L.create, "lists.create", BIN, r.pick(["unordered", "ordered"] as const), {
      ...o,
      pad: padOk(r, o),
    }),
  (r, o, k) => call(L.getByIndex, "lists.getByIndex", BIN, position(r, k.length), sel(r, o, false)),
  (r, o, k) => call(L.getByIndexRange, "lists.getByIndexRange", BIN, position(r, k.length), sel(r, o, true)),
  (r, o, k) => call(L.getByRank, "lists.getByRank", BIN, position(r, k.length), sel(r, o, false)),
  (r, o, k) => call(L.getByRankRange, "lists.getByRankRange", BIN, position(r, k.length), sel(r, o, true)),
  (r, o, k) => call(L.getByValue, "lists.getByValue", BIN, probe(r, k), sel(r, o, false)),
  (r, o, k) =>
    call(L.getByValueList, "lists.getByValueList", BIN, [probe(r, k), probe(r, k)], sel(r, o, false)),
  (r, o, k) => call(L.getByValueRange, "lists.getByValueRange", BIN, ...interval(r, k), sel(r, o, false)),
  (r, o, k) =>
    call(L.getByValueRelRankRange, "lists.getByValueRelRankRange", BIN, probe(r, k), ...relRange(r, o, sel)),
  (r, o, k) => call(L.removeByIndex, "lists.removeByIndex", BIN, position(r, k.length), sel(r, o, false)),
  (r, o, k) =>
    call(L.removeByIndexRange, "lists.removeByIndexRange", BIN, position(r, k.length), sel(r, o, true)),
  (r, o, k) => call(L.removeByRank, "lists.removeByRank", BIN, position(r, k.length), sel(r, o, false)),
  (r, o, k) =>
    call(L.removeByRankRange, "lists.removeByRankRange", BIN, position(r, k.length), sel(r, o, true)),
  (r, o, k) => call(L.removeByValue, "lists.removeByValue", BIN, probe(r, k), sel(r, o, false)),
  (r, o, k) => call(L.removeByValueList, "lists.removeByValueList", BIN, [probe(r, k)], sel(r, o, false)),
  (r, o, k) =>
    call(L.removeByValueRange, "lists.removeByValueRange", BIN, ...interval(r, k), sel(r, o, false)),
  (r, o, k) =>
    call(
      L.removeByValueRelRankRange,
      "lists.removeByValueRelRankRange",
      BIN,
      probe(r, k),
      ...relRange(r, o, sel),
    ),
];

/**
 * A padding create for `lists.create`, except on a negative list index: CE 8.1.2.0 dies (no log
 * line) on a padding create at an index before the start of a list
 * (`lists.create("l", "unordered", { ctx: [ctx.listIndex(-3)], pad: true })` on `[[]]`), so the
 * generator never sends one.
 */
function padOk(r: Rng, o: Opts): boolean {
  return !endsAtNegativeListIndex(o) && r.bool();
}

/** A create step into a list (`listIndexCreate`) or a map (a map key that creates a list). */
function createStep(rng: Rng, parentIsList: boolean, size: number): CtxChoice {
  const order = rng.pick(["unordered", "ordered"] as const);
  if (parentIsList) {
    const i = rng.range(-1, size + 2);
    const pad = order === "unordered" && rng.bool();
    return {
      ctx: [ctx.listIndexCreate(i, order, pad)],
      text: `ctx.listIndexCreate(${i}, "${order}", ${pad})`,
    };
  }
  const k = rng.pick(["z", "a", 1]);
  const flag = order === "ordered" ? C.CTX_CREATE_LIST_ORDERED : C.CTX_CREATE_LIST_UNORDERED;
  return rawStep(C.CTX_MAP_KEY | flag, k, `ctx.mapKey(${JSON.stringify(k)}) creating a ${order} list`);
}

/** Draws one list case. */
export function listCase(rng: Rng): DiffCase {
  const shape = rng.int(20);
  const bins: Record<string, Value> = {};
  let o: Opts = {};
  let known: Value[];
  const setup: Operation[] = [];
  if (shape < 12) {
    known = items(rng, rng.int(8));
    bins[BIN] = known;
    if (rng.chance(0.4)) setup.push(call(L.setOrder, "lists.setOrder", BIN, "ordered"));
  } else if (shape < 18) {
    known = items(rng, rng.int(6));
    const c = nestedCtx(
      rng,
      () => rng.chance(0.8) ? items(rng, rng.int(6)) : known,
      (isList, size) => createStep(rng, isList, size),
    );
    bins[BIN] = c.parent;
    o = { ctx: c.ctx };
    if (rng.chance(0.15)) o = { ctx: [...c.ctx, ctx.listIndex(rng.range(-1, 1))] };
  } else if (shape < 19) {
    known = [];
    if (rng.bool()) bins[BIN] = rng.pick<Value>([5, "s", { a: 1 }, new Map<Value, Value>([[1, 2]])]);
    else bins.other = 1;
  } else {
    known = [];
    return { family: "list", bins: null, ops: [OPS[rng.int(17)](rng, {}, known)] };
  }
  return drawCase(rng, "list", bins, () => rng.pick(OPS)(rng, o, known), setup);
}
