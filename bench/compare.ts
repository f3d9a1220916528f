/**
 * aerolite against the official `aerospike` client (C client underneath), both on Node, same
 * standalone mock (a child process), same workload and concurrency, one after the other.
 *
 *   node --import tsx bench/compare.ts        # BENCH_CONCURRENCY (64), BENCH_SECONDS (5)
 * @module
 */
import { createRequire } from "node:module";
import process from "node:process";
import { Client, Key } from "../mod.ts";
import { startStandaloneMock } from "./standalone_mock.ts";
import { formatResult, KEY_COUNT, preload, runWorkload, type WorkloadClient } from "./workload.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const mock = process.env.AEROSPIKE_HOSTS ? undefined : await startStandaloneMock(1);
const hosts = process.env.AEROSPIKE_HOSTS ?? mock!.seeds;

try {
  const ours = await Client.connect({
    hosts,
    policies: { read: { totalTimeout: 5000 }, write: { totalTimeout: 5000 } },
  });
  const keys = Array.from({ length: KEY_COUNT }, (_, i) => new Key("test", "bench", i));
  const oursOps: WorkloadClient = {
    put: (i) => ours.put(keys[i], { n: i, s: "value-" + i }),
    get: (i) => ours.get(keys[i]),
  };
  await preload(oursOps);
  const a = await runWorkload(`aerolite (node ${process.versions.node})`, oursOps, { concurrency, seconds });
  await ours.close();

  const Aerospike: Any = createRequire(import.meta.url)("aerospike");
  const official: Any = await Aerospike.connect({
    hosts,
    policies: { read: { totalTimeout: 5000 }, write: { totalTimeout: 5000 } },
    log: { level: Aerospike.log.OFF },
  });
  const officialKeys = Array.from({ length: KEY_COUNT }, (_, i) => new Aerospike.Key("test", "bench", i));
  const theirOps: WorkloadClient = {
    put: (i) => official.put(officialKeys[i], { n: i, s: "value-" + i }),
    get: (i) => official.get(officialKeys[i]),
  };
  await preload(theirOps);
  const b = await runWorkload("official aerospike 6.7.1", theirOps, { concurrency, seconds });
  official.close();

  console.log(formatResult(a));
  console.log(formatResult(b));
} finally {
  await mock?.stop();
}
