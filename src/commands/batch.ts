/**
 * Batch index requests: the rows the official clients send for reads, exists, writes, removes and
 * UDF applies (byte for byte, see tests/multi_vectors_test.ts), one request frame per node, and
 * the parser of the streamed reply (one message per row, the row's index in the transaction-ttl
 * field, a final message with INFO3_LAST).
 * @module
 */
import type { Key } from "../key.ts";
import type { Operation } from "../ops/scalar.ts";
import { type BatchItemWritePolicy, mergePolicies, type ReadPolicy, type WritePolicy } from "../policy.ts";
import type { Shape } from "../validate.ts";
import {
  BATCH_APPLY_ITEM,
  BATCH_READ_ITEM,
  BATCH_REMOVE_ITEM,
  BATCH_WRITE_ITEM,
} from "../validate_shapes.ts";
import { type AerospikeRecord, ttlFromVoidTime } from "../record.ts";
import { emptyBins, type Value } from "../values.ts";
import {
  BATCH_FLAG_ALLOW_INLINE,
  BATCH_FLAG_ALLOW_INLINE_SSD,
  BATCH_FLAG_RESPOND_ALL_KEYS,
  type BatchRow,
  encodeBatchRows,
} from "../wire/batch.ts";
import {
  type Field,
  FIELD_BATCH_INDEX,
  FIELD_FILTER_EXP,
  FIELD_KEY,
  FIELD_NAMESPACE,
  FIELD_SET,
  FIELD_UDF_ARGLIST,
  FIELD_UDF_FUNCTION,
  FIELD_UDF_PACKAGE_NAME,
} from "../wire/fields.ts";
import { keyFieldData } from "../wire/digest.ts";
import {
  decodeMessage,
  emptyHeader,
  encodeMessage,
  INFO1_BATCH,
  INFO1_COMPRESS_RESPONSE,
  INFO1_GET_ALL,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO2_DELETE,
  INFO2_RESPOND_ALL_OPS,
  INFO3_LAST,
  type Message,
  MSG_HEADER_SIZE,
} from "../wire/message.ts";
import { isWriteOp, type Op, OP_READ } from "../wire/operations.ts";
import { packValue } from "../wire/msgpack.ts";
import { decodeParticle } from "../wire/particles.ts";
import { WireFormatError } from "../wire/proto.ts";
import { binName, readAttrs, readInfo3, readTouchTtl, txnFields, writeAttrs } from "./single.ts";
import type { Bins } from "../values.ts";
import type { Transaction } from "../txn/transaction.ts";

/**
 * Flag bit 0x08 of the batch field: the official C-based clients set it on every batch (captured
 * in the golden frames: flags 0x0D); the Go and Java clients do not. Sent for byte parity.
 */
export const BATCH_FLAG_C_CLIENT = 0x8;

/**
 * One entry of a mixed `batch()`. An item's `policy` holds what the server applies per record
 * (sent in the item's own row): reads `filter`, `readModeAP`, `readTouchTtlPercent`; writes
 * `filter`, `ttl`, `exists`, `generation` + `generationPolicy`, `commitLevel`, `durableDelete`,
 * `sendKey` (removes without `ttl`/`exists`, applies without `exists`/generation). Timeouts and
 * retries belong to the whole batch (the `batch()` policy); any other key throws a TypeError.
 */
export type BatchItem =
  | {
    type: "read";
    key: Key;
    bins?: readonly string[];
    ops?: readonly Operation[];
    policy?: Pick<ReadPolicy, "filter" | "readModeAP" | "readTouchTtlPercent">;
  }
  | {
    type: "write";
    key: Key;
    ops: readonly Operation[];
    policy?: BatchItemWritePolicy;
  }
  | {
    type: "remove";
    key: Key;
    policy?: Pick<
      WritePolicy,
      "filter" | "generation" | "generationPolicy" | "commitLevel" | "durableDelete" | "sendKey"
    >;
  }
  | {
    type: "apply";
    key: Key;
    udf: { module: string; fn: string; args?: readonly Value[] };
    policy?: Pick<WritePolicy, "filter" | "ttl" | "commitLevel" | "durableDelete" | "sendKey">;
  };

/** One result of a mixed `batch()`, in item order. */
export interface BatchResult {
  /** The item's key. */
  key: Key;
  /** The server's result code for this record (0 OK, 2 not found, ...), or the client-side error's code. */
  resultCode: number;
  /** The record (reads, writes with read ops, UDF `SUCCESS`/`FAILURE` bins) when the code is 0. */
  record?: AerospikeRecord;
  /** True when a write may have been applied although no answer came back. */
  inDoubt: boolean;
}

/** A row ready to be placed in a node's request: everything but its position. */
export interface PreparedRow {
  /** Position in the caller's list. */
  index: number;
  /** The key. */
  key: Key;
  /** Whether the row changes the record. */
  write: boolean;
  /** Rows sharing a template (same attributes, fields and ops) can be sent as repeats. */
  template: RowTemplate;
}

/** The attributes, fields and ops of a row, shared by rows built from one spec. */
export interface RowTemplate {
  /** INFO1 bits. */
  info1: number;
  /** INFO2 bits. */
  info2: number;
  /** INFO3 bits. */
  info3: number;
  /** Expected generation. */
  generation: number;
  /** Record ttl on the wire. */
  ttl: number;
  /** Fields after namespace and set (UDF, key). */
  fields: Field[];
  /** Operations. */
  ops: Op[];
  /** Store the user key (KEY field) for writes. */
  sendKey: boolean;
  /**
   * The item's own filter expression (its policy's `filter`), sent in the row after namespace and
   * set; rows without one follow the batch's filter.
   */
  filter?: Uint8Array;
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

function toOps(operations: readonly Operation[]): Op[] {
  return operations.map((o, i) => {
    if (o === null || typeof o !== "object" || typeof o.op !== "number" || !(o.data instanceof Uint8Array)) {
      throw new TypeError(`operation ${i} is not an operation built with ops/lists/maps/...`);
    }
    return { op: o.op, particleType: o.particleType, name: o.bin, data: o.data };
  });
}

/** Template of a read: all bins, the listed bins, a header-only read (`bins: []`), or read ops. */
export function readTemplate(
  policy: ReadPolicy,
  bins?: readonly string[],
  ops?: readonly Operation[],
): RowTemplate {
  let info1 = INFO1_READ | readAttrs(policy);
  let wireOps: Op[] = [];
  if (ops !== undefined) {
    if (ops.some((o) => isWriteOp(o.op))) throw new TypeError("a batch read cannot hold write operations");
    wireOps = toOps(ops);
    if (ops.some((o) => o.op === OP_READ && o.bin === "")) info1 |= INFO1_GET_ALL;
  } else if (bins === undefined) info1 |= INFO1_GET_ALL;
  else if (bins.length === 0) info1 |= INFO1_NOBINDATA;
  else {
    wireOps = bins.map((name) => {
      if (typeof name !== "string" || name.length === 0) {
        throw new TypeError("bin names must be non-empty strings");
      }
      return { op: OP_READ, particleType: 0, name, data: EMPTY };
    });
  }
  // A read row carries the policy's readTouchTtlPercent in its ttl, as the official clients send it.
  return {
    info1,
    info2: 0,
    info3: readInfo3(policy),
    generation: 0,
    ttl: readTouchTtl(policy),
    fields: [],
    ops: wireOps,
    sendKey: false,
  };
}

function writeTemplate(policy: WritePolicy, info2Extra: number, fields: Field[], ops: Op[]): RowTemplate {
  const a = writeAttrs(policy);
  return {
    info1: a.info1,
    info2: a.info2 | info2Extra,
    info3: a.info3,
    generation: a.generation,
    ttl: a.recordTtl,
    fields,
    ops,
    sendKey: policy.sendKey ?? false,
  };
}

const ITEM_SHAPES: Readonly<Record<string, Shape | undefined>> = Object.assign(Object.create(null), {
  read: BATCH_READ_ITEM,
  write: BATCH_WRITE_ITEM,
  remove: BATCH_REMOVE_ITEM,
  apply: BATCH_APPLY_ITEM,
});

/**
 * Builds the template of any batch item (throws TypeError/RangeError for a malformed item or
 * item policy, before I/O). The item's policy is checked against its type's shape and overlaid
 * on `read` (reads) or `write` (the rest); its own `filter` goes in its row, so the server
 * applies it to that record instead of the batch's filter.
 */
export function itemTemplate(
  item: BatchItem,
  read: ReadPolicy,
  write: WritePolicy,
  where = "batch() item",
): RowTemplate {
  const shape = ITEM_SHAPES[item.type];
  if (shape === undefined) throw new TypeError(`${where}: unknown batch item type ${String(item.type)}`);
  const own = item.policy;
  const t = item.type === "read"
    ? itemRow(item, own === undefined ? read : mergePolicies(shape, where, read, own), write)
    : itemRow(item, read, own === undefined ? write : mergePolicies<WritePolicy>(shape, where, write, own));
  if (own?.filter !== undefined) t.filter = own.filter.bytes;
  return t;
}

function itemRow(item: BatchItem, read: ReadPolicy, write: WritePolicy): RowTemplate {
  switch (item.type) {
    case "read":
      return readTemplate(read, item.bins, item.ops);
    case "write": {
      if (!Array.isArray(item.ops) || item.ops.length === 0) {
        throw new TypeError("a batch write needs operations");
      }
      const ops = toOps(item.ops);
      const t = writeTemplate(write, INFO2_RESPOND_ALL_OPS, [], ops);
      for (const o of item.ops) {
        if (isWriteOp(o.op)) continue;
        t.info1 |= INFO1_READ;
        if (o.op === OP_READ && o.bin === "") t.info1 |= INFO1_GET_ALL;
      }
      return t;
    }
    case "remove":
      return writeTemplate(write, INFO2_DELETE | INFO2_RESPOND_ALL_OPS, [], []);
    case "apply": {
      const { module, fn, args = [] } = item.udf ?? {};
      if (typeof module !== "string" || typeof fn !== "string" || !Array.isArray(args)) {
        throw new TypeError("a batch apply needs udf: { module, fn, args? }");
      }
      const fields: Field[] = [
        { type: FIELD_UDF_PACKAGE_NAME, data: utf8.encode(module) },
        { type: FIELD_UDF_FUNCTION, data: utf8.encode(fn) },
        { type: FIELD_UDF_ARGLIST, data: packValue(args as Value[]) },
      ];
      return writeTemplate(write, 0, fields, []);
    }
    default:
      throw new TypeError(`unknown batch item type ${String((item as { type: unknown }).type)}`);
  }
}

/** Options that shape a batch request frame. */
export interface BatchFrameOptions {
  /** Let the server answer in its service thread. */
  allowInline: boolean;
  /** Inline for SSD namespaces too. */
  allowInlineSSD?: boolean;
  /** Answer every key even after an error. */
  respondAllKeys: boolean;
  /** Filter expression for every row. */
  filter?: { bytes: Uint8Array };
  /** Ask for a compressed reply (`INFO1_COMPRESS_RESPONSE` in the outer header, not per row). */
  compress?: boolean;
  /** The transaction every row belongs to (its fields go in each row after namespace and set). */
  txn?: Transaction;
}

function sameTemplate(a: PreparedRow, b: PreparedRow, txn: Transaction | undefined): boolean {
  return a.template === b.template && a.key.ns === b.key.ns && a.key.set === b.key.set &&
    !(a.template.sendKey && a.write) &&
    (txn === undefined || txn.readVersion(a.key) === txn.readVersion(b.key));
}

function flags(options: BatchFrameOptions): number {
  let flags = BATCH_FLAG_C_CLIENT;
  if (options.allowInline) flags |= BATCH_FLAG_ALLOW_INLINE;
  if (options.allowInlineSSD) flags |= BATCH_FLAG_ALLOW_INLINE_SSD;
  if (options.respondAllKeys) flags |= BATCH_FLAG_RESPOND_ALL_KEYS;
  return flags;
}

/** Encodes one node's batch request; rows repeat the previous row when nothing but the digest differs. */
export function buildBatchFrame(
  rows: readonly PreparedRow[],
  options: BatchFrameOptions,
  timeoutMs = 0,
): Uint8Array {
  const txn = options.txn;
  // Only rows that do not repeat the previous one get a BatchRow (a batch of one namespace, set
  // and template has one); the encoder reads the others' index and digest from `rows` itself.
  const full: (BatchRow | undefined)[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (i > 0 && sameTemplate(rows[i - 1], r, txn)) continue;
    const t = r.template;
    // Row fields: namespace, set, the transaction's fields, the item's filter, the user key
    // (writes with sendKey), then the UDF fields: the order the official clients write them in.
    const fields: Field[] = [];
    fields.push({ type: FIELD_NAMESPACE, data: utf8.encode(r.key.ns) });
    fields.push({ type: FIELD_SET, data: utf8.encode(r.key.set) });
    if (txn !== undefined) fields.push(...txnFields(r.key, options, r.write));
    if (t.filter !== undefined) fields.push({ type: FIELD_FILTER_EXP, data: t.filter });
    if (r.write && t.sendKey && r.key.keyBytes !== undefined) {
      fields.push({ type: FIELD_KEY, data: keyFieldData(r.key.keyBytes) });
    }
    for (const f of t.fields) fields.push(f);
    full[i] = {
      index: r.index,
      digest: r.key.digest,
      repeat: false,
      info1: t.info1,
      info2: t.info2,
      info3: t.info3,
      info4: 0,
      generation: t.generation,
      ttl: t.ttl,
      fields,
      ops: t.ops,
    };
  }
  const data = encodeBatchRows(
    flags(options),
    rows.length,
    (i) => rows[i].index,
    (i) => rows[i].key.digest,
    (i) => full[i],
  );
  const fields: Field[] = [];
  if (options.filter !== undefined) fields.push({ type: FIELD_FILTER_EXP, data: options.filter.bytes });
  fields.push({ type: FIELD_BATCH_INDEX, data });
  const info1 = options.compress === true ? INFO1_BATCH | INFO1_COMPRESS_RESPONSE : INFO1_BATCH;
  return encodeMessage({ ...emptyHeader(), info1, transactionTtl: timeoutMs, fields, ops: [] });
}

/** One frame (type-3 body) of a batch reply and the clock its rows' ttls are computed against. */
export interface ReplyFrame {
  /** The type-3 body. */
  readonly body: Uint8Array;
  /** `Date.now()` when the frame was read. */
  readonly now: number;
}

/**
 * One message of a batch reply read in place (the reply's hot path: a batch of 100 keys decoded
 * 100 `Message`s with their header objects, views and op objects only to turn them into bins).
 * The constructor checks the whole message as `decodeMessage` does; the header is read from the
 * body when asked for, `fields` and `ops` are decoded only when asked for, and `bins()` reads the
 * bins straight from the body.
 * @example
 * ```ts
 * declare const body: Uint8Array;
 * const m = new RowMessage({ body, now: Date.now() }, 0);
 * console.log(m.resultCode, m.transactionTtl, m.bins());
 * ```
 */
export class RowMessage implements Message {
  // Only where the message is: the header's eight values and the clock (shared by the frame's
  // rows) as fields made every row of a batch ~110 bytes larger.
  #frame: ReplyFrame;
  #start = 0;
  #end = 0;
  #decoded: Message | undefined;

  /**
   * Reads the message at `start` of `frame.body`; throws `WireFormatError` for malformed or
   * truncated bytes.
   * @param frame a type-3 body and the clock reply ttls are computed against
   * @param start where the message starts
   */
  constructor(frame: ReplyFrame, start: number) {
    this.#frame = frame;
    this.moveTo(frame, start);
  }

  /**
   * Points this object at the message at `start` of `frame.body`, checked as the constructor
   * checks it: a reader of a stream of rows needs one `RowMessage`, not one per row.
   * @param frame a type-3 body and the clock reply ttls are computed against
   * @param start where the message starts
   */
  moveTo(frame: ReplyFrame, start: number): void {
    const body = frame.body;
    const length = body.length;
    if (length - start < MSG_HEADER_SIZE) {
      throw new WireFormatError(`truncated message header: ${length - start} of 22 bytes`);
    }
    if (body[start] !== MSG_HEADER_SIZE) throw new WireFormatError(`bad message header size ${body[start]}`);
    const fieldCount = (body[start + 18] << 8) | body[start + 19];
    const opCount = (body[start + 20] << 8) | body[start + 21];
    let at = start + MSG_HEADER_SIZE;
    for (let i = 0; i < fieldCount; i++) {
      if (length - at < 5) throw new WireFormatError("truncated field header");
      const size = u32(body, at);
      if (size < 1 || at + 4 + size > length) throw new WireFormatError(`field size ${size} past the end`);
      at += 4 + size;
    }
    for (let i = 0; i < opCount; i++) {
      if (length - at < 8) throw new WireFormatError("truncated operation header");
      const size = u32(body, at);
      if (size < 4 + body[at + 7] || at + 4 + size > length) {
        throw new WireFormatError(`operation size ${size} past the end`);
      }
      at += 4 + size;
    }
    this.#frame = frame;
    this.#start = start;
    this.#end = at;
    this.#decoded = undefined;
  }

  /** Offset just past the message in the body. */
  get end(): number {
    return this.#end;
  }

  /** `Date.now()` when the frame was read: record ttls are computed against it. */
  get now(): number {
    return this.#frame.now;
  }

  /** INFO1 bits. */
  get info1(): number {
    return this.#frame.body[this.#start + 1];
  }

  /** INFO2 bits. */
  get info2(): number {
    return this.#frame.body[this.#start + 2];
  }

  /** INFO3 bits. */
  get info3(): number {
    return this.#frame.body[this.#start + 3];
  }

  /** INFO4 bits. */
  get info4(): number {
    return this.#frame.body[this.#start + 4];
  }

  /** The row's result code. */
  get resultCode(): number {
    return this.#frame.body[this.#start + 5];
  }

  /** Record generation. */
  get generation(): number {
    return u32(this.#frame.body, this.#start + 6);
  }

  /** Void time of the record. */
  get recordTtl(): number {
    return u32(this.#frame.body, this.#start + 10);
  }

  /** The row's index in a batch reply. */
  get transactionTtl(): number {
    return u32(this.#frame.body, this.#start + 14);
  }

  /** Fields in wire order (decoded on first use; views into the body). */
  get fields(): Field[] {
    return (this.#decoded ??= decodeMessage(this.#frame.body, this.#start).message).fields;
  }

  /** Operations in wire order (decoded on first use; views into the body). */
  get ops(): Op[] {
    return (this.#decoded ??= decodeMessage(this.#frame.body, this.#start).message).ops;
  }

  /** The bins (last value per name, null prototype), decoded from the body in one pass. */
  bins(): Bins {
    const body = this.#frame.body;
    const start = this.#start;
    const bins = emptyBins();
    const fieldCount = (body[start + 18] << 8) | body[start + 19];
    const opCount = (body[start + 20] << 8) | body[start + 21];
    let at = start + MSG_HEADER_SIZE;
    for (let i = 0; i < fieldCount; i++) at += 4 + u32(body, at);
    for (let i = 0; i < opCount; i++) {
      const size = u32(body, at);
      const nameLength = body[at + 7];
      const dataStart = at + 8 + nameLength;
      bins[binName(body, at + 8, nameLength)] = decodeParticle(
        body[at + 5],
        body,
        dataStart,
        at + 4 + size - dataStart,
      );
      at += 4 + size;
    }
    return bins;
  }
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** The record a reply message carries (bins keep the last value per name). */
export function messageRecord(m: Message, key?: Key): AerospikeRecord {
  let bins: Bins;
  let now: number;
  if (m instanceof RowMessage) {
    bins = m.bins();
    now = m.now;
  } else {
    bins = emptyBins();
    for (const o of m.ops) bins[o.name] = decodeParticle(o.particleType, o.data, 0, o.data.length);
    now = Date.now();
  }
  const ttl = ttlFromVoidTime(m.recordTtl, now);
  // One literal per shape: adding `key` afterwards gave every record a separate property array.
  return key === undefined
    ? { bins, generation: m.generation, ttl }
    : { bins, generation: m.generation, ttl, key };
}

/**
 * Reads a batch reply stream: calls `onRow(index, message)` per row until the INFO3_LAST message,
 * whose result code is returned (0 normally). Malformed bytes throw `WireFormatError`. Every
 * row is read by one `RowMessage` reading the frame in place and moved to the next row once
 * `onRow` returns: `onRow` takes what it needs (result code, record, fields) and keeps no
 * reference to the message (one object per row was ~56 bytes of garbage per key).
 */
export async function readBatchReply(
  next: () => Promise<Uint8Array>,
  onRow: (index: number, m: Message) => void,
): Promise<number> {
  let message: RowMessage | undefined;
  for (;;) {
    const body = await next();
    const frame: ReplyFrame = { body, now: Date.now() };
    let at = 0;
    while (at < body.length) {
      if (message === undefined) message = new RowMessage(frame, at);
      else message.moveTo(frame, at);
      at = message.end;
      if (message.info3 & INFO3_LAST) {
        if (at !== body.length) throw new WireFormatError("bytes after the last batch message");
        return message.resultCode;
      }
      onRow(message.transactionTtl, message);
    }
  }
}
