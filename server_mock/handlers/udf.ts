/**
 * UDF apply on one record (a single-record message or a batch row carrying FIELD_UDF_*). The mock
 * keeps registered modules but does not run Lua: it answers as a real node answers a UDF that
 * fails, UDF_BAD_RESPONSE (100) with the error text in a bin named "FAILURE" (the layout of
 * tests/fixtures/vectors/more/udf_error.json), and leaves the record untouched.
 * @module
 */
import {
  type Field,
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
import { OP_READ } from "../../src/wire/operations.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { Store } from "../store.ts";
import { codeReply, resolveTarget } from "./kv.ts";
import { PARTICLE_TYPE_STRING } from "./kv_ops.ts";

/** Bin name a real node puts a UDF error message in. */
export const UDF_FAILURE_BIN = "FAILURE";

const utf8 = new TextEncoder();

/** Whether a request (or batch row) is a UDF apply. */
export function isUdfRequest(fields: readonly Field[]): boolean {
  return findField(fields, FIELD_UDF_PACKAGE_NAME) !== undefined ||
    findField(fields, FIELD_UDF_FUNCTION) !== undefined;
}

// A generation check or an exists action on a UDF (udf.c's has_forbidden_policy).
const FORBIDDEN_INFO2 = INFO2_GENERATION | INFO2_GENERATION_GT | INFO2_CREATE_ONLY;
const FORBIDDEN_INFO3 = INFO3_UPDATE_ONLY | INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY;

/** The error text the mock gives for a UDF call it cannot run. */
export function udfErrorText(store: Store, fields: readonly Field[]): string {
  const pkgField = findField(fields, FIELD_UDF_PACKAGE_NAME);
  const fnField = findField(fields, FIELD_UDF_FUNCTION);
  const pkg = pkgField === undefined ? "" : fieldText(pkgField);
  const fn = fnField === undefined ? "" : fieldText(fnField);
  if (store.udfs.get(pkg) === undefined) return `UDF module not registered: ${pkg} (mock)`;
  return `mock does not execute Lua UDFs (${pkg}.${fn})`;
}

/**
 * The reply to a UDF apply: UDF_BAD_RESPONSE with a FAILURE bin, the record's generation and
 * void time when it exists (as a real node reports them with a UDF error).
 * @example
 * ```ts
 * import type { Message } from "../../src/wire/message.ts";
 * import type { Store } from "../store.ts";
 * declare const store: Store, req: Message;
 * handleUdfApply(store, req).resultCode; // 100
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
  const rec = target.ns.get(target.digest);
  const reply = codeReply(ResultCode.UDF_BAD_RESPONSE, rec?.generation ?? 0, rec?.voidTime ?? 0);
  reply.ops.push({
    op: OP_READ,
    particleType: PARTICLE_TYPE_STRING,
    name: UDF_FAILURE_BIN,
    data: utf8.encode(udfErrorText(store, req.fields)),
  });
  return reply;
}
