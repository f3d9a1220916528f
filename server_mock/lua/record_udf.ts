/**
 * A record UDF on the mock, with a CE 8.1 node's semantics (each checked against one):
 * - the function sees the record as it is; bins set or cleared (`rec.bin = nil`) change only the
 *   UDF's view, and reach the record when `aerospike:update`/`create` asks for a write (a list read
 *   from a bin and changed in place is written only when assigned back);
 * - the write happens once, when the function returns without error: an error after an update
 *   leaves the record untouched; a write increments the generation even when nothing changed;
 * - `aerospike:create` on a live record answers 1 and writes nothing, `aerospike:update` on a
 *   missing one answers -2; `aerospike:remove` (1 on a missing record) empties the view and deletes
 *   the record at the end (a later create writes only the new bins, generation counting on); a write that leaves no bins deletes the
 *   record, or answers KEY_NOT_FOUND_ERROR (2) when there was none;
 * - `record.ttl/gen/...` describe the record as it was before the call; `record.set_ttl` gives the
 *   write its TTL (else the request's), `record.drop_key` drops the stored key;
 * - bin names over 15 bytes are ignored; setting a bin to a table or function raises
 *   "can't set bin <name> to unsupported type".
 * @module
 */
import { type Field, FIELD_KEY, findField } from "../../src/wire/fields.ts";
import type { Message } from "../../src/wire/message.ts";
import { OP_READ } from "../../src/wire/operations.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { Host, HostResult, LuaVm } from "../../src/lua/vm.ts";
import { encodeLuaVal, type LuaVal } from "../../src/lua/value.ts";
import { binValue, toParticle } from "../cdt/particle.ts";
import { rewrite } from "../cdt/value.ts";
import { CITRUSLEAF_EPOCH, removeBin, type StoredBin, type StoredRecord } from "../store.ts";
import { recordStoredSize } from "../exp/record_size.ts";
import { codeReply, newVoidTime, type SingleTarget } from "../handlers/kv.ts";
import { PARTICLE_TYPE_NULL, PARTICLE_TYPE_STRING } from "../handlers/kv_ops.ts";

/** Bin name of a UDF's return value in the reply. */
export const UDF_SUCCESS_BIN = "SUCCESS";
/** Bin name of a UDF's error text in the reply. */
export const UDF_FAILURE_BIN = "FAILURE";

const utf8 = new TextEncoder();
const BIN_NAME_MAX = 15;

/** The UDF's view of its record while it runs. */
export class RecordView {
  exists: boolean;
  bins: Map<string, StoredBin>;
  write = false;
  removed = false;
  ttl: number | undefined;
  dropKey = false;
  readonly rec: StoredRecord | undefined;
  constructor(rec: StoredRecord | undefined) {
    this.rec = rec;
    this.exists = rec !== undefined;
    this.bins = new Map(rec?.bins ?? []);
  }
}

function int(n: number | bigint): LuaVal {
  return { k: "int", v: BigInt(n) };
}

function meta(t: SingleTarget, view: RecordView, what: string | undefined): HostResult {
  const rec = view.rec;
  switch (what) {
    case "ttl":
      return int(rec === undefined || rec.voidTime === 0 ? 0 : Math.max(0, rec.voidTime - t.ns.now()));
    case "gen":
      return int(rec?.generation ?? 0);
    case "last_update_time":
      return int(rec === undefined ? 0 : rec.lastUpdateMs - CITRUSLEAF_EPOCH * 1000);
    case "size":
    case "memory_size":
    case "device_size":
      return int(rec === undefined ? 0 : recordStoredSize(rec));
    case "setname":
      return rec === undefined || rec.set === "" ? undefined : { k: "bytes", t: 3, v: utf8.encode(rec.set) };
    case "key":
      return rec?.key === undefined ? undefined : binValue({ type: rec.key[0], data: rec.key.subarray(1) });
    case "digest":
      return { k: "bytes", t: 4, v: t.digest.slice() };
    case "numbins":
      return int(view.bins.size);
    case "bin_names":
      return { strings: [...view.bins.keys()] };
  }
  return undefined;
}

function text(v: LuaVal | undefined): string | undefined {
  return v?.k === "bytes" && v.t === 3 ? new TextDecoder().decode(v.v) : undefined;
}

/** The host side of `record` and `aerospike` for one call. */
export function recordHost(t: SingleTarget, view: RecordView, now: () => number): Host {
  return (op, args) => {
    switch (op) {
      case "get": {
        const bin = view.bins.get(text(args[1]) ?? "");
        return bin === undefined ? undefined : binValue(bin);
      }
      case "set": {
        const name = text(args[1]) ?? "";
        if (utf8.encode(name).length > BIN_NAME_MAX) return undefined;
        const v = args[2];
        if (v === undefined || v.k === "nil") removeBin(view.bins, name);
        else view.bins.set(name, toParticle(rewrite(v)));
        return undefined;
      }
      case "meta":
        return meta(t, view, text(args[1]));
      case "set_ttl": {
        const v = args[1];
        if (v?.k === "int") view.ttl = Number(BigInt.asUintN(32, v.v));
        return undefined;
      }
      case "drop_key":
        view.dropKey = true;
        return undefined;
      case "exists":
        return { k: "bool", v: view.exists };
      case "create":
        if (view.exists) return int(1);
        view.exists = true;
        view.write = true;
        return int(0);
      case "update":
        if (!view.exists) return int(-2);
        view.write = true;
        return int(0);
      case "remove":
        if (!view.exists) return int(1);
        view.exists = false;
        view.removed = true;
        view.write = false;
        view.bins.clear();
        return int(0);
      case "now":
        return int(now());
      case "nbytes":
        return int(args[0] === undefined ? 0 : encodeLuaVal(args[0]).length);
    }
    return undefined; // logging and anything else: nothing to answer
  };
}

function valueOp(name: string, v: LuaVal | undefined): Message["ops"][number] {
  if (v === undefined || v.k === "nil") {
    return { op: OP_READ, particleType: PARTICLE_TYPE_NULL, name, data: new Uint8Array(0) };
  }
  const p = toParticle(v);
  return { op: OP_READ, particleType: p.type, name, data: p.data };
}

/** The reply to a failed UDF: code 100 and the error text in a FAILURE bin. */
export function udfFailure(message: string, rec?: StoredRecord): Message {
  const reply = codeReply(ResultCode.UDF_BAD_RESPONSE, rec?.generation ?? 0, rec?.voidTime ?? 0);
  reply.ops.push({
    op: OP_READ,
    particleType: PARTICLE_TYPE_STRING,
    name: UDF_FAILURE_BIN,
    data: utf8.encode(message),
  });
  return reply;
}

/** Commits the view at the end of a successful call; a result code when the write is refused. */
function commit(t: SingleTarget, view: RecordView, req: Message, keyField: Field | undefined): number {
  const existing = view.rec;
  if (!view.write) {
    if (view.removed && existing !== undefined) t.ns.delete(t.digest);
    return ResultCode.OK;
  }
  if (view.bins.size === 0) {
    if (existing === undefined) return ResultCode.KEY_NOT_FOUND_ERROR;
    t.ns.delete(t.digest);
    return ResultCode.OK;
  }
  const base = existing;
  const rec: StoredRecord = {
    digest: existing?.digest ?? t.digest.slice(),
    set: t.set,
    bins: view.bins,
    generation: base === undefined ? 1 : (base.generation % 0xffff) + 1,
    voidTime: newVoidTime(t.ns, view.ttl ?? req.recordTtl, base),
    lastUpdateMs: t.ns.nowMs(),
  };
  const key = view.dropKey ? undefined : existing?.key ?? keyField?.data.slice();
  if (key !== undefined) rec.key = key;
  t.ns.put(rec);
  return ResultCode.OK;
}

/**
 * Runs `fn(record, ...args)` of a module's state on the target record and returns the reply a
 * node sends: SUCCESS with the return value (nil for values a node cannot return), or code 100
 * with FAILURE and the error text; the record's generation and void time in the header.
 * @example
 * ```ts
 * import type { Message } from "../../src/wire/message.ts";
 * import type { LuaVm } from "../../src/lua/vm.ts";
 * import type { SingleTarget } from "../handlers/kv.ts";
 * declare const t: SingleTarget, req: Message, vm: LuaVm;
 * runRecordUdf(t, req, vm, "add", [{ k: "int", v: 1n }], 1000).resultCode; // 0
 * ```
 */
export function runRecordUdf(
  t: SingleTarget,
  req: Message,
  vm: LuaVm,
  fn: string,
  args: readonly LuaVal[],
  timeMs: number,
): Message {
  const view = new RecordView(t.ns.get(t.digest));
  vm.setTimeLimit(timeMs);
  const result = vm.apply(fn, recordHost(t, view, () => t.ns.nowMs()), args, 1);
  if (!result.ok) return udfFailure(result.message, view.rec);
  const code = commit(t, view, req, findField(req.fields, FIELD_KEY));
  const after = t.ns.get(t.digest);
  if (code !== ResultCode.OK) return codeReply(code, after?.generation ?? 0, after?.voidTime ?? 0);
  const reply = codeReply(ResultCode.OK, after?.generation ?? 0, after?.voidTime ?? 0);
  reply.ops.push(valueOp(UDF_SUCCESS_BIN, result.value));
  return reply;
}
