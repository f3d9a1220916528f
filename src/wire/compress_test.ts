import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { test } from "../../tests/helpers/test.ts";
import { loadStep } from "../../tests/helpers/vectors.ts";
import { COMPRESSED_SIZE_PREFIX, compressFrame, decompressBody } from "./compress.ts";
import {
  frame,
  PROTO_HEADER_SIZE,
  PROTO_TYPE_COMPRESSED,
  PROTO_TYPE_INFO,
  PROTO_TYPE_MESSAGE,
  readProtoHeader,
  WireFormatError,
} from "./proto.ts";

const bodyOf = (f: Uint8Array): Uint8Array => f.subarray(PROTO_HEADER_SIZE);

/** A type-4 body with the given declared size and zlib payload. */
function body4(declared: number, z: Uint8Array): Uint8Array {
  const out = new Uint8Array(COMPRESSED_SIZE_PREFIX + z.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(declared / 0x1_0000_0000));
  view.setUint32(4, declared >>> 0);
  out.set(z, COMPRESSED_SIZE_PREFIX);
  return out;
}

/** A type-3 frame of `n` body bytes (content is not a valid message; the codec does not care). */
function msgFrame(n: number): Uint8Array {
  const body = new Uint8Array(n);
  for (let i = 0; i < n; i++) body[i] = i % 7;
  body[0] = 22;
  return frame(PROTO_TYPE_MESSAGE, body);
}

test("the official client's compressed put inflates to a type-3 frame of the declared size", async () => {
  const v = await loadStep("put_compressed");
  const req = v.frames.find((f) => f.dir === "c2s");
  assert.ok(req);
  assert.equal(readProtoHeader(req.bytes).type, PROTO_TYPE_COMPRESSED);
  const body = bodyOf(req.bytes);
  const declared = new DataView(body.buffer, body.byteOffset).getUint32(4);
  const inner = decompressBody(body);
  assert.equal(inner.length, declared);
  assert.equal(inner.length, 2081);
  const h = readProtoHeader(inner);
  assert.equal(h.type, PROTO_TYPE_MESSAGE);
  assert.equal(h.size, inner.length - PROTO_HEADER_SIZE);
  assert.equal(inner[PROTO_HEADER_SIZE], 22); // the message header size byte
  // The bin value 'x' * 2000 is in there, uncompressed.
  assert.ok(new TextDecoder().decode(inner).includes("x".repeat(2000)));
});

test("our compressed frame of the same put inflates back to the same bytes", async () => {
  const v = await loadStep("put_compressed");
  const inner = decompressBody(bodyOf(v.frames[0].bytes));
  for (const level of [-1, 0, 1, 9]) {
    const out = compressFrame(inner, level);
    const h = readProtoHeader(out);
    assert.equal(h.type, PROTO_TYPE_COMPRESSED);
    assert.equal(h.size, out.length - PROTO_HEADER_SIZE);
    assert.deepEqual(decompressBody(bodyOf(out)), inner);
    if (level !== 0) assert.ok(out.length < 200, `level ${level}: ${out.length} bytes`);
  }
});

test("round-trips small and large frames", () => {
  for (const n of [22, 1000, 300_000]) {
    const f = msgFrame(n);
    assert.deepEqual(decompressBody(bodyOf(compressFrame(f))), f);
  }
});

test("the declared size is written as a big-endian u64", () => {
  const f = msgFrame(70_000);
  const b = bodyOf(compressFrame(f));
  assert.deepEqual([...b.subarray(0, 8)], [0, 0, 0, 0, 0, 0x01, 0x11, 0x78]); // 70008
});

test("a corrupted zlib stream is a WireFormatError", () => {
  const b = bodyOf(compressFrame(msgFrame(500))).slice();
  b[COMPRESSED_SIZE_PREFIX] ^= 0xff; // zlib header
  assert.throws(() => decompressBody(b), WireFormatError);
  const cut = bodyOf(compressFrame(msgFrame(500))).subarray(0, 20);
  assert.throws(() => decompressBody(cut), WireFormatError);
  assert.throws(() => decompressBody(new Uint8Array(5)), WireFormatError);
});

test("a declared size that differs from the inflated size is a WireFormatError", () => {
  const f = msgFrame(500);
  const z = deflateSync(f);
  assert.throws(() => decompressBody(body4(f.length + 1, z)), /declares 509 bytes but inflates to 508/);
  assert.throws(() => decompressBody(body4(f.length - 1, z)), WireFormatError);
  assert.throws(() => decompressBody(body4(0, z)), WireFormatError);
  assert.throws(() => decompressBody(body4(2 ** 40, z)), WireFormatError);
});

test("output is capped at maxSize before inflating", () => {
  const f = msgFrame(100_000);
  const b = bodyOf(compressFrame(f));
  assert.throws(() => decompressBody(b, 50_000), /over the 50000-byte limit/);
  assert.equal(decompressBody(b, f.length).length, f.length);
  // A stream that inflates past a lying declared size stops at the cap.
  const bomb = deflateSync(new Uint8Array(10_000_000));
  assert.throws(() => decompressBody(body4(1000, bomb)), /more than the declared 1000 bytes/);
});

test("the inner frame must be a well-formed type-3 frame", () => {
  const info = frame(PROTO_TYPE_INFO, new TextEncoder().encode("node\n"));
  assert.throws(() => decompressBody(body4(info.length, deflateSync(info))), /type-1 frame/);
  const lying = msgFrame(100).slice();
  lying[7] = 99; // header says 99-byte body, 100 bytes follow
  assert.throws(() => decompressBody(body4(lying.length, deflateSync(lying))), WireFormatError);
  assert.throws(() => compressFrame(info), WireFormatError);
  assert.throws(() => compressFrame(lying), WireFormatError);
  assert.throws(() => compressFrame(msgFrame(10), 10), RangeError);
});
