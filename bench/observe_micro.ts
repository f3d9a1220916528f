/**
 * The observation path alone, without I/O: what the command loop does per command for
 * observation (the `hub.commands` check, then, while something listens, `commandStart`, the node
 * and attempt fields, `commandEnd`) in a tight loop, in ns per command, for each mode: off, an
 * empty command observer, the metrics collector, a no-op tracing subscriber, the OpenTelemetry
 * adapter with the SDK's in-memory exporter. Runs on Deno, Bun and Node (tsx).
 *
 *   npx deno run -A bench/observe_micro.ts
 *   npx bun bench/observe_micro.ts
 *
 * Env: MICRO_COMMANDS (per mode and round, 500000), MICRO_ROUNDS (5; the median is printed).
 * @module
 */
import process from "node:process";
import { startOtel, subscribeNoopTracing } from "./observe_modes.ts";
import { ObserverHub } from "../src/observe/hub.ts";
import { MetricsCollector } from "../src/observe/metrics_collector.ts";

const commands = Number(process.env.MICRO_COMMANDS ?? 500_000);
const rounds = Number(process.env.MICRO_ROUNDS ?? 5);
const hub = new ObserverHub();
const node = { name: "BB9020011AC4202", address: "127.0.0.1:3000" };

// The command loop's observation steps for `n` successful single-attempt reads.
function loop(n: number): number {
  let observed = 0;
  for (let i = 0; i < n; i++) {
    const o = hub.commands ? hub.commandStart("read", "test", "bench", 1000, "get") : undefined;
    if (o !== undefined) {
      o.attempts = 1;
      o.node = node;
      hub.commandEnd(o, undefined);
      observed++;
    }
  }
  return observed;
}

type Mode = "off" | "observer" | "metrics" | "tracing" | "otel";

async function enter(mode: Mode): Promise<() => Promise<void>> {
  switch (mode) {
    case "off":
      return () => Promise.resolve();
    case "observer":
      return ((remove) => () => Promise.resolve(remove()))(hub.add({ commandEnd() {} }));
    case "metrics":
      return ((remove) => () => Promise.resolve(remove()))(hub.add(new MetricsCollector(7, 1)));
    case "tracing":
      return subscribeNoopTracing();
    case "otel":
      return await startOtel();
  }
}

const modes: Mode[] = ["off", "observer", "metrics", "tracing", "otel"];
const ns: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const mode of modes) {
    const leave = await enter(mode);
    const n = mode === "otel" ? Math.ceil(commands / 10) : commands;
    loop(Math.ceil(n / 5)); // warm-up
    const t0 = performance.now();
    loop(n);
    (ns[mode] ??= []).push((performance.now() - t0) * 1e6 / n);
    await leave();
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let clock = performance.now();
const t0 = clock;
for (let i = 0; i < 1_000_000; i++) clock = performance.now();
console.log(
  `observation path, ns per command (median of ${rounds} rounds); performance.now() ${
    (clock - t0).toFixed(0)
  } ns`,
);
for (const mode of modes) console.log(`  ${mode.padEnd(9)} ${median(ns[mode]).toFixed(1)}`);
