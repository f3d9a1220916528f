// The list, map and context table (tests/helpers/cdt_cases.ts) against the mock: op x input ->
// expected results or result code. tests/real/cdt_exp_test.ts runs the same rows on a real server.
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { type CdtCase, LIST_CASES, runCase } from "./helpers/cdt_cases.ts";
import { CTX_CASES, MAP_CASES } from "./helpers/cdt_map_cases.ts";

function table(title: string, cases: CdtCase[]): void {
  test(`the mock answers every ${title} row of the CDT table as a server does`, async () => {
    await withCluster({ nodes: 1 }, async ({ client }) => {
      const failures: string[] = [];
      for (let i = 0; i < cases.length; i++) {
        try {
          await runCase(client, "test", "cdt_table", cases[i], `${title}${i}`);
        } catch (e) {
          failures.push(`${cases[i].name}: ${(e as Error).message}`);
        }
      }
      if (failures.length > 0) throw new Error(`${failures.length} rows failed:\n${failures.join("\n\n")}`);
    });
  });
}

table("list", LIST_CASES);
table("map", MAP_CASES);
table("context", CTX_CASES);
