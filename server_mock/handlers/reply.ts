/**
 * The mock's reply encoder: one or more messages written straight into one buffer, in one size
 * pass and one write pass. Byte for byte what `encodeMessage`/`encodeMessages` of src/wire produce
 * (the golden vectors check both), minus their per-reply costs: bin names come from a small cache
 * instead of a `TextEncoder` call per operation, and small replies are carved out of a shared slab
 * instead of an `ArrayBuffer` each.
 * @module
 */
import { FIELD_HEADER_SIZE } from "../../src/wire/fields.ts";
import { type Message, MSG_HEADER_SIZE } from "../../src/wire/message.ts";
import { OP_HEADER_SIZE } from "../../src/wire/operations.ts";
import {
  PROTO_HEADER_SIZE,
  PROTO_TYPE_MESSAGE,
  PROTO_VERSION,
  WireFormatError,
} from "../../src/wire/proto.ts";

const utf8 = new TextEncoder();

/** Distinct bin names kept encoded; the cache starts over when it is full. */
const NAME_CACHE_SIZE = 4096;
const names = new Map<string, Uint8Array>();

function nameBytes(name: string): Uint8Array {
  let b = names.get(name);
  if (b === undefined) {
    b = utf8.encode(name);
    if (names.size >= NAME_CACHE_SIZE) names.clear();
    names.set(name, b);
  }
  return b;
}

// Replies up to SLAB_SIZE / 16 bytes are views of a 64 KiB slab: bytes handed out are never
// written again (a full slab is replaced, not reused), so a reply stays valid while it lives.
const SLAB_SIZE = 64 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

function allocate(n: number): Uint8Array {
  if (n > SLAB_SIZE >> 4) return new Uint8Array(n);
  if (slabUsed + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += (n + 7) & ~7;
  return out;
}

function messageSize(m: Message): number {
  if (m.fields.length > 0xffff || m.ops.length > 0xffff) {
    throw new WireFormatError("a message holds at most 65535 fields and 65535 operations");
  }
  let size = MSG_HEADER_SIZE;
  for (let i = 0; i < m.fields.length; i++) size += FIELD_HEADER_SIZE + m.fields[i].data.length;
  for (let i = 0; i < m.ops.length; i++) {
    const op = m.ops[i];
    const n = op.name.length === 0 ? 0 : nameBytes(op.name).length;
    if (n > 255) throw new WireFormatError(`bin name too long: ${op.name}`);
    size += OP_HEADER_SIZE + n + op.data.length;
  }
  return size;
}

function u32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = v >>> 16;
  b[at + 2] = v >>> 8;
  b[at + 3] = v;
}

function protoHeader(b: Uint8Array, at: number, size: number): void {
  b[at] = PROTO_VERSION;
  b[at + 1] = PROTO_TYPE_MESSAGE;
  const high = Math.floor(size / 0x1_0000_0000);
  b[at + 2] = high >>> 8;
  b[at + 3] = high;
  u32(b, at + 4, size >>> 0);
}

function writeMessage(b: Uint8Array, at: number, m: Message): number {
  b[at] = MSG_HEADER_SIZE;
  b[at + 1] = m.info1;
  b[at + 2] = m.info2;
  b[at + 3] = m.info3;
  b[at + 4] = m.info4;
  b[at + 5] = m.resultCode;
  u32(b, at + 6, m.generation >>> 0);
  u32(b, at + 10, m.recordTtl >>> 0);
  u32(b, at + 14, m.transactionTtl >>> 0);
  b[at + 18] = m.fields.length >>> 8;
  b[at + 19] = m.fields.length;
  b[at + 20] = m.ops.length >>> 8;
  b[at + 21] = m.ops.length;
  at += MSG_HEADER_SIZE;
  for (let i = 0; i < m.fields.length; i++) {
    const f = m.fields[i];
    u32(b, at, f.data.length + 1);
    b[at + 4] = f.type;
    b.set(f.data, at + FIELD_HEADER_SIZE);
    at += FIELD_HEADER_SIZE + f.data.length;
  }
  for (let i = 0; i < m.ops.length; i++) {
    const op = m.ops[i];
    const name = op.name.length === 0 ? EMPTY : nameBytes(op.name);
    u32(b, at, 4 + name.length + op.data.length);
    b[at + 4] = op.op;
    b[at + 5] = op.particleType;
    b[at + 6] = 0;
    b[at + 7] = name.length;
    at += OP_HEADER_SIZE;
    if (name.length > 0) b.set(name, at);
    at += name.length;
    if (op.data.length > 0) b.set(op.data, at);
    at += op.data.length;
  }
  return at;
}

const EMPTY = new Uint8Array(0);

/**
 * Encodes one message as a whole type-3 frame (what `encodeMessage` returns, byte for byte).
 * @example
 * ```ts
 * import { ResultCode } from "../../src/wire/result_code.ts";
 * import type { Conn } from "../../src/transport/transport.ts";
 * import { codeReply } from "./kv.ts";
 * declare const conn: Conn;
 * conn.write(encodeReply(codeReply(ResultCode.KEY_NOT_FOUND_ERROR)));
 * ```
 */
export function encodeReply(m: Message): Uint8Array {
  const size = messageSize(m);
  const out = allocate(PROTO_HEADER_SIZE + size);
  protoHeader(out, 0, size);
  writeMessage(out, PROTO_HEADER_SIZE, m);
  return out;
}

/**
 * Encodes a multi-record reply into one buffer: frames of up to `perFrame` messages from `rows`
 * (each as `encodeMessages` would write it), then `last` in a frame of its own.
 * @example
 * ```ts
 * import type { Conn } from "../../src/transport/transport.ts";
 * import type { Message } from "../../src/wire/message.ts";
 * declare const conn: Conn, rowReplies: Message[], lastMessage: Message;
 * conn.write(encodeRowFrames(rowReplies, 256, lastMessage));
 * ```
 */
export function encodeRowFrames(rows: readonly Message[], perFrame: number, last: Message): Uint8Array {
  const sizes = new Array<number>(rows.length);
  let total = PROTO_HEADER_SIZE + messageSize(last);
  for (let i = 0; i < rows.length; i++) {
    sizes[i] = messageSize(rows[i]);
    total += sizes[i];
    if (i % perFrame === 0) total += PROTO_HEADER_SIZE;
  }
  const out = allocate(total);
  let at = 0;
  for (let start = 0; start < rows.length; start += perFrame) {
    const end = Math.min(rows.length, start + perFrame);
    let size = 0;
    for (let i = start; i < end; i++) size += sizes[i];
    protoHeader(out, at, size);
    at += PROTO_HEADER_SIZE;
    for (let i = start; i < end; i++) at = writeMessage(out, at, rows[i]);
  }
  protoHeader(out, at, total - at - PROTO_HEADER_SIZE);
  writeMessage(out, at + PROTO_HEADER_SIZE, last);
  return out;
}
