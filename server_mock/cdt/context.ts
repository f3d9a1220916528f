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
import { applyMap, isMapCode, isMapRead, mapCreates, newMap } from "./map.ts";
import { resolveIndex, sortedPositions } from "./select.ts";
import { asInt, CdtError, type CdtList, type CdtMap, type CdtValue, compareCdt } from "./value.ts";

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
 * One context step: the child of `parent` chosen by `type`/`sel`, created (kind `nextIsMap`)
 * when missing and the type carries a create flag; undefined when missing and not created.
 */
function step(parent: CdtValue, type: number, sel: CdtValue, nextIsMap: boolean): CdtValue | undefined {
  const create = type & C.CTX_CREATE_MASK;
  const base = type & ~C.CTX_CREATE_MASK;
  if ((base & 0x30) === 0x10) {
    if (parent.k !== "list") throw notApplicable("context expects a list");
    const items = parent.items;
    if (base === C.CTX_LIST_INDEX) {
      const index = asInt(sel, "context index");
      const i = index < 0 ? index + items.length : index;
      if (i >= 0 && i < items.length) return items[i];
      if (create === 0 || i < 0) return undefined;
      padTo(items, i);
      const made = newContainer(nextIsMap, create);
      items.push(made);
      return made;
    }
    if (base === C.CTX_LIST_RANK) {
      if (items.length === 0) return undefined;
      return items[rankOrder(items)[resolveIndex(asInt(sel, "context rank"), items.length)]];
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
    if (create === 0) return undefined;
    const made = newContainer(nextIsMap, create);
    applyMap(m, C.MAP_PUT, [sel, made]);
    return made;
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
  const topIsMap = ctx.length > 0 ? ctxIsMap(ctx[0]) : call.isMap;
  if (top === undefined) {
    if (!modify) return { result: undefined, value: undefined };
    const firstCreate = ctx.length > 0 ? asInt(ctx[0], "context type") & C.CTX_CREATE_MASK : 0;
    if (ctx.length > 0 && firstCreate === 0) return { result: undefined, value: undefined };
    if (ctx.length === 0 && !(call.isMap ? mapCreates(call.code) : listCreates(call.code))) {
      return { result: undefined, value: undefined };
    }
    top = ctx.length > 0
      ? newContainer(topIsMap, 0)
      : call.isMap
      ? newMap(call.code, call.args)
      : newList(call.code, call.args);
  }
  if (top.k !== (topIsMap ? "map" : "list")) {
    throw new CdtError(ResultCode.BIN_TYPE_ERROR, `bin is not a ${topIsMap ? "map" : "list"}`);
  }
  let target: CdtValue = top;
  for (let i = 0; i < ctx.length; i += 2) {
    const nextIsMap = i + 2 < ctx.length ? ctxIsMap(ctx[i + 2]) : call.isMap;
    const type = asInt(ctx[i], "context type");
    const child = step(target, modify ? type : type & ~C.CTX_CREATE_MASK, ctx[i + 1], nextIsMap);
    if (child === undefined) {
      if (!modify) return { result: undefined, value: top };
      throw notApplicable("context element not found");
    }
    target = child;
  }
  if (target.k !== (call.isMap ? "map" : "list")) {
    throw notApplicable(`context element is not a ${call.isMap ? "map" : "list"}`);
  }
  const result = call.isMap
    ? applyMap(target as CdtMap, call.code, call.args)
    : applyList(target as CdtList, call.code, call.args);
  return { result, value: top };
}
