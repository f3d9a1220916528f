// Record UDFs judged on both targets: tests/fixtures/udf/lua_api.lua runs through the same
// assertions on the mock (which runs Lua 5.4 in WebAssembly) and on a real node. The expected
// values were read from CE 8.1.2.0. Error texts are compared from the module's file name on: a
// node prints its own user-path before it (the mock prints the default /opt/aerospike/usr/udf/lua).
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { AerospikeError, Double, GeoJSON, Key, ResultCode } from "../mod.ts";
import type { Client } from "../mod.ts";

const MODULE = "lua_api";
const source = await Deno.readTextFile(new URL("./fixtures/udf/lua_api.lua", import.meta.url));

/** A value in a comparable shape: Maps as tagged entry lists, bytes as arrays, GeoJSON as text. */
function norm(v: unknown): unknown {
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [norm(k), norm(x)]) };
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (v instanceof GeoJSON) return { geo: v.text };
  if (Array.isArray(v)) return v.map(norm);
  if (v !== null && typeof v === "object") {
    return { map: Object.entries(v).map(([k, x]) => [k, norm(x)]) };
  }
  return v;
}

/** The text of a UDF failure from the module's file name on (or all of it). */
function udfText(e: unknown): string {
  assert.ok(e instanceof AerospikeError, String(e));
  const m = /^[A-Z_]+ \(\d+\): (.*?)(?: \[node [^\]]*\])?$/s.exec(e.message);
  const text = m === null ? e.message : m[1];
  const at = text.indexOf(`${MODULE}.lua:`);
  return at < 0 ? text : text.slice(at);
}

async function failure(p: Promise<unknown>): Promise<{ code: number; text: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AerospikeError);
    return { code: e.code, text: udfText(e) };
  }
  throw new Error("expected the call to fail");
}

async function withModule(client: Client, fn: () => Promise<void>): Promise<void> {
  await client.udfRegister(`${MODULE}.lua`, source);
  try {
    await fn();
  } finally {
    await client.udfRemove(`${MODULE}.lua`);
  }
}

targetTest("values cross into Lua and back with the server's types", async (t) => {
  const { client } = t;
  await withModule(client, async () => {
    const key = new Key(t.ns, t.set("udf"), "types");
    const echo = (v: unknown) => client.apply(key, MODULE, "echo", [v as never]);
    assert.equal(await echo(42), 42);
    assert.equal(await echo(-7n), -7);
    assert.equal(await echo(2n ** 62n), 2n ** 62n);
    assert.equal(await echo(1.5), 1.5);
    assert.equal(await echo("text"), "text");
    assert.equal(await echo(true), true);
    assert.deepEqual(norm(await echo(Uint8Array.of(1, 2, 3))), { bytes: [1, 2, 3] });
    assert.deepEqual(norm(await echo([1, "a", [2.5]])), [1, "a", [2.5]]);
    assert.deepEqual(norm(await echo({ b: 1, a: [true] })), { map: [["a", [true]], ["b", 1]] });
    assert.deepEqual(
      await client.apply(key, MODULE, "types", [1, new Double(2), "s", [1], { a: 1 }]),
      ["number:integer", "number:float", "string:nil", "userdata:nil", "userdata:nil"],
    );
    assert.deepEqual(norm(await client.apply(key, MODULE, "made")), [
      1,
      2,
      "s",
      true,
      { map: [[3, "three"], ["a", 2.5], ["b", 1]] },
      { bytes: [104, 105] },
      { geo: '{"type":"Point","coordinates":[1,2]}' },
      [[]],
    ]);
    assert.equal(await client.apply(key, MODULE, "max_int"), 2n ** 63n - 1n);
    for (const fn of ["returns_table", "returns_record", "returns_nothing"]) {
      assert.equal(await client.apply(key, MODULE, fn), null, fn);
    }
    assert.equal(await client.apply(key, MODULE, "logs"), "logged");
  });
});

targetTest("the list, map and bytes modules answer as on a node", async (t) => {
  const { client } = t;
  await withModule(client, async () => {
    const key = new Key(t.ns, t.set("udf"), "modules");
    assert.deepEqual(norm(await client.apply(key, MODULE, "lists")), [
      [0, 9, 2, 3, 4, null, 7],
      [0, 9, 2, 3],
      [0, 9, 2],
      [4, 5, 6],
      7,
      4,
      18,
      9,
      "[0, 9, 2]",
    ]);
    assert.deepEqual(norm(await client.apply(key, MODULE, "maps")), [
      { map: [["y", 2], ["z", 3]] },
      ["y", "z"],
      [2, 3],
      { map: [["w", 4], ["y", 12], ["z", 3]] },
      { map: [["a", 1], ["c", 4]] },
      2,
      3,
      19,
      2,
      '{"a":1}',
    ]);
    const whole = [65, 66, 255, 1, 2, 1, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 254];
    assert.deepEqual(norm(await client.apply(key, MODULE, "bytesfns")), [
      ...[true, true, true, true, true, true],
      ...[17, 0, "AB", 255, 258, 513, 1, -2, 4, 65],
      { bytes: [65, 66, 255] },
      "41 42 FF",
      { bytes: whole },
    ]);
  });
});

targetTest("record reads: bins, metadata, and a fresh copy per read", async (t) => {
  const { client } = t;
  await withModule(client, async () => {
    const key = new Key(t.ns, t.set("udf"), "k1");
    await client.put(key, { a: 1, l: [1, 2], m: { b: 1, a: 2 } }, { sendKey: true, ttl: 1000 });
    const meta = await client.apply(key, MODULE, "meta") as unknown[];
    assert.deepEqual(norm(meta), [1, t.set("udf"), "k1", 3, { bytes: [...key.digest] }, true, true, "table"]);
    assert.deepEqual(norm(await client.apply(key, MODULE, "binread", ["m"])), { map: [["a", 2], ["b", 1]] });
    assert.equal(await client.apply(key, MODULE, "binread", ["missing"]), null);
    assert.deepEqual(await client.apply(key, MODULE, "fresh"), [false, 3]);
    const rec = await client.get(key);
    assert.deepEqual(rec?.bins.l, [1, 2]);
    assert.equal(rec?.generation, 1);
  });
});

targetTest("aerospike:create/update/remove write once, when the function succeeds", async (t) => {
  const { client } = t;
  await withModule(client, async () => {
    const key = new Key(t.ns, t.set("udf"), "w");
    const call = (fn: string, ...args: unknown[]) => client.apply(key, MODULE, fn, args as never[]);
    assert.equal(await call("exists"), false);
    assert.equal(await call("update", "a", 1), -2);
    assert.equal(await call("remove"), 1);
    assert.equal(await client.get(key), null);
    assert.deepEqual(await failure(call("create_empty")), {
      code: ResultCode.KEY_NOT_FOUND_ERROR,
      text: "Key not found",
    });
    assert.equal(await call("create", "a", 1), 0);
    assert.equal(await call("create", "b", 2), 1);
    assert.equal(await call("put", "l", [1]), 0);
    let rec = await client.get(key);
    assert.deepEqual({ ...rec?.bins }, { a: 1, l: [1] });
    assert.equal(rec?.generation, 2);
    assert.equal(await call("touch"), 0);
    assert.equal((await client.get(key))?.generation, 3);
    assert.equal(await call("add", "a", 10), 11);
    assert.deepEqual(await failure(call("fail_after_update")), {
      code: 100,
      text: "lua_api.lua:92: late failure",
    });
    assert.equal((await client.get(key))?.bins.a, 11);
    assert.equal(await call("long_name"), 0);
    rec = await client.get(key);
    assert.deepEqual(Object.keys(rec?.bins ?? {}), ["a", "l"]);
    assert.equal(rec?.generation, 5);
    assert.equal(await call("set_ttl", 500), 0);
    const ttl = (await client.get(key))?.ttl ?? 0;
    assert.ok(ttl > 400 && ttl <= 500, `ttl ${ttl}`);
    assert.equal(await call("remove_then_create"), 0);
    rec = await client.get(key);
    assert.deepEqual({ ...rec?.bins }, { fresh: 1 });
    assert.equal(rec?.generation, 7);
    await call("put", "a", 5);
    assert.equal(await call("clear"), 0);
    assert.deepEqual({ ...(await client.get(key))?.bins }, { fresh: 1 });
    assert.equal(await call("remove"), 0);
    assert.equal(await client.get(key), null);
  });
});

targetTest("record.drop_key forgets the stored key", async (t) => {
  const { client } = t;
  await withModule(client, async () => {
    const key = new Key(t.ns, t.set("udf"), "dk");
    await client.put(key, { a: 1 }, { sendKey: true });
    assert.equal((await client.apply(key, MODULE, "meta") as unknown[])[2], "dk");
    assert.equal(await client.apply(key, MODULE, "drop_key"), 0);
    const meta = await client.apply(key, MODULE, "meta") as unknown[];
    assert.deepEqual(norm(meta.slice(0, 3)), [2, t.set("udf"), 1]);
  });
});

targetTest("Lua errors answer UDF_BAD_RESPONSE (100) with the server's text", async (t) => {
  const { client } = t;
  await withModule(client, async () => {
    const key = new Key(t.ns, t.set("udf"), "e");
    await client.put(key, { a: 1 });
    const call = (fn: string) => failure(client.apply(key, MODULE, fn));
    assert.deepEqual(await call("boom"), { code: 100, text: "lua_api.lua:96: boom" });
    assert.deepEqual(await call("boom_plain"), { code: 100, text: "plain" });
    assert.deepEqual(await call("boom_table"), { code: 100, text: "result value type unexpected" });
    assert.deepEqual(await call("index_nil"), {
      code: 100,
      text: "lua_api.lua:99: attempt to index a nil value (local 'x')",
    });
    assert.deepEqual(await call("set_table"), {
      code: 100,
      text: "lua_api.lua:93: can't set bin t to unsupported type",
    });
    assert.deepEqual(await call("no_such_function"), { code: 100, text: "function not found" });
    assert.deepEqual(await failure(client.apply(key, "no_such_module", "f")), {
      code: 100,
      text: "UDF: Execution Error 1",
    });
    assert.equal((await client.get(key))?.generation, 1);
  });
});

targetTest("udfRegister refuses a module that does not compile or fails to load", async (t) => {
  const { client } = t;
  const refused = async (name: string, src: string, text: string): Promise<void> => {
    const f = await failure(client.udfRegister(name, src));
    assert.deepEqual(f, { code: 100, text });
    assert.ok(!(await client.udfList()).some((m) => m.name === name));
  };
  await refused("lua_syntax.lua", "function f(rec)\n  return 1 +\nend\n", "unexpected symbol near 'end'");
  await refused("lua_load.lua", "local x = 1\nerror('load fail')\n", "load fail");
});

targetTest("batch apply rows and background query UDFs run the function on each record", async (t) => {
  const { client } = t;
  await withModule(client, async () => {
    const set = t.set("udfb");
    const keys = [1, 2, 3].map((i) => new Key(t.ns, set, i));
    for (const [i, k] of keys.entries()) await client.put(k, { n: i });
    const results = await client.batch([
      { type: "apply", key: keys[0], udf: { module: MODULE, fn: "add", args: ["n", 5] } },
      { type: "apply", key: keys[1], udf: { module: MODULE, fn: "boom" } },
      { type: "apply", key: new Key(t.ns, set, 99), udf: { module: MODULE, fn: "exists" } },
    ]);
    assert.deepEqual(results.map((r) => r.resultCode), [0, 100, 0]);
    assert.equal(results[0].record?.bins.SUCCESS, 5);
    assert.match(String(results[1].record?.bins.FAILURE), /lua_api\.lua:96: boom$/);
    assert.equal(results[2].record?.bins.SUCCESS, false);
    const job = await client.queryBackground(t.ns, set, {
      udf: { module: MODULE, fn: "add", args: ["n", 100] },
    });
    await job.wait();
    const after = await client.batchGet(keys);
    assert.deepEqual(after.map((r) => r?.bins.n), [105, 101, 102]);
  });
}, { nodes: 3 });
