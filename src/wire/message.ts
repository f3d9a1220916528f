/**
 * The message protocol (proto type 3): a 22-byte header, then fields, then operations. Requests
 * and responses share the layout, so one encoder and one decoder serve the client and the mock.
 * @module
 */
import { type Field, FIELD_HEADER_SIZE } from "./fields.ts";
import { MsgPackWriter } from "./msgpack.ts";
import { type Op, OP_HEADER_SIZE } from "./operations.ts";
import { decodeUtf8 } from "./particles.ts";
import {
  PROTO_HEADER_SIZE,
  PROTO_MAX_BODY,
  PROTO_TYPE_MESSAGE,
  PROTO_VERSION,
  WireFormatError,
  writeProtoHeader,
} from "./proto.ts";

/** Size of the message header after the proto header (`header_sz`). */
export const MSG_HEADER_SIZE = 22;

// info1: read attributes.
/** Contains a read operation. */
export const INFO1_READ = 1 << 0;
/** Get all bins. */
export const INFO1_GET_ALL = 1 << 1;
/** Short query. */
export const INFO1_SHORT_QUERY = 1 << 2;
/** Batch request. */
export const INFO1_BATCH = 1 << 3;
/** Operation is done by an XDR writer. */
export const INFO1_XDR = 1 << 4;
/** Do not read the bins: metadata (generation, ttl) only. */
export const INFO1_NOBINDATA = 1 << 5;
/** AP read mode ALL: involve all replicas. */
export const INFO1_READ_MODE_AP_ALL = 1 << 6;
/** Ask the server to compress the reply (proto type 4). */
export const INFO1_COMPRESS_RESPONSE = 1 << 7;

// info2: write attributes.
/** Contains a write operation. */
export const INFO2_WRITE = 1 << 0;
/** Delete the record. */
export const INFO2_DELETE = 1 << 1;
/** Apply the write only if the generation equals the header's generation. */
export const INFO2_GENERATION = 1 << 2;
/** Apply the write only if the header's generation is greater than the record's. */
export const INFO2_GENERATION_GT = 1 << 3;
/** Leave a tombstone when deleting (durable delete). */
export const INFO2_DURABLE_DELETE = 1 << 4;
/** Create only: fail with KEY_EXISTS_ERROR if the record exists. */
export const INFO2_CREATE_ONLY = 1 << 5;
/** Relax the ap long query (unused by this client). */
export const INFO2_RELAX_AP_LONG_QUERY = 1 << 6;
/** Return a result for every operation. */
export const INFO2_RESPOND_ALL_OPS = 1 << 7;

// info3: other attributes.
/** Last message of a multi-record reply. */
export const INFO3_LAST = 1 << 0;
/** Commit to the master only before answering. */
export const INFO3_COMMIT_MASTER = 1 << 1;
/** Scan/query: the partition in `generation` is done (result code says how). */
export const INFO3_PARTITION_DONE = 1 << 2;
/** Update only: fail with KEY_NOT_FOUND_ERROR if the record does not exist. */
export const INFO3_UPDATE_ONLY = 1 << 3;
/** Create the record or replace all its bins. */
export const INFO3_CREATE_OR_REPLACE = 1 << 4;
/** Replace all bins; fail if the record does not exist. */
export const INFO3_REPLACE_ONLY = 1 << 5;
/** Strong consistency read type bit. */
export const INFO3_SC_READ_TYPE = 1 << 6;
/** Strong consistency relaxed read bit. */
export const INFO3_SC_READ_RELAX = 1 << 7;

// info4: multi-record transactions.
/** Verify a transaction read. */
export const INFO4_MRT_VERIFY_READ = 1 << 0;
/** Roll a transaction forward. */
export const INFO4_MRT_ROLL_FORWARD = 1 << 1;
/** Roll a transaction back. */
export const INFO4_MRT_ROLL_BACK = 1 << 2;
/** Lock only, for a transaction. */
export const INFO4_MRT_ON_LOCKING_ONLY = 1 << 4;

/** The 22-byte message header, counts aside. */
export interface MessageHeader {
  /** Read attributes (`INFO1_*`). */
  info1: number;
  /** Write attributes (`INFO2_*`). */
  info2: number;
  /** Other attributes (`INFO3_*`). */
  info3: number;
  /** Transaction attributes (`INFO4_*`). */
  info4: number;
  /** Result code (replies). */
  resultCode: number;
  /** Record generation; in a PARTITION_DONE reply, the partition id. */
  generation: number;
  /** Request: record ttl in seconds; reply: void time in seconds since 2010-01-01. */
  recordTtl: number;
  /** Request: server-side timeout in ms (0: none); replies: batch index. */
  transactionTtl: number;
}

/** A whole message: header, fields and operations. */
export interface Message extends MessageHeader {
  /** Fields in wire order. */
  fields: Field[];
  /** Operations in wire order. */
  ops: Op[];
}

const utf8 = new TextEncoder();

/** Message header with every attribute zero. */
export function emptyHeader(): MessageHeader {
  return {
    info1: 0,
    info2: 0,
    info3: 0,
    info4: 0,
    resultCode: 0,
    generation: 0,
    recordTtl: 0,
    transactionTtl: 0,
  };
}

/** Size of a message (without the proto header) once encoded. */
export function messageSize(fields: readonly Field[], ops: readonly Op[], names?: Uint8Array[]): number {
  let size = MSG_HEADER_SIZE;
  for (const f of fields) size += FIELD_HEADER_SIZE + f.data.length;
  for (let i = 0; i < ops.length; i++) {
    const nameLength = names ? names[i].length : utf8.encode(ops[i].name).length;
    size += OP_HEADER_SIZE + nameLength + ops[i].data.length;
  }
  return size;
}

/**
 * Writes a message (no proto header) at `offset` of `buf`, which must have room for
 * `messageSize()`. Returns the offset after the message.
 */
export function writeMessage(buf: Uint8Array, offset: number, msg: Message, names?: Uint8Array[]): number {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (msg.fields.length > 0xffff || msg.ops.length > 0xffff) {
    throw new WireFormatError("a message holds at most 65535 fields and 65535 operations");
  }
  buf[offset] = MSG_HEADER_SIZE;
  buf[offset + 1] = msg.info1;
  buf[offset + 2] = msg.info2;
  buf[offset + 3] = msg.info3;
  buf[offset + 4] = msg.info4;
  buf[offset + 5] = msg.resultCode;
  view.setUint32(offset + 6, msg.generation >>> 0);
  view.setUint32(offset + 10, msg.recordTtl >>> 0);
  view.setUint32(offset + 14, msg.transactionTtl >>> 0);
  view.setUint16(offset + 18, msg.fields.length);
  view.setUint16(offset + 20, msg.ops.length);
  let at = offset + MSG_HEADER_SIZE;
  for (const f of msg.fields) {
    view.setUint32(at, f.data.length + 1);
    buf[at + 4] = f.type;
    buf.set(f.data, at + FIELD_HEADER_SIZE);
    at += FIELD_HEADER_SIZE + f.data.length;
  }
  for (let i = 0; i < msg.ops.length; i++) {
    const op = msg.ops[i];
    const name = names ? names[i] : utf8.encode(op.name);
    if (name.length > 255) throw new WireFormatError(`bin name too long: ${op.name}`);
    view.setUint32(at, 4 + name.length + op.data.length);
    buf[at + 4] = op.op;
    buf[at + 5] = op.particleType;
    buf[at + 6] = 0;
    buf[at + 7] = name.length;
    buf.set(name, at + OP_HEADER_SIZE);
    at += OP_HEADER_SIZE + name.length;
    buf.set(op.data, at);
    at += op.data.length;
  }
  return at;
}

/** Encodes a message as a whole type-3 proto frame. */
export function encodeMessage(msg: Message): Uint8Array {
  const b = sharedBuilder();
  b.begin(msg, msg.transactionTtl);
  for (const f of msg.fields) b.field(f.type, f.data);
  for (const o of msg.ops) b.op(o.op, o.particleType, o.name, o.data);
  return b.finish();
}

/** Encodes several messages back to back in one type-3 frame (multi-record replies). */
export function encodeMessages(msgs: readonly Message[]): Uint8Array {
  const names = msgs.map((m) => m.ops.map((o) => utf8.encode(o.name)));
  let size = 0;
  for (let i = 0; i < msgs.length; i++) size += messageSize(msgs[i].fields, msgs[i].ops, names[i]);
  const out = new Uint8Array(PROTO_HEADER_SIZE + size);
  writeProtoHeader(out, 0, PROTO_TYPE_MESSAGE, size);
  let at = PROTO_HEADER_SIZE;
  for (let i = 0; i < msgs.length; i++) at = writeMessage(out, at, msgs[i], names[i]);
  return out;
}

/** Header attributes a request builder writes; result code and info4 default to 0. */
export interface RequestHeader {
  /** `INFO1_*` bits. */
  info1: number;
  /** `INFO2_*` bits. */
  info2: number;
  /** `INFO3_*` bits. */
  info3: number;
  /** `INFO4_*` bits. @default 0 */
  info4?: number;
  /** Result code (replies only). @default 0 */
  resultCode?: number;
  /** Expected generation. */
  generation: number;
  /** Record ttl as sent. */
  recordTtl: number;
}

// Offsets inside the frame: proto header, then the message header's fields.
const COUNTS_OFFSET = PROTO_HEADER_SIZE + 18;
const KEEP_LIMIT = 1 << 20;

/**
 * Writes one type-3 frame in a single pass into a reusable growable buffer: header, fields and
 * operations go straight in (particles too, through `writer`), sizes and counts are patched at the
 * end, and `finish()` returns a copy of the frame. One builder serves one request at a time.
 * @example
 * ```ts
 * import { FIELD_NAMESPACE } from "./fields.ts";
 * const b = new RequestBuilder();
 * b.begin({ info1: INFO1_READ | INFO1_GET_ALL, info2: 0, info3: 0, generation: 0, recordTtl: 0 }, 1000);
 * b.textField(FIELD_NAMESPACE, "test");
 * const frame = b.finish();
 * ```
 */
export class RequestBuilder {
  #w: MsgPackWriter;
  #fields = 0;
  #ops = 0;
  #opAt = -1;
  #opCode = 0;
  #nameLength = 0;

  /** @param initialSize starting buffer size in bytes */
  constructor(initialSize = 1024) {
    this.#w = new MsgPackWriter(initialSize);
  }

  /** The underlying writer: particle bytes go here between `beginOp()` and `endOp()`. */
  get writer(): MsgPackWriter {
    return this.#w;
  }

  /** Starts a frame: proto header and message header, counts and sizes patched by `finish()`. */
  begin(h: RequestHeader, transactionTtl: number): void {
    const w = this.#w;
    w.reset();
    this.#fields = 0;
    this.#ops = 0;
    this.#opAt = -1;
    w.writeUint32(0);
    w.writeUint32(0);
    // header_sz, info1..info4, then result code, generation, record ttl, transaction ttl, counts.
    w.writeUint32(
      ((MSG_HEADER_SIZE << 24) | ((h.info1 & 0xff) << 16) | ((h.info2 & 0xff) << 8) | (h.info3 & 0xff)) >>> 0,
    );
    w.writeByte((h.info4 ?? 0) & 0xff);
    w.writeByte((h.resultCode ?? 0) & 0xff);
    w.writeUint32(h.generation >>> 0);
    w.writeUint32(h.recordTtl >>> 0);
    w.writeUint32(transactionTtl >>> 0);
    w.writeUint32(0);
  }

  /** Appends a field. */
  field(type: number, data: Uint8Array): void {
    const w = this.#w;
    w.writeUint32(data.length + 1);
    w.writeByte(type);
    w.writeBytes(data);
    this.#fields++;
  }

  /** Appends a field holding UTF-8 text, encoded in place. */
  textField(type: number, text: string): void {
    const w = this.#w;
    const at = w.length;
    w.writeUint32(0);
    w.writeByte(type);
    w.setUint32(at, w.writeUtf8(text) + 1);
    this.#fields++;
  }

  /** Appends a field made of one byte then `data` (the KEY field: particle type, key bytes). */
  prefixedField(type: number, first: number, data: Uint8Array): void {
    const w = this.#w;
    w.writeUint32(data.length + 2);
    w.writeByte(type);
    w.writeByte(first);
    w.writeBytes(data);
    this.#fields++;
  }

  /** Starts an operation: its header and bin name; write the value to `writer`, then `endOp()`. */
  beginOp(op: number, name: string): void {
    const w = this.#w;
    this.#opAt = w.length;
    this.#opCode = op;
    w.writeUint32(0);
    w.writeUint32(0);
    const n = name.length === 0 ? 0 : w.writeUtf8(name);
    if (n > 255) throw new WireFormatError(`bin name too long: ${name}`);
    this.#nameLength = n;
  }

  /** Ends the operation `beginOp()` started: patches its size and header with the particle type. */
  endOp(particleType: number): void {
    const w = this.#w;
    const at = this.#opAt;
    if (at < 0) throw new WireFormatError("endOp() without beginOp()");
    this.#opAt = -1;
    w.setUint32(at, w.length - at - 4);
    // op type, particle type, unused byte, name length.
    w.setUint32(
      at + 4,
      (((this.#opCode & 0xff) << 24) | ((particleType & 0xff) << 16) | this.#nameLength) >>> 0,
    );
    this.#ops++;
  }

  /** Appends a whole operation with its value already encoded. */
  op(op: number, particleType: number, name: string, data: Uint8Array): void {
    this.beginOp(op, name);
    if (data.length > 0) this.#w.writeBytes(data);
    this.endOp(particleType);
  }

  /** Patches counts and the proto size and returns the frame (a copy, see copyOut; the buffer is reused). */
  finish(): Uint8Array {
    const w = this.#w;
    if (this.#fields > 0xffff || this.#ops > 0xffff) {
      throw new WireFormatError("a message holds at most 65535 fields and 65535 operations");
    }
    const size = w.length - PROTO_HEADER_SIZE;
    if (size > PROTO_MAX_BODY) throw new WireFormatError(`proto body size ${size} out of range`);
    // 48-bit big-endian body length: version and type, high 16 bits, then the low 32 bits.
    w.setUint32(
      0,
      ((PROTO_VERSION << 24) | (PROTO_TYPE_MESSAGE << 16) | Math.floor(size / 0x1_0000_0000)) >>> 0,
    );
    w.setUint32(4, size >>> 0);
    w.setUint32(COUNTS_OFFSET, ((this.#fields << 16) | this.#ops) >>> 0);
    const out = copyOut(w.view());
    if (w.length > KEEP_LIMIT) this.#w = new MsgPackWriter(1024); // do not keep a huge buffer alive
    return out;
  }
}

let shared: RequestBuilder | undefined;

// Small frames are copied out into 64 KiB slabs: a request becomes a view of a shared buffer
// instead of an ArrayBuffer of its own (allocating one per request cost more than encoding it).
// Bytes handed out are never written again by the builder, so a frame stays valid while it lives
// (and keeps its slab alive that long).
const SLAB_SIZE = 64 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

function copyOut(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n > SLAB_SIZE >> 4) return bytes.slice();
  if (slabUsed + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  out.set(bytes);
  slabUsed += (n + 7) & ~7;
  return out;
}

/**
 * The module's builder, for synchronous encoders (none may run inside another's `begin()` and
 * `finish()`).
 */
export function sharedBuilder(): RequestBuilder {
  return shared ??= new RequestBuilder();
}

/** Reads the 22-byte header at `offset`; throws on truncation or a wrong header size. */
export function readMessageHeader(
  body: Uint8Array,
  offset: number,
): MessageHeader & { fieldCount: number; opCount: number } {
  if (body.length - offset < MSG_HEADER_SIZE) {
    throw new WireFormatError(`truncated message header: ${body.length - offset} of 22 bytes`);
  }
  if (body[offset] !== MSG_HEADER_SIZE) throw new WireFormatError(`bad message header size ${body[offset]}`);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  return {
    info1: body[offset + 1],
    info2: body[offset + 2],
    info3: body[offset + 3],
    info4: body[offset + 4],
    resultCode: body[offset + 5],
    generation: view.getUint32(offset + 6),
    recordTtl: view.getUint32(offset + 10),
    transactionTtl: view.getUint32(offset + 14),
    fieldCount: view.getUint16(offset + 18),
    opCount: view.getUint16(offset + 20),
  };
}

/**
 * Decodes one message at `offset` of a type-3 body. Field and op data are views into `body`
 * (copy them if the buffer will be reused). Returns the message and the offset after it.
 */
export function decodeMessage(body: Uint8Array, offset = 0): { message: Message; end: number } {
  const h = readMessageHeader(body, offset);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = offset + MSG_HEADER_SIZE;
  const fields: Field[] = new Array(h.fieldCount);
  for (let i = 0; i < h.fieldCount; i++) {
    if (body.length - at < FIELD_HEADER_SIZE) throw new WireFormatError("truncated field header");
    const size = view.getUint32(at);
    if (size < 1 || at + 4 + size > body.length) throw new WireFormatError(`field size ${size} past the end`);
    fields[i] = { type: body[at + 4], data: body.subarray(at + FIELD_HEADER_SIZE, at + 4 + size) };
    at += 4 + size;
  }
  const ops: Op[] = new Array(h.opCount);
  for (let i = 0; i < h.opCount; i++) {
    if (body.length - at < OP_HEADER_SIZE) throw new WireFormatError("truncated operation header");
    const size = view.getUint32(at);
    const nameLength = body[at + 7];
    if (size < 4 + nameLength || at + 4 + size > body.length) {
      throw new WireFormatError(`operation size ${size} past the end`);
    }
    const nameStart = at + OP_HEADER_SIZE;
    ops[i] = {
      op: body[at + 4],
      particleType: body[at + 5],
      name: binName(body, nameStart, nameStart + nameLength),
      data: body.subarray(nameStart + nameLength, at + 4 + size),
    };
    at += 4 + size;
  }
  const message: Message = {
    info1: h.info1,
    info2: h.info2,
    info3: h.info3,
    info4: h.info4,
    resultCode: h.resultCode,
    generation: h.generation,
    recordTtl: h.recordTtl,
    transactionTtl: h.transactionTtl,
    fields,
    ops,
  };
  return { message, end: at };
}

// A bin name (at most 255 bytes, nearly always a few ASCII letters): short ASCII is decoded by
// hand, cheaper than a TextDecoder call at these sizes (see decodeUtf8).
function binName(body: Uint8Array, start: number, end: number): string {
  return decodeUtf8(body, start, end);
}

/** Decodes every message in a type-3 body (batch, scan and query replies hold several). */
export function decodeMessages(body: Uint8Array): Message[] {
  const out: Message[] = [];
  let at = 0;
  while (at < body.length) {
    const { message, end } = decodeMessage(body, at);
    out.push(message);
    at = end;
  }
  return out;
}
