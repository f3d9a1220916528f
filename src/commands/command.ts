/**
 * The command contract: what `execute()` needs from a single-record command. A command builds its
 * request frame once, says whether it writes and which partition it targets, and parses the reply.
 * @module
 */
import { decompressBody } from "../wire/compress.ts";
import { MSG_HEADER_SIZE, readMessageHeader } from "../wire/message.ts";
import {
  PROTO_HEADER_SIZE,
  PROTO_TYPE_COMPRESSED,
  PROTO_TYPE_MESSAGE,
  WireFormatError,
} from "../wire/proto.ts";

/** A command `execute()` can run: one request frame, one reply frame. */
export interface Command<R> {
  /** Namespace of the target record. */
  readonly ns: string;
  /** Set of the target record, when there is one (reported to observers only). */
  readonly set?: string | undefined;
  /**
   * The client method it runs for (`get`, `put`, `operate`, ...), reported to observers and
   * tracing as the operation name; a prototype getter, so it costs a command nothing. Optional
   * (default: the command's kind).
   */
  readonly op?: string | undefined;
  /** Partition id (0..4095) of the target record. */
  readonly partitionId: number;
  /** True when the command changes the record (goes to the master; retried only when safe). */
  readonly write: boolean;
  /** The whole request frame; `execute()` patches its transaction-ttl before each attempt. */
  readonly frame: Uint8Array;
  /**
   * Parses the reply body of a type-3 frame. Throws an `AerospikeError` for a result code the
   * command does not accept, a `WireFormatError` for malformed bytes.
   */
  parse(body: Uint8Array): R;
  /**
   * A fixed target node (a batch's per-node request): partition routing is skipped. Optional;
   * single-record commands leave it unset.
   */
  readonly node?: ExecTarget | undefined;
  /**
   * Reads a multi-frame reply (batch): called instead of one `readFrame()` + `parse()`, with a
   * reader that yields each frame's message body under the attempt's deadline. Optional.
   */
  receive?(next: () => Promise<Uint8Array>): Promise<R>;
}

/** A node as a command may name it (see `Command.node`); the executor's `ExecNode`. */
export interface ExecTarget {
  /** Node name. */
  readonly name: string;
}

/** Byte offset of the transaction-ttl field in a request frame (proto header + 14). */
export const TRANSACTION_TTL_OFFSET = PROTO_HEADER_SIZE + 14;

/** Writes the server-side timeout (ms, 0 = none) into a request frame's message header. */
export function setTransactionTtl(frame: Uint8Array, ms: number): void {
  const v = ms > 0xffff_ffff ? 0xffff_ffff : Math.max(0, Math.ceil(ms)) >>> 0;
  frame[TRANSACTION_TTL_OFFSET] = v >>> 24;
  frame[TRANSACTION_TTL_OFFSET + 1] = (v >>> 16) & 0xff;
  frame[TRANSACTION_TTL_OFFSET + 2] = (v >>> 8) & 0xff;
  frame[TRANSACTION_TTL_OFFSET + 3] = v & 0xff;
}

/**
 * Returns the type-3 body of a reply frame, inflating a compressed (type-4) one; throws
 * `WireFormatError` for any other type.
 */
export function messageBody(type: number, body: Uint8Array): Uint8Array {
  if (type === PROTO_TYPE_MESSAGE) return body;
  if (type === PROTO_TYPE_COMPRESSED) {
    const inner = decompressBody(body);
    if (inner[1] !== PROTO_TYPE_MESSAGE) {
      throw new WireFormatError("compressed reply does not hold a message");
    }
    return inner.subarray(PROTO_HEADER_SIZE);
  }
  throw new WireFormatError(`unexpected proto type ${type} in a record reply`);
}

/** Result code of a reply body (validates the header first). */
export function replyResultCode(body: Uint8Array): number {
  if (body.length < MSG_HEADER_SIZE) throw new WireFormatError("truncated reply header");
  return readMessageHeader(body, 0).resultCode;
}
