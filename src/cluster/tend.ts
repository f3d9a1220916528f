/**
 * The steps of a tend cycle that hold no cluster state. The info exchanges, one function per
 * question asked of a node over its tend connection: has anything moved (`node` and the
 * generations), who are its peers, which partitions it holds (`replicas`), which racks it is on
 * (`rack-ids`); each counts a failure on the node instead of throwing, so one bad node never fails
 * the cycle. Then the decisions: which peers are new, which nodes go, and the error `connect()`
 * rejects with when no seed could be used.
 * @module
 */
import { isAuthFailure } from "../auth/session.ts";
import { AerospikeError, ConnectionError, TimeoutError } from "../errors.ts";
import { parsePeers, parseReplicas, type PeersInfo } from "../wire/info.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { InfoDeadline } from "./info_exchange.ts";
import type { ClusterNode } from "./node.ts";
import type { PartitionMap } from "./partition_map.ts";
import { formatAddress, type SeedHost } from "./seeds.ts";

/** A node failing this many tend refreshes in a row is removed (and found again via peers if it returns). */
const MAX_TEND_FAILURES = 5;

/**
 * A node whose address refused this many tend connects in a row is removed at once, even while
 * its peers still list it (they notice a node is gone only after their heartbeat timeout):
 * nothing listens there, so no command can reach it. It is found again through the peer lists
 * once it answers. A node that merely times out never counts here.
 */
export const REFUSED_TENDS_TO_REMOVE = 1;

/** What one node's refresh found (-1: a generation it did not report). */
export interface Refresh {
  /** The node asked. */
  node: ClusterNode;
  /** Whether it answered as itself. */
  ok: boolean;
  /** Its `partition-generation`. */
  partitionGeneration: number;
  /** Its `peers-generation`. */
  peersGeneration: number;
  /** Its `rebalance-generation` (asked only when the client has a rack). */
  rebalanceGeneration: number;
}

/** A generation value; -1 when missing or not an integer. */
export function generation(value: string | undefined): number {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : -1;
}

/**
 * Asks a node for its name and generations; a failure (or another node now answering at its
 * address) counts against it. `racks`: also ask `rebalance-generation`.
 */
export async function refreshNode(
  node: ClusterNode,
  racks: boolean,
  deadline: InfoDeadline,
): Promise<Refresh> {
  const commands = ["node", "peers-generation", "partition-generation"];
  if (racks) commands.push("rebalance-generation");
  const r: Refresh = {
    node,
    ok: false,
    partitionGeneration: -1,
    peersGeneration: -1,
    rebalanceGeneration: -1,
  };
  let info: Map<string, string>;
  try {
    info = await node.tendInfo(commands, deadline);
  } catch (err) {
    // The open tend connection broke (closed or reset, not timed out): ask once more over a new
    // one, which tells a node whose process is gone (refused) from a dropped connection.
    if (node.tendConnect !== "reused" || err instanceof TimeoutError || deadline.expired) {
      node.tendFailed(err);
      return r;
    }
    try {
      info = await node.tendInfo(commands, deadline);
    } catch (again) {
      node.tendFailed(again);
      return r;
    }
  }
  // A different name means another server now listens at that address: drop this node.
  if (info.get("node") !== node.name) {
    node.tendFailed(new Error(`node at ${node.address} changed identity`));
    return r;
  }
  r.partitionGeneration = generation(info.get("partition-generation"));
  r.peersGeneration = generation(info.get("peers-generation"));
  r.rebalanceGeneration = generation(info.get("rebalance-generation"));
  r.ok = true;
  node.tendSucceeded();
  return r;
}

/** Reads a refreshed node's peer list with `command` (`peers-clear-std`...); undefined on failure. */
export async function peersOf(
  r: Refresh,
  command: string,
  deadline: InfoDeadline,
): Promise<PeersInfo | undefined> {
  try {
    const info = await r.node.tendInfo([command], deadline);
    const peers = parsePeers(info.get(command) ?? "");
    r.node.peersGeneration = r.peersGeneration;
    r.node.peersCount = peers.peers.length;
    return peers;
  } catch (err) {
    r.node.tendFailed(err);
    return undefined;
  }
}

/** Reads a node's partition ownership with the generation it belongs to; undefined on failure. */
export async function replicasOf(
  node: ClusterNode,
  deadline: InfoDeadline,
): Promise<{ generation: number; map: ReturnType<typeof parseReplicas> } | undefined> {
  try {
    // Asked together so the generation belongs to the map it came with.
    const info = await node.tendInfo(["partition-generation", "replicas"], deadline);
    return {
      generation: generation(info.get("partition-generation")),
      map: parseReplicas(info.get("replicas") ?? ""),
    };
  } catch (err) {
    node.tendFailed(err);
    return undefined;
  }
}

/** Reads and records a node's racks per namespace. */
export async function racksOf(node: ClusterNode, deadline: InfoDeadline): Promise<void> {
  try {
    const info = await node.tendInfo(["rebalance-generation", "rack-ids"], deadline);
    node.setRacks(info.get("rack-ids") ?? "");
    node.rebalanceGeneration = generation(info.get("rebalance-generation"));
  } catch (err) {
    node.tendFailed(err);
  }
}

/**
 * Why no seed could be used (`errors[i]` is seed i's): the server's own refusal (wrong cluster,
 * wrong password...) when one came, since it says more than "no seed answered"; else a
 * `ConnectionError` (SERVER_NOT_AVAILABLE) listing each seed's reason.
 */
export function seedFailure(seeds: readonly SeedHost[], errors: readonly unknown[]): Error {
  const mismatch = errors.find((e) =>
    e instanceof AerospikeError &&
    (e.code === ResultCode.CLUSTER_NAME_MISMATCH_ERROR || isAuthFailure(e.code))
  );
  if (mismatch !== undefined) return mismatch as AerospikeError;
  const detail = seeds.map((s, i) => {
    const e = errors[i];
    return `${formatAddress(s.host, s.port)}: ${e instanceof Error ? e.message : String(e)}`;
  });
  // Each seed's own reason (refused, timed out after connectTimeout, TLS name or CA) follows.
  return new ConnectionError(
    `no seed node could be used (${detail.join("; ")})`,
    { code: ResultCode.SERVER_NOT_AVAILABLE, cause: errors[0] },
  );
}

/**
 * Merges the peer lists read in a cycle: every known node they name gains a reference; the
 * others come back by node id with their addresses (the first list naming one wins).
 */
export function unknownPeers(
  lists: readonly (PeersInfo | undefined)[],
  byName: (name: string) => ClusterNode | undefined,
): Map<string, SeedHost[]> {
  const unknown = new Map<string, SeedHost[]>();
  for (const list of lists) {
    if (list === undefined) continue;
    for (const peer of list.peers) {
      const known = byName(peer.nodeId);
      if (known !== undefined) known.referenceCount++;
      else if (!unknown.has(peer.nodeId)) {
        unknown.set(
          peer.nodeId,
          peer.hosts.map((h) => ({ host: h.host, port: h.port, tlsName: peer.tlsName || undefined })),
        );
      }
    }
  }
  return unknown;
}

/**
 * The nodes to drop after a cycle, as the official clients decide it (when peer lists were read,
 * a node no list names that failed or owns no partition), plus a cap on consecutive failures,
 * plus a node whose address refused the tend connect (`REFUSED_TENDS_TO_REMOVE`), listed or not.
 * `refreshCount`: how many peer lists were read.
 */
export function nodesToRemove(
  all: readonly ClusterNode[],
  map: PartitionMap<ClusterNode>,
  peersChanged: boolean,
  refreshCount: number,
): ClusterNode[] {
  return all.filter((n) => {
    if (!n.active || n.failures >= MAX_TEND_FAILURES || n.refusedTends >= REFUSED_TENDS_TO_REMOVE) {
      return true;
    }
    if (!peersChanged || all.length <= 1 || refreshCount === 0 || n.referenceCount > 0) return false;
    return n.failures > 0 || !map.references(n);
  });
}

/** Why `nodesToRemove` dropped a node, in words (for logs and events). */
export function removalReason(n: ClusterNode): string {
  if (!n.active) return "it was deactivated";
  if (n.refusedTends >= REFUSED_TENDS_TO_REMOVE) {
    return "its address refused the tend connection (nothing listens there: the server stopped)";
  }
  if (n.failures >= MAX_TEND_FAILURES) return `${n.failures} tend refreshes in a row failed`;
  if (n.failures > 0) return "it failed to answer and no peer lists it";
  return "no peer lists it and it owns no partition";
}
