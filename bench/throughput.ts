/**
 * Throughput: N workers (default 64) each run one command at a time (half puts, half gets) for
 * a fixed duration; prints ops/s, p50/p99 latency and client CPU per op.
 *
 *   deno task mock &   # or any server; then
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 deno run --allow-net --allow-env --allow-sys bench/throughput.ts
 *
 * Without AEROSPIKE_HOSTS it starts a one-node mock in the same process (the mock's CPU then
 * counts as the client's). Env: BENCH_CONCURRENCY, BENCH_SECONDS.
 * @module
 */
import process from "node:process";
import { Client, Key } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

const env = Deno.env.get("AEROSPIKE_HOSTS");
const concurrency = Number(Deno.env.get("BENCH_CONCURRENCY") ?? 64);
const seconds = Number(Deno.env.get("BENCH_SECONDS") ?? 5);
const mock = env ? undefined : await MockCluster.start({ nodes: 1 });
const client = await Client.connect({
  hosts: env ?? mock!.seeds,
  policies: { read: { totalTimeout: 5000 } },
});

const keys = Array.from({ length: 10_000 }, (_, i) => new Key("test", "bench", i));
for (let i = 0; i < keys.length; i += 100) {
  await Promise.all(keys.slice(i, i + 100).map((k, j) => client.put(k, { n: i + j, s: "value-" + (i + j) })));
}

const latencies: number[] = [];
let ops = 0;
let errors = 0;
const cpu0 = process.cpuUsage();
const start = performance.now();
const end = start + seconds * 1000;

async function worker(id: number): Promise<void> {
  let i = id;
  while (performance.now() < end) {
    const key = keys[i = (i * 7919 + 1) % keys.length];
    const t = performance.now();
    try {
      if (i & 1) await client.put(key, { n: i, s: "value-" + i }, { totalTimeout: 5000 });
      else await client.get(key);
      latencies.push(performance.now() - t);
      ops++;
    } catch {
      errors++;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w + 1)));
const elapsed = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
const pct = (p: number): string =>
  (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(3);
console.log(
  `aerolite  concurrency ${concurrency}  ${seconds}s  ${Math.round(ops / elapsed)} ops/s  p50 ${
    pct(0.5)
  } ms  ` +
    `p99 ${pct(0.99)} ms  cpu ${
      ((cpu.user + cpu.system) / Math.max(1, ops)).toFixed(1)
    } µs/op  errors ${errors}` +
    (mock ? "  (in-process mock)" : `  (${env})`),
);
await client.close();
await mock?.close();
