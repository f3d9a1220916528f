// Bit and HyperLogLog builders: argument layouts beyond the golden vectors, and misuse errors.
import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import * as bits from "./bits.ts";
import * as hll from "./hll.ts";
import { HLL } from "../values.ts";
import { OP_BIT_MODIFY, OP_BIT_READ, OP_HLL_MODIFY, OP_HLL_READ } from "../wire/operations.ts";

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
