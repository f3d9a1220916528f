// Bitwise and HyperLogLog tables against the target (the mock, or the real server under
// AEROSPIKE_HOSTS): the same rows judge both.
import { targetTest } from "../helpers/target.ts";
import { BIT_CASES, runBitCase } from "../helpers/bit_cases.ts";
import { HLL_SCENARIOS } from "../helpers/hll_cases.ts";
import assert from "node:assert/strict";
import { bits, Key, type Operation, ResultCode } from "../../mod.ts";
import { resultCode } from "../helpers/errors.ts";

targetTest("every row of the bit table gives the server's results, blob and result code", async (t) => {
  const key = new Key(t.ns, t.set("bits"), "row");
  for (const c of BIT_CASES) await runBitCase(t.client, key, c);
});

for (const s of HLL_SCENARIOS) {
  targetTest(`HLL: ${s.name}`, (t) => s.run(t.client, t.ns, t.set("hll")));
}

// Found by the differential fuzzer (issue 13): a node parses a bit op before it looks at the
// bin's type, so a malformed op on a non-blob bin is PARAMETER_ERROR, a well-formed one
// BIN_TYPE_ERROR, and create-only answers BIN_EXISTS first.
targetTest(
  "a bit op on a bin of another type: parse errors first, then create-only, then the type",
  async (t) => {
    const key = new Key(t.ns, t.set("bittype"), "row");
    await t.client.put(key, { b: 5, s: "str" });
    const code = (ops: Operation[]) => resultCode(t.client.operate(key, ops));
    assert.equal(await code([bits.count("b", 0, 0)]), ResultCode.PARAMETER_ERROR, "size 0 is malformed");
    assert.equal(await code([bits.count("b", 0, 8)]), ResultCode.BIN_TYPE_ERROR);
    assert.equal(await code([bits.insert("s", 0, new Uint8Array(0))]), ResultCode.PARAMETER_ERROR);
    assert.equal(await code([bits.not("s", 0, 8)]), ResultCode.BIN_TYPE_ERROR);
    assert.equal(
      await code([bits.resize("s", 2, { policy: { createOnly: true } })]),
      ResultCode.BIN_EXISTS_ERROR,
    );
    assert.equal(await code([bits.resize("s", 2, { policy: { createOnly: true, noFail: true } })]), 0);
    await t.client.remove(key);
  },
);
