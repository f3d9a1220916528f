/**
 * One CDT call on a value: unwraps the optional context (`[0xff, [ctxType, ctxValue, ...],
 * [opCode, ...args]]`), walks it down the list/map tree (creating missing levels where a context
 * item carries a create flag), and runs the list or map op at the end. Used by OP_CDT_READ /
 * OP_CDT_MODIFY and by expressions' CDT calls.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { applyList, isListCode, isListRead, listCreates, newList, padTo } from "./list.ts";
import { applyMap, isMapCode, isMapRead, mapCreates, newMap, placeEntry } from "./map.ts";
import { resolveIndex, sortedPositions } from "./select.ts";
import { heapRange } from "./list_server.ts";
import {
  asInt,
  CdtError,
  type CdtList,
  type CdtMap,
  type CdtValue,
  compareCdt,
  decodeCdt,
  encodeCdt,
} from "./value.ts";

/** What a CDT call produced. */
export interface CdtOutcome {
  /** The op's result; undefined when it has none. */
  result: CdtValue | undefined;
  /** The (possibly new) top-level value; undefined when the bin stays missing. */
  value: CdtValue | undefined;
}

/** A parsed CDT call. */
export interface CdtCall {
  /** Op code. */
  code: number;
  /** Op arguments. */
  args: CdtValue[];
  /** Context pairs, flat: type, value, type, value... */
  ctx: CdtValue[];
  /** True for map ops. */
  isMap: boolean;
  /** True for ops that only read. */
  read: boolean;
}

const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);

/** Parses a CDT op payload (CdtError 4 when malformed or unknown). */
export function parseCall(payload: CdtValue): CdtCall {
  if (payload.k !== "list" || payload.items.length === 0) throw bad("a CDT op is a msgpack array");
  let op = payload;
  let ctx: CdtValue[] = [];
  const first = payload.items[0];
  if (first.k === "int" && first.v === BigInt(C.CDT_CTX_OP)) {
    const [, c, inner] = payload.items;
    if (payload.items.length !== 3 || c?.k !== "list" || inner?.k !== "list" || inner.items.length === 0) {
      throw bad("malformed CDT context wrapper");
    }
    if (c.items.length === 0 || c.items.length % 2 !== 0) throw bad("CDT context needs type/value pairs");
    ctx = c.items;
    op = inner;
  }
  const code = asInt(op.items[0], "CDT op code");
  const isMap = isMapCode(code);
  if (!isMap && !isListCode(code)) throw bad(`unknown CDT op code ${code}`);
  return { code, args: op.items.slice(1), ctx, isMap, read: isMap ? isMapRead(code) : isListRead(code) };
}

/** The empty container a create flag makes (its own level's flag: list or map order). */
function newContainer(kindMap: boolean, createFlags: number): CdtValue {
  if (!kindMap) return { k: "list", items: [], flags: createFlags === C.CTX_CREATE_LIST_ORDERED ? 1 : 0 };
  const flags = createFlags === C.CTX_CREATE_MAP_KEY_ORDERED
    ? C.MAP_KEY_ORDERED
    : createFlags === C.CTX_CREATE_MAP_KEY_VALUE_ORDERED
    ? C.MAP_KEY_VALUE_ORDERED
    : 0;
  return { k: "map", entries: [], flags };
}

const notApplicable = (msg: string): CdtError => new CdtError(ResultCode.OP_NOT_APPLICABLE, msg);

function rankOrder(values: CdtValue[]): number[] {
  return sortedPositions(values.length, (a, b) => compareCdt(values[a], values[b]));
}

/**
 * One context step: the child of `parent` chosen by `type`/`sel`; when it is missing and the type
 * carries a create flag, `made` is put there; undefined when missing and not created.
 */
export function step(parent: CdtValue, type: number, sel: CdtValue, made?: CdtValue): CdtValue | undefined {
  const create = type & C.CTX_CREATE_MASK;
  const base = type & ~C.CTX_CREATE_MASK;
  if ((base & 0x30) === 0x10) {
    if (parent.k !== "list") throw notApplicable("context expects a list");
    const items = parent.items;
    if (base === C.CTX_LIST_INDEX) {
      const index = asInt(sel, "context index");
      const i = index < 0 ? index + items.length : index;
      if (i >= 0 && i < items.length) return items[i];
      if (create === 0 || made === undefined) return undefined;
      const n = items.length;
      // list_subcontext_by_index: past the end an ordered list appends, a padding create pads.
      if (!(n === 0 && index === -1) && index !== n) {
        if ((parent.flags & 1) === 0 && (create !== C.CTX_CREATE_LIST_UNORDERED_PAD || index < 0)) {
          return undefined;
        }
        if ((parent.flags & 1) === 0) padTo(items, index);
      }
      items.push(made);
      return made;
    }
    if (base === C.CTX_LIST_RANK) {
      // list_subcontext_by_rank: an ordered list by index, an unordered one through the rank heap.
      const rank = asInt(sel, "context rank");
      const n = items.length;
      const r = rank < 0 ? rank + n : rank;
      if (r < 0 || r >= n) return undefined;
      return (parent.flags & 1) !== 0 ? items[r] : items[heapRange(items, r, 1)[0]];
    }
    if (base === C.CTX_LIST_VALUE) return items.find((v) => compareCdt(v, sel) === 0);
    throw bad(`unknown context type ${type}`);
  }
  if ((base & 0x30) !== 0x20) throw bad(`unknown context type ${type}`);
  if (parent.k !== "map") throw notApplicable("context expects a map");
  const m = parent as CdtMap;
  if (base === C.CTX_MAP_KEY) {
    const hit = m.entries.find((e) => compareCdt(e[0], sel) === 0);
    if (hit !== undefined) return hit[1];
    if (create === 0 || made === undefined) return undefined;
    placeEntry(m, sel, made);
    return m.entries.find((e) => compareCdt(e[0], sel) === 0)?.[1];
  }
  const keys = m.entries.map((e) => e[0]);
  const values = m.entries.map((e) => e[1]);
  if (m.entries.length === 0 && base !== C.CTX_MAP_VALUE) return undefined;
  if (base === C.CTX_MAP_INDEX) {
    return values[rankOrder(keys)[resolveIndex(asInt(sel, "context index"), keys.length)]];
  }
  if (base === C.CTX_MAP_RANK) {
    return values[rankOrder(values)[resolveIndex(asInt(sel, "context rank"), values.length)]];
  }
  if (base === C.CTX_MAP_VALUE) return values.find((v) => compareCdt(v, sel) === 0);
  throw bad(`unknown context type ${type}`);
}

const ctxIsMap = (type: CdtValue): boolean => (asInt(type, "context type") & 0x30) === 0x20;
const binType = (msg: string): CdtError => new CdtError(ResultCode.BIN_TYPE_ERROR, msg);

/** Modify ops that do nothing on a missing list/map (the element is not created for them). */
function noOpWhenMissing(call: CdtCall): boolean {
  return call.isMap ? !mapCreates(call.code) : !listCreates(call.code);
}

/**
 * The element a create step at `ctx[i]` puts in place: a container for the next level, shaped by
 * that level's own create flag (a flag describes the container its level indexes into), or for
 * the op's container at the last level (an order the op itself names, else unordered).
 */
function child(ctx: CdtValue[], i: number, call: CdtCall): CdtValue {
  if (i + 2 < ctx.length) {
    const next = asInt(ctx[i + 2], "context type");
    return newContainer((next & 0x30) === 0x20, next & C.CTX_CREATE_MASK);
  }
  return call.isMap ? newMap(call.code, call.args) : newList(call.code, call.args);
}

/** `list_subcontext_by_index` with a create flag: where a missing index may be created. */
function canCreateAt(parent: CdtList, type: number, index: number): boolean {
  const n = parent.items.length;
  if ((n === 0 && index === -1) || index === n || (parent.flags & 1) !== 0) return true;
  return index > n && (type & C.CTX_CREATE_MASK) === C.CTX_CREATE_LIST_UNORDERED_PAD;
}

/** `cdt_context_ctx_type_create_sz`: the levels below a created one (a map key, or a list index 0/-1 unless padded or ordered). */
function canCreateBelow(type: number, sel: CdtValue): boolean {
  const base = type & ~C.CTX_CREATE_MASK;
  if (base === C.CTX_MAP_KEY) return true;
  if (base !== C.CTX_LIST_INDEX || sel.k !== "int") return false;
  const cr = type & C.CTX_CREATE_MASK;
  if (sel.v < -1n) return false;
  return !(cr === 0 || cr === C.CTX_CREATE_LIST_UNORDERED) || sel.v <= 0n;
}

/**
 * Whether walking `ctx` down `top` (read-only) reaches an element: "found", or "create" when a
 * missing step carries a create flag (and `modify`). Throws as the server's `cdt_context_dig`:
 * OP_NOT_APPLICABLE (26) for a missing element, a step through a scalar or a step of the other
 * container kind.
 */
/**
 * The element a context (flat type/value pairs) selects in `top`, read-only; undefined when a
 * step finds nothing or goes through a scalar (what a secondary index on a context sees).
 * @example
 * ```ts
 * import { decodeCdt } from "./value.ts";
 * declare const bin: Uint8Array, ctx: Uint8Array;
 * const ctxValue = decodeCdt(ctx);
 * if (ctxValue.k === "list") selectByContext(decodeCdt(bin), ctxValue.items);
 * ```
 */
export function selectByContext(top: CdtValue, ctx: readonly CdtValue[]): CdtValue | undefined {
  let at = top;
  try {
    for (let i = 0; i + 1 < ctx.length; i += 2) {
      if (at.k !== "list" && at.k !== "map") return undefined;
      const child = step(at, asInt(ctx[i], "context type") & ~C.CTX_CREATE_MASK, ctx[i + 1]);
      if (child === undefined) return undefined;
      at = child;
    }
  } catch {
    return undefined;
  }
  return at;
}

function dig(top: CdtValue, ctx: CdtValue[], modify: boolean): "found" | "create" {
  let at: CdtValue = top;
  for (let i = 0; i < ctx.length; i += 2) {
    const type = asInt(ctx[i], "context type");
    if (at.k !== "list" && at.k !== "map") throw notApplicable("context step through a scalar");
    const child = step(at, type & ~C.CTX_CREATE_MASK, ctx[i + 1]);
    if (child === undefined) {
      if (!modify || (type & C.CTX_CREATE_MASK) === 0) throw notApplicable("context element not found");
      // Only a list index or a map key creates what is missing (by value or rank: not found).
      const base = type & ~C.CTX_CREATE_MASK;
      if (base !== C.CTX_LIST_INDEX && base !== C.CTX_MAP_KEY) {
        throw notApplicable("context element not found");
      }
      if (at.k === "list" && !canCreateAt(at, type, asInt(ctx[i + 1], "context index"))) {
        throw notApplicable("list index out of bounds for create");
      }
      for (let j = i + 2; j < ctx.length; j += 2) {
        if (!canCreateBelow(asInt(ctx[j], "context type"), ctx[j + 1])) throw notApplicable("cannot create");
      }
      return "create";
    }
    at = child;
  }
  return "found";
}

/**
 * Runs a parsed call on `top` (changed in place; a missing top is created for ops that create).
 * `modify` false refuses ops that write.
 * @example
 * ```ts
 * import { decodeCdt } from "./value.ts";
 * declare const bin: Uint8Array, payload: Uint8Array;
 * const { result, value } = runCall(decodeCdt(bin), parseCall(decodeCdt(payload)), true);
 * console.log(result, value);
 * ```
 */
export function runCall(top: CdtValue | undefined, call: CdtCall, modify: boolean): CdtOutcome {
  if (!modify && !call.read) throw bad(`CDT op ${call.code} writes: not allowed in a read`);
  const { ctx } = call;
  const kind = call.isMap ? "map" : "list";
  if (ctx.length === 0) {
    if (top === undefined) {
      if (!modify) return { result: undefined, value: undefined };
      if (!call.isMap && call.code === C.LIST_SORT) throw binType("sort of a missing bin");
      if (noOpWhenMissing(call)) return { result: undefined, value: undefined };
      top = call.isMap ? newMap(call.code, call.args) : newList(call.code, call.args);
    }
    if (top.k !== kind) throw binType(`bin is not a ${kind}`);
    const result = call.isMap
      ? applyMap(top as CdtMap, call.code, call.args)
      : applyList(top as CdtList, call.code, call.args);
    return { result, value: top };
  }
  const original = top;
  if (top === undefined) {
    if (!modify) return { result: undefined, value: undefined };
    if ((asInt(ctx[0], "context type") & C.CTX_CREATE_MASK) === 0) {
      throw notApplicable("missing bin, no create flag");
    }
    if (noOpWhenMissing(call)) return { result: undefined, value: undefined };
    top = newContainer(ctxIsMap(ctx[0]), asInt(ctx[0], "context type") & C.CTX_CREATE_MASK);
  } else {
    if (top.k !== "list" && top.k !== "map") throw bad("a context needs a list or map bin");
    if (dig(top, ctx, modify) === "create") {
      if (noOpWhenMissing(call)) return { result: undefined, value: top };
      // What is created exists only once the op writes into it (a refused write leaves nothing).
      top = decodeCdt(encodeCdt(top));
    }
  }
  let target: CdtValue = top;
  let creating = false;
  for (let i = 0; i < ctx.length; i += 2) {
    let type = asInt(ctx[i], "context type");
    // Below a created level every level is created, with or without its own flag.
    if (creating && (type & C.CTX_CREATE_MASK) === 0) type |= C.CTX_CREATE_LIST_UNORDERED;
    const before = target.k === "list" ? target.items.length : target.k === "map" ? target.entries.length : 0;
    const made = modify && (type & C.CTX_CREATE_MASK) !== 0 ? child(ctx, i, call) : undefined;
    const child_ = step(target, modify ? type : type & ~C.CTX_CREATE_MASK, ctx[i + 1], made);
    if (child_ === undefined) throw notApplicable("context element not found");
    const after = target.k === "list" ? target.items.length : target.k === "map" ? target.entries.length : 0;
    if (after !== before) creating = true;
    target = child_;
  }
  if (target.k !== kind) throw binType(`context element is not a ${kind}`);
  const result = call.isMap
    ? applyMap(target as CdtMap, call.code, call.args)
    : applyList(target as CdtList, call.code, call.args);
  const empty = target.k === "list" ? target.items.length === 0 : (target as CdtMap).entries.length === 0;
  // A write refused by its flags (no-fail) leaves nothing created; an empty item list or a new
  // order still creates the element.
  const items = call.isMap
    ? (call.code === C.MAP_PUT_ITEMS ? call.args[0] : undefined)
    : (call.code === C.LIST_APPEND_ITEMS
      ? call.args[0]
      : call.code === C.LIST_INSERT_ITEMS
      ? call.args[1]
      : undefined);
  const none = items !== undefined &&
    (items.k === "list" ? items.items.length === 0 : items.k === "map" && items.entries.length === 0);
  const keeps = call.code === (call.isMap ? C.MAP_SET_TYPE : C.LIST_SET_TYPE) || none;
  if (creating && empty && !keeps) return { result, value: original };
  return { result, value: top };
}
