// Bit and HyperLogLog builders: argument layouts beyond the golden vectors, and misuse errors.
import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import * as bits from "./bits.ts";
import * as hll from "./hll.ts";
import { HLL } from "../values.ts";
import { OP_BIT_MODIFY, OP_BIT_READ, OP_HLL_MODIFY, OP_HLL_READ } from "../wire/operations.ts";
import type { Operation } from "./scalar.ts";

test("bit writes end with the policy flags; add/subtract add the overflow and sign flags", () => {
  const r = bits.resize("b", 4, { fromFront: true });
  assert.equal(r.op, OP_BIT_MODIFY);
  assert.equal(r.respondAll, true);
  assert.equal(toHex(r.data), "9400040001");
  assert.equal(
    toHex(bits.add("b", 24, 16, 128, { signed: true, overflow: "wrap" }).data),
    "960a1810cc800005",
  );
  assert.equal(toHex(bits.subtract("b", 0, 8, -1).data), "960b0008cfffffffffffffffff0000");
  assert.equal(toHex(bits.setInt("b", 0, 8, 127, { policy: { noFail: true } }).data), "950c00087f04");
  assert.equal(toHex(bits.lshift("b", 32, 8, 3).data), "950820080300");
});

test("getInt sends the signed flag only when asked", () => {
  const op = bits.getInt("b", 8, 8, { signed: true });
  assert.equal(op.op, OP_BIT_READ);
  assert.equal(toHex(op.data), "9436080801");
  assert.equal(toHex(bits.getInt("b", 8, 8).data), "93360808");
});

test("HLL set operations pack HLL values with the HLL type byte", () => {
  const other = new HLL(Uint8Array.of(1, 2));
  const u = hll.setUnion("h", [other]);
  assert.equal(u.op, OP_HLL_MODIFY);
  assert.equal(toHex(u.data), "930291a312010200");
  const c = hll.getUnionCount("h", [other]);
  assert.equal(c.op, OP_HLL_READ);
  assert.equal(toHex(c.data), "923491a3120102");
  assert.equal(toHex(hll.add("h", ["a"], { indexBitCount: 8 }).data), "950191a2036108ff00");
  assert.equal(toHex(hll.fold("h", 6).data), "920406");
  assert.equal(toHex(hll.refreshCount("h").data), "9103");
});

test("bit and HLL builders reject bad arguments before any I/O", () => {
  assert.throws(() => bits.set("b", 0, 8, [1] as unknown as Uint8Array), TypeError);
  assert.throws(() => bits.get("b", 0, -1), RangeError);
  assert.throws(() => bits.lscan("b", 0, 8, 1 as unknown as boolean), TypeError);
  assert.throws(() => bits.add("b", 0, 8, 1, { overflow: "clamp" as "wrap" }), TypeError);
  assert.throws(() => bits.setInt("b", 0, 8, 1n << 64n), RangeError);
  assert.throws(() => hll.setUnion("h", [Uint8Array.of(1)] as unknown as HLL[]), TypeError);
  assert.throws(() => hll.init("h", 1.5), TypeError);
  assert.throws(() => hll.add("h", "abc" as unknown as string[]), TypeError);
});

test("every bit builder packs its arguments as the C client does (as_bit_operations.c)", () => {
  const v = Uint8Array.of(0xff, 0xc7);
  const rows: [Operation, string][] = [
    [bits.resize("b", 4), "9400040000"],
    [bits.resize("b", 4, { growOnly: true, policy: { createOnly: true, noFail: true } }), "9400040502"],
    [bits.insert("b", 1, v), "940101a304ffc700"],
    [bits.remove("b", 2, 3, { policy: { partial: true } }), "9402020308"],
    [bits.set("b", 13, 3, Uint8Array.of(0xe0)), "95030d03a204e000"],
    [bits.or("b", 17, 6, Uint8Array.of(0xa8)), "95041106a204a800"],
    [bits.xor("b", 17, 6, Uint8Array.of(0xac)), "95051106a204ac00"],
    [bits.and("b", 23, 9, Uint8Array.of(0x3c, 0x80)), "95061709a3043c8000"],
    [bits.not("b", 25, 6), "9407190600"],
    [bits.lshift("b", 32, 8, 3), "950820080300"],
    [bits.rshift("b", 0, 9, 1), "950900090100"],
    [bits.add("b", 24, 16, 128), "960a1810cc800000"],
    [bits.subtract("b", 24, 16, 128, { signed: true, overflow: "saturate" }), "960b1810cc800003"],
    [bits.setInt("b", 1, 8, 127), "950c01087f00"],
    [bits.setInt("b", 0, 8, -1), "950c0008ff00"],
    [bits.get("b", -12, 4), "9332f404"],
    [bits.count("b", 20, 4), "93331404"],
    [bits.lscan("b", 24, 8, false), "94341808c2"],
    [bits.rscan("b", 32, 8, true), "94352008c3"],
    [bits.getInt("b", 8, 16), "93360810"],
  ];
  for (const [op, hexBytes] of rows) assert.equal(toHex(op.data), hexBytes);
});

test("every HLL builder packs its arguments as the C client does (as_hll_operations.c)", () => {
  const h = new HLL(Uint8Array.of(9));
  const rows: [Operation, string][] = [
    [hll.init("h", 10), "94000aff00"],
    [hll.init("h", 10, { minHashBitCount: 4, policy: { createOnly: true, noFail: true } }), "94000a0405"],
    [hll.add("h", ["a", 1], { indexBitCount: 8, minHashBitCount: 0 }), "950192a2036101080000"],
    [hll.setUnion("h", [h], { policy: { allowFold: true } }), "930291a2120908"],
    [hll.refreshCount("h"), "9103"],
    [hll.fold("h", 6), "920406"],
    [hll.getCount("h"), "9132"],
    [hll.getUnion("h", [h]), "923391a21209"],
    [hll.getUnionCount("h", [h]), "923491a21209"],
    [hll.getIntersectCount("h", [h]), "923591a21209"],
    [hll.getSimilarity("h", [h]), "923691a21209"],
    [hll.describe("h"), "9137"],
  ];
  for (const [op, hexBytes] of rows) assert.equal(toHex(op.data), hexBytes);
  assert.deepEqual([hll.getCount("h").op, hll.init("h", 4).op], [OP_HLL_READ, OP_HLL_MODIFY]);
});
