/**
 * The 8-byte proto header that frames every Aerospike exchange: version (2), type, and a
 * 48-bit big-endian body length.
 * @module
 */

/** Proto version byte sent and accepted (`AS_PROTO_VERSION`). */
export const PROTO_VERSION = 2;
/** Info text protocol (`AS_INFO_MESSAGE_TYPE`). */
export const PROTO_TYPE_INFO = 1;
/** Security/admin protocol (`AS_ADMIN_MESSAGE_TYPE`). */
export const PROTO_TYPE_ADMIN = 2;
/** Record message protocol (`AS_MSG_MESSAGE_TYPE`). */
export const PROTO_TYPE_MESSAGE = 3;
/** Compressed message: u64 uncompressed size then a zlib stream of a whole type-3 frame. */
export const PROTO_TYPE_COMPRESSED = 4;
/** Size of the proto header in bytes. */
export const PROTO_HEADER_SIZE = 8;
/** Largest body we accept (the server's own limit for a proto is 128 MiB; we allow a little more). */
export const PROTO_MAX_BODY = 256 * 1024 * 1024;
/**
 * Default cap on a received frame's declared body size (and on a compressed frame's declared
 * uncompressed size): 128 MiB, the server's own limit. Readers refuse a larger frame before
 * allocating anything for it.
 */
export const DEFAULT_MAX_FRAME_SIZE = 128 * 1024 * 1024;

/** A decoded proto header. */
export interface ProtoHeader {
  /** Protocol version, 2 on every supported server. */
  version: number;
  /** One of the `PROTO_TYPE_*` constants. */
  type: number;
  /** Body length in bytes (the header itself excluded). */
  size: number;
}

/** Thrown by codecs for bytes that do not follow the protocol. */
export class WireFormatError extends Error {
  /** @param message what was wrong with the bytes */
  constructor(message: string) {
    super(message);
    this.name = "WireFormatError";
  }
}

/** Writes a proto header at `offset` of `buf`. */
export function writeProtoHeader(buf: Uint8Array, offset: number, type: number, size: number): void {
  if (size < 0 || size > PROTO_MAX_BODY) throw new WireFormatError(`proto body size ${size} out of range`);
  buf[offset] = PROTO_VERSION;
  buf[offset + 1] = type;
  // 48-bit big-endian length: high 16 bits then low 32 bits.
  const high = Math.floor(size / 0x1_0000_0000);
  buf[offset + 2] = (high >>> 8) & 0xff;
  buf[offset + 3] = high & 0xff;
  const low = size >>> 0;
  buf[offset + 4] = low >>> 24;
  buf[offset + 5] = (low >>> 16) & 0xff;
  buf[offset + 6] = (low >>> 8) & 0xff;
  buf[offset + 7] = low & 0xff;
}

/** Reads and validates a proto header at `offset`; throws `WireFormatError` on bad input. */
export function readProtoHeader(buf: Uint8Array, offset = 0): ProtoHeader {
  if (buf.length - offset < PROTO_HEADER_SIZE) {
    throw new WireFormatError(`truncated proto header: ${buf.length - offset} of 8 bytes`);
  }
  const version = buf[offset];
  const type = buf[offset + 1];
  if (version !== PROTO_VERSION) throw new WireFormatError(`unsupported proto version ${version}`);
  if (type < PROTO_TYPE_INFO || type > PROTO_TYPE_COMPRESSED) {
    throw new WireFormatError(`unknown proto type ${type}`);
  }
  const high = (buf[offset + 2] << 8) | buf[offset + 3];
  const low =
    ((buf[offset + 4] << 24) | (buf[offset + 5] << 16) | (buf[offset + 6] << 8) | buf[offset + 7]) >>> 0;
  const size = high * 0x1_0000_0000 + low;
  if (size > PROTO_MAX_BODY) throw new WireFormatError(`proto body size ${size} exceeds ${PROTO_MAX_BODY}`);
  return { version, type, size };
}

/** Wraps a body in a proto frame of the given type. */
export function frame(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(PROTO_HEADER_SIZE + body.length);
  writeProtoHeader(out, 0, type, body.length);
  out.set(body, PROTO_HEADER_SIZE);
  return out;
}
