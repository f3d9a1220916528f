/**
 * Concurrency: fire many commands at once and let the client's push-back bound them. Beyond
 * `maxCommandsInFlight` commands queue; beyond `maxQueueSize` they reject at once with a
 * `BackpressureError`, which a producer can use to slow down.
 *
 *   deno run --allow-net --allow-env examples/concurrency.ts
 * @module
 */
import { BackpressureError, Client, Key } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

const env = Deno.env.get("AEROSPIKE_HOSTS");
const mock = env ? undefined : await MockCluster.start({ nodes: 3 });
const client = await Client.connect({
  hosts: env ?? mock!.seeds,
  maxCommandsInFlight: 256,
  maxQueueSize: 2_000,
});
try {
  const n = 5_000;
  const start = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => client.put(new Key("test", "conc", i), { i })),
  );
  const refused = results.filter((r) =>
    r.status === "rejected" && r.reason instanceof BackpressureError
  ).length;
  const ms = performance.now() - start;
  console.log(`${n - refused} puts in ${ms.toFixed(0)} ms, ${refused} refused by push-back`);

  // A producer that respects push-back: retry refused commands after a short pause.
  let done = 0;
  for (let i = 0; i < n; i++) {
    for (;;) {
      try {
        await client.get(new Key("test", "conc", i));
        done++;
        break;
      } catch (e) {
        if (!(e instanceof BackpressureError)) throw e;
        await new Promise((r) => setTimeout(r, 1));
      }
    }
  }
  console.log(`read back ${done} records`, client.stats());
} finally {
  await client.close();
  await mock?.close();
}
