import assert from "node:assert/strict";
import { hex, test, toHex } from "../../tests/helpers/test.ts";
import { FrameReader } from "./frame_reader.ts";
import {
  DEFAULT_MAX_FRAME_SIZE,
  frame,
  PROTO_TYPE_COMPRESSED,
  PROTO_TYPE_INFO,
  PROTO_TYPE_MESSAGE,
  WireFormatError,
} from "./proto.ts";

type Got = [number, string];

function collect(maxBody?: number): { reader: FrameReader; got: Got[]; bodies: Uint8Array[] } {
  const got: Got[] = [];
  const bodies: Uint8Array[] = [];
  const reader = new FrameReader((type, body) => {
    got.push([type, toHex(body)]);
    bodies.push(body);
  }, maxBody);
  return { reader, got, bodies };
}

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const BODIES = [bytes(5, 1), new Uint8Array(0), bytes(300, 2), bytes(1, 3), bytes(70_000, 4)];
const STREAM = concat(BODIES.map((b, i) => frame(i % 2 === 0 ? PROTO_TYPE_MESSAGE : PROTO_TYPE_INFO, b)));
const EXPECTED: Got[] = BODIES.map((b, i) => [i % 2 === 0 ? PROTO_TYPE_MESSAGE : PROTO_TYPE_INFO, toHex(b)]);

test("FrameReader decodes several frames delivered in one chunk without copying", () => {
  const { reader, got, bodies } = collect();
  reader.push(STREAM);
  assert.deepEqual(got, EXPECTED);
  // Frames inside a single chunk are views of that chunk.
  for (const body of bodies) assert.equal(body.buffer, STREAM.buffer);
  assert.equal(reader.idle, true);
});

test("FrameReader reassembles frames fed one byte at a time", () => {
  const { reader, got } = collect();
  for (let i = 0; i < STREAM.length; i++) reader.push(STREAM.subarray(i, i + 1));
  assert.deepEqual(got, EXPECTED);
});

test("FrameReader reassembles frames cut at every possible boundary pair", () => {
  const small = concat([frame(PROTO_TYPE_MESSAGE, bytes(7, 9)), frame(PROTO_TYPE_INFO, bytes(3, 8))]);
  const want: Got[] = [[PROTO_TYPE_MESSAGE, toHex(bytes(7, 9))], [PROTO_TYPE_INFO, toHex(bytes(3, 8))]];
  for (let a = 0; a <= small.length; a++) {
    for (let b = a; b <= small.length; b++) {
      const { reader, got } = collect();
      reader.push(small.subarray(0, a));
      reader.push(small.subarray(a, b));
      reader.push(small.subarray(b));
      assert.deepEqual(got, want, `cuts at ${a} and ${b}`);
    }
  }
});

test("FrameReader reassembles frames from random chunk sizes", () => {
  for (let round = 0; round < 20; round++) {
    const { reader, got } = collect();
    let off = 0;
    while (off < STREAM.length) {
      const n = 1 + Math.floor(Math.random() * 2000);
      reader.push(STREAM.subarray(off, off + n));
      off += n;
    }
    assert.deepEqual(got, EXPECTED);
  }
});

test("FrameReader hands out an empty body for a zero-length frame split inside its header", () => {
  const { reader, got } = collect();
  reader.push(hex("0203"));
  assert.equal(reader.idle, false);
  reader.push(hex("000000000000"));
  assert.deepEqual(got, [[PROTO_TYPE_MESSAGE, ""]]);
  assert.equal(reader.idle, true);
});

test("FrameReader rejects a bad version and stays dead afterwards", () => {
  const { reader, got } = collect();
  assert.throws(() => reader.push(hex("0303000000000001ff")), WireFormatError);
  assert.equal(reader.dead, true);
  assert.throws(() => reader.push(frame(PROTO_TYPE_MESSAGE, bytes(2, 0))), /version 3/);
  assert.deepEqual(got, []);
});

test("FrameReader rejects an unknown proto type even when the header arrives in pieces", () => {
  const { reader } = collect();
  reader.push(hex("0209"));
  assert.throws(() => reader.push(hex("000000000001")), /unknown proto type 9/);
});

test("FrameReader rejects a body larger than its limit before buffering it", () => {
  const { reader, got } = collect(1024);
  reader.push(frame(PROTO_TYPE_MESSAGE, bytes(1024, 1)));
  assert.equal(got.length, 1);
  // Header announces 1025 bytes; only the header is sent, so no body allocation may happen first.
  assert.throws(() => reader.push(hex("0203000000000401")), /exceeds the limit of 1024/);
  assert.equal(reader.dead, true);
});

test("FrameReader rejects a 48-bit size beyond the protocol maximum", () => {
  const { reader } = collect();
  assert.throws(() => reader.push(hex("0203ffffffffffff")), WireFormatError);
});

test("FrameReader goes dead when the frame handler throws", () => {
  const reader = new FrameReader(() => {
    throw new Error("handler failed");
  });
  assert.throws(() => reader.push(STREAM), /handler failed/);
  assert.equal(reader.dead, true);
  assert.throws(() => reader.push(STREAM), /handler failed/);
});

test("FrameReader refuses a header declaring more than the 128 MiB default cap", () => {
  const { reader, got } = collect();
  assert.equal(reader.maxBody, DEFAULT_MAX_FRAME_SIZE);
  // 128 MiB + 1 declared: refused on the header alone.
  assert.throws(() => reader.push(hex("0203000008000001")), /exceeds the limit of 134217728/);
  assert.equal(got.length, 0);
  assert.equal(reader.dead, true);
});

test("FrameReader accepts a header declaring exactly its cap", () => {
  const { reader } = collect(16);
  reader.push(hex("0203000000000010"));
  assert.equal(reader.idle, false);
});

test("FrameReader refuses a compressed frame whose declared uncompressed size exceeds the cap", () => {
  const { reader, got } = collect(1024);
  // Type 4, 12-byte body: u64 uncompressed size 1024 + 8 + 1, then four bytes of "zlib".
  assert.throws(
    () => reader.push(hex("02040000000000" + "0c" + "0000000000000409" + "789c0300")),
    /compressed frame declares 1033 uncompressed bytes/,
  );
  assert.equal(got.length, 0);
});

test("FrameReader hands out a compressed frame declaring exactly the cap plus the inner header", () => {
  const { reader, got } = collect(1024);
  reader.push(hex("02040000000000" + "0c" + "0000000000000408" + "78"));
  assert.equal(got.length, 0);
  reader.push(hex("9c0300"));
  assert.deepEqual(got, [[PROTO_TYPE_COMPRESSED, "0000000000000408789c0300"]]);
});

test("FrameReader rejects a negative or NaN cap as misuse", () => {
  assert.throws(() => new FrameReader(() => {}, -1), RangeError);
  assert.throws(() => new FrameReader(() => {}, Number.NaN), RangeError);
});
