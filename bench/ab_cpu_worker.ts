/**
 * One side of bench/ab_cpu.ts (never run by hand): imports the client of the checkout named in
 * argv, warms up, times gets and puts, prints `{"get":µs,"put":µs,"getUser":µs,"putUser":µs}`
 * (process CPU per command: user + system, and user alone).
 * With `BENCH_BATCH=1` it also times `BENCH_BATCH_OPS` (2000) batchGets of 100 keys (5 bins each,
 * as bench/throughput.ts) at `BENCH_BATCH_CONCURRENCY` (16) in flight and adds `"batch":µs` (CPU
 * per batch).
 * @module
 */
import process from "node:process";
import type * as Aerolite from "../mod.ts";

const checkout = Deno.args[0];
const lib = await import(`${checkout}/mod.ts`) as typeof Aerolite;
const hosts = process.env.AEROSPIKE_HOSTS!;
const ops = Number(process.env.BENCH_OPS ?? 30000);
const depth = Number(process.env.BENCH_CONCURRENCY ?? 64);
const client = await lib.Client.connect({ hosts });
// Generous deadlines: a loaded machine must slow the run down, not fail it.
const SLOW = { totalTimeout: 30_000, socketTimeout: 30_000 };
const keys = Array.from({ length: 1000 }, (_, i) => new lib.Key("test", "abcpu", i));

// User CPU µs per command of the last run() (the kernel's share of a loopback round trip is the
// noisiest part of user + system on a shared machine).
let lastUser = 0;

async function run(n: number, put: boolean): Promise<number> {
  let next = 0;
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: depth }, async () => {
    while (next < n) {
      const k = keys[next++ % keys.length];
      if (put) await client.put(k, { v: next, s: "payload-payload" }, SLOW);
      else await client.get(k, SLOW);
    }
  }));
  const c = process.cpuUsage(c0);
  lastUser = c.user / n;
  return (c.user + c.system) / n;
}

// Batches of 100 consecutive keys out of 1000 records of 5 bins.
const batchKeys = Array.from({ length: 1000 }, (_, i) => new lib.Key("test", "abbatch", i));
const batches = Array.from({ length: 10 }, (_, b) => batchKeys.slice(b * 100, (b + 1) * 100));

async function runBatch(n: number, depth: number): Promise<number> {
  let next = 0;
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: depth }, async () => {
    while (next < n) await client.batchGet(batches[next++ % batches.length], undefined, SLOW);
  }));
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

try {
  await run(Math.min(ops, 10000), true); // warm-up, and every key exists for the gets
  await run(Math.min(ops, 10000), false);
  const put = await run(ops, true);
  const putUser = lastUser;
  const get = await run(ops, false);
  const getUser = lastUser;
  if (process.env.BENCH_BATCH === "1") {
    for (let i = 0; i < batchKeys.length; i++) {
      await client.put(
        batchKeys[i],
        { n: i, s: "value-" + i, d: i + 0.5, t: "tag-" + (i % 10), z: i * 3 },
        SLOW,
      );
    }
    const n = Number(process.env.BENCH_BATCH_OPS ?? 2000);
    const depth = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 16);
    await runBatch(Math.min(n, 500), depth); // warm-up
    const batch = await runBatch(n, depth);
    console.log(JSON.stringify({ get, put, getUser, putUser, batch }));
  } else console.log(JSON.stringify({ get, put, getUser, putUser }));
} finally {
  await client.close();
}
