/**
 * Scans and queries by partition (no key in the request), as a CE 8.1 node answers them
 * (tests/fixtures/vectors/scan_set.json, query_*.json, more/query_*.json):
 * - only partitions this node masters are served; any other requested partition is reported by a
 *   PARTITION_DONE message with PARTITION_UNAVAILABLE (11) and the partition id in the generation
 *   field, so the client retries it on its new owner. Served partitions get no done message (a
 *   real node sends none when a partition completes normally);
 * - records of a partition go out in digest order, so a resume digest (DIGEST_ARRAY) means
 *   "strictly after this digest";
 * - each record message carries namespace, digest, set and the stored key fields (plus an 8-byte
 *   BVAL for queries), generation, void time and the selected bins as OP_READ ops;
 * - MAX_RECORDS caps this node's reply; RECORDS_PER_SECOND throttles it;
 * - replies stream as frames of at most 100 records or 64 KiB, written one at a time with
 *   push-back, and end with a LAST message;
 * - with INFO2_WRITE and ops the request is a background job: the ops are applied to every
 *   matching record this node masters and the node answers at once with a LAST message; over a
 *   set the node knows nothing of (see `knowsSet`) it answers KEY_NOT_FOUND_ERROR (2) instead.
 * @module
 */
import {
  FIELD_BVAL_ARRAY,
  FIELD_DIGEST,
  FIELD_DIGEST_ARRAY,
  FIELD_FILTER_EXP,
  FIELD_INDEX_CONTEXT,
  FIELD_INDEX_EXPRESSION,
  FIELD_INDEX_NAME,
  FIELD_INDEX_RANGE,
  FIELD_INDEX_TYPE,
  FIELD_KEY,
  FIELD_MAX_RECORDS,
  FIELD_NAMESPACE,
  FIELD_PID_ARRAY,
  FIELD_RECORDS_PER_SECOND,
  FIELD_SET,
  FIELD_SOCKET_TIMEOUT,
  FIELD_TRAN_ID,
  fieldText,
  findField,
  stringField,
} from "../../src/wire/fields.ts";
import {
  emptyHeader,
  encodeMessages,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO2_DURABLE_DELETE,
  INFO2_WRITE,
  INFO3_COMMIT_MASTER,
  INFO3_PARTITION_DONE,
  INFO3_UPDATE_ONLY,
  type Message,
} from "../../src/wire/message.ts";
import { type Op, OP_READ } from "../../src/wire/operations.ts";
import { decodeIndexRange, type IndexFilter } from "../../src/wire/query.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { JobInfo, JobRegistry, JobSpec, JobType } from "../jobs.ts";
import type { IndexCollection } from "../sindex.ts";
import type { NamespaceStore, StoredRecord } from "../store.ts";
import { type BatchContext, lastFrame } from "./batch.ts";
import { decodeCdt } from "../cdt/value.ts";
import { codeReply, filterStage, handleSingle } from "./kv.ts";
import { encodeReply } from "./reply.ts";
import { filterValueType } from "./query_filter.ts";
import { base64Of, type IndexMatcher, indexMatcher } from "./query_index.ts";
import { DEFAULT_UDF_TIMEOUT_MS, isUdfRequest, udfCall } from "./udf.ts";
import { runRecordUdf, UDF_FAILURE_BIN, UDF_SUCCESS_BIN } from "../lua/record_udf.ts";
import { aggregator, type PartitionAggregator } from "../lua/aggregate.ts";
import { MockLua } from "../lua/engine.ts";
import { toParticle } from "../cdt/particle.ts";
import type { CdtValue } from "../cdt/value.ts";
import { parseQueryParts, type QueryPart } from "./query_parts.ts";

/** A background job's rps when it asks none, and the most it may ask (`background-query-max-rps`). */
const BACKGROUND_MAX_RPS = 10_000;
/** Socket timeout a job shows without a SOCKET_TIMEOUT field, and every background job shows. */
const DEFAULT_SOCKET_TIMEOUT_MS = 10_000;

/** Longest bin name, bytes. */
const MAX_BIN_NAME_BYTES = 15;
const utf8 = new TextEncoder();

/** Records per reply frame at most. */
export const RECORDS_PER_FRAME = 100;
/** Bytes per reply frame at most (a frame may exceed it by one record). */
export const FRAME_BYTES = 64 * 1024;

const COLLECTIONS: IndexCollection[] = ["default", "list", "mapkeys", "mapvalues"];

/** Where a streaming reply goes; the node implements it over the connection. */
export interface ReplySink {
  /** Sends one whole frame. */
  write(frame: Uint8Array): void;
  /** True once the connection is gone (the client stopped reading): the stream must end. */
  readonly closed: boolean;
  /** Resolves when the peer has taken what was written (push-back). */
  drain(): Promise<void>;
  /** Waits `ms` (throttling); resolves early when the connection closes. */
  sleep(ms: number): Promise<void>;
}

/** What the query handler needs from its node. */
export interface QueryContext extends BatchContext {
  /** This node's place for a partition: 0 master, 1.. replica, -1 none. */
  replicaIndex(ns: string, pid: number): number;
  /** The node's job monitor. */
  readonly jobs: JobRegistry;
  /** Clock in ms. */
  readonly clock: () => number;
}

/** A scan/query ready to run: either an answer known at once, or a stream. */
export type QueryPlan = { reply: Uint8Array } | { stream: (sink: ReplySink) => Promise<void> };

interface Parsed {
  ns: NamespaceStore;
  set: string;
  parts: QueryPart[];
  maxRecords: number;
  rps: number;
  /** SOCKET_TIMEOUT field, ms (10000 without one), as the job monitor shows it. */
  socketTimeoutMs: number;
  match?: IndexMatcher;
  /** Filter expression: records it does not pass are skipped. */
  filter?: Uint8Array;
  /** Name of the index the query uses ("" for a scan). */
  sindex: string;
  trid: string;
}

// A node refuses a scan, query or background job with one bare message carrying the code and no
// INFO3_LAST bit (CE 8.1.2.0: unknown namespace, missing index, bad filter, reused trid, background
// job over an unknown set); only a stream that ran ends with a LAST message.
function fail(code: number): QueryPlan {
  return { reply: encodeReply(codeReply(code)) };
}

function u64(data: Uint8Array | undefined): bigint {
  if (data === undefined || data.length !== 8) return 0n;
  return new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0);
}

function resolveFilter(
  ctx: QueryContext,
  req: Message,
  ns: string,
  set: string,
): { match: IndexMatcher; name: string } | number | undefined {
  const range = findField(req.fields, FIELD_INDEX_RANGE);
  if (range === undefined) return undefined;
  let filter: IndexFilter;
  try {
    filter = decodeIndexRange(range.data);
  } catch {
    return ResultCode.PARAMETER_ERROR;
  }
  const typeField = findField(req.fields, FIELD_INDEX_TYPE);
  const collection = COLLECTIONS[typeField?.data[0] ?? 0];
  const type = filterValueType(filter.particleType);
  if (collection === undefined || type === undefined) return ResultCode.PARAMETER_ERROR;
  const ctxField = findField(req.fields, FIELD_INDEX_CONTEXT);
  const nameField = findField(req.fields, FIELD_INDEX_NAME);
  const expField = findField(req.fields, FIELD_INDEX_EXPRESSION);
  // CE 8.1.2.0 refuses the filter's bin name with PARAMETER_ERROR before it looks for an index:
  // a query by index name must leave it empty (even the index's own bin is refused), one by bin
  // must give one of 1 to 15 bytes. (A query by index expression sends none; not checked.)
  const binBytes = utf8.encode(filter.bin).length;
  const badBin = nameField !== undefined
    ? binBytes !== 0
    : expField === undefined && (binBytes === 0 || binBytes > MAX_BIN_NAME_BYTES);
  if (badBin) return ResultCode.PARAMETER_ERROR;
  const indexes = ctx.store.indexes;
  // By name (the index decides bin, context or expression), by expression, else by bin and context.
  const index = nameField !== undefined
    ? indexes.byName(ns, fieldText(nameField))
    : expField !== undefined
    ? indexes.byExp(ns, set, base64Of(expField.data), type)
    : indexes.find(ns, set, {
      bin: filter.bin,
      type,
      collection,
      context: ctxField === undefined ? undefined : base64Of(ctxField.data),
    });
  if (index === undefined || index.type !== type) return ResultCode.INDEX_NOTFOUND;
  const nsStore = ctx.store.namespace(ns);
  if (nsStore === undefined) return ResultCode.INVALID_NAMESPACE;
  try {
    const collectionUsed = nameField !== undefined ? index.collection : collection;
    return { match: indexMatcher(index, filter, collectionUsed, nsStore), name: index.name };
  } catch {
    return ResultCode.PARAMETER_ERROR;
  }
}

/**
 * True when this node knows `set`: it has a copy (master or replica) of a partition that ever held
 * a record of it, or an index was created on it. A real node learns a set's name when it stores a
 * record of it or an index on it is created and keeps it (records deleted or truncated, partition
 * migrated away, index dropped) until it restarts; the mock forgets a set whose partitions all
 * moved to other nodes and whose index was dropped.
 */
function knowsSet(ctx: QueryContext, ns: NamespaceStore, set: string): boolean {
  for (const pid of ns.setPartitions(set)) if (ctx.replicaIndex(ns.name, pid) >= 0) return true;
  return ctx.store.indexes.list(ns.name).some((d) => d.set === set);
}

function parse(ctx: QueryContext, req: Message): Parsed | number {
  const nsField = findField(req.fields, FIELD_NAMESPACE);
  if (nsField === undefined) return ResultCode.PARAMETER_ERROR;
  const ns = ctx.store.namespace(fieldText(nsField));
  if (ns === undefined) return ResultCode.INVALID_NAMESPACE;
  const setField = findField(req.fields, FIELD_SET);
  const set = setField === undefined ? "" : fieldText(setField);
  // A background job over a set this node knows nothing of is refused with KEY_NOT_FOUND_ERROR
  // before its filter or UDF is looked at; a foreground scan of it just ends (CE 8.1.2.0).
  if ((req.info2 & INFO2_WRITE) !== 0 && set !== "" && !knowsSet(ctx, ns, set)) {
    return ResultCode.KEY_NOT_FOUND_ERROR;
  }
  // A foreground scan/query must name its partitions (PID_ARRAY / DIGEST_ARRAY): CE 8.1.2.0 refuses
  // the pre-6.0 form without them with UNSUPPORTED_FEATURE, before looking at the index. Background
  // jobs and aggregations without them run over every partition.
  const named = findField(req.fields, FIELD_PID_ARRAY) !== undefined ||
    findField(req.fields, FIELD_DIGEST_ARRAY) !== undefined;
  if (!named && (req.info2 & INFO2_WRITE) === 0 && !isUdfRequest(req.fields)) {
    return ResultCode.UNSUPPORTED_FEATURE;
  }
  const parts = parseQueryParts(req.fields);
  if (typeof parts === "number") return parts;
  const match = resolveFilter(ctx, req, ns.name, set);
  if (typeof match === "number") return match;
  const max = u64(findField(req.fields, FIELD_MAX_RECORDS)?.data);
  const rpsField = findField(req.fields, FIELD_RECORDS_PER_SECOND);
  let rps = rpsField?.data.length === 4
    ? new DataView(rpsField.data.buffer, rpsField.data.byteOffset, 4).getUint32(0)
    : 0;
  if ((req.info2 & INFO2_WRITE) !== 0) {
    // A background job runs at most at the node's background-query-max-rps (10000), and at that
    // rate when it asks none; CE 8.1.2.0 refuses one asking more with PARAMETER_ERROR.
    if (rps > BACKGROUND_MAX_RPS) return ResultCode.PARAMETER_ERROR;
    if (rps === 0) rps = BACKGROUND_MAX_RPS;
  }
  const timeoutField = findField(req.fields, FIELD_SOCKET_TIMEOUT);
  const parsed: Parsed = {
    ns,
    set,
    parts,
    maxRecords: max > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : Number(max),
    rps,
    socketTimeoutMs: timeoutField?.data.length === 4
      ? new DataView(timeoutField.data.buffer, timeoutField.data.byteOffset, 4).getUint32(0)
      : DEFAULT_SOCKET_TIMEOUT_MS,
    sindex: match?.name ?? "",
    trid: u64(findField(req.fields, FIELD_TRAN_ID)?.data).toString(),
  };
  if (match !== undefined) parsed.match = match.match;
  const filter = findField(req.fields, FIELD_FILTER_EXP);
  if (filter !== undefined) {
    // Checked once up front so a malformed or unsupported filter fails the whole request.
    try {
      decodeCdt(filter.data);
    } catch {
      return ResultCode.PARAMETER_ERROR;
    }
    parsed.filter = filter.data;
  }
  return parsed;
}

function selection(req: Message): { noBins: boolean; names: string[] | undefined; readOps?: Op[] } {
  if ((req.info1 & INFO1_NOBINDATA) !== 0) return { noBins: true, names: undefined };
  // Operations other than plain bin reads (CDT, bit, HLL, expression reads) run on each record,
  // as a single-record read would run them.
  if (req.ops.some((o) => o.op !== OP_READ || o.data.length > 0)) {
    return { noBins: false, names: undefined, readOps: req.ops };
  }
  const names = req.ops.filter((o) => o.op === OP_READ && o.name !== "").map((o) => o.name);
  return { noBins: false, names: names.length > 0 ? names : undefined };
}

// The ops' results on one record, from a single-record read of it (empty when it fails).
function runReadOps(ctx: QueryContext, p: Parsed, rec: StoredRecord, readOps: Op[]): Op[] {
  const read: Message = {
    ...emptyHeader(),
    info1: INFO1_READ,
    fields: [stringField(FIELD_NAMESPACE, p.ns.name), { type: FIELD_DIGEST, data: rec.digest }],
    ops: readOps,
  };
  if (rec.set !== "") read.fields.push(stringField(FIELD_SET, rec.set));
  const reply = handleSingle(ctx.store, read);
  return reply.resultCode === ResultCode.OK ? reply.ops : [];
}

function recordMessage(
  ctx: QueryContext,
  p: Parsed,
  rec: StoredRecord,
  bval: Uint8Array | undefined,
  sel: ReturnType<typeof selection>,
): Message {
  const fields = [stringField(FIELD_NAMESPACE, p.ns.name), { type: FIELD_DIGEST, data: rec.digest }];
  if (rec.set !== "") fields.push(stringField(FIELD_SET, rec.set));
  if (rec.key !== undefined) fields.push({ type: FIELD_KEY, data: rec.key });
  if (bval !== undefined) fields.push({ type: FIELD_BVAL_ARRAY, data: bval });
  const ops: Op[] = [];
  if (sel.readOps !== undefined) ops.push(...runReadOps(ctx, p, rec, sel.readOps));
  else if (!sel.noBins) {
    for (const [name, bin] of rec.bins) {
      if (sel.names !== undefined && !sel.names.includes(name)) continue;
      ops.push({ op: OP_READ, particleType: bin.type, name, data: bin.data });
    }
  }
  return { ...emptyHeader(), generation: rec.generation, recordTtl: rec.voidTime, fields, ops };
}

/**
 * Whether a record passes the request's filter expression (no filter: every record does); one it
 * rules out is counted in the job's `recs-filtered-meta` or `recs-filtered-bins`.
 */
function passes(p: Parsed, rec: StoredRecord, job: JobInfo): boolean {
  if (p.filter === undefined) return true;
  const stage = filterStage(p.filter, p.ns, rec);
  if (stage === "meta") job.filteredMeta++;
  else if (stage === "bins") job.filteredBins++;
  return stage === "pass";
}

function doneMessage(pid: number, code: number): Message {
  return {
    ...emptyHeader(),
    info3: INFO3_PARTITION_DONE,
    resultCode: code,
    generation: pid,
    fields: [],
    ops: [],
  };
}

function messageBytes(m: Message): number {
  let n = 22;
  for (const f of m.fields) n += 5 + f.data.length;
  for (const o of m.ops) n += 8 + o.name.length * 3 + o.data.length;
  return n;
}

/** One aggregation output (or failure text) as the record message a node sends. */
function udfMessage(name: string, v: CdtValue): Message {
  const particle = toParticle(v);
  return {
    ...emptyHeader(),
    fields: [],
    ops: [{ op: OP_READ, particleType: particle.type, name, data: particle.data }],
  };
}

async function stream(
  ctx: QueryContext,
  p: Parsed,
  req: Message,
  job: JobInfo,
  sink: ReplySink,
  agg?: PartitionAggregator,
): Promise<void> {
  const sel = selection(req);
  const start = ctx.clock();
  let msgs: Message[] = [];
  let bytes = 0;
  let count = 0;
  // What the job monitor shows as net-io-bytes.
  const send = (frame: Uint8Array): void => {
    job.netBytes += frame.length;
    sink.write(frame);
  };
  const flush = async (): Promise<void> => {
    if (msgs.length === 0) return;
    send(encodeMessages(msgs));
    if (agg === undefined) job.succeeded = count;
    msgs = [];
    bytes = 0;
    await sink.drain();
    if (p.rps > 0) {
      // Throttle: never ahead of rps records per second since the start.
      const ahead = (count * 1000) / p.rps - (ctx.clock() - start);
      if (ahead > 0) await sink.sleep(ahead);
    }
  };
  const frameRecords = p.rps > 0
    ? Math.max(1, Math.min(RECORDS_PER_FRAME, Math.floor(p.rps / 10)))
    : RECORDS_PER_FRAME;
  outer: for (const part of p.parts) {
    job.partsDone++;
    if (ctx.replicaIndex(p.ns.name, part.pid) !== 0) {
      msgs.push(doneMessage(part.pid, ResultCode.PARTITION_UNAVAILABLE));
      continue;
    }
    const aggregated: StoredRecord[] = [];
    for (const rec of p.ns.ordered(part.pid, part.after)) {
      if (p.set !== "" && rec.set !== p.set) continue;
      let bval: Uint8Array | undefined;
      if (p.match !== undefined) {
        bval = p.match(rec);
        if (bval === undefined) continue;
      }
      if (!passes(p, rec, job)) continue;
      // A foreground job throttles the records its filter passed (a background job every one).
      if (p.rps > 0) job.throttled++;
      if (agg !== undefined) {
        aggregated.push(rec);
        continue;
      }
      const m = recordMessage(ctx, p, rec, bval, sel);
      msgs.push(m);
      bytes += messageBytes(m);
      count++;
      if (msgs.length >= frameRecords || bytes >= FRAME_BYTES) {
        await flush();
        if (sink.closed) break outer;
      }
      if (p.maxRecords > 0 && count >= p.maxRecords) break outer;
    }
    if (agg !== undefined && aggregated.length > 0) {
      count += aggregated.length;
      const r = agg(aggregated);
      if ("failure" in r) {
        msgs.push(udfMessage(UDF_FAILURE_BIN, { k: "bytes", t: 3, v: new TextEncoder().encode(r.failure) }));
        await flush();
        job.status = "done(error)";
        job.doneMs = ctx.clock();
        send(lastFrame(ResultCode.SERVER_ERROR));
        return;
      }
      for (const v of r.values) msgs.push(udfMessage(UDF_SUCCESS_BIN, v as CdtValue));
      if (msgs.length >= frameRecords) {
        await flush();
        if (sink.closed) break outer;
      }
    }
  }
  job.succeeded = count;
  job.doneMs = ctx.clock();
  if (sink.closed) {
    job.status = "done(abandoned-response-error)";
    return;
  }
  await flush();
  if (sink.closed) {
    job.status = "done(abandoned-response-error)";
    return;
  }
  job.status = "done(ok)";
  // An aggregation that found no record ends with a KEY_NOT_FOUND_ERROR message, not LAST.
  if (agg !== undefined && count === 0) {
    send(
      encodeMessages([{ ...emptyHeader(), resultCode: ResultCode.KEY_NOT_FOUND_ERROR, fields: [], ops: [] }]),
    );
  } else send(lastFrame(0));
}

/**
 * A background record UDF's runner for one record, or the result code refusing the job. A module
 * the node does not have (or cannot load) does not refuse the job: it fails on every record, as
 * a missing function does (CE 8.1.2.0 answers OK and counts the records in `recs-failed`).
 */
function udfRunner(ctx: QueryContext, p: Parsed, req: Message): ((rec: StoredRecord) => boolean) | number {
  const call = udfCall(req.fields);
  if (typeof call === "number") return call;
  // Without its optional Lua runtime the mock runs no UDF at all: it says so rather than fail each record.
  if (MockLua.unavailable() !== undefined) return ResultCode.UDF_BAD_RESPONSE;
  const mod = ctx.store.udfs.get(call.module);
  const vm = mod === undefined ? undefined : ctx.store.udfs.lua.state(mod.filename, mod.source);
  if (vm === undefined || typeof vm === "string") return () => false;
  const timeMs = ctx.store.udfs.lua.limits.timeMs ?? DEFAULT_UDF_TIMEOUT_MS;
  return (rec) => {
    const target = { ns: p.ns, set: rec.set, digest: rec.digest, write: true };
    const one: Message = { ...emptyHeader(), recordTtl: req.recordTtl, fields: [], ops: [] };
    return runRecordUdf(target, one, vm, call.fn, call.args, timeMs).resultCode === ResultCode.OK;
  };
}

/** The server stage of an aggregation, or the failure text a node sends at once. */
function aggregation(ctx: QueryContext, p: Parsed, req: Message): PartitionAggregator | string {
  const call = udfCall(req.fields);
  if (typeof call === "number") return "UDF: Execution Error 1";
  const mod = ctx.store.udfs.get(call.module);
  if (mod === undefined) return "UDF: Execution Error 1";
  const vm = ctx.store.udfs.lua.state(mod.filename, mod.source);
  if (typeof vm === "string") return vm;
  const timeMs = ctx.store.udfs.lua.limits.timeMs ?? DEFAULT_UDF_TIMEOUT_MS;
  return aggregator(p.ns, vm, call.fn, call.args, timeMs);
}

/** A FAILURE message and a LAST message with code 1, as a node ends a failed aggregation. */
function failureFrames(text: string): Uint8Array {
  const failure = udfMessage(UDF_FAILURE_BIN, { k: "bytes", t: 3, v: new TextEncoder().encode(text) });
  const first = encodeMessages([failure]);
  const last = lastFrame(ResultCode.SERVER_ERROR);
  const out = new Uint8Array(first.length + last.length);
  out.set(first);
  out.set(last, first.length);
  return out;
}

function background(
  ctx: QueryContext,
  p: Parsed,
  req: Message,
  job: JobInfo,
  udf?: (rec: StoredRecord) => boolean,
): void {
  for (const part of p.parts) {
    job.partsDone++;
    if (ctx.replicaIndex(p.ns.name, part.pid) !== 0) continue;
    for (const rec of p.ns.ordered(part.pid, part.after)) {
      if (p.set !== "" && rec.set !== p.set) continue;
      if (p.match !== undefined && p.match(rec) === undefined) continue;
      // Every record a background job looks at goes through its throttle (rps is never 0).
      job.throttled++;
      if (!passes(p, rec, job)) continue;
      if (udf !== undefined) {
        if (udf(rec)) job.succeeded++;
        else job.failed++;
        continue;
      }
      const write: Message = {
        ...emptyHeader(),
        // The job's write policy (durable delete, commit level) applies to each record.
        info2: INFO2_WRITE | (req.info2 & INFO2_DURABLE_DELETE),
        info3: INFO3_UPDATE_ONLY | (req.info3 & INFO3_COMMIT_MASTER),
        recordTtl: req.recordTtl,
        fields: [stringField(FIELD_NAMESPACE, p.ns.name), { type: FIELD_DIGEST, data: rec.digest }],
        ops: req.ops,
      };
      if (rec.set !== "") write.fields.push(stringField(FIELD_SET, rec.set));
      if (handleSingle(ctx.store, write).resultCode === ResultCode.OK) job.succeeded++;
      else job.failed++;
    }
  }
  job.status = "done(ok)";
  job.doneMs = ctx.clock();
}

/**
 * Plans a scan/query request. A filter expression skips the records it does not pass; background
 * jobs (write ops or a record UDF) run on every matching record before the node answers. Errors
 * (unknown namespace, missing index, malformed filter, reused trid, a UDF the mock cannot run)
 * answer one message with the server's code and, as a real node sends it, without INFO3_LAST; a
 * failed aggregation answers its FAILURE message, then a LAST message.
 * @example
 * ```ts
 * import type { Conn } from "../../src/transport/transport.ts";
 * import type { Message } from "../../src/wire/message.ts";
 * declare const ctx: QueryContext, req: Message, conn: Conn, sink: ReplySink;
 * const plan = planQuery(ctx, req);
 * if ("reply" in plan) conn.write(plan.reply); else await plan.stream(sink);
 * ```
 */
export function planQuery(ctx: QueryContext, req: Message): QueryPlan {
  const p = parse(ctx, req);
  if (typeof p === "number") return fail(p);
  const isBackground = (req.info2 & INFO2_WRITE) !== 0;
  const isUdf = isUdfRequest(req.fields);
  const udf = isUdf && isBackground ? udfRunner(ctx, p, req) : undefined;
  if (typeof udf === "number") return fail(udf);
  const agg = isUdf && !isBackground ? aggregation(ctx, p, req) : undefined;
  if (typeof agg === "string") return { reply: failureFrames(agg) };
  // A background job with neither ops nor a UDF is refused before it becomes a job (CE 8.1.2.0:
  // PARAMETER_ERROR, and query-show does not know its trid).
  if (isBackground && !isUdf && req.ops.length === 0) return fail(ResultCode.PARAMETER_ERROR);
  // A node refuses a trid its job monitor still lists, running or done: CE 8.1.2.0 answers
  // PARAMETER_ERROR to a scan, query or background job reusing one, at once and 2 s after its job
  // ended, so clients draw a new trid per round. (A request without one, trid 0, gets its own.)
  if (p.trid !== "0" && ctx.jobs.get(p.trid) !== undefined) return fail(ResultCode.PARAMETER_ERROR);
  const type: JobType = isUdf
    ? (isBackground ? "background-udf" : "aggregation")
    : isBackground
    ? "background-ops"
    : "basic";
  const spec: JobSpec = {
    trid: p.trid,
    ns: p.ns.name,
    set: p.set,
    sindex: p.sindex,
    type,
    rps: p.rps,
    pids: p.parts.filter((part) => part.after === undefined).length,
    keyds: p.parts.filter((part) => part.after !== undefined).length,
    socketTimeoutMs: isBackground ? DEFAULT_SOCKET_TIMEOUT_MS : p.socketTimeoutMs,
    startMs: ctx.clock(),
  };
  const call = type === "background-udf" ? udfCall(req.fields) : undefined;
  if (call !== undefined && typeof call !== "number") spec.udf = { module: call.module, fn: call.fn };
  const job = ctx.jobs.start(spec);
  if (isBackground) {
    background(ctx, p, req, job, udf);
    return { reply: lastFrame(0) };
  }
  return { stream: (sink) => stream(ctx, p, req, job, sink, agg) };
}
