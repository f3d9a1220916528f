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
 * PROFILE_CONCURRENCY (64), PROFILE_PIPELINE (pipeline depth; 0 or unset: off), PROFILE_ROUNDS (1),
 * PROFILE_CLIENT (aerolite | raw | official, default aerolite: the raw floor or the official
 * client, Node only, through the same loop, for a like-for-like comparison).
 * @module
 */
import process from "node:process";
import { Client, Key } from "../mod.ts";
import { startStandaloneMock } from "./standalone_mock.ts";
import { binsFor, type Driver, KEY_COUNT } from "./workload.ts";

const op = process.env.PROFILE_OP ?? "get";
const total = Number(process.env.PROFILE_OPS ?? 200_000);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 64);
const depth = Number(process.env.PROFILE_PIPELINE ?? 0);
const rounds = Number(process.env.PROFILE_ROUNDS ?? 1);
const kind = process.env.PROFILE_CLIENT ?? "aerolite";

const mock = process.env.AEROSPIKE_HOSTS ? undefined : await startStandaloneMock(1);
const hosts = process.env.AEROSPIKE_HOSTS ?? mock!.seeds;

async function aerolite(): Promise<Driver> {
  const client = await Client.connect({
    hosts,
    maxConnsPerNode: concurrency + 16,
    policies: { read: { totalTimeout: 5000 }, write: { totalTimeout: 5000 } },
    ...(depth > 1 ? { pipeline: { depth } } : {}),
  });
  const keys = Array.from({ length: KEY_COUNT }, (_, i) => new Key("test", "bench", i));
  const bins = keys.map((_, i) => binsFor(i));
  return {
    get: (i) => client.get(keys[i]),
    put: (i) => client.put(keys[i], bins[i]),
    batchGet: () => Promise.reject(new Error("not profiled")),
    close: () => client.close(),
  };
}

async function driver(): Promise<Driver> {
  const options = { hosts, maxConcurrency: concurrency };
  if (kind === "raw") return (await import("./drivers/raw.ts")).rawDriver(options);
  if (kind === "official") return (await import("./drivers/official.ts")).officialDriver(options);
  return await aerolite();
}

const d = await driver();
const run = (i: number, lane: number): Promise<unknown> => {
  if (op === "put" || (op === "mix" && (i & 1) === 1)) return d.put(i, lane);
  return d.get(i, lane);
};

async function phase(count: number): Promise<{ ops: number; cpu: number; user: number }> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async (lane: number): Promise<void> => {
    while (next < count) {
      const i = next++ % KEY_COUNT;
      await run(i, lane);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, lane) => worker(lane)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ops: count / seconds, cpu: (cpu.user + cpu.system) / count, user: cpu.user / count };
}

try {
  for (let i = 0; i < KEY_COUNT; i += concurrency) {
    const n = Math.min(concurrency, KEY_COUNT - i);
    await Promise.all(Array.from({ length: n }, (_, lane) => d.put(i + lane, lane)));
  }
  await phase(Math.min(total, 20_000)); // warm-up
  for (let r = 0; r < rounds; r++) {
    const { ops, cpu, user } = await phase(total);
    console.log(
      `${kind} ${op} c=${concurrency} pipeline=${depth > 1 ? depth : "off"}: ${Math.round(ops)} ops/s, ` +
        `${cpu.toFixed(2)} µs CPU/op (user ${user.toFixed(2)})`,
    );
  }
} finally {
  await d.close();
  await mock?.stop();
}
