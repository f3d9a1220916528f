// UDF management and apply against a 3-node mock (the mock stores modules but runs no Lua:
// apply answers UDF_BAD_RESPONSE, as a server would for a failing function).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { MockCluster } from "../server_mock/mod.ts";
import { AerospikeError, Client, Key, ResultCode } from "../mod.ts";

const source = await Deno.readTextFile(new URL("./fixtures/udf/test_udf.lua", import.meta.url));

async function setup(): Promise<{ mock: MockCluster; client: Client; done: () => Promise<void> }> {
  const mock = await MockCluster.start({ nodes: 3 });
  const client = await Client.connect({ hosts: mock.seeds });
  return {
    mock,
    client,
    done: async () => {
      await client.close();
      await mock.close();
    },
  };
}

test("udfRegister lists the module on every node; udfRemove removes it everywhere", async () => {
  const { client, done } = await setup();
  try {
    await client.udfRegister("test_udf.lua", source);
    const lists = await client.infoAll("udf-list");
    assert.equal(lists.size, 3);
    for (const v of lists.values()) assert.match(v, /filename=test_udf\.lua,hash=[0-9a-f]{40},type=LUA/);
    const modules = await client.udfList();
    assert.deepEqual(modules.map((m) => m.name), ["test_udf.lua"]);
    await client.udfRemove("test_udf.lua");
    assert.deepEqual(await client.udfList(), []);
  } finally {
    await done();
  }
});

test("apply surfaces a UDF failure as UDF_BAD_RESPONSE (100)", async () => {
  const { client, done } = await setup();
  try {
    await client.udfRegister("test_udf.lua", source);
    const key = new Key("test", "udf", 1);
    await client.put(key, { n: 1 });
    await assert.rejects(client.apply(key, "test_udf", "add", [2, 40]), (e: unknown) => {
      assert.ok(e instanceof AerospikeError);
      assert.equal(e.code, ResultCode.UDF_BAD_RESPONSE);
      return true;
    });
  } finally {
    await done();
  }
});

test("UDF misuse throws before any I/O", async () => {
  const { client, done } = await setup();
  try {
    await assert.rejects(client.udfRegister("", source), TypeError);
    await assert.rejects(client.udfRegister("a;b.lua", source), TypeError);
    await assert.rejects(client.apply(new Key("test", "udf", 1), "", "f"), TypeError);
  } finally {
    await done();
  }
});
