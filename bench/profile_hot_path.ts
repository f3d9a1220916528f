/**
 * A fixed amount of one single-record command at a fixed concurrency, for profiling the client's
 * hot path and for before/after CPU figures. Prints ops/s and the client process's CPU time per
 * op (user + sys over the timed phase only). Runs on Deno, Bun and Node.
 *
 *   AEROSPIKE_HOSTS=127.0.0.1:3300 npx deno run -A --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile_hot_path.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3300 node --cpu-prof --import tsx bench/profile_hot_path.ts
 *
 * Without `AEROSPIKE_HOSTS` a standalone mock is started in a child process (its CPU is not
 * counted). Env: PROFILE_OP (get | put | mix, default get), PROFILE_OPS (200000),
 * PROFILE_CONCURRENCY (64), PROFILE_PIPELINE (pipeline depth; 0 or unset: off), PROFILE_ROUNDS (1).
 * @module
 */
import process from "node:process";
import { Client, Key } from "../mod.ts";
import { startStandaloneMock } from "./standalone_mock.ts";

const op = process.env.PROFILE_OP ?? "get";
const total = Number(process.env.PROFILE_OPS ?? 200_000);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 64);
const depth = Number(process.env.PROFILE_PIPELINE ?? 0);
const rounds = Number(process.env.PROFILE_ROUNDS ?? 1);
const KEYS = 10_000;

const mock = process.env.AEROSPIKE_HOSTS ? undefined : await startStandaloneMock(1);
const client = await Client.connect({
  hosts: process.env.AEROSPIKE_HOSTS ?? mock!.seeds,
  policies: { read: { totalTimeout: 5000 }, write: { totalTimeout: 5000 } },
  ...(depth > 1 ? { pipeline: { depth } } : {}),
});
const keys = Array.from({ length: KEYS }, (_, i) => new Key("test", "bench", i));
const blob = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const bins = (i: number): Record<string, string | number | Uint8Array> => ({
  a: i,
  b: "value-" + i,
  c: i * 3,
  d: "x",
  e: blob,
});
const run = (i: number): Promise<unknown> => {
  if (op === "put" || (op === "mix" && (i & 1) === 1)) return client.put(keys[i], bins(i));
  return client.get(keys[i]);
};

async function phase(count: number): Promise<{ ops: number; cpu: number }> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++ % KEYS;
      await run(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ops: count / seconds, cpu: (cpu.user + cpu.system) / count };
}

try {
  for (let i = 0; i < KEYS; i += 500) {
    await Promise.all(keys.slice(i, i + 500).map((k, j) => client.put(k, bins(i + j))));
  }
  await phase(Math.min(total, 20_000)); // warm-up
  for (let r = 0; r < rounds; r++) {
    const { ops, cpu } = await phase(total);
    console.log(
      `${op} c=${concurrency} pipeline=${depth > 1 ? depth : "off"}: ${Math.round(ops)} ops/s, ` +
        `${cpu.toFixed(2)} µs CPU/op`,
    );
  }
} finally {
  await client.close();
  await mock?.stop();
}
