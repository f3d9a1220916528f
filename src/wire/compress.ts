/**
 * Compressed messages, proto type 4: the body is a u64 big-endian uncompressed size, then a zlib
 * stream of a whole type-3 frame (its own 8-byte proto header included).
 * @module
 */
import { deflateSync, inflateSync } from "node:zlib";
import {
  frame,
  PROTO_HEADER_SIZE,
  PROTO_MAX_BODY,
  PROTO_TYPE_COMPRESSED,
  PROTO_TYPE_MESSAGE,
  readProtoHeader,
  WireFormatError,
} from "./proto.ts";

/** Bytes of the uncompressed-size prefix of a type-4 body. */
export const COMPRESSED_SIZE_PREFIX = 8;

/** Node's Buffer as a plain Uint8Array view (no copy). */
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Wraps a whole type-3 frame into a whole type-4 frame.
 * @param inner a whole proto frame (header included) of type 3
 * @param level zlib level 0-9; -1 is zlib's default (6)
 * @example
 * ```ts
 * import type { Conn } from "../transport/transport.ts";
 * declare const conn: Conn, encodedPut: Uint8Array;
 * conn.write(compressFrame(encodedPut));
 * ```
 */
export function compressFrame(inner: Uint8Array, level = -1): Uint8Array {
  if (!Number.isInteger(level) || level < -1 || level > 9) throw new RangeError(`zlib level ${level}`);
  const header = readProtoHeader(inner);
  if (header.type !== PROTO_TYPE_MESSAGE) {
    throw new WireFormatError(`only type-3 frames are compressed, got type ${header.type}`);
  }
  if (inner.length !== PROTO_HEADER_SIZE + header.size) {
    throw new WireFormatError(`frame of ${inner.length} bytes declares a ${header.size}-byte body`);
  }
  const z = deflateSync(inner, { level });
  const body = new Uint8Array(COMPRESSED_SIZE_PREFIX + z.length);
  const view = new DataView(body.buffer);
  view.setUint32(0, Math.floor(inner.length / 0x1_0000_0000));
  view.setUint32(4, inner.length >>> 0);
  body.set(z, COMPRESSED_SIZE_PREFIX);
  return frame(PROTO_TYPE_COMPRESSED, body);
}

/**
 * Inflates a type-4 body and returns the inner whole type-3 frame. The declared size must match
 * the inflated size and the inner frame's own header; output is capped at `maxSize` bytes.
 * @param body the type-4 body (after its proto header)
 * @param maxSize largest inner frame accepted
 * @example
 * ```ts
 * declare const body: Uint8Array;
 * const inner = decompressBody(body); // then decode as a type-3 frame
 * ```
 */
export function decompressBody(
  body: Uint8Array,
  maxSize: number = PROTO_HEADER_SIZE + PROTO_MAX_BODY,
): Uint8Array {
  if (body.length < COMPRESSED_SIZE_PREFIX) {
    throw new WireFormatError(`truncated compressed body: ${body.length} bytes`);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const high = view.getUint32(0);
  const declared = high * 0x1_0000_0000 + view.getUint32(4);
  if (high >= 0x20_0000 || declared > maxSize) {
    throw new WireFormatError(
      `compressed message declares ${declared} bytes, over the ${maxSize}-byte limit`,
    );
  }
  if (declared < PROTO_HEADER_SIZE) {
    throw new WireFormatError(`compressed message declares ${declared} bytes`);
  }
  let inner: Uint8Array;
  try {
    // One byte of slack so that an over-long stream shows up as a size mismatch, not a cap hit.
    inner = plain(inflateSync(body.subarray(COMPRESSED_SIZE_PREFIX), { maxOutputLength: declared + 1 }));
  } catch (e) {
    if (e instanceof RangeError) {
      throw new WireFormatError(`compressed message inflates to more than the declared ${declared} bytes`);
    }
    throw new WireFormatError(`bad zlib stream in compressed message: ${(e as Error).message}`);
  }
  if (inner.length !== declared) {
    throw new WireFormatError(
      `compressed message declares ${declared} bytes but inflates to ${inner.length}`,
    );
  }
  const header = readProtoHeader(inner);
  if (header.type !== PROTO_TYPE_MESSAGE) {
    throw new WireFormatError(`compressed message holds a type-${header.type} frame, expected 3`);
  }
  if (PROTO_HEADER_SIZE + header.size !== inner.length) {
    throw new WireFormatError(`inner frame declares a ${header.size}-byte body in ${inner.length} bytes`);
  }
  return inner;
}
