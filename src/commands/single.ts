/**
 * Single-record request builders (get, select, header-only, exists, put, remove, touch) as pure
 * functions from key, bins and policy to a request frame, plus the reply parser they share with
 * `operate`. The frames match the official clients' byte for byte.
 * @module
 */
import type { Key } from "../key.ts";
import type {
  BasePolicy,
  ReadPolicy,
  ResolvedReadPolicy,
  ResolvedWritePolicy,
  WritePolicy,
} from "../policy.ts";
import type { Bins, Value } from "../values.ts";
import { emptyBins } from "../values.ts";
import { keyFieldData } from "../wire/digest.ts";
import {
  type Field,
  FIELD_DIGEST,
  FIELD_FILTER_EXP,
  FIELD_KEY,
  FIELD_MRT_DEADLINE,
  FIELD_MRT_ID,
  FIELD_NAMESPACE,
  FIELD_RECORD_VERSION,
  FIELD_SET,
} from "../wire/fields.ts";
import { encodeDeadline, encodeMrtId, encodeVersion } from "../wire/txn.ts";
import {
  INFO1_COMPRESS_RESPONSE,
  INFO1_GET_ALL,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO1_READ_MODE_AP_ALL,
  INFO2_CREATE_ONLY,
  INFO2_DELETE,
  INFO2_DURABLE_DELETE,
  INFO2_GENERATION,
  INFO2_GENERATION_GT,
  INFO2_WRITE,
  INFO3_COMMIT_MASTER,
  INFO3_CREATE_OR_REPLACE,
  INFO3_REPLACE_ONLY,
  INFO3_SC_READ_RELAX,
  INFO3_SC_READ_TYPE,
  INFO3_UPDATE_ONLY,
  MSG_HEADER_SIZE,
  readMessageHeader,
  type RequestBuilder,
  sharedBuilder,
} from "../wire/message.ts";
import { OP_READ, OP_TOUCH, OP_WRITE } from "../wire/operations.ts";
import { decodeParticle, decodeUtf8, writeParticle } from "../wire/particles.ts";
import { WireFormatError } from "../wire/proto.ts";

/** Header attributes of a request, derived from its policy. */
export interface RequestAttrs {
  /** `INFO1_*` bits. */
  info1: number;
  /** `INFO2_*` bits. */
  info2: number;
  /** `INFO3_*` bits. */
  info3: number;
  /** Expected generation (0 unless a generation policy applies). */
  generation: number;
  /** Record ttl as sent: 0 namespace default, 0xFFFFFFFF never expire, 0xFFFFFFFE keep. */
  recordTtl: number;
}

/** Read attributes of a policy: only the AP read mode matters here. */
export function readAttrs(policy: ReadPolicy): number {
  return policy.readModeAP === "all" ? INFO1_READ_MODE_AP_ALL : 0;
}

/**
 * `INFO3_SC_READ_TYPE` / `INFO3_SC_READ_RELAX` bits of the strong-consistency read mode, as the
 * official clients set them: session none, linearize TYPE, allowReplica RELAX, allowUnavailable both.
 */
export function readInfo3(policy: ReadPolicy): number {
  switch (policy.readModeSC) {
    case "linearize":
      return INFO3_SC_READ_TYPE;
    case "allowReplica":
      return INFO3_SC_READ_RELAX;
    case "allowUnavailable":
      return INFO3_SC_READ_TYPE | INFO3_SC_READ_RELAX;
    default:
      return 0;
  }
}

/**
 * The record-ttl header field of a read: the policy's `readTouchTtlPercent` (0 the namespace's
 * setting, -1 as 0xFFFFFFFF never, 1..100), where the official clients put it.
 */
export function readTouchTtl(policy: ReadPolicy): number {
  const pct = policy.readTouchTtlPercent;
  return pct === undefined ? 0 : pct >>> 0;
}

/** `INFO1_COMPRESS_RESPONSE` when the policy asks for compression (the reply comes back as type 4). */
export function compressAttr(policy: BasePolicy): number {
  return policy.compress === true ? INFO1_COMPRESS_RESPONSE : 0;
}

/** Write attributes (info2/info3 bits, generation, record ttl) of a write policy. */
export function writeAttrs(policy: WritePolicy): RequestAttrs {
  let info2 = INFO2_WRITE;
  let info3 = 0;
  let generation = 0;
  switch (policy.exists ?? "createOrUpdate") {
    case "create":
      info2 |= INFO2_CREATE_ONLY;
      break;
    case "updateOnly":
      info3 |= INFO3_UPDATE_ONLY;
      break;
    case "createOrReplace":
      info3 |= INFO3_CREATE_OR_REPLACE;
      break;
    case "replace":
      info3 |= INFO3_REPLACE_ONLY;
      break;
  }
  if (policy.generationPolicy === "eq") {
    info2 |= INFO2_GENERATION;
    generation = policy.generation ?? 0;
  } else if (policy.generationPolicy === "gt") {
    info2 |= INFO2_GENERATION_GT;
    generation = policy.generation ?? 0;
  }
  if (policy.commitLevel === "master") info3 |= INFO3_COMMIT_MASTER;
  if (policy.durableDelete) info2 |= INFO2_DURABLE_DELETE;
  return { info1: 0, info2, info3, generation, recordTtl: wireTtl(policy.ttl ?? 0) };
}

/** Record ttl as the header carries it: -1 never expire, -2 do not change, 0 namespace default. */
export function wireTtl(ttl: number): number {
  if (ttl === -1) return 0xffff_ffff;
  if (ttl === -2) return 0xffff_fffe;
  return ttl >>> 0;
}

/**
 * The transaction fields of a command on `key` (none without `policy.txn`), in the official
 * clients' order: MRT_ID, RECORD_VERSION when the transaction read the record, MRT_DEADLINE for a
 * write once the monitor record exists.
 */
export function txnFields(key: Key, policy: Pick<BasePolicy, "txn">, write: boolean): Field[] {
  const txn = policy.txn;
  if (txn === undefined) return [];
  const fields: Field[] = [{ type: FIELD_MRT_ID, data: encodeMrtId(txn.id) }];
  const version = txn.readVersion(key);
  if (version !== undefined) fields.push({ type: FIELD_RECORD_VERSION, data: encodeVersion(version) });
  if (write && txn.deadline !== 0) {
    fields.push({ type: FIELD_MRT_DEADLINE, data: encodeDeadline(txn.deadline) });
  }
  return fields;
}

/**
 * The fields that address a record, in the official clients' order: namespace, set (sent even
 * when empty), digest, the transaction fields (with `policy.txn`), user key (only with
 * `sendKey`), then the filter expression if any.
 */
export function keyFields(key: Key, sendKey: boolean, policy: ReadPolicy, write = false): Field[] {
  const fields: Field[] = [{ type: FIELD_NAMESPACE, data: utf8.encode(key.ns) }];
  // The official C-based clients send the SET field even when it is empty.
  fields.push({ type: FIELD_SET, data: utf8.encode(key.set) });
  fields.push({ type: FIELD_DIGEST, data: key.digest });
  if (policy.txn !== undefined) fields.push(...txnFields(key, policy, write));
  if (sendKey && key.keyBytes !== undefined) {
    fields.push({ type: FIELD_KEY, data: keyFieldData(key.keyBytes) });
  }
  if (policy.filter !== undefined) fields.push({ type: FIELD_FILTER_EXP, data: policy.filter.bytes });
  return fields;
}

const utf8 = new TextEncoder();

/**
 * Writes the fields `keyFields()` lists straight into a builder (no per-field arrays), after
 * `begin()`. Returns the builder for chaining.
 */
export function writeKeyFields(
  b: RequestBuilder,
  key: Key,
  sendKey: boolean,
  policy: ReadPolicy,
  write = false,
): RequestBuilder {
  b.textField(FIELD_NAMESPACE, key.ns);
  b.textField(FIELD_SET, key.set);
  b.field(FIELD_DIGEST, key.digest);
  if (policy.txn !== undefined) { for (const f of txnFields(key, policy, write)) b.field(f.type, f.data); }
  if (sendKey && key.keyBytes !== undefined) {
    b.prefixedField(FIELD_KEY, key.keyBytes.type, key.keyBytes.bytes);
  }
  if (policy.filter !== undefined) b.field(FIELD_FILTER_EXP, policy.filter.bytes);
  return b;
}

// The builder is shared: each build function runs begin() to finish() synchronously.
function start(
  key: Key,
  attrs: RequestAttrs,
  sendKey: boolean,
  policy: ReadPolicy,
  timeoutMs: number,
): RequestBuilder {
  const b = sharedBuilder();
  b.begin(attrs, timeoutMs);
  return writeKeyFields(b, key, sendKey, policy, (attrs.info2 & INFO2_WRITE) !== 0);
}

function readRequest(key: Key, info1: number, policy: ReadPolicy, timeoutMs: number): RequestBuilder {
  const attrs = {
    info1: info1 | readAttrs(policy) | compressAttr(policy),
    info2: 0,
    info3: readInfo3(policy),
    generation: 0,
    recordTtl: readTouchTtl(policy),
  };
  return start(key, attrs, false, policy, timeoutMs);
}

/**
 * A get: every bin, or only `bins` when given (an empty list reads the header only).
 * @param timeoutMs the server-side timeout for the header's transaction-ttl (patched per attempt)
 */
export function buildGet(
  key: Key,
  bins: readonly string[] | undefined,
  policy: ResolvedReadPolicy | ReadPolicy,
  timeoutMs = 0,
): Uint8Array {
  if (bins === undefined) return readRequest(key, INFO1_READ | INFO1_GET_ALL, policy, timeoutMs).finish();
  if (bins.length === 0) return buildReadHeader(key, policy, timeoutMs);
  for (const name of bins) {
    if (typeof name !== "string" || name.length === 0) {
      throw new TypeError("bin names must be non-empty strings");
    }
  }
  const b = readRequest(key, INFO1_READ, policy, timeoutMs);
  for (const name of bins) {
    b.beginOp(OP_READ, name);
    b.endOp(0);
  }
  return b.finish();
}

/** A header-only read (generation and ttl, no bins). */
export function buildReadHeader(key: Key, policy: ReadPolicy, timeoutMs = 0): Uint8Array {
  return readRequest(key, INFO1_READ | INFO1_NOBINDATA, policy, timeoutMs).finish();
}

/** An exists check: a header-only read whose result code says whether the record exists. */
export function buildExists(key: Key, policy: ReadPolicy, timeoutMs = 0): Uint8Array {
  return buildReadHeader(key, policy, timeoutMs);
}

/** A put of `bins` (a `null` value removes that bin), in the bins' own order. */
export function buildPut(
  key: Key,
  bins: Bins,
  policy: ResolvedWritePolicy | WritePolicy,
  timeoutMs = 0,
): Uint8Array {
  if (bins === null || typeof bins !== "object" || Array.isArray(bins)) {
    throw new TypeError("bins must be an object of bin name to value");
  }
  const b = start(key, writeAttrs(policy), policy.sendKey ?? false, policy, timeoutMs);
  const w = b.writer;
  let count = 0;
  for (const name in bins) {
    if (name.length === 0) throw new TypeError("bin names must be non-empty strings");
    b.beginOp(OP_WRITE, name);
    b.endOp(writeParticle(w, bins[name]));
    count++;
  }
  if (count === 0) throw new TypeError("put() needs at least one bin");
  return b.finish();
}

/** A remove of the whole record. */
export function buildRemove(key: Key, policy: ResolvedWritePolicy | WritePolicy, timeoutMs = 0): Uint8Array {
  const attrs = writeAttrs(policy);
  attrs.info2 |= INFO2_DELETE;
  return start(key, attrs, policy.sendKey ?? false, policy, timeoutMs).finish();
}

/** A touch: resets the ttl (policy `ttl`) and bumps the generation; fails when the record is missing. */
export function buildTouch(key: Key, policy: ResolvedWritePolicy | WritePolicy, timeoutMs = 0): Uint8Array {
  const b = start(key, writeAttrs(policy), policy.sendKey ?? false, policy, timeoutMs);
  b.beginOp(OP_TOUCH, "");
  b.endOp(0);
  return b.finish();
}

/** A decoded single-record reply. */
export interface RecordReply {
  /** The server's result code. */
  resultCode: number;
  /** Record generation. */
  generation: number;
  /** Void time (seconds since 2010-01-01; 0 never expires). */
  voidTime: number;
  /** Bin names of the returned operations, in reply order. */
  names: string[];
  /** Values of the returned operations, in reply order. */
  values: Value[];
}

/**
 * Parses a type-3 reply body of a single-record command. Throws `WireFormatError` for malformed
 * or truncated bytes; never reads past the body.
 */
export function parseRecordReply(body: Uint8Array): RecordReply {
  const names: string[] = [];
  const values: Value[] = [];
  scanReply(body, names, values, undefined);
  return { resultCode: body[5], generation: u32(body, 6), voidTime: u32(body, 10), names, values };
}

/** A decoded single-record reply with its bins only (see {@linkcode parseRecordBins}). */
export interface RecordBinsReply {
  /** The server's result code. */
  resultCode: number;
  /** Record generation. */
  generation: number;
  /** Void time (seconds since 2010-01-01; 0 never expires). */
  voidTime: number;
  /** The last value per bin name, in a null-prototype object. */
  bins: Bins;
}

/**
 * `replyBins(parseRecordReply(body))` in one pass: the bins go straight into their object, with
 * no name and value arrays in between. Same checks and errors as `parseRecordReply`.
 */
export function parseRecordBins(body: Uint8Array): RecordBinsReply {
  const bins = emptyBins();
  scanReply(body, undefined, undefined, bins);
  return { resultCode: body[5], generation: u32(body, 6), voidTime: u32(body, 10), bins };
}

// Validates the reply and hands each operation's name and value to the arrays or to `bins`.
function scanReply(
  body: Uint8Array,
  names: string[] | undefined,
  values: Value[] | undefined,
  bins: Bins | undefined,
): void {
  const length = body.length;
  // readMessageHeader() only to throw its error for a truncated or malformed header.
  if (length < MSG_HEADER_SIZE || body[0] !== MSG_HEADER_SIZE) readMessageHeader(body, 0);
  const fieldCount = (body[18] << 8) | body[19];
  const opCount = (body[20] << 8) | body[21];
  let at = MSG_HEADER_SIZE;
  for (let i = 0; i < fieldCount; i++) {
    if (length - at < 5) throw new WireFormatError("truncated field header");
    const size = u32(body, at);
    if (size < 1 || at + 4 + size > length) throw new WireFormatError(`field size ${size} past the end`);
    at += 4 + size;
  }
  for (let i = 0; i < opCount; i++) {
    if (length - at < 8) throw new WireFormatError("truncated operation header");
    const size = u32(body, at);
    const particleType = body[at + 5];
    const nameLength = body[at + 7];
    if (size < 4 + nameLength || at + 4 + size > length) {
      throw new WireFormatError(`operation size ${size} past the end`);
    }
    const nameStart = at + 8;
    const dataStart = nameStart + nameLength;
    const name = binName(body, nameStart, nameLength);
    const value = decodeParticle(particleType, body, dataStart, at + 4 + size - dataStart);
    if (bins !== undefined) bins[name] = value;
    else {
      names!.push(name);
      values!.push(value);
    }
    at += 4 + size;
  }
  if (at !== length) throw new WireFormatError(`${length - at} unexpected bytes after the reply`);
}

// Bin names repeat from reply to reply: a small direct-mapped cache (by length and end bytes,
// the bytes compared) hands back the same string instead of decoding it again, which also spares
// the engine re-interning it as a property key of the bins object. No allocation on a miss.
const NAME_SLOTS = 256;
const NAME_MAX = 15; // Aerospike bin names are at most 15 bytes
const nameBytes = new Uint8Array(NAME_SLOTS * NAME_MAX);
const nameLengths = new Uint8Array(NAME_SLOTS);
const nameStrings: string[] = new Array<string>(NAME_SLOTS).fill("");

/**
 * The bin name of `length` bytes at `start` of `body`, through the cache above (the same string
 * object for a name seen before).
 * @param body a reply body
 * @param start where the name starts
 * @param length its length in bytes
 */
export function binName(body: Uint8Array, start: number, length: number): string {
  if (length === 0) return "";
  if (length > NAME_MAX) return decodeUtf8(body, start, start + length);
  const slot = (length * 31 + body[start] * 7 + body[start + length - 1]) & (NAME_SLOTS - 1);
  const at = slot * NAME_MAX;
  if (nameLengths[slot] === length) {
    let i = 0;
    while (i < length && nameBytes[at + i] === body[start + i]) i++;
    if (i === length) return nameStrings[slot];
  }
  const name = decodeUtf8(body, start, start + length);
  for (let i = 0; i < length; i++) nameBytes[at + i] = body[start + i];
  nameLengths[slot] = length;
  nameStrings[slot] = name;
  return name;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Bins of a reply: the last value per bin name, in a null-prototype object. */
export function replyBins(reply: RecordReply): Bins {
  const bins = emptyBins();
  for (let i = 0; i < reply.names.length; i++) bins[reply.names[i]] = reply.values[i];
  return bins;
}
