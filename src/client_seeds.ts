/**
 * `client.addSeedHost()` / `removeSeedHost()` / `seedHosts()`: the seed list a client starts over
 * from when it loses every node (and, with `seedOnly`, the nodes it tends), changed at run time as
 * in the official clients.
 * @module
 */
import type { Cluster } from "./cluster/cluster.ts";
import { DEFAULT_PORT, parseHosts, type SeedHost } from "./cluster/seeds.ts";

/** One seed as `{ host, port, tlsName? }` (the host without IPv6 brackets). */
export type SeedRef = SeedHost;

function one(host: string, port: number | undefined, tlsName?: string): SeedHost {
  if (typeof host !== "string") throw new TypeError("a seed host must be a string");
  if (port !== undefined && typeof port !== "number") throw new TypeError("a seed port must be a number");
  const spec = tlsName === undefined
    ? { host, port: port ?? DEFAULT_PORT }
    : { host, port: port ?? DEFAULT_PORT, tlsName };
  return parseHosts([spec])[0];
}

/** Adds a seed; false when the same host and port is already a seed. */
export function addSeedHost(cluster: Cluster, host: string, port?: number, tlsName?: string): boolean {
  return cluster.addSeed(one(host, port, tlsName));
}

/** Removes a seed by host and port; false when there was none. */
export function removeSeedHost(cluster: Cluster, host: string, port?: number): boolean {
  const s = one(host, port);
  return cluster.removeSeed(s.host, s.port);
}
