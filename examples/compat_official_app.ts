/**
 * A program written for the official `aerospike` npm client, running on aerolite's compat module.
 * The only line that differs from the official version is the import of `Aerospike` (official:
 * `import Aerospike from "aerospike";`, a user of the package: `"@aerolite/client/compat"`). It runs
 * unchanged on Deno, Bun and Node:
 *
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run --allow-net --allow-env examples/compat_official_app.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx bun examples/compat_official_app.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 node --import tsx examples/compat_official_app.ts
 *
 * `node --import tsx tests/cross/compat_example.ts` runs it on the three and, with that import line
 * swapped, on the official client, and fails unless all four print the same lines (CI runs it).
 * @module
 */
import process from "node:process";
import Aerospike from "../src/compat/mod.ts";

const { Key, exp, lists, maps, operations, policy, status } = Aerospike;
const hosts = process.env.AEROSPIKE_HOSTS ?? "127.0.0.1:3000";
const ns = process.env.AEROSPIKE_NAMESPACE ?? "test";
const set = "compat_demo";

/** The error code a call failed with (0 when it succeeded): messages are each client's own. */
async function codeOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

const patient = { totalTimeout: 10_000 };
const client = await Aerospike.connect({
  hosts,
  policies: {
    read: patient,
    write: patient,
    operate: patient,
    remove: patient,
    batch: patient,
    query: patient,
  },
});
const [ada, bob, cy] = ["ada", "bob", "cy"].map((id) => new Key(ns, set, id));

// Start clean: a record left by an interrupted run would change the generations printed below.
for (const key of [ada, bob, cy]) {
  const code = await codeOf(client.remove(key));
  if (code !== 0 && code !== status.ERR_RECORD_NOT_FOUND) throw new Error(`remove failed: ${code}`);
}

await client.put(ada, { name: "Ada", visits: 1, tags: ["admin"], prefs: { theme: "dark" } }, { ttl: 600 });
await client.put(bob, { name: "Bob", visits: 7 });
const record = await client.get(ada);
console.log(
  "get:",
  JSON.stringify(record.bins),
  "gen",
  record.gen,
  "ttl set:",
  record.ttl > 0 && record.ttl <= 600,
);

const createOnly = new Aerospike.WritePolicy({ exists: policy.exists.CREATE });
const again = await codeOf(client.put(ada, { name: "Ada" }, {}, createOnly));
console.log("create again:", again === status.ERR_RECORD_EXISTS ? "ERR_RECORD_EXISTS" : again);

const updated = await client.operate(ada, [
  operations.incr("visits", 1),
  operations.read("visits"),
  lists.append("tags", "vip"),
  maps.getByKey("prefs", "theme", maps.returnType.VALUE),
]);
console.log("operate:", JSON.stringify(updated.bins), "gen", updated.gen);

// Callback style works too.
await new Promise<void>((resolve) => {
  client.exists(bob, (error: unknown, found?: unknown) => {
    console.log("exists (callback):", error, found);
    resolve();
  });
});

const batch = await client.batchRead([
  { key: ada, bins: ["name", "visits"] },
  { key: cy, readAllBins: true },
  { key: bob, readAllBins: true },
]);
console.log("batchRead:", JSON.stringify(batch.map((r) => [r.status, r.record.bins ?? null])));

// Only users with more than five visits: Ada (2) is filtered out on the server.
const frequent = { filterExpression: exp.gt(exp.binInt("visits"), exp.int(5)) };
console.log("filtered get:", await codeOf(client.get(ada, frequent)) === status.FILTERED_OUT);
console.log("filtered get:", JSON.stringify((await client.get(bob, frequent)).bins));

const query = client.query(ns, set);
query.select("name");
const names = (await query.results()).map((r) => r.bins.name).sort();
console.log("query:", JSON.stringify(names));

await client.remove(ada);
await client.remove(bob);
const after = await codeOf(client.get(ada));
console.log("after remove:", after === status.ERR_RECORD_NOT_FOUND ? "ERR_RECORD_NOT_FOUND" : after);
await client.close();
