/**
 * The official `aerospike` npm client (a native addon over the C client), Node only. Loaded with
 * `createRequire` so that type checking does not need its types.
 * @module
 */
import { createRequire } from "node:module";
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
import type { DriverOptions } from "./aerolite.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/** Connects the official client and returns it as a benchmark driver. */
export async function officialDriver(options: DriverOptions): Promise<Driver> {
  const Aerospike: Any = createRequire(import.meta.url)("aerospike");
  const timeouts = { totalTimeout: 10_000, socketTimeout: 10_000 };
  const client: Any = await Aerospike.connect({
    hosts: options.hosts,
    maxConnsPerNode: options.maxConcurrency + 16,
    policies: { read: timeouts, write: timeouts, batch: timeouts },
    log: { level: Aerospike.log.OFF },
  });
  const keys: Any[] = [];
  const bins: BenchBins[] = [];
  for (let i = 0; i < KEY_COUNT; i++) {
    keys.push(new Aerospike.Key(NAMESPACE, SET, i));
    bins.push(binsFor(i));
  }
  const batches: Any[][] = [];
  for (let b = 0; b < BATCH_COUNT; b++) {
    batches.push(keys.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE).map((key) => ({ key, readAllBins: true })));
  }
  return {
    get: (i) => client.get(keys[i]),
    put: (i) => client.put(keys[i], bins[i]),
    batchGet: (b) => client.batchRead(batches[b]),
    close: () => {
      client.close(false);
      return Promise.resolve();
    },
  };
}

/** The installed version of the official client, or undefined when it cannot be loaded. */
export function officialVersion(): string | undefined {
  try {
    return (createRequire(import.meta.url)("aerospike/package.json") as { version: string }).version;
  } catch {
    return undefined;
  }
}
