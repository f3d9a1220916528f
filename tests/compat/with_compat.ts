/**
 * Runs `fn` with a compat client connected to the test's target (the mock or the real server),
 * closed afterwards. Shared by the compat target tests.
 * @module
 */
import Aerospike, { type Client } from "../../src/compat/mod.ts";
import type { Target } from "../helpers/target.ts";

/** Connects a compat client to `t`, runs `fn` with it, then closes it. */
export async function withCompat(t: Target, fn: (c: Client) => Promise<void>): Promise<void> {
  const client = await Aerospike.connect({ hosts: t.seeds, policies: { read: { totalTimeout: 10_000 } } });
  try {
    await fn(client);
  } finally {
    client.close();
  }
}
