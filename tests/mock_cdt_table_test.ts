// The list, map and context table (tests/helpers/cdt_cases.ts) against the target (the mock, or
// the real server under AEROSPIKE_HOSTS): op x input -> expected results or result code, the
// server's answers being the expected values.
import { targetTest } from "./helpers/target.ts";
import { type CdtCase, LIST_CASES, runCase } from "./helpers/cdt_cases.ts";
import { CTX_CASES, MAP_CASES } from "./helpers/cdt_map_cases.ts";

function table(title: string, cases: CdtCase[]): void {
  targetTest(`every ${title} row of the CDT table answers as the server does`, async (t) => {
    const failures: string[] = [];
    const set = t.set("cdt_table");
    for (let i = 0; i < cases.length; i++) {
      try {
        await runCase(t.client, t.ns, set, cases[i], `${title}${i}`);
      } catch (e) {
        failures.push(`${cases[i].name}: ${(e as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`${failures.length} rows failed:\n${failures.join("\n\n")}`);
  });
}

table("list", LIST_CASES);
table("map", MAP_CASES);
table("context", CTX_CASES);
