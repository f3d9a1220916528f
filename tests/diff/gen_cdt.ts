/**
 * What the list and map generators share: return types (valid and misused), range counts,
 * setup steps that print as the call they make, and the contexts that lead to a nested list/map.
 * @module
 */
import { type Client, ctx, type Key, lists, maps, type Operation } from "../../mod.ts";
import type { CdtContext } from "../../src/ops/ctx.ts";
import type { RangeOptions, ReturnType } from "../../src/ops/cdt_encode.ts";
import type { Value } from "../../src/values.ts";
import type { Double } from "../../mod.ts";
import * as C from "../../src/wire/cdt_codes.ts";
import { call, describeOp, type DiffCase, show } from "./case.ts";
import type { Rng } from "./rng.ts";

/** Return types a list selector accepts. */
export const LIST_RETURNS: ReturnType[] = [
  "none",
  "index",
  "reverseIndex",
  "rank",
  "reverseRank",
  "count",
  "value",
  "exists",
];
/** Return types only maps accept (misuse on a list). */
export const MAP_ONLY_RETURNS: ReturnType[] = ["key", "keyValue", "unorderedMap", "orderedMap"];

/** A return type: mostly one `valid` for the container, rarely one of `other`. */
export function returnType(rng: Rng, valid: ReturnType[], other: ReturnType[] = []): ReturnType {
  return other.length > 0 && rng.chance(0.04) ? rng.pick(other) : rng.pick(valid);
}

/** A range count: undefined (to the end) a third of the time, else 0..4. */
export function count(rng: Rng): number | undefined {
  return rng.chance(0.33) ? undefined : rng.int(5);
}

/** An index or rank around a container of about `n` items, out of range sometimes. */
export function position(rng: Rng, n: number): number {
  return rng.range(-n - 2, n + 1);
}

/** A setup step: runs `ops` with operate, and prints as that call in a reproduction. */
export function setupOps(ops: Operation[]): (client: Client, key: Key) => Promise<void> {
  const fn = async (client: Client, key: Key): Promise<void> => {
    await client.operate(key, ops);
  };
  const text = `operate([${ops.map(describeOp).join(", ")}])`;
  Object.defineProperty(fn, "toString", { value: () => text });
  return fn;
}

/** A context to the nested container built by {@linkcode nestedBin}, labelled for reproductions. */
export interface CtxChoice {
  /** The context (maybe with a create flag). */
  ctx: CdtContext[];
  /** Its text. */
  text: string;
}

function step(c: CdtContext, text: string): CtxChoice {
  return { ctx: [c], text };
}

/**
 * A context into a bin holding `parent` (a list or map of containers): by index/rank/value/key,
 * sometimes with a create flag (of `order`), sometimes missing or through a scalar.
 */
export function ctxInto(rng: Rng, parent: Value, create: (parentIsList: boolean) => CtxChoice): CtxChoice {
  if (Array.isArray(parent)) {
    const r = rng.int(10);
    if (r < 5) {
      const i = position(rng, parent.length);
      return step(ctx.listIndex(i), `ctx.listIndex(${i})`);
    }
    if (r < 7) return create(true);
    if (r < 9) {
      const i = position(rng, parent.length);
      return step(ctx.listRank(i), `ctx.listRank(${i})`);
    }
    const v = parent.length > 0 && rng.chance(0.8) ? rng.pick(parent) : rng.value(1);
    return step(ctx.listValue(v), `ctx.listValue(${show(v)})`);
  }
  const keys = [...(parent instanceof Map ? parent.keys() : Object.keys(parent as object))];
  const r = rng.int(10);
  if (r < 5) {
    const k = keys.length > 0 && rng.chance(0.85) ? rng.pick(keys) : rng.key();
    return step(ctx.mapKey(k), `ctx.mapKey(${show(k)})`);
  }
  if (r < 7) return create(false);
  if (r < 8) {
    const i = position(rng, keys.length);
    return step(ctx.mapIndex(i), `ctx.mapIndex(${i})`);
  }
  if (r < 9) {
    const i = position(rng, keys.length);
    return step(ctx.mapRank(i), `ctx.mapRank(${i})`);
  }
  const vals = [...(parent instanceof Map ? parent.values() : Object.values(parent as object))] as Value[];
  const v = vals.length > 0 && rng.chance(0.8) ? rng.pick(vals) : rng.value(1);
  return step(ctx.mapValue(v), `ctx.mapValue(${show(v)})`);
}

/** A context step of any wire type (e.g. a map key that creates a list), with its text. */
export function rawStep(type: number, value: Value, text: string): CtxChoice {
  return step(Object.freeze({ type, value }), text);
}

/** A bin that holds containers: a list of them or a map of them (plus a scalar among them). */
export function nestedBin(rng: Rng, inner: () => Value): Value {
  const items: Value[] = [];
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) items.push(inner());
  if (rng.chance(0.5)) items.push(rng.smallInt());
  if (rng.bool()) return items;
  const m = new Map<Value, Value>();
  for (const v of items) m.set(rng.chance(0.7) ? rng.string(1) || "k" : rng.range(0, 5), v);
  return m;
}

/** The options every generated CDT op carries: the context into a nested container, if any. */
export type CdtOpts = { ctx?: CtxChoice["ctx"] };

/** Selector options: a return type (`valid`, rarely `other`), inverted a quarter of the time, a count for ranges. */
export function selector(
  rng: Rng,
  o: CdtOpts,
  range: boolean,
  valid: ReturnType[],
  other: ReturnType[] = [],
): RangeOptions {
  const s: RangeOptions = { ...o, returnType: returnType(rng, valid, other) };
  if (rng.chance(0.25)) s.inverted = true;
  if (range) {
    const c = count(rng);
    if (c !== undefined) s.count = c;
  }
  return s;
}

/** Write options: `o` plus `policy` when there is one. */
export function withPolicy<P>(o: CdtOpts, policy: P | undefined): CdtOpts & { policy?: P } {
  return policy === undefined ? o : { ...o, policy };
}

/** An increment: mostly a small integer, sometimes a float. */
export function incrementBy(rng: Rng): number | Double {
  return rng.chance(0.8) ? rng.range(-3, 5) : rng.float();
}

/** A [begin, end) interval of `draw`n values; begin null (lowest) or end undefined (to the end) sometimes. */
export function interval(rng: Rng, draw: () => Value): [Value, Value | undefined] {
  const begin = rng.chance(0.15) ? null : draw();
  const end = rng.chance(0.2) ? undefined : draw();
  return [begin, end];
}

/** The (rank or index) offset and selector options of a relative range selector. */
export function relRange(
  rng: Rng,
  o: CdtOpts,
  sel: (rng: Rng, o: CdtOpts, range: boolean) => RangeOptions,
): [number, RangeOptions] {
  return [rng.range(-3, 3), sel(rng, o, true)];
}

/**
 * Whether `o`'s context ends at a negative list index: CE 8.1.2.0 dies (no log line) on some create
 * flags there when the index is before the start of the list, so the generators avoid them.
 */
export function endsAtNegativeListIndex(o: CdtOpts): boolean {
  const last = o.ctx?.[o.ctx.length - 1];
  return last !== undefined && (last.type & 0x3f) === C.CTX_LIST_INDEX && (last.value as number) < 0;
}

/**
 * A nested bin of `inner` containers and a context into one of them; `create` draws a create step
 * for a parent that is a list (or not) of about `size` items.
 */
export function nestedCtx(
  rng: Rng,
  inner: () => Value,
  create: (parentIsList: boolean, size: number) => CtxChoice,
): { parent: Value; ctx: CdtContext[] } {
  const parent = nestedBin(rng, inner);
  const c = ctxInto(rng, parent, (isList) => create(isList, Array.isArray(parent) ? parent.length : 3));
  return { parent, ctx: c.ctx };
}

/** A case of 1-4 `draw`n ops on `bins`, after `setup` (when there is any). */
export function drawCase(
  rng: Rng,
  family: string,
  bins: Record<string, Value>,
  draw: () => Operation,
  setup: Operation[],
): DiffCase {
  const ops: Operation[] = [];
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) ops.push(draw());
  const c: DiffCase = { family, bins, ops };
  if (setup.length > 0) c.setup = setupOps(setup);
  return c;
}

/** Labelled builder calls re-exported for the generators. */
export { call, ctx, lists, maps };
