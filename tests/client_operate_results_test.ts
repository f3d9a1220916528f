// operate() resolves `bins` (last result per bin) and `results` (one entry per operation, in
// request order), also for writes that answer nothing, several operations on one bin, reads of
// missing bins and mixes of positional (map/exp) and bin-matched (list/scalar) replies.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { exp, Key, lists, maps, ops } from "../mod.ts";
import { plain } from "./helpers/cdt_cases.ts";

targetTest("operate gives writes a null result and keeps the last value per bin", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("opres"), "scalar");
  const rec = await client.operate(key, [ops.write("a", 1), ops.add("a", 2), ops.read("a"), ops.read("a")]);
  assert.deepEqual(rec.results, [null, null, 3, 3]);
  assert.deepEqual(plain(rec.bins), { a: 3 });
});

targetTest("several list operations on one bin each keep their own result", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("opres"), "list");
  const rec = await client.operate(key, [
    lists.append("l", 1),
    lists.append("l", 2),
    lists.getByIndex("l", 0),
    lists.sort("l"),
    lists.size("l"),
  ]);
  assert.deepEqual(rec.results, [1, 2, 1, null, 2]);
  assert.equal(rec.bins.l, 2);
});

targetTest("map, scalar and expression operations in one call line up with the request", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("opres"), "mixed");
  await client.put(key, { n: 41 });
  const rec = await client.operate(key, [
    ops.write("x", 5),
    maps.put("m", "a", 1),
    ops.read("x"),
    exp.write("flag", exp.bool(true)),
    exp.read("sum", exp.add(exp.intBin("n"), 1)),
    maps.size("m"),
  ]);
  assert.deepEqual(rec.results, [null, 1, 5, null, 42, 1]);
  assert.deepEqual(plain(rec.bins), { x: 5, m: 1, flag: null, sum: 42 });
});

targetTest("a read of a missing bin answers null, also when a later operation creates the bin", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("opres"), "missing");
  await client.put(key, { other: 1 });
  const first = await client.operate(key, [ops.read("nope"), ops.read("other")]);
  assert.deepEqual(first.results, [null, 1]);
  assert.equal("nope" in first.bins, false);
  const rec = await client.operate(key, [ops.read("l"), lists.append("l", 7), ops.read("l")]);
  assert.deepEqual(rec.results, [null, 1, [7]]);
  assert.deepEqual(rec.bins.l, [7]);
  const size = await client.operate(key, [lists.size("q"), lists.append("q", 1), lists.size("q")]);
  assert.deepEqual(size.results, [null, 1, 1]);
});
