// A CommonJS consumer of the packed npm package (tests/consumer/run.sh copies it into a fresh
// project): `require()` on plain Node or Bun, no tsx, no loader. It must exit by itself.
"use strict";
const assert = require("node:assert/strict");
const { AerospikeError, Client, Key, ResultCode } = require("@aerolite/client");
const { MockCluster } = require("@aerolite/client/mock");
const { instrument } = require("@aerolite/client/otel");
const Aerospike = require("@aerolite/client/compat");

assert.equal(typeof instrument, "function");

/** put, get, a missing key, a touch of one (KEY_NOT_FOUND_ERROR), a UDF (mock) and remove. */
async function roundTrip(hosts, label) {
  // The first UDF registration loads Lua (the optional wasmoon dependency): allow it time.
  const client = await Client.connect({ hosts, policies: { info: { totalTimeout: 30_000 } } });
  try {
    const key = new Key("test", "consumer", `cjs-${label}-${Date.now()}`);
    await client.put(key, { name: "Ada", n: 1, tags: ["a", "b"] });
    const rec = await client.get(key);
    assert.deepEqual({ ...rec?.bins }, { name: "Ada", n: 1, tags: ["a", "b"] });
    assert.equal(rec?.generation, 1);
    assert.equal(await client.get(new Key("test", "consumer", `missing-${Date.now()}`)), null);
    await assert.rejects(
      client.touch(new Key("test", "consumer", `missing-${Date.now()}`)),
      (err) => err instanceof AerospikeError && err.code === ResultCode.KEY_NOT_FOUND_ERROR,
    );
    if (label === "mock") {
      // A record UDF on the mock: the package's optional Lua engine loads from node_modules.
      await client.udfRegister("consumer.lua", "function hello(rec, who) return 'hi ' .. who end");
      const udf = await client.apply(key, "consumer", "hello", ["Ada"], { totalTimeout: 30_000 });
      assert.equal(udf, "hi Ada");
    }
    assert.equal(await client.remove(key), true);
    console.log(`cjs: put/get on ${label} (${hosts}) ok`);
  } finally {
    await client.close();
  }
}

/** The official client's API (`@aerolite/client/compat`), as `require("aerospike")` users write it. */
async function compatRoundTrip(hosts) {
  const client = await Aerospike.connect({ hosts });
  try {
    const key = new Aerospike.Key("test", "consumer", `compat-cjs-${Date.now()}`);
    await client.put(key, { name: "Ada" });
    assert.equal((await client.get(key)).bins.name, "Ada");
    console.log("cjs: compat put/get ok");
  } finally {
    await client.close();
  }
}

async function main() {
  const mock = await MockCluster.start({ nodes: 2 });
  try {
    await roundTrip(mock.seeds, "mock");
    await compatRoundTrip(mock.seeds);
  } finally {
    await mock.close();
  }
  if (process.env.AEROSPIKE_HOSTS) await roundTrip(process.env.AEROSPIKE_HOSTS, "server");
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
