// Aggregation queries (stream UDFs) judged on both targets: the node runs the stages up to the
// first reduce, the client the rest in Lua, with the same results and errors on the mock as on a
// real node (CE 8.1.2.0).
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { AerospikeError, Filter, Key, ResultCode } from "../mod.ts";

const MODULE = "lua_stream";
const source = await Deno.readTextFile(new URL("./fixtures/udf/lua_stream.lua", import.meta.url));

targetTest("queryAggregate runs map, filter, aggregate and reduce across the cluster", async (t) => {
  const { client } = t;
  await client.udfRegister(`${MODULE}.lua`, source);
  try {
    const set = t.set("aggr");
    for (let i = 1; i <= 40; i++) {
      await client.put(new Key(t.ns, set, i), { n: i, c: i % 3 === 0 ? "fizz" : "plain" });
    }
    const run = (fn: string, args: unknown[] = [], extra = {}) =>
      client.queryAggregate(t.ns, set, { module: MODULE, fn, args: args as never[], ...extra });
    assert.deepEqual(await run("sum", ["n"]), [820]);
    assert.deepEqual(
      await run("count_by", ["c"]),
      [{ fizz: 13, plain: 27 }].map((o) => Object.assign(Object.create(null), o)),
    );
    assert.deepEqual(await run("above", ["n", 35]), [40]);
    assert.deepEqual(await run("stats", ["n"]), [20.5]);
    // The client stage from the caller's source instead of the cluster's copy.
    assert.deepEqual(await run("sum", ["n"], { source }), [820]);
    // An empty set: no node outputs anything, so the reduce has nothing to reduce.
    assert.deepEqual(
      await client.queryAggregate(t.ns, t.set("aggr_empty"), { module: MODULE, fn: "sum", args: ["n"] }),
      [],
    );
  } finally {
    await client.udfRemove(`${MODULE}.lua`);
  }
}, { nodes: 3 });

targetTest("queryAggregate with an index filter and a failing stream function", async (t) => {
  const { client } = t;
  await client.udfRegister(`${MODULE}.lua`, source);
  const set = t.set("aggrq");
  const index = `aggr_n_${set}`.slice(0, 60);
  try {
    for (let i = 1; i <= 20; i++) await client.put(new Key(t.ns, set, i), { n: i });
    await client.createIndex({ ns: t.ns, set, bin: "n", name: index, type: "numeric" });
    const q = { module: MODULE, fn: "sum", args: ["n"], filter: Filter.range("n", 5, 9) };
    assert.deepEqual(await client.queryAggregate(t.ns, set, q), [35]);
    const failed = await client.queryAggregate(t.ns, set, { module: MODULE, fn: "fails" }).catch((e) => e);
    assert.ok(failed instanceof AerospikeError);
    assert.equal(failed.code, ResultCode.UDF_BAD_RESPONSE);
    assert.match(failed.message, /UDF: Execution Error 2 : .*lua_stream\.lua:31: bad record/);
    const missing = await client.queryAggregate(t.ns, set, { module: MODULE, fn: "no_such_fn", source })
      .catch((e) => e);
    assert.ok(missing instanceof AerospikeError);
    assert.match(missing.message, /UDF: Execution Error 2 : function not found/);
  } finally {
    await client.dropIndex(t.ns, index).catch(() => {});
    await client.udfRemove(`${MODULE}.lua`);
  }
}, { nodes: 3 });
