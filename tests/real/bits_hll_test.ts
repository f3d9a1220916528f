// Bitwise and HyperLogLog operations against a real server (AEROSPIKE_HOSTS): the same table and
// scenarios the mock passes (tests/mock_bits_test.ts, tests/mock_hll_test.ts), so a mock that
// drifts from the server shows here.
import { test } from "../helpers/test.ts";
import { NO_SERVER, REAL_NS, runSet, withRealClient } from "./real_env.ts";
import { BIT_CASES, runBitCase } from "../helpers/bit_cases.ts";
import { HLL_SCENARIOS } from "../helpers/hll_cases.ts";
import { Key } from "../../mod.ts";

const ignore = NO_SERVER;
const ns = REAL_NS;
const set = runSet("aerolite_bits");
const withClient = withRealClient;

test("real: every row of the bit table gives the server's results, blob and result code", async () => {
  await withClient(async (client) => {
    const key = new Key(ns, set, "row");
    for (const c of BIT_CASES) await runBitCase(client, key, c);
  });
}, { ignore });

for (const s of HLL_SCENARIOS) {
  test(`real: HLL: ${s.name}`, async () => {
    await withClient((client) => s.run(client, ns, set));
  }, { ignore });
}
