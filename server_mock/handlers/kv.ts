/**
 * Single-record commands (get, exists, put, remove, touch, operate with scalar, CDT, bit, HLL and
 * expression ops; see kv_complex.ts) with the server's semantics: filter expressions (false:
 * FILTERED_OUT 27), exists actions, generation checks, TTL and void time, result codes and the
 * reply layout of a real node (see tests/fixtures/vectors). A pure function from a decoded request
 * to a decoded reply, so it is unit-tested without sockets.
 * @module
 */
import { computeDigest, decodeKeyField, DIGEST_SIZE } from "../../src/wire/digest.ts";
import {
  type Field,
  FIELD_DIGEST,
  FIELD_FILTER_EXP,
  FIELD_KEY,
  FIELD_NAMESPACE,
  FIELD_SET,
  fieldText,
  findField,
} from "../../src/wire/fields.ts";
import {
  INFO1_GET_ALL,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO2_CREATE_ONLY,
  INFO2_DELETE,
  INFO2_DURABLE_DELETE,
  INFO2_GENERATION,
  INFO2_GENERATION_GT,
  INFO2_RESPOND_ALL_OPS,
  INFO2_WRITE,
  INFO3_CREATE_OR_REPLACE,
  INFO3_REPLACE_ONLY,
  INFO3_SC_READ_RELAX,
  INFO3_SC_READ_TYPE,
  INFO3_UPDATE_ONLY,
  type Message,
} from "../../src/wire/message.ts";
import { type Op, OP_EXP_READ, OP_READ, OP_TOUCH } from "../../src/wire/operations.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { CdtError } from "../cdt/value.ts";
import type { NamespaceStore, Store, StoredBin, StoredRecord } from "../store.ts";
import { filterPasses } from "../exp/eval.ts";
import { recordStoredSize } from "../exp/record_size.ts";
import { writeOpsCode } from "./write_policy.ts";
import { isComplexOp, isComplexRead, type RecordMeta, runComplexOp } from "./kv_complex.ts";
import { applyWriteOp, PARTICLE_TYPE_NULL, storesValue } from "./kv_ops.ts";
import { applyReadTouch, readTouchCheck } from "./read_touch.ts";

/** Request TTL: never expire (-1 as u32). */
export const TTL_NEVER_EXPIRE = 0xffffffff;
/** Request TTL: keep the record's current void time (-2 as u32). */
export const TTL_DONT_UPDATE = 0xfffffffe;
/** Request TTL: the client's default, which the server reads as the namespace default (-3 as u32). */
export const TTL_CLIENT_DEFAULT = 0xfffffffd;

/** The parts of a single-record request the mock needs before it runs it. */
export interface SingleTarget {
  /** Namespace store. */
  ns: NamespaceStore;
  /** Set name ("" for none). */
  set: string;
  /** Record digest. */
  digest: Uint8Array;
  /** True for commands that change the record. */
  write: boolean;
}

/** A header-only reply with a result code. */
export function codeReply(resultCode: number, generation = 0, voidTime = 0): Message {
  return {
    info1: 0,
    info2: 0,
    info3: 0,
    info4: 0,
    resultCode,
    generation,
    recordTtl: voidTime,
    transactionTtl: 0,
    fields: [],
    ops: [],
  };
}

/**
 * The text of a namespace or set field: short ASCII names (all of them in practice) without a
 * `TextDecoder` call, anything else exactly as `fieldText` decodes it.
 */
export function nameText(field: Field): string {
  const b = field.data;
  if (b.length > 64) return fieldText(field);
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return fieldText(field);
  return String.fromCharCode.apply(null, b as unknown as number[]);
}

/** Whether a request is a write (INFO2_WRITE set). */
export function isWriteRequest(req: Message): boolean {
  return (req.info2 & INFO2_WRITE) !== 0;
}

function badSetName(set: string): boolean {
  for (let i = 0; i < set.length; i++) {
    const c = set.charCodeAt(i);
    if (c < 0x20 || c === 0x3a || c === 0x3b || c === 0x3d) return true; // control, ':', ';', '='
  }
  return false;
}

/**
 * Resolves namespace, set and digest of a single-record request, or the reply that refuses it
 * (PARAMETER_ERROR without namespace or digest, INVALID_NAMESPACE for an unknown namespace).
 */
export function resolveTarget(store: Store, req: Message): SingleTarget | Message {
  const nsField = findField(req.fields, FIELD_NAMESPACE);
  if (nsField === undefined) return codeReply(ResultCode.PARAMETER_ERROR);
  const ns = store.namespace(nameText(nsField));
  if (ns === undefined) return codeReply(ResultCode.INVALID_NAMESPACE);
  const setField = findField(req.fields, FIELD_SET);
  const set = setField === undefined ? "" : nameText(setField);
  // The server caps set names at 63 bytes; control characters and the info separators are refused
  // too, so that `sets` info replies stay parseable.
  if (setField !== undefined && (setField.data.length > 63 || badSetName(set))) {
    return codeReply(ResultCode.PARAMETER_ERROR);
  }
  let digest = findField(req.fields, FIELD_DIGEST)?.data;
  if (digest === undefined) {
    // Without a digest the server hashes the key itself.
    const keyField = findField(req.fields, FIELD_KEY);
    if (keyField === undefined || keyField.data.length < 1) return codeReply(ResultCode.PARAMETER_ERROR);
    try {
      decodeKeyField(keyField.data);
    } catch {
      return codeReply(ResultCode.PARAMETER_ERROR);
    }
    digest = computeDigest(set, { type: keyField.data[0], bytes: keyField.data.subarray(1) });
  }
  if (digest.length !== DIGEST_SIZE) return codeReply(ResultCode.PARAMETER_ERROR);
  return { ns, set, digest, write: isWriteRequest(req) };
}

/**
 * Runs one single-record request against the store and returns the reply a real node sends.
 * `resolved` is what `resolveTarget(store, req)` returned, when the caller has it already.
 * @example
 * ```ts
 * import { decodeMessage } from "../../src/wire/message.ts";
 * import type { Store } from "../store.ts";
 * declare const store: Store, body: Uint8Array;
 * const reply = handleSingle(store, decodeMessage(body).message);
 * reply.resultCode; // 0, 2 (not found), 3 (generation), 5 (exists), ...
 * ```
 */
export function handleSingle(store: Store, req: Message, resolved?: SingleTarget | Message): Message {
  const target = resolved ?? resolveTarget(store, req);
  if (!("ns" in target)) return target;
  // A linearized read (INFO3_SC_READ_TYPE without RELAX) is refused up front by a CE node's
  // repl_ping_check; the mock has no strong-consistency namespace to honour it either.
  if (!target.write && (req.info3 & (INFO3_SC_READ_TYPE | INFO3_SC_READ_RELAX)) === INFO3_SC_READ_TYPE) {
    return codeReply(ResultCode.ENTERPRISE_ONLY);
  }
  if (!target.write && req.recordTtl !== 0) {
    // Read touch is decided before the filter, as on the server; the reply shows the old ttl.
    const rec = target.ns.get(target.digest);
    const touch = rec === undefined ? 0 : readTouchCheck(target.ns, rec, req.recordTtl);
    if (touch < 0) return codeReply(ResultCode.PARAMETER_ERROR);
    if (touch > 0) {
      const reply = runSingle(target, req);
      applyReadTouch(target.ns, rec!, touch);
      return reply;
    }
  }
  return runSingle(target, req);
}

function runSingle(target: SingleTarget, req: Message): Message {
  const filter = findField(req.fields, FIELD_FILTER_EXP);
  // A write checks its filter after the op list, existence and generation checks (in write()).
  if (filter !== undefined && !target.write) {
    // The filter applies to an existing record only; a missing one answers as without a filter.
    const rec = target.ns.get(target.digest);
    if (rec !== undefined) {
      const code = filterCode(filter.data, target.ns, rec);
      if (code !== ResultCode.OK) return codeReply(code, rec.generation, rec.voidTime);
    }
  }
  return target.write ? write(target, req) : read(target, req);
}

/** What expressions see of a stored record besides its bins. */
export function recordMeta(ns: NamespaceStore, rec: StoredRecord): RecordMeta {
  const meta: RecordMeta = {
    digest: rec.digest,
    set: rec.set,
    voidTime: rec.voidTime,
    lastUpdateMs: rec.lastUpdateMs,
    nowMs: ns.nowMs(),
    now: ns.now(),
    storedSize: recordStoredSize(rec),
  };
  if (rec.key !== undefined) meta.key = rec.key;
  return meta;
}

/** Thrown by {@linkcode SealedBins}: the expression needs the record's bins. */
const NEEDS_BINS = new Error("the expression reads bins");

/** A bin map that refuses every look, for a metadata-only pass of a filter expression. */
class SealedBins extends Map<string, StoredBin> {
  override get(): never {
    throw NEEDS_BINS;
  }
  override has(): never {
    throw NEEDS_BINS;
  }
  override forEach(): never {
    throw NEEDS_BINS;
  }
  override entries(): never {
    throw NEEDS_BINS;
  }
  override keys(): never {
    throw NEEDS_BINS;
  }
  override values(): never {
    throw NEEDS_BINS;
  }
  override [Symbol.iterator](): never {
    throw NEEDS_BINS;
  }
}
const SEALED = new SealedBins();

/**
 * Where a scan/query filter expression decides a record, as a node counts it in its job's
 * `recs-filtered-meta` / `recs-filtered-bins`: `"meta"` when the record's metadata alone rule it
 * out (the node tries that before it reads bins), `"bins"` when it fails once the bins are read
 * (or is malformed), `"pass"` when it passes.
 */
export function filterStage(
  data: Uint8Array,
  ns: NamespaceStore,
  rec: StoredRecord,
): "pass" | "meta" | "bins" {
  const meta = recordMeta(ns, rec);
  try {
    return filterPasses(data, { ...meta, bins: SEALED }) ? "pass" : "meta";
  } catch {
    // Needs the bins (or fails): decided by the full evaluation below.
  }
  return filterCode(data, ns, rec) === ResultCode.OK ? "pass" : "bins";
}

/**
 * Runs a filter expression on a stored record: OK when it is true, FILTERED_OUT when false or
 * unknown, PARAMETER_ERROR for a malformed one, UNSUPPORTED_FEATURE for what the mock lacks.
 */
export function filterCode(data: Uint8Array, ns: NamespaceStore, rec: StoredRecord): number {
  try {
    return filterPasses(data, { ...recordMeta(ns, rec), bins: rec.bins })
      ? ResultCode.OK
      : ResultCode.FILTERED_OUT;
  } catch (e) {
    return e instanceof CdtError ? e.code : ResultCode.PARAMETER_ERROR;
  }
}

function readOp(op: Op, bin: StoredBin | undefined, respondAll: boolean, out: Op[]): void {
  if (bin !== undefined) out.push({ op: op.op, particleType: bin.type, name: op.name, data: bin.data });
  else if (respondAll) out.push({ op: op.op, particleType: PARTICLE_TYPE_NULL, name: op.name, data: EMPTY });
}

/** Adds an op's result; an op without one answers a NULL particle only when all ops must respond. */
function pushResult(op: Op, result: Op | undefined, respondAll: boolean, out: Op[]): void {
  if (result !== undefined) out.push(result);
  else if (respondAll) out.push({ op: op.op, particleType: PARTICLE_TYPE_NULL, name: op.name, data: EMPTY });
}

function allBins(rec: { bins: Map<string, StoredBin> }, out: Op[]): void {
  for (const [name, bin] of rec.bins) out.push({ op: OP_READ, particleType: bin.type, name, data: bin.data });
}

const EMPTY = new Uint8Array(0);

function read(t: SingleTarget, req: Message): Message {
  if ((req.info1 & INFO1_READ) === 0) return codeReply(ResultCode.PARAMETER_ERROR);
  const rec = t.ns.get(t.digest);
  if (rec === undefined) return codeReply(ResultCode.KEY_NOT_FOUND_ERROR);
  const reply = codeReply(ResultCode.OK, rec.generation, rec.voidTime);
  if ((req.info1 & INFO1_NOBINDATA) !== 0) return reply;
  if ((req.info1 & INFO1_GET_ALL) !== 0 || req.ops.length === 0) {
    allBins(rec, reply.ops);
    return reply;
  }
  const respondAll = (req.info2 & INFO2_RESPOND_ALL_OPS) !== 0;
  for (const op of req.ops) {
    if (isComplexRead(op.op)) {
      const r = runComplexOp(rec.bins, op, recordMeta(t.ns, rec));
      if (typeof r === "number") return codeReply(r, rec.generation, rec.voidTime);
      pushResult(op, r, respondAll, reply.ops);
      continue;
    }
    if (op.op !== OP_READ) {
      return codeReply(isComplexOp(op.op) ? ResultCode.PARAMETER_ERROR : ResultCode.UNSUPPORTED_FEATURE);
    }
    if (op.name === "") allBins(rec, reply.ops);
    else readOp(op, rec.bins.get(op.name), respondAll, reply.ops);
  }
  return reply;
}

/** The void time a write with request TTL `requested` gives a record (0: never expires). */
export function newVoidTime(
  ns: NamespaceStore,
  requested: number,
  existing: StoredRecord | undefined,
): number {
  const now = ns.now();
  const fromTtl = (ttl: number): number => (ttl === 0 ? 0 : now + ttl);
  if (requested === TTL_NEVER_EXPIRE) return 0;
  if (requested === TTL_DONT_UPDATE && existing !== undefined) return existing.voidTime;
  if (requested === 0 || requested === TTL_DONT_UPDATE || requested === TTL_CLIENT_DEFAULT) {
    return fromTtl(ns.defaultTtl);
  }
  return fromTtl(requested);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The KEY field a new record would keep (an existing record keeps its own key). */
function keyOf(existing: StoredRecord | undefined, keyField: Field | undefined): Uint8Array | undefined {
  return existing?.key === undefined ? keyField?.data : undefined;
}

/** Values larger than this get a buffer of their own (a shared one would outlive them). */
const SHARED_VALUE_MAX = 4096;

/**
 * One buffer sized for the small byte arrays a write keeps, handed out as views in the order
 * they are taken.
 */
class OwnedBytes {
  #buf: Uint8Array;
  #at = 0;

  constructor(ops: readonly Op[], digest: Uint8Array | undefined, key: Uint8Array | undefined) {
    let size = (digest?.length ?? 0) + (key?.length ?? 0);
    for (let i = 0; i < ops.length; i++) {
      const n = ops[i].data.length;
      if (storesValue(ops[i].op) && n <= SHARED_VALUE_MAX) size += n;
    }
    this.#buf = new Uint8Array(size);
  }

  /** A copy of `b` in the shared buffer (a copy of its own once the buffer is used up). */
  take(b: Uint8Array): Uint8Array {
    const end = this.#at + b.length;
    if (b.length > SHARED_VALUE_MAX || end > this.#buf.length) return b.slice();
    const out = this.#buf.subarray(this.#at, end);
    out.set(b);
    this.#at = end;
    return out;
  }
}

/** The filter's verdict on an existing record (OK without a filter or a record). */
function filterOf(req: Message, t: SingleTarget, rec: StoredRecord | undefined): number {
  const filter = findField(req.fields, FIELD_FILTER_EXP);
  return filter === undefined || rec === undefined ? ResultCode.OK : filterCode(filter.data, t.ns, rec);
}

function write(t: SingleTarget, req: Message): Message {
  const opsCode = (req.info2 & INFO2_DELETE) !== 0 ? ResultCode.OK : writeOpsCode(req);
  if (opsCode !== ResultCode.OK) return codeReply(opsCode);
  const existing = t.ns.get(t.digest);
  const fail = (code: number): Message =>
    existing === undefined ? codeReply(code) : codeReply(code, existing.generation, existing.voidTime);
  const durable = (req.info2 & INFO2_DURABLE_DELETE) !== 0;
  // A node's order: (delete: durable-delete is Enterprise only, 25), record missing but must not
  // be created (update-only, replace-only, a touch op: 2), create-only on a live record (5), then
  // the generation check, which a record being created meets with generation 0.
  const generationFails = (): boolean => {
    const g = existing?.generation ?? 0;
    return ((req.info2 & INFO2_GENERATION) !== 0 && req.generation !== g) ||
      ((req.info2 & INFO2_GENERATION_GT) !== 0 && !(req.generation > g));
  };
  if ((req.info2 & INFO2_DELETE) !== 0) {
    if (durable) return codeReply(ResultCode.ENTERPRISE_ONLY);
    if (existing === undefined) return codeReply(ResultCode.KEY_NOT_FOUND_ERROR);
    if (generationFails()) return fail(ResultCode.GENERATION_ERROR);
    const filtered = filterOf(req, t, existing);
    if (filtered !== ResultCode.OK) return fail(filtered);
    t.ns.delete(t.digest);
    return codeReply(ResultCode.OK);
  }
  if (
    existing === undefined &&
    ((req.info3 & (INFO3_UPDATE_ONLY | INFO3_REPLACE_ONLY)) !== 0 || req.ops.some((op) => op.op === OP_TOUCH))
  ) {
    return codeReply(ResultCode.KEY_NOT_FOUND_ERROR);
  }
  if ((req.info2 & INFO2_CREATE_ONLY) !== 0 && existing !== undefined) {
    return fail(ResultCode.KEY_EXISTS_ERROR);
  }
  if (generationFails()) return fail(ResultCode.GENERATION_ERROR);
  const filtered = filterOf(req, t, existing);
  if (filtered !== ResultCode.OK) return fail(filtered);
  const keyField = findField(req.fields, FIELD_KEY);
  if (keyField !== undefined && existing?.key !== undefined && !sameBytes(existing.key, keyField.data)) {
    return fail(ResultCode.KEY_MISMATCH);
  }
  const replace = (req.info3 & (INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY)) !== 0;
  const bins = new Map<string, StoredBin>(replace || existing === undefined ? [] : existing.bins);
  const respondAll = (req.info2 & INFO2_RESPOND_ALL_OPS) !== 0;
  const results: Op[] = [];
  let touched = false;
  let meta: RecordMeta | undefined; // what expressions see, made for the first complex op
  const metaOf = (): RecordMeta => {
    if (meta !== undefined) return meta;
    meta = existing !== undefined ? recordMeta(t.ns, existing) : {
      digest: t.digest,
      set: t.set,
      voidTime: 0,
      lastUpdateMs: t.ns.nowMs(),
      nowMs: t.ns.nowMs(),
      now: t.ns.now(),
      storedSize: 16, // a record being created has no storage blocks yet
    };
    if (existing === undefined && keyField !== undefined) meta.key = keyField.data;
    return meta;
  };
  // The request's bytes the record keeps (digest and key of a new record, written values) are
  // copied into one buffer: one allocation per write instead of one per bin.
  const own = new OwnedBytes(
    req.ops,
    existing === undefined ? t.digest : undefined,
    keyOf(existing, keyField),
  );
  for (const op of req.ops) {
    if (op.op === OP_READ) {
      if (op.name === "") allBins({ bins }, results);
      else readOp(op, bins.get(op.name), respondAll, results);
      continue;
    }
    if (isComplexOp(op.op)) {
      // In a write, a node answers every read op of a live bin (and every expression read), even
      // one without a result (write_master: `op->op != AS_MSG_OP_READ`).
      const answers = respondAll ||
        (isComplexRead(op.op) && (op.op === OP_EXP_READ || bins.has(op.name)));
      const r = runComplexOp(bins, op, metaOf());
      if (typeof r === "number") return fail(r);
      pushResult(op, r, answers, results);
      continue;
    }
    const code = applyWriteOp(bins, op, storesValue(op.op) ? own.take(op.data) : undefined);
    // A touch op answers no op, even with respond-all-ops (write.c skips it before the response).
    if (code === "touch") {
      touched = true;
      continue;
    }
    if (code !== ResultCode.OK) return fail(code);
    if (respondAll) results.push({ op: op.op, particleType: PARTICLE_TYPE_NULL, name: op.name, data: EMPTY });
  }
  if (touched && existing === undefined) return codeReply(ResultCode.KEY_NOT_FOUND_ERROR);
  if (bins.size === 0) {
    // A record left without bins is deleted; a write that would create a record without bins is
    // KEY_NOT_FOUND_ERROR on a node (a put of only null bins, a delete op, a nil exp.write).
    if (existing === undefined) return codeReply(ResultCode.KEY_NOT_FOUND_ERROR);
    if (durable) return fail(ResultCode.ENTERPRISE_ONLY);
    t.ns.delete(t.digest);
    const reply = codeReply(ResultCode.OK);
    reply.ops = results;
    return reply;
  }
  const rec: StoredRecord = {
    digest: existing?.digest ?? own.take(t.digest),
    set: t.set,
    bins,
    generation: existing === undefined ? 1 : (existing.generation % 0xffff) + 1,
    voidTime: newVoidTime(t.ns, req.recordTtl, existing),
    lastUpdateMs: t.ns.nowMs(),
  };
  const key = existing?.key ?? (keyField === undefined ? undefined : own.take(keyField.data));
  if (key !== undefined) rec.key = key;
  t.ns.put(rec);
  const reply = codeReply(ResultCode.OK, rec.generation, rec.voidTime);
  reply.ops = results;
  return reply;
}
