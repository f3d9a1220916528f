/**
 * UDF apply on one record (a single-record message or a batch row carrying FIELD_UDF_*): the
 * module's function runs in Lua (../lua/record_udf.ts) and the reply is a node's: SUCCESS with
 * the return value, or UDF_BAD_RESPONSE (100) with the error text in a FAILURE bin (the layout
 * of tests/fixtures/vectors/more/udf_error.json). A module the node does not have answers
 * "UDF: Execution Error 1", as a node does. Lua is loaded on first use: `udfReady()` tells the
 * dispatcher whether it must wait for `loadUdfEngine()` before running a UDF request.
 * @module
 */
import {
  type Field,
  FIELD_UDF_ARGLIST,
  FIELD_UDF_FUNCTION,
  FIELD_UDF_PACKAGE_NAME,
  fieldText,
  findField,
} from "../../src/wire/fields.ts";
import {
  INFO2_CREATE_ONLY,
  INFO2_GENERATION,
  INFO2_GENERATION_GT,
  INFO3_CREATE_OR_REPLACE,
  INFO3_REPLACE_ONLY,
  INFO3_UPDATE_ONLY,
  type Message,
} from "../../src/wire/message.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { LuaVal } from "../../src/lua/value.ts";
import { decodeCdt } from "../cdt/value.ts";
import type { Store } from "../store.ts";
import { MockLua, UDF_NOT_LOADED } from "../lua/engine.ts";
import { runRecordUdf, UDF_FAILURE_BIN, udfFailure } from "../lua/record_udf.ts";
import { codeReply, resolveTarget } from "./kv.ts";

export { UDF_FAILURE_BIN };

/** A node's default transaction-max-ms: the UDF time limit of a request without a timeout. */
export const DEFAULT_UDF_TIMEOUT_MS = 1000;

/** Whether a request (or batch row) is a UDF apply. */
export function isUdfRequest(fields: readonly Field[]): boolean {
  return findField(fields, FIELD_UDF_PACKAGE_NAME) !== undefined ||
    findField(fields, FIELD_UDF_FUNCTION) !== undefined;
}

// A generation check or an exists action on a UDF (udf.c's has_forbidden_policy).
const FORBIDDEN_INFO2 = INFO2_GENERATION | INFO2_GENERATION_GT | INFO2_CREATE_ONLY;
const FORBIDDEN_INFO3 = INFO3_UPDATE_ONLY | INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY;

/** True when UDF requests can run synchronously (Lua loaded, or known to be missing). */
export function udfReady(): boolean {
  return MockLua.ready();
}

/** Loads the Lua runtime; resolves when UDF requests can run. */
export function loadUdfEngine(): Promise<void> {
  return MockLua.load();
}

/** Module, function and arguments of a UDF request, or the result code refusing it. */
export function udfCall(fields: readonly Field[]): { module: string; fn: string; args: LuaVal[] } | number {
  const pkg = findField(fields, FIELD_UDF_PACKAGE_NAME);
  const fn = findField(fields, FIELD_UDF_FUNCTION);
  if (pkg === undefined || fn === undefined) return ResultCode.PARAMETER_ERROR;
  const argField = findField(fields, FIELD_UDF_ARGLIST);
  let args: LuaVal[] = [];
  if (argField !== undefined) {
    try {
      const list = decodeCdt(argField.data);
      if (list.k !== "list") return ResultCode.PARAMETER_ERROR;
      args = list.items as LuaVal[];
    } catch {
      return ResultCode.PARAMETER_ERROR;
    }
  }
  return { module: fieldText(pkg), fn: fieldText(fn), args };
}

/**
 * The reply to a UDF apply.
 * @example
 * ```ts
 * import type { Message } from "../../src/wire/message.ts";
 * import type { Store } from "../store.ts";
 * declare const store: Store, req: Message;
 * handleUdfApply(store, req).resultCode; // 0, or 100 when the function failed
 * ```
 */
export function handleUdfApply(store: Store, req: Message): Message {
  const target = resolveTarget(store, req);
  if (!("ns" in target)) return target;
  // udf_master_apply: a generation check or an exists action is a "forbidden policy" (4), before
  // the record or the module is looked at.
  if ((req.info2 & FORBIDDEN_INFO2) !== 0 || (req.info3 & FORBIDDEN_INFO3) !== 0) {
    return codeReply(ResultCode.PARAMETER_ERROR);
  }
  const call = udfCall(req.fields);
  if (typeof call === "number") return codeReply(call);
  const rec = target.ns.get(target.digest);
  const mod = store.udfs.get(call.module);
  if (mod === undefined) return udfFailure(UDF_NOT_LOADED, rec);
  const vm = store.udfs.lua.state(mod.filename, mod.source);
  if (typeof vm === "string") return udfFailure(vm, rec);
  const timeMs = store.udfs.lua.limits.timeMs ??
    (req.transactionTtl > 0 ? req.transactionTtl : DEFAULT_UDF_TIMEOUT_MS);
  return runRecordUdf(target, req, vm, call.fn, call.args, timeMs);
}
