// The mock's Lua guards and lifecycle, mock-only: a runaway UDF must not hang the process that
// hosts the mock. A real node stops a UDF at its transaction deadline with "UDF Execution
// Timeout" (code 100, checked on CE 8.1.2.0 with a raw request: the client's own deadline races
// the node's there, so this stays a mock test with a short mock limit); a node has no Lua memory
// cap, the mock does. Portable: runs on Deno, Bun and Node (tests/runtimes/portable.ts).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { MockCluster } from "../server_mock/mod.ts";
import { AerospikeError, Client, Key, ResultCode } from "../mod.ts";

const MODULE = [
  "function spin(rec) while true do end end",
  "function hog(rec) local t = {} local i = 0 while true do i = i + 1 t[i] = string.rep('x', 4096) .. i end end",
  "function add(rec, a, b) return a + b end",
  "function counter(rec) n = (n or 0) + 1 return n end",
].join("\n");

async function withClient(
  limits: { timeMs?: number; memoryBytes?: number },
  fn: (client: Client, key: Key, mock: MockCluster) => Promise<void>,
): Promise<void> {
  const mock = await MockCluster.start({ nodes: 1, lua: limits });
  try {
    const client = await Client.connect({
      hosts: mock.seeds,
      policies: { write: { totalTimeout: 20_000, socketTimeout: 20_000 }, info: { totalTimeout: 20_000 } },
    });
    try {
      await client.udfRegister("guards.lua", MODULE);
      const key = new Key("test", "lua", 1);
      await client.put(key, { a: 1 });
      await fn(client, key, mock);
    } finally {
      await client.close();
    }
  } finally {
    await mock.close();
  }
}

function udfFailure(text: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof AerospikeError);
    assert.equal(e.code, ResultCode.UDF_BAD_RESPONSE);
    assert.match(e.message, new RegExp(text));
    return true;
  };
}

test("a UDF that loops forever is stopped with UDF Execution Timeout, and the node keeps serving", async () => {
  await withClient({ timeMs: 200 }, async (client, key) => {
    await assert.rejects(
      client.apply(key, "guards", "spin"),
      udfFailure("^UDF_BAD_RESPONSE \\(100\\): UDF Execution Timeout"),
    );
    assert.equal(await client.apply(key, "guards", "add", [1, 2]), 3);
    assert.equal((await client.get(key))?.generation, 1);
  });
});

test("a UDF that allocates without end fails with not enough memory, and the node keeps serving", async () => {
  await withClient({ timeMs: 20_000, memoryBytes: 16 * 1024 * 1024 }, async (client, key) => {
    await assert.rejects(client.apply(key, "guards", "hog"), udfFailure("not enough memory"));
    assert.equal(await client.apply(key, "guards", "add", [40, 2]), 42);
  });
});

test("a module's state lives across calls until the module is registered again", async () => {
  await withClient({}, async (client, key) => {
    assert.equal(await client.apply(key, "guards", "counter"), 1);
    assert.equal(await client.apply(key, "guards", "counter"), 2);
    await client.udfRegister("guards.lua", MODULE + "\n");
    assert.equal(await client.apply(key, "guards", "counter"), 1);
    await client.udfRemove("guards.lua");
    await assert.rejects(client.apply(key, "guards", "counter"), udfFailure("UDF: Execution Error 1"));
  });
});
