/**
 * Multi-record transaction fields, as the official clients and an Aerospike 8 node write them:
 * MRT_ID (5) an 8-byte little-endian id, MRT_DEADLINE (6) a 4-byte little-endian deadline,
 * RECORD_VERSION (3) a 7-byte little-endian version (the record's 40-bit last-update time in ms
 * since 2010 and its 16-bit generation). Pure functions shared by the client and the mock.
 * @module
 */
import { FIELD_MRT_DEADLINE, FIELD_RECORD_VERSION } from "./fields.ts";
import { MSG_HEADER_SIZE } from "./message.ts";
import { WireFormatError } from "./proto.ts";

/** Set name of the transaction monitor records (`MONITOR_SET_NAME` on the server). */
export const MONITOR_SET = "<ERO~MRT";

/** The 8 bytes of an MRT_ID field: the id, little-endian. */
export function encodeMrtId(id: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, id), true);
  return out;
}

/** The id of an MRT_ID field (signed 64-bit); throws `WireFormatError` unless 8 bytes. */
export function decodeMrtId(data: Uint8Array): bigint {
  if (data.length !== 8) throw new WireFormatError(`MRT_ID field of ${data.length} bytes`);
  return new DataView(data.buffer, data.byteOffset, 8).getBigInt64(0, true);
}

/** The 4 bytes of an MRT_DEADLINE field, little-endian. */
export function encodeDeadline(deadline: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, deadline >>> 0, true);
  return out;
}

/** The deadline of an MRT_DEADLINE field; throws `WireFormatError` unless 4 bytes. */
export function decodeDeadline(data: Uint8Array): number {
  if (data.length !== 4) throw new WireFormatError(`MRT_DEADLINE field of ${data.length} bytes`);
  return new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
}

/** The 7 bytes of a RECORD_VERSION field (the low 56 bits of `version`, little-endian). */
export function encodeVersion(version: bigint): Uint8Array {
  const out = new Uint8Array(7);
  let v = BigInt.asUintN(56, version);
  for (let i = 0; i < 7; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The version of a RECORD_VERSION field; throws `WireFormatError` unless 7 bytes (as clients do). */
export function decodeVersion(data: Uint8Array): bigint {
  if (data.length !== 7) throw new WireFormatError(`record version field has invalid size ${data.length}`);
  let v = 0n;
  for (let i = 6; i >= 0; i--) v = (v << 8n) | BigInt(data[i]);
  return v;
}

/** A record's version from its last-update time (ms since the Unix epoch) and generation. */
export function recordVersion(lastUpdateMs: number, generation: number): bigint {
  const clepochMs = BigInt(Math.max(0, Math.floor(lastUpdateMs) - 1262304000000));
  return BigInt.asUintN(40, clepochMs) | (BigInt(generation & 0xffff) << 40n);
}

/** The transaction fields of a reply message. */
export interface ReplyTxnFields {
  /** RECORD_VERSION, when the node sent one. */
  version?: bigint;
  /** MRT_DEADLINE, when the node sent one. */
  deadline?: number;
}

/**
 * Reads RECORD_VERSION and MRT_DEADLINE from the fields of a reply body (a 22-byte message header
 * then fields). Throws `WireFormatError` for fields that run past the body or a bad field size.
 */
export function replyTxnFields(body: Uint8Array, offset = 0): ReplyTxnFields {
  const out: ReplyTxnFields = {};
  if (body.length - offset < MSG_HEADER_SIZE) throw new WireFormatError("truncated reply header");
  const count = (body[offset + 18] << 8) | body[offset + 19];
  let at = offset + MSG_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (body.length - at < 5) throw new WireFormatError("truncated field header");
    const size = ((body[at] << 24) | (body[at + 1] << 16) | (body[at + 2] << 8) | body[at + 3]) >>> 0;
    if (size < 1 || at + 4 + size > body.length) throw new WireFormatError(`field size ${size} past the end`);
    const data = body.subarray(at + 5, at + 4 + size);
    if (body[at + 4] === FIELD_RECORD_VERSION) out.version = decodeVersion(data);
    else if (body[at + 4] === FIELD_MRT_DEADLINE) out.deadline = decodeDeadline(data);
    at += 4 + size;
  }
  return out;
}
