/**
 * aerolite throughput (Deno, Bun or Node): the shared workload (bench/workload.ts) at concurrency
 * 64 against `AEROSPIKE_HOSTS`, or against a one-node mock started in a child process so that
 * the mock's CPU is not counted as the client's.
 *
 *   deno task bench                                   # codec benchmarks, then this
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run -A bench/throughput.ts
 *   node --import tsx bench/compare.ts                # aerolite vs the official client on Node
 *
 * Env: BENCH_CONCURRENCY (64), BENCH_SECONDS (5).
 * @module
 */
import process from "node:process";
import { Client, Key } from "../mod.ts";
import { startStandaloneMock } from "./standalone_mock.ts";
import { formatResult, KEY_COUNT, preload, runWorkload } from "./workload.ts";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const mock = process.env.AEROSPIKE_HOSTS ? undefined : await startStandaloneMock(1);
const hosts = process.env.AEROSPIKE_HOSTS ?? mock!.seeds;

const client = await Client.connect({
  hosts,
  policies: { read: { totalTimeout: 5000 }, write: { totalTimeout: 5000 } },
});
const keys = Array.from({ length: KEY_COUNT }, (_, i) => new Key("test", "bench", i));
const ops = {
  put: (i: number) => client.put(keys[i], { n: i, s: "value-" + i }),
  get: (i: number) => client.get(keys[i]),
};
try {
  await preload(ops);
  const r = await runWorkload(`aerolite (${runtimeName()})`, ops, { concurrency, seconds });
  console.log(formatResult(r) + `  against ${mock ? "standalone mock (child process)" : hosts}`);
} finally {
  await client.close();
  await mock?.stop();
}

function runtimeName(): string {
  const g = globalThis as { Deno?: { version?: { deno?: string } }; Bun?: { version: string } };
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.Deno?.version?.deno) return `deno ${g.Deno.version.deno}`;
  return `node ${process.versions.node}`;
}
