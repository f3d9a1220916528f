// Bitwise and HyperLogLog tables against the target (the mock, or the real server under
// AEROSPIKE_HOSTS): the same rows judge both.
import { targetTest } from "../helpers/target.ts";
import { BIT_CASES, runBitCase } from "../helpers/bit_cases.ts";
import { HLL_SCENARIOS } from "../helpers/hll_cases.ts";
import { Key } from "../../mod.ts";

targetTest("every row of the bit table gives the server's results, blob and result code", async (t) => {
  const key = new Key(t.ns, t.set("bits"), "row");
  for (const c of BIT_CASES) await runBitCase(t.client, key, c);
});

for (const s of HLL_SCENARIOS) {
  targetTest(`HLL: ${s.name}`, (t) => s.run(t.client, t.ns, t.set("hll")));
}
