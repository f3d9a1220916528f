import assert from "node:assert/strict";
import { hex, test, toHex } from "../../tests/helpers/test.ts";
import { loadStep, opsOf } from "../../tests/helpers/vectors.ts";
import { Double, GeoJSON, HLL, OrderedMap, SpecialValue, type Value } from "./values.ts";
import { MsgPackWriter, packValue } from "./msgpack.ts";
import {
  decodeParticle,
  decodeUtf8,
  encodeParticle,
  PARTICLE_TYPE_BLOB,
  PARTICLE_TYPE_BOOL,
  PARTICLE_TYPE_ERLANG_BLOB,
  PARTICLE_TYPE_FLOAT,
  PARTICLE_TYPE_GEOJSON,
  PARTICLE_TYPE_HLL,
  PARTICLE_TYPE_INTEGER,
  PARTICLE_TYPE_JAVA_BLOB,
  PARTICLE_TYPE_LIST,
  PARTICLE_TYPE_MAP,
  PARTICLE_TYPE_NULL,
  PARTICLE_TYPE_STRING,
  writeParticle,
} from "./particles.ts";
import { WireFormatError } from "./proto.ts";

const decode = (p: { type: number; bytes: Uint8Array }): Value =>
  decodeParticle(p.type, p.bytes, 0, p.bytes.length);
const roundTrip = (v: Value): Value => decode(encodeParticle(v));

const scalars: [string, Value][] = [
  ["i", 42],
  ["neg", -7],
  ["big", 2n ** 62n],
  ["d", 3.25],
  ["s", "héllo"],
  ["b", new Uint8Array([1, 255, 0])],
  ["t", true],
];

test("scalar particles match the official client's put_scalars bytes", async () => {
  const ops = opsOf((await loadStep("put_scalars")).frames[0].bytes);
  assert.deepEqual(ops.map((o) => o.name), scalars.map(([n]) => n));
  for (const [i, [name, value]] of scalars.entries()) {
    const p = encodeParticle(value);
    assert.equal(p.type, ops[i].type, `type of ${name}`);
    assert.equal(toHex(p.bytes), toHex(ops[i].data), `bytes of ${name}`);
  }
});

test("get_scalars decodes to the values the official client returned", async () => {
  const ops = opsOf((await loadStep("get_scalars")).frames[1].bytes);
  const got = ops.map((o) => [o.name, decodeParticle(o.type, o.data, 0, o.data.length)]);
  assert.deepEqual(got, [...scalars.slice(0, 2), ["big", 4611686018427387904n], ...scalars.slice(3)]);
});

test("list and map particles match put_cdt and decode from get_cdt", async () => {
  const put = opsOf((await loadStep("put_cdt")).frames[0].bytes);
  const l = encodeParticle([1, "a", [2.5, true]]);
  const m = encodeParticle({ x: 1, y: ["z"] });
  assert.deepEqual([l.type, m.type], [PARTICLE_TYPE_LIST, PARTICLE_TYPE_MAP]);
  assert.equal(toHex(l.bytes), toHex(put[0].data));
  assert.equal(toHex(m.bytes), toHex(put[1].data));
  const got = opsOf((await loadStep("get_cdt")).frames[1].bytes);
  assert.deepEqual(decodeParticle(got[0].type, got[0].data, 0, got[0].data.length), [1, "a", [2.5, true]]);
  const map = decodeParticle(got[1].type, got[1].data, 0, got[1].data.length) as { [k: string]: Value };
  assert.equal(Object.getPrototypeOf(map), null);
  assert.deepEqual({ ...map }, { x: 1, y: ["z"] });
});

test("GeoJSON particles match put_geo and skip the cell ids of get_geo", async () => {
  const put = opsOf((await loadStep("more/put_geo")).frames[0].bytes)[0];
  const text = '{"type":"Point","coordinates":[103.9,1.3]}';
  const p = encodeParticle(new GeoJSON(text));
  assert.equal(p.type, PARTICLE_TYPE_GEOJSON);
  assert.equal(toHex(p.bytes), toHex(put.data));
  const got = opsOf((await loadStep("more/get_geo")).frames[1].bytes)[0];
  assert.equal(toHex(got.data).slice(0, 6), "000001"); // the server added one cell id
  assert.deepEqual(decodeParticle(got.type, got.data, 0, got.data.length), new GeoJSON(text));
});

test("integers are 8-byte big-endian two's complement and decode as number or bigint", () => {
  const cases: [number | bigint, string][] = [
    [0, "0000000000000000"],
    [-1, "ffffffffffffffff"],
    [Number.MAX_SAFE_INTEGER, "001fffffffffffff"],
    [Number.MIN_SAFE_INTEGER, "ffe0000000000001"],
    [2n ** 53n, "0020000000000000"],
    [2n ** 63n - 1n, "7fffffffffffffff"],
    [-(2n ** 63n), "8000000000000000"],
    [-(2 ** 32), "ffffffff00000000"],
  ];
  for (const [v, h] of cases) {
    const p = encodeParticle(v);
    assert.equal(p.type, PARTICLE_TYPE_INTEGER);
    assert.equal(toHex(p.bytes), h, `encoding of ${v}`);
    const back = decode(p);
    const safe = typeof v === "number" ||
      (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER));
    assert.equal(back, safe ? Number(v) : v, `decoding of ${v}`);
  }
  assert.equal(roundTrip(5n), 5);
  assert.throws(() => encodeParticle(2n ** 63n), RangeError); // uint64 fits a CDT, not a bin
});

test("floats and Double are FLOAT particles, integers stay INTEGER", () => {
  assert.deepEqual(encodeParticle(2.5), { type: PARTICLE_TYPE_FLOAT, bytes: hex("4004000000000000") });
  assert.deepEqual(encodeParticle(new Double(1)), {
    type: PARTICLE_TYPE_FLOAT,
    bytes: hex("3ff0000000000000"),
  });
  assert.equal(encodeParticle(2 ** 53).type, PARTICLE_TYPE_FLOAT);
  assert.equal(encodeParticle(1).type, PARTICLE_TYPE_INTEGER);
  assert.equal(roundTrip(-1e-300), -1e-300);
  assert.ok(Number.isNaN(roundTrip(NaN)));
});

test("every other particle type round-trips", () => {
  const long = "é".repeat(40000) + "😀";
  const values: [Value, number][] = [
    [null, PARTICLE_TYPE_NULL],
    ["", PARTICLE_TYPE_STRING],
    [long, PARTICLE_TYPE_STRING],
    [new Uint8Array(0), PARTICLE_TYPE_BLOB],
    [new Uint8Array(70000).fill(7), PARTICLE_TYPE_BLOB],
    [true, PARTICLE_TYPE_BOOL],
    [false, PARTICLE_TYPE_BOOL],
    [new HLL(new Uint8Array([0, 10, 255])), PARTICLE_TYPE_HLL],
    [[], PARTICLE_TYPE_LIST],
    [[1, [2n ** 64n - 1n, -1], "x", null, new Uint8Array([1])], PARTICLE_TYPE_LIST],
    [new Map<Value, Value>([[1, "a"], [2, ["b"]]]), PARTICLE_TYPE_MAP],
    [new OrderedMap<Value, Value>([[3, 1], [1, 3]], "keyValueOrdered"), PARTICLE_TYPE_MAP],
    [GeoJSON.circle(1, 2, 300), PARTICLE_TYPE_GEOJSON],
  ];
  for (const [v, type] of values) {
    const p = encodeParticle(v);
    assert.equal(p.type, type, `type of ${String(v)}`);
    assert.deepEqual(decode(p), v);
  }
  assert.equal(encodeParticle(null).bytes.length, 0);
  assert.deepEqual(encodeParticle(false).bytes, hex("00"));
  const obj = decode(encodeParticle(JSON.parse('{"__proto__": 1, "a": {}}'))) as { [k: string]: Value };
  assert.deepEqual(Object.keys(obj), ["__proto__", "a"]);
  assert.equal(obj["__proto__"], 1);
});

test("writeParticle appends to a writer and returns the type", () => {
  const w = new MsgPackWriter(16);
  w.writeByte(0xaa);
  assert.equal(writeParticle(w, "hi"), PARTICLE_TYPE_STRING);
  assert.equal(writeParticle(w, [1]), PARTICLE_TYPE_LIST);
  assert.equal(writeParticle(w, { a: 1 }), PARTICLE_TYPE_MAP);
  assert.equal(toHex(w.toBytes()), "aa" + "6869" + "9101" + toHex(packValue({ a: 1 })));
});

test("decodeParticle reads at an offset inside a larger, offset buffer", () => {
  const backing = new Uint8Array(32);
  const buf = backing.subarray(5);
  buf.set(hex("ffffffffffffff85"), 3);
  assert.equal(decodeParticle(PARTICLE_TYPE_INTEGER, buf, 3, 8), -123);
  buf.set(hex("c000000000000000"), 11);
  assert.equal(decodeParticle(PARTICLE_TYPE_FLOAT, buf, 11, 8), -2);
  buf.set(hex("9201c3"), 19);
  assert.deepEqual(decodeParticle(PARTICLE_TYPE_LIST, buf, 19, 3), [1, true]);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_LIST, buf, 19, 2), WireFormatError);
});

test("blobs, HLL and language blobs decode as copies that outlive the buffer", () => {
  const buf = hex("0102030405");
  const blob = decodeParticle(PARTICLE_TYPE_BLOB, buf, 1, 3) as Uint8Array;
  const hll = decodeParticle(PARTICLE_TYPE_HLL, buf, 0, 2) as HLL;
  buf.fill(0);
  assert.deepEqual(blob, hex("020304"));
  assert.deepEqual(hll.bytes, hex("0102"));
  for (let t = PARTICLE_TYPE_JAVA_BLOB; t <= PARTICLE_TYPE_ERLANG_BLOB; t++) {
    assert.deepEqual(decodeParticle(t, hex("0a0b"), 0, 2), hex("0a0b"), `type ${t}`);
  }
});

test("bad particles throw WireFormatError naming the problem", () => {
  const b = new Uint8Array(16);
  assert.throws(() => decodeParticle(5, b, 0, 1), /unknown particle type 5/);
  assert.throws(() => decodeParticle(21, b, 0, 1), /unknown particle type 21/);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_INTEGER, b, 0, 4), WireFormatError);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_FLOAT, b, 0, 7), WireFormatError);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_BOOL, b, 0, 0), WireFormatError);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_STRING, b, 10, 7), WireFormatError);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_STRING, b, -1, 2), WireFormatError);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_GEOJSON, b, 0, 2), WireFormatError);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_GEOJSON, hex("00000200"), 0, 4), /overruns/);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_MAP, hex("82a2036101"), 0, 5), WireFormatError);
  assert.throws(() => decodeParticle(PARTICLE_TYPE_LIST, hex("c1"), 0, 1), WireFormatError);
});

test("values that cannot be a bin are refused with a TypeError", () => {
  class Foo {}
  const bad: unknown[] = [undefined, () => 1, Symbol("s"), new Date(), new Foo(), new Int16Array(2), {
    a: undefined,
  }];
  for (const v of bad) assert.throws(() => encodeParticle(v as Value), TypeError, String(v));
  assert.throws(() => encodeParticle(SpecialValue.WILDCARD), /only valid inside CDT/);
  assert.equal(encodeParticle(1).type, PARTICLE_TYPE_INTEGER); // the scratch writer recovers after errors
});

test("decodeUtf8 decodes every length around the hand-decoded ASCII cut-offs, and non-ASCII anywhere", () => {
  const utf8 = new TextEncoder();
  for (let n = 0; n <= 20; n++) {
    const ascii = Array.from({ length: n }, (_, i) => String.fromCharCode(0x20 + (i * 7) % 95)).join("");
    const padded = new Uint8Array(n + 6);
    padded.set(utf8.encode(ascii), 3);
    assert.equal(decodeUtf8(padded, 3, 3 + n), ascii, `ASCII of ${n}`);
    for (let at = 0; at < n; at++) {
      const text = ascii.slice(0, at) + "é" + ascii.slice(at + 1);
      const bytes = utf8.encode(text);
      assert.equal(decodeUtf8(bytes, 0, bytes.length), text, `${n} characters, é at ${at}`);
    }
  }
  assert.equal(decodeUtf8(utf8.encode("value-1234\u0000\u007f"), 0, 12), "value-1234\u0000\u007f");
});
