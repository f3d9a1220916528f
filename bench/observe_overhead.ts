/**
 * What observation costs per command, measured in one process so that only the mode changes:
 * rounds interleave the modes (off; an empty command observer, the observation alone; metrics
 * on; tracing subscribed; the OpenTelemetry adapter with the SDK's in-memory exporter), each round runs the same number of gets or puts at a fixed
 * concurrency, and the client process's CPU time per op (user + sys) is reported as the median
 * over rounds, with the difference to "off".
 *
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run -A bench/observe_overhead.ts
 *
 * Env: OVERHEAD_OPS (ops per round and mode, 20000), OVERHEAD_ROUNDS (9), OVERHEAD_CONCURRENCY
 * (64), OVERHEAD_WORKLOADS ("get,put"), OVERHEAD_MODES ("off,observer,metrics,tracing,otel").
 * Without AEROSPIKE_HOSTS a standalone mock is started in a child process (its CPU not counted).
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { startOtel, subscribeNoopTracing } from "./observe_modes.ts";
import { Client, Key } from "../mod.ts";
import { startStandaloneMock } from "./standalone_mock.ts";
import { binsFor, KEY_COUNT, NAMESPACE, SET } from "./workload.ts";

type Mode = "off" | "observer" | "metrics" | "tracing" | "otel";

const ops = Number(process.env.OVERHEAD_OPS ?? 20_000);
const rounds = Number(process.env.OVERHEAD_ROUNDS ?? 9);
const concurrency = Number(process.env.OVERHEAD_CONCURRENCY ?? 64);
const workloads = (process.env.OVERHEAD_WORKLOADS ?? "get,put").split(",") as ("get" | "put")[];
const modes = (process.env.OVERHEAD_MODES ?? "off,observer,metrics,tracing,otel").split(",") as Mode[];

const mock = process.env.AEROSPIKE_HOSTS ? undefined : await startStandaloneMock(1);
const hosts = process.env.AEROSPIKE_HOSTS ?? mock!.seeds;
const timeouts = { totalTimeout: 10_000, socketTimeout: 10_000 };
const client = await Client.connect({
  hosts,
  maxConnsPerNode: concurrency + 16,
  policies: { read: timeouts, write: timeouts },
  log: { level: "error" },
});
const keys = Array.from({ length: KEY_COUNT }, (_, i) => new Key(NAMESPACE, SET, i));
const bins = keys.map((_, i) => binsFor(i));
const dir = mkdtempSync(join(tmpdir(), "aerolite-overhead-"));

async function load(workload: "get" | "put", count: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++ % KEY_COUNT;
      if (workload === "get") await client.get(keys[i]);
      else await client.put(keys[i], bins[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

// Turns a mode on; returns what turns it off.
async function enter(mode: Mode): Promise<() => Promise<void>> {
  switch (mode) {
    case "off":
      return () => Promise.resolve();
    case "observer": {
      // An empty commandEnd consumer: what the observation itself costs (object, clock reads).
      const remove = client.observe({ commandEnd() {} });
      return () => Promise.resolve(remove());
    }
    case "metrics":
      client.enableMetrics({ interval: 1, reportDir: dir });
      return () => Promise.resolve(client.disableMetrics());
    case "tracing":
      return subscribeNoopTracing();
    case "otel":
      return await startOtel();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const w of workloads) await load(w, KEY_COUNT); // preload and warm up
const cpu: Record<string, number[]> = {};
for (let r = 1; r <= rounds; r++) {
  for (const w of workloads) {
    for (const mode of r % 2 === 0 ? [...modes].reverse() : modes) {
      const leave = await enter(mode);
      await load(w, Math.ceil(ops / 10)); // this mode's warm-up
      const t0 = process.cpuUsage();
      await load(w, ops);
      const used = process.cpuUsage(t0);
      await leave();
      (cpu[`${w}/${mode}`] ??= []).push((used.user + used.system) / ops);
    }
  }
  console.error(`round ${r}/${rounds} done`);
}
console.log(
  `client CPU µs/op, median of ${rounds} interleaved rounds, ${ops} ops each, ${concurrency} in flight`,
);
for (const w of workloads) {
  const base = median(cpu[`${w}/off`] ?? [NaN]);
  for (const mode of modes) {
    const m = median(cpu[`${w}/${mode}`]);
    const delta = mode === "off" ? "" : ` (${m >= base ? "+" : ""}${((m / base - 1) * 100).toFixed(1)}%)`;
    console.log(
      `  ${w.padEnd(4)} ${mode.padEnd(8)} ${m.toFixed(2)}${delta}   rounds: ${
        cpu[`${w}/${mode}`].map((x) => x.toFixed(1)).join(" ")
      }`,
    );
  }
}
await client.close();
rmSync(dir, { recursive: true, force: true });
await mock?.stop();
