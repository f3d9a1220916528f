/**
 * Scan/query request frames (foreground partition queries and background ops/UDF queries) laid
 * out as the official clients send them (checked against captured frames), and the parser of one
 * reply frame: records, PARTITION_DONE markers and the final INFO3_LAST message.
 * @module
 */
import type { FilterExpression } from "../policy.ts";
import type { QueryFilter } from "../query/filter.ts";
import type { PartitionProgress } from "../query/partition_tracker.ts";
import type { Value } from "../values.ts";
import {
  type Field,
  FIELD_BVAL_ARRAY,
  FIELD_DIGEST,
  FIELD_DIGEST_ARRAY,
  FIELD_FILTER_EXP,
  FIELD_INDEX_CONTEXT,
  FIELD_INDEX_EXPRESSION,
  FIELD_INDEX_NAME,
  FIELD_INDEX_RANGE,
  FIELD_INDEX_TYPE,
  FIELD_MAX_RECORDS,
  FIELD_NAMESPACE,
  FIELD_PID_ARRAY,
  FIELD_RECORDS_PER_SECOND,
  FIELD_SET,
  FIELD_SOCKET_TIMEOUT,
  FIELD_TRAN_ID,
  FIELD_UDF_ARGLIST,
  FIELD_UDF_FUNCTION,
  FIELD_UDF_OP,
  FIELD_UDF_PACKAGE_NAME,
  findField,
  u32Field,
  u64Field,
} from "../wire/fields.ts";
import {
  decodeMessage,
  emptyHeader,
  encodeMessage,
  INFO1_COMPRESS_RESPONSE,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO1_SHORT_QUERY,
  INFO2_RELAX_AP_LONG_QUERY,
  INFO2_WRITE,
  INFO3_LAST,
  INFO3_PARTITION_DONE,
  type Message,
} from "../wire/message.ts";
import { packValue } from "../wire/msgpack.ts";
import { type Op, OP_READ } from "../wire/operations.ts";
import { WireFormatError } from "../wire/proto.ts";
import { encodeDigests, encodeIndexRange, encodePartitionIds, INDEX_TYPE_DEFAULT } from "../wire/query.ts";
import { outgoing } from "./compress.ts";

/** What a foreground scan/query request carries. */
export interface QueryRequest {
  /** Namespace. */
  ns: string;
  /** Set ("" or undefined: the whole namespace). */
  set?: string;
  /** Secondary-index filter; none makes it a scan. */
  filter?: QueryFilter;
  /** Filter expression. */
  expression?: FilterExpression;
  /** Bins to return (all when undefined). */
  bins?: readonly string[];
  /** Return bins at all (false: metadata and keys only). */
  includeBinData: boolean;
  /** Server-side per-node throttle (0 none). */
  recordsPerSecond: number;
  /** Server-side socket timeout in ms (the SOCKET_TIMEOUT field). */
  socketTimeout: number;
  /** Transaction id (random per query). */
  taskId: bigint;
  /** The `compress` policy: a request over 128 bytes goes as proto type 4, replies come compressed. */
  compress?: boolean;
  /** With `compress`, the frame size over which a request goes compressed. @default 128 */
  compressionThreshold?: number;
  /** Read operations run on each record instead of bin reads. @default undefined */
  ops?: readonly Op[];
  /** Expected duration (`INFO1_SHORT_QUERY`, `INFO2_RELAX_AP_LONG_QUERY`). @default "long" */
  duration?: "long" | "short" | "longRelaxAP";
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

function commonFields(req: Omit<QueryRequest, "includeBinData" | "bins">): Field[] {
  const fields: Field[] = [{ type: FIELD_NAMESPACE, data: utf8.encode(req.ns) }];
  if (req.set) fields.push({ type: FIELD_SET, data: utf8.encode(req.set) });
  if (req.recordsPerSecond > 0) fields.push(u32Field(FIELD_RECORDS_PER_SECOND, req.recordsPerSecond));
  fields.push(u32Field(FIELD_SOCKET_TIMEOUT, req.socketTimeout));
  fields.push(u64Field(FIELD_TRAN_ID, req.taskId));
  if (req.filter !== undefined) {
    if (req.filter.indexType !== INDEX_TYPE_DEFAULT) {
      fields.push({ type: FIELD_INDEX_TYPE, data: Uint8Array.of(req.filter.indexType) });
    }
    fields.push({ type: FIELD_INDEX_RANGE, data: encodeIndexRange(req.filter) });
    // In the C client's order: the context, the index name, the index expression.
    const f = req.filter;
    if (f.ctx !== undefined) fields.push({ type: FIELD_INDEX_CONTEXT, data: f.ctx });
    if (f.indexName !== undefined) fields.push({ type: FIELD_INDEX_NAME, data: utf8.encode(f.indexName) });
    if (f.exp !== undefined) fields.push({ type: FIELD_INDEX_EXPRESSION, data: f.exp });
  }
  if (req.expression !== undefined) fields.push({ type: FIELD_FILTER_EXP, data: req.expression.bytes });
  return fields;
}

/**
 * A fresh transaction id (`trid`) for a scan/query job: random, positive, never 0. A node refuses
 * a job whose trid is still active there with PARAMETER_ERROR ("job with trid already active"), so
 * every round of a query draws a new one, as the official clients do.
 */
export function newTaskId(): bigint {
  const b = new BigUint64Array(1);
  crypto.getRandomValues(b);
  return b[0] & 0x7fff_ffff_ffff_ffffn || 1n;
}

/**
 * One node's request of a foreground scan/query: its unfinished partitions (ids, or the last
 * digest for partly read ones, plus index values for queries) and its record budget. Under
 * `req.compress` the frame asks for compressed replies and comes back as type 4 when over 128 bytes.
 */
export function buildQuery(
  req: QueryRequest,
  parts: readonly PartitionProgress[],
  recordMax: number,
): Uint8Array {
  const fields = commonFields(req);
  const full = parts.filter((p) => p.digest === undefined).map((p) => p.id);
  const partial = parts.filter((p) => p.digest !== undefined);
  if (full.length > 0) fields.push({ type: FIELD_PID_ARRAY, data: encodePartitionIds(full) });
  if (partial.length > 0) {
    fields.push({ type: FIELD_DIGEST_ARRAY, data: encodeDigests(partial.map((p) => p.digest!)) });
    if (req.filter !== undefined) {
      const bvals = new Uint8Array(partial.length * 8);
      const view = new DataView(bvals.buffer);
      partial.forEach((p, i) => view.setBigInt64(i * 8, p.bval ?? 0n, true));
      fields.push({ type: FIELD_BVAL_ARRAY, data: bvals });
    }
  }
  if (recordMax > 0) fields.push(u64Field(FIELD_MAX_RECORDS, recordMax));
  const ops: Op[] = req.ops !== undefined
    ? [...req.ops]
    : (req.bins ?? []).map((name) => ({ op: OP_READ, particleType: 0, name, data: EMPTY }));
  const frame = encodeMessage({
    info1: INFO1_READ | (req.includeBinData ? 0 : INFO1_NOBINDATA) |
      (req.compress === true ? INFO1_COMPRESS_RESPONSE : 0) |
      (req.duration === "short" ? INFO1_SHORT_QUERY : 0),
    info2: req.duration === "longRelaxAP" ? INFO2_RELAX_AP_LONG_QUERY : 0,
    info3: INFO3_PARTITION_DONE,
    info4: 0,
    resultCode: 0,
    generation: 0,
    // The official C-based clients send 0xFFFFFFFF here on partition queries (captured frames).
    recordTtl: 0xffff_ffff,
    transactionTtl: 0,
    fields,
    ops,
  });
  // Nothing is patched after this (the transaction-ttl stays 0), so it can be compressed here.
  return outgoing(frame, req.compress === true, req.compressionThreshold);
}

/** A background query's work: write operations, or a record UDF. */
export type BackgroundWork =
  | { ops: readonly { op: number; bin: string; particleType: number; data: Uint8Array }[] }
  | { udf: { module: string; fn: string; args?: readonly Value[] } };

/** UDF_OP value of a background (fire-and-forget) record UDF. */
export const UDF_OP_BACKGROUND = 2;

/** A background query request (sent to every node; the server runs it as a job `taskId`). */
export function buildBackgroundQuery(
  req: Omit<QueryRequest, "includeBinData" | "bins">,
  work: BackgroundWork,
  timeoutMs: number,
  write: { info2: number; info3: number; generation: number; recordTtl: number } = {
    info2: 0,
    info3: 0,
    generation: 0,
    recordTtl: 0,
  },
): Uint8Array {
  const fields = commonFields(req);
  let ops: Op[] = [];
  if ("udf" in work) {
    const { module, fn, args = [] } = work.udf;
    fields.push({ type: FIELD_UDF_OP, data: Uint8Array.of(UDF_OP_BACKGROUND) });
    fields.push({ type: FIELD_UDF_PACKAGE_NAME, data: utf8.encode(module) });
    fields.push({ type: FIELD_UDF_FUNCTION, data: utf8.encode(fn) });
    fields.push({ type: FIELD_UDF_ARGLIST, data: packValue(args as Value[]) });
  } else {
    ops = work.ops.map((o) => ({ op: o.op, particleType: o.particleType, name: o.bin, data: o.data }));
  }
  // The write policy's header, as the official clients' writeHeaderWrite() sets it.
  return encodeMessage({
    ...emptyHeader(),
    info2: INFO2_WRITE | write.info2,
    info3: write.info3,
    generation: write.generation,
    recordTtl: write.recordTtl,
    transactionTtl: timeoutMs,
    fields,
    ops,
  });
}

/** What one reply frame held. */
export interface QueryFrameResult {
  /** True when the frame ended with the INFO3_LAST message. */
  last: boolean;
  /** The result code of the last message (0, or 2 / 27 for "nothing found"). */
  code: number;
}

/** Reads a record message's digest and index value (BVAL, little-endian u64) fields. */
export function recordIdentity(m: Message): { digest: Uint8Array; bval?: bigint } {
  const d = findField(m.fields, FIELD_DIGEST);
  if (d === undefined || d.data.length !== 20) throw new WireFormatError("query record without a digest");
  const b = findField(m.fields, FIELD_BVAL_ARRAY);
  if (b === undefined || b.data.length !== 8) return { digest: d.data };
  return { digest: d.data, bval: new DataView(b.data.buffer, b.data.byteOffset, 8).getBigInt64(0, true) };
}

/**
 * Parses one reply frame body: `onRecord` per record, `onPartitionDone(pid, code)` per
 * PARTITION_DONE marker (the partition id rides in the generation field).
 */
export function parseQueryFrame(
  body: Uint8Array,
  onRecord: (m: Message) => void,
  onPartitionDone: (pid: number, code: number) => void,
): QueryFrameResult {
  let at = 0;
  while (at < body.length) {
    const { message, end } = decodeMessage(body, at);
    if (end <= at) throw new WireFormatError("empty message in a query reply");
    at = end;
    if (message.info3 & INFO3_LAST) {
      if (at !== body.length) throw new WireFormatError("bytes after the last query message");
      return { last: true, code: message.resultCode };
    }
    if (message.info3 & INFO3_PARTITION_DONE) {
      onPartitionDone(message.generation, message.resultCode);
      continue;
    }
    if (message.resultCode !== 0) {
      // "Not found" / "filtered out" for one record is no error; any other code ends the stream.
      if (message.resultCode === 2 || message.resultCode === 27) continue;
      return { last: true, code: message.resultCode };
    }
    onRecord(message);
  }
  return { last: false, code: 0 };
}
