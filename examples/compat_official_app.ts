/**
 * A program written for the official `aerospike` npm client, running on aerolite's compat module.
 * Only the import differs from the official version (`import Aerospike from "aerospike"`); it runs
 * unchanged on Deno, Bun and Node:
 *
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run --allow-net --allow-env examples/compat_official_app.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx bun examples/compat_official_app.ts
 * @module
 */
import Aerospike from "../src/compat/mod.ts";

const { Key, lists, maps, operations, status } = Aerospike;
const hosts = (globalThis as { process?: { env: { [k: string]: string | undefined } } }).process?.env
  .AEROSPIKE_HOSTS ?? "127.0.0.1:3000";
const ns = "test";

const client = await Aerospike.connect({
  hosts,
  policies: { write: new Aerospike.WritePolicy({ totalTimeout: 2000 }) },
});
const key = new Key(ns, "compat_demo", "user:1");

await client.put(key, { name: "Ada", visits: 1, tags: ["admin"], prefs: { theme: "dark" } }, { ttl: 600 });
const record = await client.get(key);
console.log("get:", record.bins, "gen", record.gen);

const updated = await client.operate(key, [
  operations.incr("visits", 1),
  operations.read("visits"),
  lists.append("tags", "vip"),
  maps.getByKey("prefs", "theme", maps.returnType.VALUE),
]);
console.log("operate:", updated.bins);

// Callback style works too.
await new Promise<void>((resolve) => {
  client.exists(key, (error: unknown, found?: unknown) => {
    console.log("exists (callback):", error, found);
    resolve();
  });
});

await client.remove(key);
try {
  await client.get(key);
} catch (error) {
  const code = (error as { code?: number }).code;
  console.log("after remove:", code === status.ERR_RECORD_NOT_FOUND ? "ERR_RECORD_NOT_FOUND" : error);
}
client.close();
