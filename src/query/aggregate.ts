/**
 * Aggregation queries (stream UDFs), as the official clients run them: every node runs the
 * stream function's server stage (map, filter, aggregate, reduce) on the records it masters, per
 * partition on a CE 8.1 node, and answers one record message per output value, holding it in a
 * bin named SUCCESS (or the error text in FAILURE, then a LAST message with code 1); the client
 * runs the stages from the first reduce on over all those values, in Lua (src/lua, loaded on the
 * first aggregation). The request is a partition query with UDF_OP 1 and the UDF fields.
 * @module
 */
import { loadLua } from "../lua/runtime.ts";
import { particleLuaVal } from "../lua/particle.ts";
import { encodeLuaVal, type LuaVal } from "../lua/value.ts";
import { LuaVm } from "../lua/vm.ts";
import { ServerError } from "../errors.ts";
import type { Value } from "../values.ts";
import {
  FIELD_UDF_ARGLIST,
  FIELD_UDF_FUNCTION,
  FIELD_UDF_OP,
  FIELD_UDF_PACKAGE_NAME,
} from "../wire/fields.ts";
import { decodeMessage, decodeMessages, encodeMessage, INFO3_LAST } from "../wire/message.ts";
import { packValue, unpackValue } from "../wire/msgpack.ts";
import { ResultCode } from "../wire/result_code.ts";

/** UDF_OP value of an aggregation. */
export const UDF_OP_AGGREGATE = 1;

const utf8 = new TextEncoder();

/** The stream UDF of an aggregation. */
export interface AggregateCall {
  /** Module name (`my_stream`, registered as `my_stream.lua`). */
  module: string;
  /** The stream function (`function f(stream, ...) return stream : map(...) : reduce(...) end`). */
  fn: string;
  /** Arguments after the stream. */
  args: readonly Value[];
}

/** Adds the aggregation's UDF fields to a query request frame (plain type-3 frame, 8-byte header). */
export function withAggregate(frame: Uint8Array, call: AggregateCall): Uint8Array {
  const m = decodeMessage(frame.subarray(8)).message;
  m.fields.push(
    { type: FIELD_UDF_OP, data: Uint8Array.of(UDF_OP_AGGREGATE) },
    { type: FIELD_UDF_PACKAGE_NAME, data: utf8.encode(call.module) },
    { type: FIELD_UDF_FUNCTION, data: utf8.encode(call.fn) },
    { type: FIELD_UDF_ARGLIST, data: packValue(call.args as Value[]) },
  );
  return encodeMessage(m);
}

/** What a node's aggregation reply has said so far. */
export interface AggregateReply {
  /** SUCCESS values, in arrival order. */
  values: LuaVal[];
  /** The first FAILURE text, if any. */
  failure?: string;
}

/**
 * Reads one reply frame body of an aggregation into `reply`; returns true once the node's reply
 * is over: at the LAST message, or at a KEY_NOT_FOUND_ERROR message (how a node answers a query
 * that found nothing). Throws, at the end only (so the connection stays in step), a ServerError:
 * UDF_BAD_RESPONSE with the node's text after a FAILURE value, else the LAST message's code.
 */
export function readAggregateFrame(body: Uint8Array, reply: AggregateReply, node?: string): boolean {
  for (const m of decodeMessages(body)) {
    const last = (m.info3 & INFO3_LAST) !== 0;
    if (last || m.resultCode !== ResultCode.OK) {
      if (reply.failure !== undefined) {
        throw new ServerError(ResultCode.UDF_BAD_RESPONSE, reply.failure, { node });
      }
      if (m.resultCode === ResultCode.OK || m.resultCode === ResultCode.KEY_NOT_FOUND_ERROR) return true;
      throw new ServerError(m.resultCode, undefined, { node });
    }
    for (const op of m.ops) {
      if (op.name === "SUCCESS") reply.values.push(particleLuaVal(op.particleType, op.data));
      else if (op.name === "FAILURE") reply.failure ??= new TextDecoder().decode(op.data);
    }
  }
  return false;
}

/** A value from Lua as the client's `Value` (through msgpack, so integers and doubles keep their kind). */
export function luaToValue(v: LuaVal): Value {
  return unpackValue(encodeLuaVal(v));
}

/**
 * The client stage: runs `call.fn` of `source` with the client scope over the nodes' values and
 * returns what it outputs. A Lua error rejects with UDF_BAD_RESPONSE and Lua's message.
 * @example
 * ```ts
 * const src = "function sum(s) return s : map(function(r) return r.n end) : reduce(function(a, b) return a + b end) end";
 * await finalStage(src, { module: "m", fn: "sum", args: [] }, [{ k: "int", v: 1n }, { k: "int", v: 2n }]); // [3]
 * ```
 */
export async function finalStage(source: string, call: AggregateCall, values: LuaVal[]): Promise<Value[]> {
  await loadLua();
  const vm = LuaVm.create({ timeMs: 60_000 });
  try {
    const loaded = vm.load(source, `@${call.module}.lua`);
    if (loaded !== undefined) throw new ServerError(ResultCode.UDF_BAD_RESPONSE, loaded.message);
    const args = (call.args as Value[]).map((a) => particleLuaVal(20, packValue([a])));
    const argVals = args.map((a) => (a.k === "list" ? a.items[0] : a));
    let i = 0;
    const out: Value[] = [];
    const r = vm.stream(call.fn, 2, () => values[i++], (v) => {
      if (v !== undefined && v.k !== "nil") out.push(luaToValue(v));
    }, argVals);
    if (!r.ok) throw new ServerError(ResultCode.UDF_BAD_RESPONSE, r.message);
    return out;
  } finally {
    vm.close();
  }
}
