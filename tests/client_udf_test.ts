// UDF management and apply against the target (a 3-node mock, or the real cluster): both run the
// Lua (the mock in WebAssembly), so the same assertions hold on both.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { AerospikeError, Key, ResultCode } from "../mod.ts";

const source = await Deno.readTextFile(new URL("./fixtures/udf/test_udf.lua", import.meta.url));

targetTest("udfRegister lists the module on every node; udfRemove removes it everywhere", async (t) => {
  const { client } = t;
  // A real server may hold other modules (another user's, or one a failed test left): only ours
  // may come and go.
  const names = async (): Promise<string[]> => (await client.udfList()).map((m) => m.name).sort();
  const before = await names();
  assert.ok(!before.includes("test_udf.lua"), `test_udf.lua already registered: ${before}`);
  await client.udfRegister("test_udf.lua", source);
  const lists = await client.infoAll("udf-list");
  assert.equal(lists.size, t.nodes);
  for (const v of lists.values()) assert.match(v, /filename=test_udf\.lua,hash=[0-9a-f]{40},type=LUA/);
  assert.deepEqual(await names(), [...before, "test_udf.lua"].sort());
  await client.udfRemove("test_udf.lua");
  assert.deepEqual(await names(), before);
}, { nodes: 3 });

targetTest(
  "apply returns the function's value and surfaces a failure as UDF_BAD_RESPONSE (100)",
  async (t) => {
    const { client } = t;
    await client.udfRegister("test_udf.lua", source);
    try {
      const key = new Key(t.ns, t.set("udf"), 1);
      await client.put(key, { n: 1 });
      assert.equal(await client.apply(key, "test_udf", "add", [2, 40]), 42);
      assert.equal(await client.apply(key, "test_udf", "setbin", ["m", "x"]), "x");
      assert.equal((await client.get(key))?.bins.m, "x");
      await assert.rejects(client.apply(key, "test_udf", "boom"), (e: unknown): boolean => {
        assert.ok(e instanceof AerospikeError);
        assert.equal(e.code, ResultCode.UDF_BAD_RESPONSE);
        assert.match(e.message, /test_udf\.lua:\d+: boom/);
        return true;
      });
    } finally {
      await client.udfRemove("test_udf.lua");
    }
  },
  { nodes: 3 },
);

targetTest("UDF misuse throws before any I/O", async (t) => {
  const { client } = t;
  await assert.rejects(client.udfRegister("", source), TypeError);
  await assert.rejects(client.udfRegister("a;b.lua", source), TypeError);
  await assert.rejects(client.apply(new Key(t.ns, t.set("udf"), 1), "", "f"), TypeError);
}, { nodes: 3 });
