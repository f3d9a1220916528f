// List, map and expression operations end to end: our builders through client.operate against the
// mock's CDT executor (hermetic, 127.0.0.1 only). Expressions are not executed by the mock yet.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { ctx, Key, lists, maps } from "../mod.ts";

const plain = (
  v: unknown,
): unknown => (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Map)
  ? { ...v }
  : v);

targetTest("list operations through operate: append, insert, ranked reads and a sorted range", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("cdt"), "list");
  await client.put(key, { l: [5, 1, 4] });
  const rec = await client.operate(key, [
    lists.append("l", 6),
    lists.insert("l", 0, 0),
    lists.getByRank("l", -1),
    lists.size("l"),
    lists.getByValueRange("l", 2, 6),
  ]);
  assert.deepEqual(rec.bins.l, [5, 4]);
  const again = await client.get(key);
  assert.deepEqual(again?.bins.l, [0, 5, 1, 4, 6]);
});

targetTest("map operations through operate return one result per operation", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("cdt"), "map");
  await client.put(key, { m: { a: 1, b: 2, c: 3 } });
  const rec = await client.operate(key, [
    maps.put("m", "d", 4),
    maps.increment("m", "a", 10),
    maps.getByKey("m", "a"),
    maps.getByKeyRange("m", "b", "d", { returnType: "keyValue" }),
    maps.removeByKey("m", "c", { returnType: "value" }),
    maps.size("m"),
    maps.getByRank("m", -1, { returnType: "key" }),
  ]);
  assert.deepEqual(rec.results.map(plain), [4, 11, 11, { b: 2, c: 3 }, 3, 3, "a"]);
});

targetTest("a put through a created map-key context builds the nested map", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("cdt"), "nested");
  const rec = await client.operate(key, [
    maps.put("m", "q", 5, { ctx: [ctx.mapKeyCreate("z", "keyOrdered")] }),
    maps.getByKey("m", "q", { ctx: [ctx.mapKey("z")] }),
  ]);
  assert.deepEqual(rec.results, [1, 5]);
});
