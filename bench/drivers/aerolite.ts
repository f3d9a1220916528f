/**
 * The aerolite contender: the public client, on whichever runtime runs the child. With
 * `pipelineDepth` it also passes `pipeline: { depth }` (the opt-in pipelining option), which the
 * runner only asks for when the client source declares it. With `observe` it measures what
 * observation costs: `"metrics"` enables extended metrics (a snapshot file every tend interval in
 * the OS temp directory), `"tracing"` subscribes a no-op subscriber to the `aerolite:command`
 * tracing channel (the cost of publishing, without any tracer's own). With `nodeNet` its sockets
 * come from `node:net` (the `connector` option) rather than the runtime's own socket API.
 * @module
 */
import dc from "node:diagnostics_channel";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Client, COMMAND_CHANNEL, Key } from "../../mod.ts";
import { nodeConnector } from "../../src/transport/node.ts";
import {
  BATCH_COUNT,
  BATCH_SIZE,
  type BenchBins,
  binsFor,
  type Driver,
  KEY_COUNT,
  NAMESPACE,
  SET,
} from "../workload.ts";

/** Connection options shared by the aerolite and official contenders. */
export interface DriverOptions {
  /** Seed list. */
  hosts: string;
  /** Largest concurrency of the run: the pool must hold that many sockets. */
  maxConcurrency: number;
  /** Commands in flight per connection (pipelining), when set. */
  pipelineDepth?: number;
  /** Observation to turn on (aerolite only): extended metrics, or a tracing-channel subscriber. */
  observe?: "metrics" | "tracing";
  /** Open sockets with `node:net` (the `connector` option) instead of the runtime's own API. */
  nodeNet?: boolean;
  /**
   * Keep the default pool (`maxConnsPerNode` 100): commands beyond it wait for a connection,
   * instead of one socket per command in flight as the other contenders get.
   */
  defaultPool?: boolean;
}

/** Connects an aerolite client and returns it as a benchmark driver. */
export async function aeroliteDriver(options: DriverOptions): Promise<Driver> {
  const timeouts = { totalTimeout: 10_000, socketTimeout: 10_000 };
  const connectOptions: Parameters<typeof Client.connect>[0] & { pipeline?: { depth: number } } = {
    hosts: options.hosts,
    maxConnsPerNode: options.defaultPool === true ? undefined : options.maxConcurrency + 16,
    policies: { read: timeouts, write: timeouts, batch: timeouts },
  };
  if (options.nodeNet === true) connectOptions.connector = nodeConnector;
  if (options.pipelineDepth !== undefined) connectOptions.pipeline = { depth: options.pipelineDepth };
  const client = await Client.connect(connectOptions);
  const channel = dc.tracingChannel(COMMAND_CHANNEL);
  const noop = { start() {}, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
  if (options.observe === "metrics") {
    client.enableMetrics({ interval: 1, reportDir: join(tmpdir(), "aerolite-bench-metrics") });
  } else if (options.observe === "tracing") channel.subscribe(noop);
  const keys: Key[] = [];
  const bins: BenchBins[] = [];
  for (let i = 0; i < KEY_COUNT; i++) {
    keys.push(new Key(NAMESPACE, SET, i));
    bins.push(binsFor(i));
  }
  const batches: Key[][] = [];
  for (let b = 0; b < BATCH_COUNT; b++) batches.push(keys.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE));
  // BENCH_CALL_POLICY=1: every get/put passes a policy object, so the per-call argument check
  // (src/validate.ts) is on the measured path; without it calls take the client's defaults.
  if (process.env.BENCH_CALL_POLICY === "1") {
    const read = { totalTimeout: 10_000, socketTimeout: 10_000 };
    const write = { totalTimeout: 10_000, socketTimeout: 10_000, ttl: 0 };
    return {
      get: (i) => client.get(keys[i], read),
      put: (i) => client.put(keys[i], bins[i], write),
      batchGet: (b) => client.batchGet(batches[b]),
      close: () => client.close(),
    };
  }
  return {
    get: (i) => client.get(keys[i]),
    put: (i) => client.put(keys[i], bins[i]),
    batchGet: (b) => client.batchGet(batches[b]),
    close: () => {
      if (options.observe === "tracing") channel.unsubscribe(noop);
      return client.close();
    },
  };
}
