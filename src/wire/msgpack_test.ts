import assert from "node:assert/strict";
import { hex, test, toHex } from "../../tests/helpers/test.ts";
import { loadStep, opsOf } from "../../tests/helpers/vectors.ts";
import { Double, GeoJSON, HLL, OrderedMap, SpecialValue, type Value } from "./values.ts";
import {
  compareMapKeys,
  MSGPACK_MAX_DEPTH,
  MsgPackReader,
  MsgPackWriter,
  packValue,
  unpackValue,
} from "./msgpack.ts";
import { WireFormatError } from "./proto.ts";

/** Deep copy with null-prototype plain objects, the shape decoded maps take. */
function bare(v: Value): Value {
  if (Array.isArray(v)) return v.map(bare);
  if (v === null || typeof v !== "object" || v instanceof Uint8Array || v instanceof Map) return v;
  if (v instanceof Double || v instanceof GeoJSON || v instanceof HLL || v instanceof SpecialValue) return v;
  const out = Object.create(null) as { [k: string]: Value };
  for (const k of Object.keys(v)) out[k] = bare(v[k]);
  return out;
}

const hexOf = (v: Value): string => toHex(packValue(v));
const roundTrip = (v: Value): Value => unpackValue(packValue(v));

test("packValue matches the official client's CDT bytes in put_cdt byte for byte", async () => {
  const step = await loadStep("put_cdt");
  const ops = opsOf(step.frames[0].bytes);
  assert.deepEqual(ops.map((o) => [o.name, o.type]), [["l", 20], ["m", 19]]);
  assert.equal(toHex(packValue([1, "a", [2.5, true]])), toHex(ops[0].data));
  assert.equal(toHex(packValue({ x: 1, y: ["z"] })), toHex(ops[1].data));
  assert.equal(hexOf({ x: 1, y: ["z"] }), "83c70001c0a2037801a2037991a2037a");
});

test("the CDT values of get_cdt decode to what the official client returned", async () => {
  const ops = opsOf((await loadStep("get_cdt")).frames[1].bytes);
  assert.deepEqual(unpackValue(ops[0].data), [1, "a", [2.5, true]]);
  assert.deepEqual(unpackValue(ops[1].data), bare({ x: 1, y: ["z"] }));
});

test("list, map and nested replies of the second capture decode to the described results", async () => {
  const lists = opsOf((await loadStep("more/list_ops")).frames[1].bytes).filter((o) => o.type === 20);
  assert.deepEqual(lists.map((o) => unpackValue(o.data)), [[5, 1], [2, 3]]);
  // getByKeyRange KEY_VALUE answers a map whose flags entry (8: preserve order) must be skipped.
  const maps = opsOf((await loadStep("more/map_ops")).frames[1].bytes).filter((o) => o.type === 19);
  assert.equal(toHex(maps[0].data).slice(0, 10), "83c70008c0");
  assert.deepEqual(unpackValue(maps[0].data), bare({ b: 2, c: 3 }));
  const nested = opsOf((await loadStep("more/get_nested")).frames[1].bytes)[0];
  assert.deepEqual(unpackValue(nested.data), bare({ y: 1, z: { q: 5 } }));
  // An empty plain object is an empty key-ordered map, as the official client sent it in this step.
  assert.ok(
    toHex((await loadStep("more/map_ordered_nested_ctx")).frames[0].bytes).includes(hexOf({ z: {}, y: 1 })),
  );
});

test("integers use the smallest encoding the Go client picks", () => {
  const cases: [number | bigint, string][] = [
    [0, "00"],
    [127, "7f"],
    [128, "cc80"],
    [255, "ccff"],
    [256, "cd0100"],
    [65535, "cdffff"],
    [65536, "ce00010000"],
    [2 ** 32 - 1, "ceffffffff"],
    [2 ** 32, "d30000000100000000"],
    [-1, "ff"],
    [-32, "e0"],
    [-33, "d0df"],
    [-128, "d080"],
    [-129, "d1ff7f"],
    [-32768, "d18000"],
    [-32769, "d2ffff7fff"],
    [-(2 ** 31), "d280000000"],
    [-(2 ** 31) - 1, "d3ffffffff7fffffff"],
    [Number.MAX_SAFE_INTEGER, "d3001fffffffffffff"],
    [Number.MIN_SAFE_INTEGER, "d3ffe0000000000001"],
    [5n, "05"],
    [-200n, "d1ff38"],
    [2n ** 53n, "d30020000000000000"],
    [2n ** 63n - 1n, "d37fffffffffffffff"],
    [-(2n ** 63n), "d38000000000000000"],
    [2n ** 63n, "cf8000000000000000"],
    [2n ** 64n - 1n, "cfffffffffffffffff"],
  ];
  for (const [v, h] of cases) assert.equal(hexOf(v), h, `encoding of ${v}`);
  for (const [v] of cases) {
    const back = roundTrip(v);
    const safe = typeof v === "number" ||
      (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER));
    assert.equal(back, safe ? Number(v) : v, `decoding of ${v}`);
  }
});

test("integers outside int64 and uint64 are refused with a RangeError", () => {
  assert.throws(() => packValue(2n ** 64n), RangeError);
  assert.throws(() => packValue(-(2n ** 63n) - 1n), RangeError);
  assert.throws(() => new MsgPackWriter().packInt(1.5), RangeError);
});

test("64-bit integers decode as numbers when safe and bigints otherwise, never rounded", () => {
  assert.equal(unpackValue(hex("cf001fffffffffffff")), Number.MAX_SAFE_INTEGER);
  assert.equal(unpackValue(hex("cf0020000000000000")), 2n ** 53n);
  assert.equal(unpackValue(hex("d3ffe0000000000000")), -(2n ** 53n));
  assert.equal(unpackValue(hex("d3ffffffffffffffff")), -1);
  assert.equal(unpackValue(hex("cfffffffffffffffff")), 2n ** 64n - 1n);
  assert.equal(unpackValue(hex("ceffffffff")), 2 ** 32 - 1);
  assert.equal(unpackValue(hex("d2ffffffff")), -1);
});

test("non-integers and Double go as float64 and float32 decodes too", () => {
  assert.equal(hexOf(2.5), "cb4004000000000000");
  assert.equal(hexOf(new Double(2)), "cb4000000000000000");
  assert.equal(hexOf(2 ** 53), "cb4340000000000000"); // not a safe integer: a double
  assert.equal(unpackValue(hex("ca40200000")), 2.5);
  assert.equal(roundTrip(-0.1), -0.1);
  assert.equal(roundTrip(Infinity), Infinity);
  assert.ok(Number.isNaN(roundTrip(NaN)));
});

test("strings carry particle type 3 and use every str header size", () => {
  assert.equal(hexOf("a"), "a20361");
  assert.equal(hexOf(""), "a103");
  assert.equal(hexOf("a".repeat(20)), "b503" + "61".repeat(20)); // worst-case header shrunk back to fixstr
  const sizes: [number, string][] = [[30, "bf"], [31, "d920"], [254, "d9ff"], [255, "da0100"], [
    65534,
    "daffff",
  ], [
    65535,
    "db00010000",
  ]];
  for (const [n, header] of sizes) {
    const s = "x".repeat(n);
    const bytes = packValue(s);
    assert.equal(toHex(bytes.subarray(0, header.length / 2)), header, `header for ${n} chars`);
    assert.equal(unpackValue(bytes), s);
  }
});

test("unicode strings round-trip on the short and the long path", () => {
  for (
    const s of ["héllo", "日本語", "😀", "a😀b", "é".repeat(40), "😀".repeat(5000), "x".repeat(70000) + "é"]
  ) {
    assert.equal(roundTrip(s), s);
    assert.equal(toHex(packValue(s)).endsWith(toHex(new TextEncoder().encode(s))), true);
  }
  assert.equal(roundTrip("\ud800"), "\ufffd"); // a lone surrogate becomes U+FFFD, as TextEncoder does
});

test("blobs use the str family with type 4 and the bin family decodes too", () => {
  assert.equal(hexOf(new Uint8Array([1, 2, 3])), "a404010203");
  assert.deepEqual(roundTrip(new Uint8Array([1, 2, 3])), new Uint8Array([1, 2, 3]));
  assert.deepEqual(unpackValue(hex("c40404010203")), new Uint8Array([1, 2, 3]));
  assert.deepEqual(unpackValue(hex("c400")), new Uint8Array(0));
  assert.deepEqual(unpackValue(hex("c50002030a")), "\n");
  assert.deepEqual(unpackValue(hex("a3090102")), new Uint8Array([1, 2])); // Python blob type 9
  assert.deepEqual(roundTrip(new HLL(new Uint8Array([7]))), new Uint8Array([7]));
  const big = new Uint8Array(70000).fill(9);
  assert.deepEqual(roundTrip(big), big);
  assert.throws(() => unpackValue(hex("a26301")), /unknown particle type 99/);
});

test("GeoJSON inside a CDT carries type 23 and decodes back to GeoJSON", () => {
  const g = GeoJSON.point(1, 2);
  assert.equal(
    toHex(packValue(g)),
    "d9" + (g.text.length + 1).toString(16) + "17" + toHex(new TextEncoder().encode(g.text)),
  );
  assert.deepEqual(roundTrip([g]), [g]);
});

test("booleans, nil, empty containers and nested lists round-trip", () => {
  assert.equal(hexOf([true, false, null]), "93c3c2c0");
  assert.equal(hexOf([]), "90");
  assert.equal(hexOf(new Map()), "80");
  assert.equal(hexOf({}), "81c70001c0");
  const v = [[], [[1, [2, [3, "deep"]]]], Array.from({ length: 20 }, (_, i) => i), { a: [] }];
  assert.deepEqual(roundTrip(v), bare(v));
  assert.equal(hexOf(Array.from({ length: 16 }, () => 0)).slice(0, 6), "dc0010");
  assert.deepEqual(roundTrip(new Array(70000).fill(1)), new Array(70000).fill(1));
});

test("a Map keeps insertion order and no flags; OrderedMap sends flags and sorted keys", () => {
  assert.equal(hexOf(new Map<Value, Value>([[2, "b"], [1, "a"]])), "8202a2036201a20361");
  assert.equal(hexOf(new OrderedMap<Value, Value>([[2, "b"], [1, "a"]])), "83c70001c001a2036102a20362");
  assert.equal(hexOf(new OrderedMap<Value, Value>([[1, 1]], "keyValueOrdered")), "82c70003c00101");
  assert.equal(hexOf(new OrderedMap<Value, Value>([[1, 1]], "unordered")), "810101");
  const mixed = new OrderedMap<Value, Value>([["b", 1], [new Uint8Array([0]), 2], [2, 3], [-1n, 4], [
    "a",
    5,
  ]]);
  const back = roundTrip(mixed) as OrderedMap<Value, Value>;
  assert.ok(back instanceof OrderedMap);
  assert.equal(back.order, "keyOrdered");
  assert.deepEqual([...back.keys()], [-1, 2, "a", "b", new Uint8Array([0])]);
  const plain = roundTrip(new Map<Value, Value>([[1, "x"], ["k", [1]]]));
  assert.ok(plain instanceof Map && !(plain instanceof OrderedMap));
  assert.deepEqual([...plain], [[1, "x"], ["k", [1]]]);
});

test("plain object keys are sorted in UTF-8 byte order, not UTF-16 order", () => {
  assert.equal(hexOf({ b: 1, a: 2 }), "83c70001c0a2036102a2036201");
  const bytes = toHex(packValue({ "😀": 1, "\uffff": 2 }));
  assert.ok(bytes.indexOf("efbfbf") < bytes.indexOf("f09f9880"), bytes);
  assert.ok(compareMapKeys("\uffff", "😀") < 0 && compareMapKeys("😀", "\uffff") > 0);
  assert.ok(compareMapKeys(10, "a") < 0 && compareMapKeys("a", new Uint8Array()) < 0);
  assert.ok(compareMapKeys(2n ** 60n, 3) > 0 && compareMapKeys("ab", "a") > 0);
});

test("maps with only string keys decode to null-prototype objects where __proto__ is data", () => {
  const src = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as Value;
  const back = roundTrip(src) as { [k: string]: Value };
  assert.equal(Object.getPrototypeOf(back), null);
  assert.deepEqual(Object.keys(back), ["__proto__", "constructor"]);
  assert.deepEqual(back["__proto__"], bare({ polluted: true }));
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  assert.deepEqual(unpackValue(hex("82a2036101a2036202")), bare({ a: 1, b: 2 }));
});

test("wildcard and infinity encode as the server's ext values and decode to the same objects", () => {
  assert.equal(hexOf(SpecialValue.WILDCARD), "d4ff00");
  assert.equal(hexOf(SpecialValue.INFINITY), "d4ff01");
  assert.equal(roundTrip(SpecialValue.WILDCARD), SpecialValue.WILDCARD);
  assert.equal((roundTrip([SpecialValue.INFINITY]) as Value[])[0], SpecialValue.INFINITY);
});

test("an ordered list's leading flags ext is skipped, elsewhere it is an error", () => {
  assert.deepEqual(unpackValue(hex("93c700010305")), [3, 5]);
  assert.throws(() => unpackValue(hex("9201c70001")), WireFormatError);
  assert.throws(() => unpackValue(hex("c70001")), WireFormatError);
});

test("values that are not Aerospike values are refused with a TypeError", () => {
  class Foo {}
  const bad: unknown[] = [undefined, () => 1, Symbol("s"), new Date(), new Foo(), new Int16Array(2), {
    a: undefined,
  }, [
    undefined,
  ]];
  for (const v of bad) assert.throws(() => packValue(v as Value), TypeError, String(v));
  assert.throws(() => packValue(new Map<Value, Value>([[1, undefined as unknown as Value]])), TypeError);
});

test("a cyclic value fails with a RangeError instead of overflowing the stack", () => {
  const a: Value[] = [];
  a.push(a);
  assert.throws(() => packValue(a), RangeError);
});

test("truncated input at every length throws WireFormatError", () => {
  const whole = packValue([
    1,
    "abc",
    2.5,
    2n ** 63n,
    { k: [new Uint8Array([1]), null] },
    -70000,
    "x".repeat(300),
  ]);
  for (let n = 0; n < whole.length; n++) {
    assert.throws(() => unpackValue(whole.subarray(0, n)), WireFormatError, `prefix of ${n} bytes`);
    // The same bytes in a bigger buffer with `end` set: nothing past `end` may be read.
    assert.throws(() => unpackValue(whole, 0, n), WireFormatError, `end ${n}`);
  }
  assert.throws(() => unpackValue(hex("91c7"), 0, 2), WireFormatError);
  assert.throws(() => new MsgPackReader(hex("91c70001"), 0, 2).unpackValue(), WireFormatError);
});

test("lengths past the end, reserved bytes, unknown exts and trailing bytes throw WireFormatError", () => {
  const bad = [
    "ddffffffff",
    "dfffffffff",
    "dbffffffff03",
    "c6ffffffff",
    "c9ffffffff01",
    "c1",
    "92c1",
    "d40100",
    "c70107ff",
    "d80000",
    "0102",
    "9101ff",
  ];
  for (const h of bad) assert.throws(() => unpackValue(hex(h)), WireFormatError, h);
  assert.throws(() => unpackValue(new Uint8Array(4), 2, 5), WireFormatError);
  assert.throws(() => unpackValue(new Uint8Array(4), 3, 2), WireFormatError);
});

test("a depth bomb is refused before the stack overflows", () => {
  const lists = new Uint8Array(100_001).fill(0x91);
  lists[lists.length - 1] = 0;
  assert.throws(() => unpackValue(lists), WireFormatError);
  const maps = new Uint8Array(4 * 50_000 + 1);
  for (let i = 0; i < 50_000; i++) maps.set([0x81, 0xa2, 0x03, 0x61], i * 4);
  assert.throws(() => unpackValue(maps), WireFormatError);
  let ok: Value = 1;
  for (let i = 0; i < MSGPACK_MAX_DEPTH; i++) ok = [ok];
  assert.deepEqual(roundTrip(ok), ok);
  assert.throws(() => packValue([ok]), RangeError);
  assert.throws(() => unpackValue(hex("91" + toHex(packValue(ok)))), WireFormatError);
});

test("random bytes only ever fail with WireFormatError", () => {
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x80000000;
  for (let i = 0; i < 20000; i++) {
    const b = new Uint8Array(1 + Math.floor(rnd() * 24));
    for (let j = 0; j < b.length; j++) {
      b[j] = rnd() < 0.5 ? Math.floor(rnd() * 256) : [0x91, 0x81, 0xa2, 0x03, 0xc7][j % 5];
    }
    try {
      unpackValue(b);
    } catch (e) {
      assert.ok(e instanceof WireFormatError, `${toHex(b)}: ${e}`);
    }
  }
});

test("MsgPackReader reads headers and values and reports offset and remaining", () => {
  const bytes = hex("ff" + "92" + "01" + "81a2036101" + "ff");
  const r = new MsgPackReader(bytes, 1, bytes.length - 1);
  assert.equal(r.readArrayHeader(), 2);
  assert.equal(r.unpackValue(), 1);
  assert.equal(r.offset, 3);
  assert.equal(r.readMapHeader(), 1);
  assert.equal(r.unpackValue(), "a");
  assert.equal(r.unpackValue(), 1);
  assert.equal(r.remaining, 0);
  assert.throws(() => r.unpackValue(), WireFormatError);
  assert.throws(() => new MsgPackReader(hex("01")).readArrayHeader(), /expected a msgpack array/);
  assert.throws(() => new MsgPackReader(hex("91")).readMapHeader(), /expected a msgpack map/);
  assert.equal(new MsgPackReader(hex("dc0100")).readArrayHeader(), 256);
  assert.equal(new MsgPackReader(hex("df00010000")).readMapHeader(), 65536);
});

test("MsgPackWriter grows, resets, patches and copies", () => {
  const w = new MsgPackWriter(16);
  w.writeUint32(0);
  for (let i = 0; i < 5000; i++) w.packInt(i);
  w.setUint32(0, w.length - 4);
  const out = w.toBytes();
  assert.equal(new DataView(out.buffer).getUint32(0), out.length - 4);
  assert.deepEqual(w.view(), out);
  out[4] = 0xff;
  assert.equal(w.view()[4], 0); // toBytes is a copy
  assert.throws(() => w.setUint32(w.length - 2, 1), RangeError);
  w.reset();
  w.packArrayHeader(3);
  w.packRawString("ab");
  w.packMapHeaderWithFlags(1, 1);
  w.packBool(true);
  w.packNil();
  w.packMapHeader(70000);
  w.packArrayHeader(70000);
  assert.equal(toHex(w.toBytes()), "93a2616282c70001c0c3c0df00011170dd00011170");
});
