// The CDT table (lists, maps, contexts) and the expression scenarios against the target (the
// mock, or the real server under AEROSPIKE_HOSTS), so a row where the mock and the server disagree
// fails on the real target.
import assert from "node:assert/strict";
import { targetTest } from "../helpers/target.ts";
import { AerospikeError, exp, GeoJSON, Key, lists, ops, ResultCode } from "../../mod.ts";
import { type CdtCase, LIST_CASES, plain, runCase } from "../helpers/cdt_cases.ts";
import { CTX_CASES, MAP_CASES } from "../helpers/cdt_map_cases.ts";
import { updateDocument } from "../../examples/nested_document.ts";
import { LIMIT, runCounter } from "../../examples/counter_expressions.ts";

function table(title: string, cases: CdtCase[]): void {
  targetTest(`every ${title} row of the CDT table`, async ({ client, ns, set: setName }) => {
    const set = setName("cdt");
    {
      const failures: string[] = [];
      for (let i = 0; i < cases.length; i++) {
        try {
          await runCase(client, ns, set, cases[i], `${title}${i}`);
        } catch (e) {
          failures.push(`${cases[i].name}: ${(e as Error).message}`);
        }
      }
      if (failures.length > 0) throw new Error(`${failures.length} rows failed:\n${failures.join("\n\n")}`);
    }
  });
}

table("list", LIST_CASES);
table("map", MAP_CASES);
table("context", CTX_CASES);

targetTest("expression reads, writes and filters answer as on the server", async ({ client, ns, set }) => {
  {
    const key = new Key(ns, set("exp"), "exp");
    await client.put(key, { n: 7, l: [5, 1, 4], loc: GeoJSON.point(103.9, 1.3) });
    const rec = await client.operate(key, [
      exp.read("sum", exp.add(exp.intBin("n"), 1)),
      exp.read("big", exp.listGetByRank(exp.listBin("l"), -1, "int")),
      exp.read("app", exp.listAppend(exp.listBin("l"), 9)),
      exp.read("bits", exp.intArshift(-16, 2)),
      exp.write("flag", exp.gt(exp.listSize(exp.listBin("l")), 2)),
    ]);
    assert.deepEqual(plain(rec.results), [8, 5, [5, 1, 4, 9], -4, null]);
    const near = exp.build(
      exp.geoCompare(exp.geoBin("loc"), exp.geo(GeoJSON.circle(103.8, 1.35, 200_000))),
    );
    assert.equal((await client.get(key, ["n"], { filter: near }))?.bins.n, 7);
    const far = exp.build(exp.geoCompare(exp.geoBin("loc"), exp.geo(GeoJSON.circle(0, 0, 1000))));
    await assert.rejects(client.get(key, undefined, { filter: far }), { code: ResultCode.FILTERED_OUT });
    await assert.rejects(
      client.operate(key, [exp.read("x", exp.add(1, 2.5))]),
      (e) => e instanceof AerospikeError && e.code === ResultCode.PARAMETER_ERROR,
    );
    const results = await client.operate(key, [
      ops.read("missing"),
      lists.append("missing", 1),
      ops.read("missing"),
    ]);
    assert.deepEqual(results.results, [null, 1, [1]]);
    await client.remove(key);
  }
});

targetTest("the examples run against the target", async ({ client, ns }) => {
  {
    const { results } = await updateDocument(client, ns, () => {});
    assert.deepEqual(results, [2, 2, 2, 15, 1, 1]);
    const out = await runCounter(client, ns, LIMIT + 2, () => {});
    assert.deepEqual(out, { accepted: LIMIT, rejected: 2, remaining: 0, full: true });
  }
});
