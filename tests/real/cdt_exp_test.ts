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

// Found by the differential fuzzer (issue 13): what the server answers for expression errors.
targetTest(
  "expression errors answer as the server: build errors 4, unknown 26 or 27",
  async ({ client, ns, set }) => {
    const key = new Key(ns, set("experr"), "e");
    await client.put(key, { n: 7, s: "alice", m: { a: 1, b: 2 } });
    const code = async (e: exp.Expression, o?: exp.ExpReadOptions): Promise<unknown> => {
      try {
        return (await client.operate(key, [exp.read("r", e, o)])).results[0];
      } catch (err) {
        return err instanceof AerospikeError ? { code: err.code } : err;
      }
    };
    const rows: [string, exp.Expression, unknown][] = [
      ["integer division by zero is unknown", exp.div(exp.intBin("n"), 0), { code: 26 }],
      ["modulo by zero is unknown", exp.mod(exp.intBin("n"), 0), { code: 26 }],
      ["div of one operand is its reciprocal", exp.div(exp.intBin("n")), 0],
      ["div divides by the product of the rest", exp.div(100, 2, 5), 10],
      ["toInt out of range is INT64_MIN", exp.toInt(exp.float(1e30)), -(2n ** 63n)],
      ["int vs float is a build error", exp.add(exp.intBin("n"), exp.float(1.5)), { code: 4 }],
      ["compare of different types is a build error", exp.lt(exp.intBin("n"), "a"), { code: 4 }],
      ["cond of different branch types is a build error", exp.cond(true, 1, "x"), { code: 4 }],
      ["unknown() is unknown", exp.unknown(), { code: 26 }],
      ["a failed CDT call is unknown", exp.mapGetByKey(exp.mapBin("m"), "zz", "int"), { code: 26 }],
      ["regex in POSIX basic syntax", exp.regex("a\\(l\\)i", exp.strBin("s")), true],
      ["eq of unordered maps is unknown", exp.eq(exp.map(new Map([["b", 1], ["a", 2]])), exp.map({ a: 1 })), {
        code: 26,
      }],
    ];
    for (const [name, e, want] of rows) assert.deepEqual(await code(e), want, name);
    assert.equal(
      await code(exp.div(exp.intBin("n"), 0), { evalNoFail: true }),
      null,
      "eval-no-fail: no value",
    );
    await assert.rejects(client.get(key, undefined, { filter: exp.build(exp.add(1, 2)) }), {
      code: ResultCode.PARAMETER_ERROR,
    });
    await assert.rejects(client.get(key, undefined, { filter: exp.build(exp.eq(exp.div(1, 0), 1)) }), {
      code: ResultCode.FILTERED_OUT,
    });
    // exp.write: a nil result on a missing bin is no error; with any flag a refused delete is skipped.
    await client.operate(key, [exp.write("none", exp.nil())]);
    await client.operate(key, [exp.write("n", exp.nil(), { evalNoFail: true })]);
    await assert.rejects(client.operate(key, [exp.write("n", exp.nil())]), {
      code: ResultCode.OP_NOT_APPLICABLE,
    });
    assert.equal((await client.get(key))?.bins.n, 7);
    await client.remove(key);
  },
);
