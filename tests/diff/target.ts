/**
 * The two servers of a differential run, side by side: the in-process mock (one node, CE-like: no
 * compression) and the real cluster named by `AEROSPIKE_HOSTS`, each with a client. A case runs on
 * both from the same starting record; {@linkcode runOn} captures what one target answered.
 * @module
 */
import { AerospikeError, Client, type Key } from "../../mod.ts";
import { MockCluster } from "../../server_mock/mod.ts";
import type { DiffCase } from "./case.ts";
import { resultCodeName } from "../../src/wire/result_code.ts";

/** One server and its client. */
export interface DiffTarget {
  /** "mock" or "real". */
  readonly name: string;
  /** Connected client. */
  readonly client: Client;
}

/** What one target answered to a case: the answer or the error, then the records read back. */
export interface Answer {
  /** The starting put failed with this (the case did not run). */
  setup?: string;
  /** The operate result (`results`, `generation`, `ttl`) or `run`'s value. */
  value?: unknown;
  /** The error: `code NAME` for an AerospikeError, `Class: message` otherwise. */
  error?: string;
  /** Each key's record after the case (`null`: none), bins, generation and ttl. */
  records: unknown[];
}

/** Both targets of a run; `close()` stops the mock and both clients. */
export interface DiffTargets {
  /** The mock and the real target. */
  readonly targets: [DiffTarget, DiffTarget];
  /** Closes the clients and stops the mock. */
  close(): Promise<void>;
}

/** Starts the mock and connects to `realHosts`; throws a clear error when `realHosts` is empty. */
export async function openTargets(realHosts: string, ns: string): Promise<DiffTargets> {
  if (realHosts === "") {
    throw new Error(
      "the differential fuzzer needs a real server: set AEROSPIKE_HOSTS (e.g. AEROSPIKE_HOSTS=127.0.0.1:3000)",
    );
  }
  const mock = await MockCluster.start({
    nodes: 1,
    namespaces: { [ns]: { replicationFactor: 1 } },
    compression: false,
  });
  let mockClient: Client | undefined;
  try {
    // Generous deadlines: two cores are shared with other work, and a timeout is no difference.
    const policies = { read: { totalTimeout: 15_000 }, write: { totalTimeout: 15_000 } };
    mockClient = await Client.connect({ hosts: mock.seeds, policies });
    const realClient = await Client.connect({ hosts: realHosts, policies });
    return {
      targets: [{ name: "mock", client: mockClient }, { name: "real", client: realClient }],
      async close(): Promise<void> {
        await realClient.close();
        await mockClient?.close();
        await mock.close();
      },
    };
  } catch (e) {
    await mockClient?.close();
    await mock.close();
    throw e;
  }
}

function errorText(e: unknown): string {
  if (e instanceof AerospikeError) return `${e.code} ${resultCodeName(e.code)}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${String(e)}`;
}

async function readBack(client: Client, keys: Key[]): Promise<unknown[]> {
  return await Promise.all(keys.map(async (k) => {
    try {
      const r = await client.get(k);
      return r === null ? null : { bins: r.bins, generation: r.generation, ttl: r.ttl };
    } catch (e) {
      return { readError: errorText(e) };
    }
  }));
}

/**
 * Runs `c` on `target`: removes `keys`, writes the starting record under `keys[0]`, runs `setup`,
 * then the operations (or `run`), and reads every key back (only `keys[0]` for operate cases).
 */
export async function runOn(target: DiffTarget, c: DiffCase, keys: Key[], ops = c.ops): Promise<Answer> {
  const { client } = target;
  const key = keys[0];
  try {
    await Promise.all(keys.map((k) => client.remove(k)));
    if (c.bins !== null) await client.put(key, c.bins as Record<string, never>);
    await c.setup?.(client, key);
  } catch (e) {
    return { setup: errorText(e), records: await readBack(client, keys) };
  }
  const answer: Answer = { records: [] };
  try {
    if (c.run !== undefined) {
      answer.value = await c.run(client, key, keys);
    } else {
      const r = await client.operate(key, ops ?? [], c.policy);
      answer.value = { results: r.results, generation: r.generation, ttl: r.ttl };
    }
  } catch (e) {
    answer.error = errorText(e);
  }
  answer.records = await readBack(client, c.run !== undefined ? keys : [key]);
  return answer;
}
