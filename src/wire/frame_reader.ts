/**
 * Reassembles proto frames (8-byte header + body) from a byte stream cut at arbitrary places.
 * @module
 */

import {
  DEFAULT_MAX_FRAME_SIZE,
  PROTO_HEADER_SIZE,
  PROTO_MAX_BODY,
  PROTO_TYPE_COMPRESSED,
  readProtoHeader,
  WireFormatError,
} from "./proto.ts";

// A type-4 body starts with the u64 uncompressed size of the whole inner frame (header included).
const COMPRESSED_PREFIX = 8;

/** Called once per complete frame; `body` is owned by the callee. */
export type FrameHandler = (type: number, body: Uint8Array) => void;

/**
 * Incremental proto frame parser. A frame that lies inside one chunk is handed out as a zero-copy
 * `subarray` of that chunk (chunks are owned by the reader's user, see `Conn.onData`); a frame
 * spread over several chunks is copied once into its own buffer. After a bad header the reader is
 * dead: every later `push` throws the same error.
 *
 * Size caps: a header declaring a body over `maxBody` is refused before anything is allocated for
 * it, and a compressed (type-4) frame whose declared uncompressed size exceeds `maxBody` plus the
 * inner header is refused before it is handed out (so nobody inflates it).
 * @example
 * ```ts
 * import type { Conn } from "../transport/transport.ts";
 * declare const conn: Conn;
 * const reader = new FrameReader((type, body) => console.log(type, body.length));
 * conn.onData((chunk) => reader.push(chunk));
 * ```
 */
export class FrameReader {
  #onFrame: FrameHandler;
  #maxBody: number;
  #header = new Uint8Array(PROTO_HEADER_SIZE);
  #headerFill = 0;
  #type = 0;
  #body: Uint8Array | undefined;
  #bodyFill = 0;
  #error: Error | undefined;

  /**
   * Creates a reader at a frame boundary.
   * @param onFrame receives each complete frame, in stream order
   * @param maxBody largest accepted body size in bytes, at most PROTO_MAX_BODY (256 MiB)
   * @default DEFAULT_MAX_FRAME_SIZE (128 MiB)
   */
  constructor(onFrame: FrameHandler, maxBody: number = DEFAULT_MAX_FRAME_SIZE) {
    if (!(maxBody >= 0)) throw new RangeError(`maxBody must be a number >= 0, got ${maxBody}`);
    this.#onFrame = onFrame;
    this.#maxBody = Math.min(maxBody, PROTO_MAX_BODY);
  }

  /** The largest body size this reader accepts. */
  get maxBody(): number {
    return this.#maxBody;
  }

  /** True after a protocol error (or a throwing handler): the stream cannot be resynchronised. */
  get dead(): boolean {
    return this.#error !== undefined;
  }

  /** True when no partial frame is buffered (a clean frame boundary). */
  get idle(): boolean {
    return this.#headerFill === 0 && this.#body === undefined;
  }

  /**
   * Feeds the next chunk of the stream; calls `onFrame` for every frame it completes.
   * Throws `WireFormatError` on a bad version, type or size; rethrows what `onFrame` throws.
   */
  push(chunk: Uint8Array): void {
    if (this.#error !== undefined) throw this.#error;
    try {
      this.#consume(chunk);
    } catch (err) {
      this.#error = err instanceof Error ? err : new Error(String(err));
      this.#body = undefined;
      throw err;
    }
  }

  #consume(chunk: Uint8Array): void {
    const len = chunk.length;
    let pos = 0;
    while (pos < len) {
      if (this.#body !== undefined) {
        // Continue a body that started in an earlier chunk.
        const body = this.#body;
        const n = Math.min(body.length - this.#bodyFill, len - pos);
        body.set(chunk.subarray(pos, pos + n), this.#bodyFill);
        this.#bodyFill += n;
        pos += n;
        if (this.#bodyFill === body.length) {
          this.#body = undefined;
          this.#emit(body);
        }
        continue;
      }
      let size: number;
      if (this.#headerFill === 0 && len - pos >= PROTO_HEADER_SIZE) {
        // Fast path: the whole header is in this chunk.
        size = this.#readHeader(chunk, pos);
        pos += PROTO_HEADER_SIZE;
        if (len - pos >= size) {
          const body = chunk.subarray(pos, pos + size);
          pos += size;
          this.#emit(body);
          continue;
        }
      } else {
        const n = Math.min(PROTO_HEADER_SIZE - this.#headerFill, len - pos);
        this.#header.set(chunk.subarray(pos, pos + n), this.#headerFill);
        this.#headerFill += n;
        pos += n;
        if (this.#headerFill < PROTO_HEADER_SIZE) return;
        this.#headerFill = 0;
        size = this.#readHeader(this.#header, 0);
        if (size === 0) {
          this.#emit(new Uint8Array(0));
          continue;
        }
      }
      this.#body = new Uint8Array(size);
      this.#bodyFill = 0;
    }
  }

  #emit(body: Uint8Array): void {
    if (this.#type === PROTO_TYPE_COMPRESSED && body.length >= COMPRESSED_PREFIX) {
      const high = (body[0] << 24 | body[1] << 16 | body[2] << 8 | body[3]) >>> 0;
      const low = (body[4] << 24 | body[5] << 16 | body[6] << 8 | body[7]) >>> 0;
      const declared = high * 0x1_0000_0000 + low;
      if (declared > this.#maxBody + PROTO_HEADER_SIZE) {
        throw new WireFormatError(
          `compressed frame declares ${declared} uncompressed bytes, over the limit of ` +
            `${this.#maxBody + PROTO_HEADER_SIZE} (maxFrameSize ${this.#maxBody} + header)`,
        );
      }
    }
    this.#onFrame(this.#type, body);
  }

  #readHeader(buf: Uint8Array, offset: number): number {
    const h = readProtoHeader(buf, offset);
    if (h.size > this.#maxBody) {
      throw new WireFormatError(
        `proto frame declares a ${h.size}-byte body, which exceeds the limit of ${this.#maxBody} (maxFrameSize)`,
      );
    }
    this.#type = h.type;
    return h.size;
  }
}
