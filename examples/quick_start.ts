/**
 * Quick start: connect, write, read, update atomically, delete.
 *
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 deno run --allow-net --allow-env examples/quick_start.ts
 *
 * Without AEROSPIKE_HOSTS it starts a one-node mock cluster in the same process.
 * @module
 */
import { Client, Key, ops } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

const env = Deno.env.get("AEROSPIKE_HOSTS");
const mock = env ? undefined : await MockCluster.start({ nodes: 1 });
const client = await Client.connect({ hosts: env ?? mock!.seeds });
try {
  const key = new Key("test", "demo", "user:1");
  await client.put(key, { name: "Ada", visits: 1 }, { ttl: 3600 });

  const rec = await client.get<{ name: string; visits: number }>(key);
  console.log("get:", rec?.bins, "generation", rec?.generation, "ttl", rec?.ttl);

  const { bins } = await client.operate(key, [ops.add("visits", 1), ops.read("visits")]);
  console.log("visits now", bins.visits);

  console.log("removed:", await client.remove(key), "exists:", await client.exists(key));
} finally {
  await client.close();
  await mock?.close();
}
