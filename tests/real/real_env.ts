/**
 * What every real-server test shares: the server from `AEROSPIKE_HOSTS` (the tests are ignored
 * without it), the namespace from `AEROSPIKE_NAMESPACE`, a set name of its own per run, and a
 * client that is closed whatever the test does.
 */
import { Client, type ClientOptions } from "../../mod.ts";

/** Seeds of the real cluster; empty when none is given. */
export const REAL_HOSTS: string = Deno.env.get("AEROSPIKE_HOSTS") ?? "";
/** True when no server is given: pass as `{ ignore: NO_SERVER }`. */
export const NO_SERVER: boolean = REAL_HOSTS === "";
/** Namespace the tests write to. */
export const REAL_NS: string = Deno.env.get("AEROSPIKE_NAMESPACE") ?? "test";

/** A set name unique to this run, so runs do not see each other's records. */
export function runSet(prefix: string): string {
  return `${prefix}_${Date.now() % 100000}`;
}

/** Runs `fn` with a client connected to the real cluster (plus `options`), then closes it. */
export async function withRealClient<T>(
  fn: (client: Client) => Promise<T>,
  options: Omit<ClientOptions, "hosts"> = {},
): Promise<T> {
  const client = await Client.connect({ ...options, hosts: REAL_HOSTS });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
