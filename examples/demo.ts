/**
 * `deno task demo`: starts an embedded 3-node mock cluster (unless AEROSPIKE_HOSTS is set), shows
 * put/get/operate, then a burst of 10,000 concurrent commands and the client's stats, and closes
 * everything so the process exits.
 * @module
 */
import { Client, Key, ops } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

const env = Deno.env.get("AEROSPIKE_HOSTS");
const mock = env
  ? undefined
  : await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
const hosts = env ?? mock!.seeds;
console.log(env ? `using AEROSPIKE_HOSTS=${env}` : `started a 3-node mock cluster at ${hosts}`);

const client = await Client.connect({ hosts });
try {
  console.log(`connected to ${client.stats().nodes.length} node(s)`);
  const key = new Key("test", "demo", "user:1");
  await client.put(key, { name: "Ada", langs: ["en", "fr"], visits: 1 });
  const rec = await client.get(key);
  console.log("get     ", rec?.bins, `gen=${rec?.generation} ttl=${rec?.ttl}`);
  const op = await client.operate(key, [
    ops.add("visits", 41),
    ops.append("name", " Lovelace"),
    ops.read("visits"),
    ops.read("name"),
  ]);
  console.log("operate ", op.bins, "results", op.results);

  const n = 10_000;
  const start = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => {
      const k = new Key("test", "burst", i);
      // The deadline covers the time a command waits in the client's queue too.
      return i % 2 === 0
        ? client.put(k, { i }, { totalTimeout: 5000 })
        : client.get(k, { totalTimeout: 5000 });
    }),
  );
  const ms = performance.now() - start;
  const failed = settled.filter((r) => r.status === "rejected").length;
  console.log(
    `burst   ${n} concurrent commands in ${ms.toFixed(0)} ms (${
      Math.round(n / ms * 1000)
    } ops/s), ${failed} failed`,
  );
  const { nodes, ...stats } = client.stats();
  for (const node of nodes) {
    console.log("node    ", node.name, node.address, JSON.stringify(node.connections));
  }
  console.log("stats   ", JSON.stringify(stats));
} finally {
  await client.close();
  await mock?.close();
}
console.log("closed");
