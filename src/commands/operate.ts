/**
 * `operate`: several operations on one record in one request. Builds the frame from `Operation`s
 * and maps the reply's operation results back onto the request's operations.
 * @module
 */
import type { Key } from "../key.ts";
import { matchResults, needsAllResults } from "../ops/results.ts";
import type { Operation } from "../ops/scalar.ts";
import type { ReadPolicy, ResolvedWritePolicy, WritePolicy } from "../policy.ts";
import type { OperateRecord } from "../record.ts";
import { ttlFromVoidTime } from "../record.ts";
import type { Value } from "../values.ts";
import { emptyBins } from "../values.ts";
import {
  INFO1_GET_ALL,
  INFO1_READ,
  INFO2_RESPOND_ALL_OPS,
  INFO2_WRITE,
  sharedBuilder,
} from "../wire/message.ts";
import { isWriteOp, OP_READ } from "../wire/operations.ts";
import {
  compressAttr,
  readAttrs,
  readInfo3,
  readTouchTtl,
  type RecordReply,
  writeAttrs,
  writeKeyFields,
} from "./single.ts";

/** An encoded operate request and what is needed to read its reply. */
export interface OperateRequest {
  /** The request frame. */
  frame: Uint8Array;
  /** True when any operation writes (the command then goes to the master). */
  write: boolean;
  /** True when the server returns one result per operation (`INFO2_RESPOND_ALL_OPS`). */
  respondAll: boolean;
  /** The operations, for mapping results. */
  operations: readonly Operation[];
}

/**
 * Builds an operate request. Read operations set `INFO1_READ` (a read without a bin also
 * `INFO1_GET_ALL`), write operations `INFO2_WRITE` plus the write policy's attributes; map, bit,
 * HyperLogLog and expression operations ask for every operation's result.
 */
export function buildOperate(
  key: Key,
  operations: readonly Operation[],
  policy: ResolvedWritePolicy | (WritePolicy & ReadPolicy),
  timeoutMs = 0,
): OperateRequest {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new TypeError("operate() needs a non-empty array of operations");
  }
  let info1 = 0;
  let write = false;
  let respondAll = false;
  for (let i = 0; i < operations.length; i++) {
    const o = operations[i];
    if (o === null || typeof o !== "object" || typeof o.op !== "number" || !(o.data instanceof Uint8Array)) {
      throw new TypeError(`operation ${i} is not an operation built with ops/lists/maps/...`);
    }
    if (isWriteOp(o.op)) write = true;
    else {
      info1 |= INFO1_READ;
      if (o.op === OP_READ && o.bin === "") info1 |= INFO1_GET_ALL;
    }
    if (o.respondAll) respondAll = true;
  }
  // Results matched by bin name would be ambiguous: ask for one per operation instead.
  if (!respondAll && needsAllResults(operations)) respondAll = true;
  const attrs = write
    ? writeAttrs(policy)
    : { info2: 0, info3: readInfo3(policy), generation: 0, recordTtl: readTouchTtl(policy) };
  // A read-only operate is a read: its reply may come back compressed, as a get's does.
  if (!write) info1 |= readAttrs(policy) | compressAttr(policy);
  let info2 = attrs.info2;
  if (write) info2 |= INFO2_WRITE;
  if (respondAll) info2 |= INFO2_RESPOND_ALL_OPS;
  const b = sharedBuilder();
  b.begin(
    { info1, info2, info3: attrs.info3, generation: attrs.generation, recordTtl: attrs.recordTtl },
    timeoutMs,
  );
  writeKeyFields(b, key, write && (policy.sendKey ?? false), policy, write);
  for (const o of operations) b.op(o.op, o.particleType, o.bin ?? "", o.data);
  const frame = b.finish();
  return { frame, write, respondAll, operations };
}

/**
 * Shapes an OK operate reply: `bins` keeps the last value per bin, `results` holds one entry per
 * request operation (null for operations the server answers with nothing, e.g. a write without
 * `INFO2_RESPOND_ALL_OPS`).
 */
export function operateRecord(request: OperateRequest, reply: RecordReply, key?: Key): OperateRecord {
  const bins = emptyBins();
  for (let i = 0; i < reply.names.length; i++) bins[reply.names[i]] = reply.values[i];
  const ops = request.operations;
  let results: Value[];
  if (request.respondAll && reply.values.length === ops.length) {
    results = reply.values.slice();
  } else if (ops.some((o) => o.op === OP_READ && o.bin === "")) {
    // A read of all bins answers with every bin, so positions no longer line up: match by name.
    results = ops.map((o) => isWriteOp(o.op) ? null : o.bin === "" ? { ...bins } : (bins[o.bin] ?? null));
  } else {
    // Without RESPOND_ALL_OPS only operations that produce a value answer (reads of existing
    // bins, list calls that return something), in order: match them by bin name.
    results = matchResults(ops, reply.names, reply.values);
  }
  const record: OperateRecord = {
    bins,
    results,
    generation: reply.generation,
    ttl: ttlFromVoidTime(reply.voidTime),
  };
  if (key !== undefined) record.key = key;
  return record;
}
