// Expressions end to end through the client against the target (the mock, or the real server
// under AEROSPIKE_HOSTS): filters on every command kind, expression reads and writes, and the
// geo geometry shared by filters and index queries. Operator-level checks of the mock's
// interpreter are in tests/mock_exp_ops_test.ts; the differential fuzzer compares both sides.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { plain } from "./helpers/cdt_cases.ts";
import { AerospikeError, exp, Filter, GeoJSON, Key, lists, ops, ResultCode } from "../mod.ts";

targetTest(
  "a filter applies to get, put, operate, batch and query, and geo queries use the same geometry",
  async (t) => {
    const { client, ns } = t;
    const set = t.set("expf");
    const near = new Key(ns, set, "near");
    const far = new Key(ns, set, "far");
    await client.put(near, { loc: GeoJSON.point(103.9, 1.3), n: 1 });
    await client.put(far, { loc: GeoJSON.point(-122.4, 37.8), n: 2 });
    const region = exp.geo(GeoJSON.circle(103.8, 1.35, 200_000));
    const inRegion = exp.build(exp.geoCompare(exp.geoBin("loc"), region));
    assert.equal((await client.get(near, undefined, { filter: inRegion }))?.bins.n, 1);
    await assert.rejects(client.get(far, undefined, { filter: inRegion }), { code: ResultCode.FILTERED_OUT });
    await assert.rejects(client.put(far, { n: 3 }, { filter: inRegion }), { code: ResultCode.FILTERED_OUT });
    await assert.rejects(client.operate(far, [lists.append("l", 1)], { filter: inRegion }), {
      code: ResultCode.FILTERED_OUT,
    });
    const rows = await client.batchGet([near, far], undefined, { filter: inRegion });
    assert.deepEqual(rows.map((r) => r?.bins.n ?? null), [1, null]);
    const scanned: number[] = [];
    for await (const r of client.query(ns, set, { expression: inRegion })) scanned.push(r.bins.n as number);
    assert.deepEqual(scanned, [1]);
    const index = `${set}_loc`;
    await client.createIndex({ ns, set, bin: "loc", name: index, type: "geo2dsphere" });
    try {
      const viaIndex: number[] = [];
      const q = client.query(ns, set, { filter: Filter.geoWithinRadius("loc", 103.8, 1.35, 200_000) });
      for await (const r of q) viaIndex.push(r.bins.n as number);
      assert.deepEqual(viaIndex, scanned);
    } finally {
      await client.dropIndex(ns, index);
    }
  },
);

targetTest("expression reads and writes answer in operate, and mixed number types are refused", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("exp"), "exp");
  await client.put(key, { n: 7, l: [5, 1, 4], loc: GeoJSON.point(103.9, 1.3) });
  const rec = await client.operate(key, [
    exp.read("sum", exp.add(exp.intBin("n"), 1)),
    exp.read("big", exp.listGetByRank(exp.listBin("l"), -1, "int")),
    exp.read("app", exp.listAppend(exp.listBin("l"), 9)),
    exp.read("bits", exp.intArshift(-16, 2)),
    exp.write("flag", exp.gt(exp.listSize(exp.listBin("l")), 2)),
  ]);
  assert.deepEqual(plain(rec.results), [8, 5, [5, 1, 4, 9], -4, null]);
  assert.equal((await client.get(key, ["flag"]))?.bins.flag, true);
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
