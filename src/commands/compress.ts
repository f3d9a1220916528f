/**
 * The `compress` policy's sending side shared by every command kind: which frames go as proto
 * type 4, and the error a server that refuses them (Community Edition answers ENTERPRISE_ONLY)
 * turns into, so the caller learns which policy to change.
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import { compressFrame } from "../wire/compress.ts";
import { PROTO_TYPE_COMPRESSED } from "../wire/proto.ts";
import { ResultCode } from "../wire/result_code.ts";

/** Requests over this many bytes (whole frame) go compressed under `compress` (the official clients' value). */
export const COMPRESS_THRESHOLD = 128;

/**
 * The frame to send: `frame` itself, or its type-4 form when `compress` is on and the frame is
 * over `threshold` bytes. Call it after the last change to `frame` (transaction-ttl).
 * @param frame a whole type-3 request frame
 * @param compress the policy's `compress`
 * @param threshold the policy's `compressionThreshold` (default {@linkcode COMPRESS_THRESHOLD})
 * @example
 * ```ts
 * import type { Connection } from "../net/connection.ts";
 * declare const conn: Connection, frame: Uint8Array, policy: { compress?: boolean };
 * conn.send(outgoing(frame, policy.compress === true));
 * ```
 */
export function outgoing(
  frame: Uint8Array,
  compress: boolean,
  threshold: number = COMPRESS_THRESHOLD,
): Uint8Array {
  return compress && frame.length > threshold ? compressFrame(frame) : frame;
}

/**
 * Explains an ENTERPRISE_ONLY answer to a compressed request: the server does not take
 * compression (Community Edition), and `compress: false` is the way out. Other errors are
 * returned unchanged.
 * @param err the error the reply turned into
 * @param compressed whether the request went as proto type 4
 * @example
 * ```ts
 * import type { AerospikeError } from "../errors.ts";
 * declare const err: AerospikeError, sent: Uint8Array, frame: Uint8Array;
 * throw explainRefusal(err, sent !== frame);
 * ```
 */
export function explainRefusal(err: AerospikeError, compressed: boolean): AerospikeError {
  if (!compressed || err.code !== ResultCode.ENTERPRISE_ONLY) return err;
  err.detail = "the server refused a compressed request (policy compress: true); " +
    "Community Edition does not support compression, set compress: false";
  return err.annotate({});
}

/**
 * Whether a whole request frame goes as proto type 4 (what {@linkcode outgoing} returned).
 * @param frame a whole request frame
 * @example
 * ```ts
 * declare const frame: Uint8Array;
 * isCompressed(outgoing(frame, true)); // true when the frame was over 128 bytes
 * ```
 */
export function isCompressed(frame: Uint8Array): boolean {
  return frame.length > 1 && frame[1] === PROTO_TYPE_COMPRESSED;
}
