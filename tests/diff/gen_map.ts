/**
 * Map cases for the differential fuzzer: unordered, key-ordered and key-value-ordered maps (made by
 * a put of an `OrderedMap` or by `maps.setPolicy`), at the top level or nested (in a list or map,
 * every context kind, with create flags), every builder of `src/ops/maps.ts`, every return type
 * (inverted too), write flags, and misuse (a bin or element of another type, bad keys).
 * @module
 */
import { Double, type MapOrder, type Operation, OrderedMap } from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import type { MapPolicy, MapWriteOptions } from "../../src/ops/maps.ts";
import type { ReturnType } from "../../src/ops/cdt_encode.ts";
import * as C from "../../src/wire/cdt_codes.ts";
import type { DiffCase } from "./case.ts";
import type { Rng } from "./rng.ts";
import {
  call,
  type CdtOpts as Opts,
  ctx,
  type CtxChoice,
  drawCase,
  endsAtNegativeListIndex,
  incrementBy as num,
  interval,
  LIST_RETURNS,
  MAP_ONLY_RETURNS,
  maps,
  nestedCtx,
  position,
  rawStep,
  relRange,
  selector,
  withPolicy,
} from "./gen_cdt.ts";

const BIN = "m";
const ORDERS: MapOrder[] = ["unordered", "keyOrdered", "keyValueOrdered"];
const MAP_RETURNS: ReturnType[] = [...LIST_RETURNS, ...MAP_ONLY_RETURNS];

/** Items of a map: small int or string keys, mostly small integer values. */
function items(rng: Rng, n: number): Map<Value, Value> {
  const m = new Map<Value, Value>();
  const intValues = rng.chance(0.7);
  for (let i = 0; i < n; i++) m.set(rng.key(), intValues ? rng.range(-2, 9) : rng.value(1));
  return m;
}

/** The keys and values the operations probe for. */
interface Known {
  keys: Value[];
  values: Value[];
}

const pickOr = (rng: Rng, xs: Value[], fresh: () => Value): Value =>
  xs.length > 0 && rng.chance(0.7) ? rng.pick(xs) : fresh();
const key = (r: Rng, k: Known): Value =>
  r.chance(0.03) ? r.pick<Value>([r.float(), [1], null, true]) : pickOr(r, k.keys, () => r.key());
const val = (r: Rng, k: Known): Value =>
  pickOr(r, k.values, () => r.chance(0.7) ? r.range(-2, 9) : r.value(1));

function policy(rng: Rng): MapPolicy | undefined {
  if (rng.chance(0.5)) return undefined;
  const p: MapPolicy = {};
  if (rng.chance(0.4)) p.order = rng.pick(ORDERS);
  const only = rng.int(7);
  if (only < 2 || only === 6) p.createOnly = true;
  if (only >= 2) p.updateOnly = true; // 6: both (misuse)
  if (rng.chance(0.4)) p.noFail = true;
  if (rng.chance(0.3)) p.partial = true;
  return p;
}

type OpGen = (rng: Rng, o: Opts, k: Known) => Operation;

const sel = (rng: Rng, o: Opts, range: boolean) => selector(rng, o, range, MAP_RETURNS);
const w = (rng: Rng, o: Opts): MapWriteOptions => withPolicy(o, policy(rng));
const pair = (r: Rng, k: Known, f: (r: Rng, k: Known) => Value) => interval(r, () => f(r, k));
const M = maps;
const n = (k: Known) => k.keys.length;

/** Every map builder, with arguments drawn around the map's keys and values. */
const OPS: OpGen[] = [
  (r, o, k) => call(M.put, "maps.put", BIN, key(r, k), val(r, k), w(r, o)),
  (r, o, k) =>
    call(
      M.putItems,
      "maps.putItems",
      BIN,
      new Map([[key(r, k), val(r, k)], [key(r, k), val(r, k)]]),
      w(r, o),
    ),
  (r, o, k) => call(M.increment, "maps.increment", BIN, key(r, k), num(r), w(r, o)),
  (r, o, k) => call(M.decrement, "maps.decrement", BIN, key(r, k), num(r), w(r, o)),
  (_r, o) => call(M.clear, "maps.clear", BIN, o),
  (_r, o) => call(M.size, "maps.size", BIN, o),
  (r, o) => call(M.setPolicy, "maps.setPolicy", BIN, { order: r.pick(ORDERS) }, o),
  (r, o) => call(M.create, "maps.create", BIN, r.pick(createOrders(o)), o),
  (r, o, k) => call(M.getByKey, "maps.getByKey", BIN, key(r, k), sel(r, o, false)),
  (r, o, k) => call(M.getByKeyRange, "maps.getByKeyRange", BIN, ...pair(r, k, key), sel(r, o, false)),
  (r, o, k) => call(M.getByKeyList, "maps.getByKeyList", BIN, [key(r, k), key(r, k)], sel(r, o, false)),
  (r, o, k) =>
    call(M.getByKeyRelIndexRange, "maps.getByKeyRelIndexRange", BIN, key(r, k), ...relRange(r, o, sel)),
  (r, o, k) => call(M.getByValue, "maps.getByValue", BIN, val(r, k), sel(r, o, false)),
  (r, o, k) => call(M.getByValueRange, "maps.getByValueRange", BIN, ...pair(r, k, val), sel(r, o, false)),
  (r, o, k) => call(M.getByValueList, "maps.getByValueList", BIN, [val(r, k), val(r, k)], sel(r, o, false)),
  (r, o, k) =>
    call(M.getByValueRelRankRange, "maps.getByValueRelRankRange", BIN, val(r, k), ...relRange(r, o, sel)),
  (r, o, k) => call(M.getByIndex, "maps.getByIndex", BIN, position(r, n(k)), sel(r, o, false)),
  (r, o, k) => call(M.getByIndexRange, "maps.getByIndexRange", BIN, position(r, n(k)), sel(r, o, true)),
  (r, o, k) => call(M.getByRank, "maps.getByRank", BIN, position(r, n(k)), sel(r, o, false)),
  (r, o, k) => call(M.getByRankRange, "maps.getByRankRange", BIN, position(r, n(k)), sel(r, o, true)),
  (r, o, k) => call(M.removeByKey, "maps.removeByKey", BIN, key(r, k), sel(r, o, false)),
  (r, o, k) => call(M.removeByKeyRange, "maps.removeByKeyRange", BIN, ...pair(r, k, key), sel(r, o, false)),
  (r, o, k) => call(M.removeByKeyList, "maps.removeByKeyList", BIN, [key(r, k)], sel(r, o, false)),
  (r, o, k) =>
    call(M.removeByKeyRelIndexRange, "maps.removeByKeyRelIndexRange", BIN, key(r, k), ...relRange(r, o, sel)),
  (r, o, k) => call(M.removeByValue, "maps.removeByValue", BIN, val(r, k), sel(r, o, false)),
  (r, o, k) =>
    call(M.removeByValueRange, "maps.removeByValueRange", BIN, ...pair(r, k, val), sel(r, o, false)),
  (r, o, k) => call(M.removeByValueList, "maps.removeByValueList", BIN, [val(r, k)], sel(r, o, false)),
  (r, o, k) =>
    call(
      M.removeByValueRelRankRange,
      "maps.removeByValueRelRankRange",
      BIN,
      val(r, k),
      ...relRange(r, o, sel),
    ),
  (r, o, k) => call(M.removeByIndex, "maps.removeByIndex", BIN, position(r, n(k)), sel(r, o, false)),
  (r, o, k) => call(M.removeByIndexRange, "maps.removeByIndexRange", BIN, position(r, n(k)), sel(r, o, true)),
  (r, o, k) => call(M.removeByRank, "maps.removeByRank", BIN, position(r, n(k)), sel(r, o, false)),
  (r, o, k) => call(M.removeByRankRange, "maps.removeByRankRange", BIN, position(r, n(k)), sel(r, o, true)),
];

/**
 * Orders `maps.create` may use: not key-ordered on a negative list index, whose create flag
 * (0x80, the list "unordered, padded" bits) kills CE 8.1.2.0 without a log line when the index is
 * before the start of the list (`maps.create("m", "keyOrdered", { ctx: [ctx.listIndex(-4)] })` on
 * a 3-item list), so the generator never sends one.
 */
function createOrders(o: Opts): MapOrder[] {
  return endsAtNegativeListIndex(o) ? ["unordered", "keyValueOrdered"] : ORDERS;
}

/** A create step into a list (an index that creates a map) or a map (`mapKeyCreate`). */
function createStep(rng: Rng, parentIsList: boolean, size: number): CtxChoice {
  const order = rng.pick(ORDERS);
  if (!parentIsList) {
    const k = rng.pick(["z", "a", 1]);
    return { ctx: [ctx.mapKeyCreate(k, order)], text: `ctx.mapKeyCreate(${JSON.stringify(k)}, "${order}")` };
  }
  const i = rng.range(-1, size + 2);
  const flag = [C.CTX_CREATE_MAP_UNORDERED, C.CTX_CREATE_MAP_KEY_ORDERED, C.CTX_CREATE_MAP_KEY_VALUE_ORDERED][
    ORDERS.indexOf(order)
  ];
  return rawStep(C.CTX_LIST_INDEX | flag, i, `ctx.listIndex(${i}) creating a ${order} map`);
}

function known(m: Map<Value, Value>): Known {
  return { keys: [...m.keys()], values: [...m.values()] };
}

/** Draws one map case. */
export function mapCase(rng: Rng): DiffCase {
  const shape = rng.int(20);
  const bins: Record<string, Value> = {};
  let o: Opts = {};
  let k: Known = { keys: [], values: [] };
  const setup: Operation[] = [];
  if (shape < 12) {
    const m = items(rng, rng.int(8));
    k = known(m);
    const order = rng.pick(ORDERS);
    const how = rng.int(3);
    if (order !== "unordered" && how === 0) bins[BIN] = new OrderedMap(m, order);
    else bins[BIN] = m;
    if (order !== "unordered" && how !== 0) setup.push(call(M.setPolicy, "maps.setPolicy", BIN, { order }));
  } else if (shape < 18) {
    const m = items(rng, rng.int(6));
    k = known(m);
    const c = nestedCtx(
      rng,
      () => rng.chance(0.8) ? items(rng, rng.int(6)) : m,
      (isList, size) => createStep(rng, isList, size),
    );
    bins[BIN] = c.parent;
    o = { ctx: c.ctx };
    if (rng.chance(0.15)) o = { ctx: [...c.ctx, ctx.mapKey(key(rng, k))] };
  } else if (shape < 19) {
    if (rng.bool()) bins[BIN] = rng.pick<Value>([5, "s", [1, 2], new Double(1.5)]);
    else bins.other = 1;
  } else {
    return { family: "map", bins: null, ops: [OPS[rng.int(7)](rng, {}, k)] };
  }
  return drawCase(rng, "map", bins, () => rng.pick(OPS)(rng, o, k), setup);
}
