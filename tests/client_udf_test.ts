// UDF management and apply against a 3-node mock (the mock stores modules but runs no Lua:
// apply answers UDF_BAD_RESPONSE, as a server would for a failing function).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { AerospikeError, Key, ResultCode } from "../mod.ts";

const source = await Deno.readTextFile(new URL("./fixtures/udf/test_udf.lua", import.meta.url));

test("udfRegister lists the module on every node; udfRemove removes it everywhere", async () => {
  await withCluster({ nodes: 3 }, async ({ client }) => {
    await client.udfRegister("test_udf.lua", source);
    const lists = await client.infoAll("udf-list");
    assert.equal(lists.size, 3);
    for (const v of lists.values()) assert.match(v, /filename=test_udf\.lua,hash=[0-9a-f]{40},type=LUA/);
    const modules = await client.udfList();
    assert.deepEqual(modules.map((m) => m.name), ["test_udf.lua"]);
    await client.udfRemove("test_udf.lua");
    assert.deepEqual(await client.udfList(), []);
  });
});

test("apply surfaces a UDF failure as UDF_BAD_RESPONSE (100)", async () => {
  await withCluster({ nodes: 3 }, async ({ client }) => {
    await client.udfRegister("test_udf.lua", source);
    const key = new Key("test", "udf", 1);
    await client.put(key, { n: 1 });
    await assert.rejects(client.apply(key, "test_udf", "add", [2, 40]), (e: unknown) => {
      assert.ok(e instanceof AerospikeError);
      assert.equal(e.code, ResultCode.UDF_BAD_RESPONSE);
      return true;
    });
  });
});

test("UDF misuse throws before any I/O", async () => {
  await withCluster({ nodes: 3 }, async ({ client }) => {
    await assert.rejects(client.udfRegister("", source), TypeError);
    await assert.rejects(client.udfRegister("a;b.lua", source), TypeError);
    await assert.rejects(client.apply(new Key("test", "udf", 1), "", "f"), TypeError);
  });
});
