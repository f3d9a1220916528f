/**
 * Multi-record throughput: a scan of 100k records (records/s) and batch reads of 100 keys
 * (keys/s, 8 batches in flight), against `AEROSPIKE_HOSTS` or a 1-node mock in a child process
 * (so the mock's CPU is not the client's).
 *
 *   npx deno run -A bench/multi_bench.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run -A bench/multi_bench.ts
 *
 * Env: BENCH_RECORDS (100000), BENCH_SECONDS (5, for the batch run).
 * @module
 */
import process from "node:process";
import { Client, Key } from "../mod.ts";
import { startStandaloneMock } from "./standalone_mock.ts";

const records = Number(process.env.BENCH_RECORDS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const mock = process.env.AEROSPIKE_HOSTS ? undefined : await startStandaloneMock(1);
const hosts = process.env.AEROSPIKE_HOSTS ?? mock!.seeds;
const set = "multibench";

const client = await Client.connect({
  hosts,
  policies: { write: { totalTimeout: 10_000 }, batch: { totalTimeout: 10_000 } },
});
try {
  const keys = Array.from({ length: records }, (_, i) => new Key("test", set, i));
  for (let i = 0; i < records; i += 1000) {
    const chunk = [];
    for (let j = i; j < Math.min(records, i + 1000); j++) {
      chunk.push(client.put(keys[j], { n: j, s: "value-" + j }));
    }
    await Promise.all(chunk);
  }

  let t0 = performance.now();
  const scanned = await client.query("test", set).count();
  let ms = performance.now() - t0;
  console.log(
    `scan: ${scanned} records in ${ms.toFixed(0)} ms = ${(scanned / ms * 1000).toFixed(0)} records/s`,
  );

  let done = 0;
  const end = performance.now() + seconds * 1000;
  t0 = performance.now();
  const lane = async (lane: number): Promise<void> => {
    for (let b = lane; performance.now() < end; b += 8) {
      const start = (b * 100) % (records - 100);
      const got = await client.batchGet(keys.slice(start, start + 100));
      done += got.length;
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, i) => lane(i)));
  ms = performance.now() - t0;
  console.log(`batch of 100: ${done} keys in ${ms.toFixed(0)} ms = ${(done / ms * 1000).toFixed(0)} keys/s`);
  console.log(`against ${mock ? "standalone mock (child process)" : hosts}`);
} finally {
  await client.truncate("test", set).catch(() => {});
  await client.close();
  await mock?.stop();
}
