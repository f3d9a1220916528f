/**
 * Record UDF apply: the request (key fields plus UDF_PACKAGE_NAME, UDF_FUNCTION and UDF_ARGLIST,
 * a msgpack list of the arguments, as the official clients send it) and its reply: the function's
 * return value in a bin named SUCCESS, or the Lua error text in a bin named FAILURE (code 100).
 * Plus the UDF management info commands' text.
 * @module
 */
import type { Command } from "./command.ts";
import { ServerError } from "../errors.ts";
import type { Key } from "../key.ts";
import type { ResolvedWritePolicy, WritePolicy } from "../policy.ts";
import type { Value } from "../values.ts";
import { FIELD_UDF_ARGLIST, FIELD_UDF_FUNCTION, FIELD_UDF_PACKAGE_NAME } from "../wire/fields.ts";
import { encodeMessage } from "../wire/message.ts";
import { packValue } from "../wire/msgpack.ts";
import { ResultCode } from "../wire/result_code.ts";
import { keyFields, parseRecordReply, writeAttrs } from "./single.ts";

const utf8 = new TextEncoder();

/** Builds a UDF apply request frame. */
export function buildApply(
  key: Key,
  module: string,
  fn: string,
  args: readonly Value[],
  policy: ResolvedWritePolicy | WritePolicy,
  timeoutMs = 0,
): Uint8Array {
  if (typeof module !== "string" || module.length === 0) throw new TypeError("apply() needs a module name");
  if (typeof fn !== "string" || fn.length === 0) throw new TypeError("apply() needs a function name");
  if (!Array.isArray(args)) throw new TypeError("apply() arguments must be an array");
  const a = writeAttrs(policy);
  const fields = keyFields(key, policy.sendKey ?? false, policy, true);
  fields.push({ type: FIELD_UDF_PACKAGE_NAME, data: utf8.encode(module) });
  fields.push({ type: FIELD_UDF_FUNCTION, data: utf8.encode(fn) });
  fields.push({ type: FIELD_UDF_ARGLIST, data: packValue(args as Value[]) });
  return encodeMessage({
    info1: a.info1,
    info2: a.info2,
    info3: a.info3,
    info4: 0,
    resultCode: 0,
    generation: a.generation,
    recordTtl: a.recordTtl,
    transactionTtl: timeoutMs,
    fields,
    ops: [],
  });
}

/**
 * Reads an apply reply: the SUCCESS bin's value; a FAILURE bin (or any non-zero code) throws a
 * `ServerError` with the server's code (UDF_BAD_RESPONSE, 100, for Lua errors) and its text.
 */
export function parseApplyReply(body: Uint8Array): Value {
  const reply = parseRecordReply(body);
  let success: Value = null;
  let failure: Value | undefined;
  for (let i = 0; i < reply.names.length; i++) {
    if (reply.names[i] === "SUCCESS") success = reply.values[i];
    else if (reply.names[i] === "FAILURE") failure = reply.values[i];
  }
  if (reply.resultCode !== ResultCode.OK || failure !== undefined) {
    const code = reply.resultCode !== ResultCode.OK ? reply.resultCode : ResultCode.UDF_BAD_RESPONSE;
    throw new ServerError(code, failure === undefined ? undefined : String(failure));
  }
  return success;
}

/** `apply`: one record UDF call through the execute loop. */
export class ApplyCommand implements Command<Value> {
  /** Namespace. */
  readonly ns: string;
  /** Partition of the key. */
  readonly partitionId: number;
  /** A UDF may write: goes to the master, not retried once sent. */
  readonly write = true;
  /** Operation name for observers. */
  get op(): string {
    return "apply";
  }
  /** The request. */
  readonly frame: Uint8Array;
  /** The key's set. */
  readonly set: string;

  /** @param key target @param frame the request from `buildApply` */
  constructor(key: Key, frame: Uint8Array) {
    this.ns = key.ns;
    this.set = key.set;
    this.partitionId = key.partitionId;
    this.frame = frame;
  }

  /** The UDF's return value. */
  parse(body: Uint8Array): Value {
    return parseApplyReply(body);
  }
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The `udf-put` info command registering a Lua module (text as the official clients send it). */
export function udfPutCommand(name: string, source: string | Uint8Array): string {
  const content = base64(typeof source === "string" ? utf8.encode(source) : source);
  // content-len counts the base64 text, not the source (172 for a 128-byte module in the capture).
  return `udf-put:filename=${name};content=${content};content-len=${content.length};udf-type=LUA;`;
}

/** One module of `udf-list`. */
export interface UdfModule {
  /** File name, e.g. `my_udf.lua`. */
  name: string;
  /** Content hash (SHA-1 hex). */
  hash: string;
  /** Language, `LUA`. */
  type: string;
}

/** Parses a `udf-list` value: `filename=a.lua,hash=...,type=LUA;...`. */
export function parseUdfList(value: string): UdfModule[] {
  const out: UdfModule[] = [];
  for (const entry of value.split(";")) {
    if (entry.trim() === "") continue;
    const kv = new Map(
      entry.split(",").map((p) => {
        const i = p.indexOf("=");
        return i < 0 ? [p, ""] : [p.slice(0, i), p.slice(i + 1)];
      }),
    );
    const name = kv.get("filename");
    if (name !== undefined) out.push({ name, hash: kv.get("hash") ?? "", type: kv.get("type") ?? "" });
  }
  return out;
}
