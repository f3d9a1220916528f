// The mock's HyperLogLog operations: the shared scenarios end to end through client.operate
// (tests/helpers/hll_cases.ts), then the pieces against outside facts: MurmurHash3 reference
// values, the node's compact element bytes, the captured particle, and the node's codes for
// payloads no builder sends.
import assert from "node:assert/strict";
import { test, toHex } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { CAPTURED_HLL, HLL_SCENARIOS } from "./helpers/hll_cases.ts";
import { oneRecord, valueOf, writeOp } from "./helpers/mock_ops.ts";
import { murmur3x64 } from "../server_mock/cdt/murmur.ts";
import { compactElement } from "../server_mock/cdt/hll_element.ts";
import { decodeCdt } from "../server_mock/cdt/value.ts";
import { addElement, getCache, newHll } from "../server_mock/cdt/hll_sketch.ts";
import { estimate, intersectCount, similarity, unionCount } from "../server_mock/cdt/hll_estimate.ts";
import { packValue } from "../src/wire/msgpack.ts";
import { OP_HLL_MODIFY, OP_HLL_READ } from "../src/wire/operations.ts";
import type { Value } from "../src/values.ts";
import * as C from "../src/wire/cdt_codes.ts";

// The shared scenarios are target tests: the same rows judge the mock and the real server.
for (const s of HLL_SCENARIOS) {
  targetTest(`HLL: ${s.name}`, (t) => s.run(t.client, t.ns, t.set("hll")));
}

test("MurmurHash3 x64 128 matches the reference implementation's outputs", () => {
  const enc = new TextEncoder();
  const hex = (v: [bigint, bigint]): string => v.map((x) => x.toString(16).padStart(16, "0")).join(" ");
  assert.equal(hex(murmur3x64(new Uint8Array(0))), "0000000000000000 0000000000000000");
  assert.equal(hex(murmur3x64(enc.encode("hello"))), "cbd8a7b341bd9b02 5b1e906a48ae1d19");
  // 16+ bytes: one full block and a tail.
  const long = murmur3x64(enc.encode("The quick brown fox jumps over the lazy dog"));
  assert.equal(hex(long), "e34bbc7bbc071b6c 7a433ca9c49a9347");
});

test("elements hash as the node's compact msgpack: smallest ints, string headers for short blobs", () => {
  const c = (hexBytes: string): string =>
    toHex(compactElement(decodeCdt(Uint8Array.from(hexBytes.match(/../g)!, (h) => parseInt(h, 16)))));
  assert.equal(c("cd0005"), "05");
  assert.equal(c("d0ff"), "ff");
  assert.equal(c("d1ff80"), "d080");
  assert.equal(c("d1ff00"), "d1ff00");
  assert.equal(c("cf00000000ffffffff"), "ceffffffff");
  assert.equal(c("d3ffffffff00000000"), "d3ffffffff00000000");
  assert.equal(c("d90403616263"), "a403616263");
  assert.equal(c("c4020461"), "a20461");
  const long = "c420" + "04" + "00".repeat(31);
  assert.equal(c(long), long, "a bin8 of 32 bytes is compact to a node: its header stays");
  assert.equal(c("cb3ff8000000000000"), "cb3ff8000000000000");
});

test("init + add of the captured values gives the captured particle byte for byte", () => {
  const h = newHll(10, 0);
  for (const s of ["a", "b", "c", "a"]) addElement(h, compactElement(decodeCdt(packValue(s))));
  assert.equal(h.length, CAPTURED_HLL.size);
  h.forEach((b, i) => assert.equal(b, CAPTURED_HLL.bytes[i] ?? 0, `byte ${i}`));
  assert.equal(estimate(h), 3n);
});

test("estimates: exact for tiny sets, the union never under its parts, intersect by inclusion-exclusion", () => {
  const of = (values: string[], bits = 12, mh = 0): Uint8Array => {
    const h = newHll(bits, mh);
    for (const v of values) addElement(h, compactElement(decodeCdt(packValue(v))));
    return h;
  };
  const a = of(["a", "b", "c"]);
  const b = of(["c", "d"]);
  assert.equal(estimate(newHll(12, 0)), 0n);
  assert.equal(estimate(a), 3n);
  assert.equal(unionCount([a, b]), 4n);
  assert.equal(intersectCount([a, b]), 1n);
  assert.equal(similarity([a, b]), 0.25);
  assert.equal(intersectCount([a, b, of(["c"])]), 1n, "three sketches without minhash");
  assert.ok(Number.isNaN(similarity([newHll(8, 4), newHll(8, 4)])), "two empty minhash sketches: NaN");
  assert.equal(intersectCount([newHll(8, 4), newHll(8, 4)]), 0n);
  assert.equal(getCache(a), 0n, "counting does not write the cache");
});

function reply(op: number, payload: Value, before?: Value): { code: number; value: Value | undefined } {
  const { run } = oneRecord();
  run([writeOp("x", 1)]);
  if (before !== undefined) run([{ op: OP_HLL_MODIFY, particleType: 4, name: "h", data: packValue(before) }]);
  const r = run([{ op, particleType: 4, name: "h", data: packValue(payload) }]);
  return {
    code: r.resultCode,
    value: r.resultCode === 0 && r.ops.length > 0 ? valueOf(r.ops[0]) : undefined,
  };
}

test("malformed HLL payloads answer the node's codes", () => {
  const init = [C.HLL_INIT, 8, -1, 0];
  const rows: [string, number, Value, number][] = [
    ["a read code in a modify", OP_HLL_MODIFY, [C.HLL_COUNT], 4],
    ["a modify code in a read", OP_HLL_READ, [C.HLL_INIT, 8], 4],
    ["too many arguments", OP_HLL_READ, [C.HLL_COUNT, 1], 4],
    ["no elements", OP_HLL_MODIFY, [C.HLL_ADD, [], -1, -1, 0], 4],
    ["a list element", OP_HLL_MODIFY, [C.HLL_ADD, [[1]], -1, -1, 0], 4],
    ["an HLL of the wrong size", OP_HLL_READ, [C.HLL_UNION_COUNT, [new Uint8Array(20)]], 4],
    ["unknown flags", OP_HLL_MODIFY, [C.HLL_INIT, 8, -1, 16], 4],
    ["create-only with update-only", OP_HLL_MODIFY, [C.HLL_INIT, 8, -1, 3], 4],
    ["fold to -1 index bits", OP_HLL_MODIFY, [C.HLL_FOLD, -1], 26],
  ];
  for (const [what, op, payload, code] of rows) assert.equal(reply(op, payload, init).code, code, what);
});

test("may-contain answers 1 for added elements and init with no arguments keeps the bits", () => {
  const add = [C.HLL_ADD, ["a", "b"], 8, -1, 0];
  assert.deepEqual(reply(OP_HLL_READ, [C.HLL_MAY_CONTAIN, ["a", "b"]], add).value, 1);
  assert.deepEqual(reply(OP_HLL_READ, [C.HLL_MAY_CONTAIN, ["zzz-not-there"]], add).value, 0);
  const { run } = oneRecord();
  run([{ op: OP_HLL_MODIFY, particleType: 4, name: "h", data: packValue([C.HLL_INIT, 9, 4, 0]) }]);
  run([{ op: OP_HLL_MODIFY, particleType: 4, name: "h", data: packValue([C.HLL_INIT]) }]);
  const d = run([{ op: OP_HLL_READ, particleType: 4, name: "h", data: packValue([C.HLL_DESCRIBE]) }]);
  assert.deepEqual(valueOf(d.ops[0]), [9, 4]);
});

test("a bin holding a malformed HLL answers 1 (the node's AS_ERR_UNKNOWN)", () => {
  const { run, store, fields } = oneRecord();
  // A put of it answers 4 (tests/mock_put_validation_test.ts), so the bin is planted in the store.
  const bins = new Map([["h", { type: 18, data: new Uint8Array(5) }]]);
  store.namespace("test")!.put({
    digest: fields[2].data,
    set: "s",
    bins,
    generation: 1,
    voidTime: 0,
    lastUpdateMs: 0,
  });
  const r = run([{ op: OP_HLL_READ, particleType: 4, name: "h", data: packValue([C.HLL_COUNT]) }]);
  assert.equal(r.resultCode, 1);
});
