/**
 * The partition map: for each namespace and replica index, the node owning each of the 4096
 * partitions. A `PartitionMap` is an immutable snapshot: tending builds a new one (copying only
 * the namespaces that changed) and swaps it in, so a command always routes against one
 * consistent map, read synchronously.
 * @module
 */
import { type NamespaceReplicas, PARTITION_COUNT } from "../wire/info.ts";

/** How a command picks among a partition's replicas. */
export type Replica = "master" | "sequence" | "any" | "preferRack" | "random";

/** What the map needs to know of a node. */
export interface RoutableNode {
  /** Node id. */
  readonly name: string;
  /** False once the node was removed from the cluster. */
  readonly active: boolean;
  /** Whether the node sits on rack `rackId` for namespace `ns`. */
  hasRack(ns: string, rackId: number): boolean;
  /** True while a connect to the node was refused and the cluster refreshes (reads avoid it). */
  readonly suspect?: boolean;
}

/** One namespace: `owners[replicaIndex][partitionId]`, plus the SC regime of each partition. */
export interface NamespacePartitions<N> {
  /** [0] masters, [1] first proles, ...; each 4096 entries, undefined when unknown. */
  readonly owners: readonly (readonly (N | undefined)[])[];
  /** Regime per partition (0 in AP namespaces); a lower regime never overwrites a higher one. */
  readonly regimes: Uint32Array;
}

function bitSet(bitmap: Uint8Array, pid: number): boolean {
  // Most-significant bit first: partition 0 is 0x80 of byte 0.
  return (bitmap[pid >> 3] & (0x80 >> (pid & 7))) !== 0;
}

/**
 * An immutable partition map snapshot.
 * @example
 * ```ts
 * import { parseReplicas } from "../wire/info.ts";
 * import type { ClusterNode } from "./node.ts";
 * declare const node: ClusterNode, info: Map<string, string>;
 * let map = PartitionMap.empty<ClusterNode>();
 * map = map.withNodeReplicas(node, parseReplicas(info.get("replicas")!));
 * map.nodeFor("test", 17, "master", 0, false);
 * ```
 */
export class PartitionMap<N extends RoutableNode> {
  #namespaces: ReadonlyMap<string, NamespacePartitions<N>>;
  // Round-robin position for "any"; shared by the snapshots derived from one another.
  #rr: { next: number };

  private constructor(namespaces: ReadonlyMap<string, NamespacePartitions<N>>, rr: { next: number }) {
    this.#namespaces = namespaces;
    this.#rr = rr;
  }

  /** A map that knows no namespace. */
  static empty<N extends RoutableNode>(): PartitionMap<N> {
    return new PartitionMap<N>(new Map(), { next: 0 });
  }

  /** Whether any node reported the namespace. */
  has(ns: string): boolean {
    return this.#namespaces.has(ns);
  }

  /** The namespaces known, in discovery order. */
  namespaces(): string[] {
    return [...this.#namespaces.keys()];
  }

  /** The raw owners of a namespace (for tests and diagnostics). */
  get(ns: string): NamespacePartitions<N> | undefined {
    return this.#namespaces.get(ns);
  }

  /**
   * The node to send a command to, or undefined when no active node is known.
   * - `master`: replica 0.
   * - `sequence`: replica `attempt % count`, moving on past unknown or inactive nodes.
   * - `any`: reads round-robin over the replicas; writes go to the master.
   * - `preferRack`: reads try the replicas on the client's racks first (in the order of its
   *   `rackIds` preference list), then the others, rotated by `attempt`; without a rack (or for
   *   writes) it behaves as `sequence`.
   * - `random`: the cluster picks any node for reads (see `Cluster.nodeFor`); here, as for
   *   writes, the master.
   * @param ns namespace
   * @param pid partition id, 0..4095
   * @param replica policy
   * @param attempt 0-based attempt number; retries rotate through the replicas
   * @param write whether the command writes
   * @param racks the client's racks, most preferred first, for `preferRack`
   */
  nodeFor(
    ns: string,
    pid: number,
    replica: Replica,
    attempt: number,
    write: boolean,
    racks?: readonly number[],
  ): N | undefined {
    const p = this.#namespaces.get(ns);
    if (p === undefined || !(pid >= 0 && pid < PARTITION_COUNT)) return undefined;
    const owners = p.owners;
    switch (replica) {
      case "master":
      case "random":
        return active(owners[0]?.[pid]);
      case "any":
        if (write) return active(owners[0]?.[pid]);
        return sequence(owners, pid, this.#rr.next++ & 0x3fffffff, true);
      case "preferRack":
        if (!write && racks !== undefined && racks.length > 0) {
          return this.#rackNode(ns, owners, pid, attempt, racks);
        }
        return sequence(owners, pid, attempt, !write);
      default:
        return sequence(owners, pid, attempt, !write);
    }
  }

  #rackNode(
    ns: string,
    owners: NamespacePartitions<N>["owners"],
    pid: number,
    attempt: number,
    racks: readonly number[],
  ) {
    // One bucket per preferred rack, in preference order, then the nodes on no preferred rack.
    const buckets: N[][] = racks.map(() => []);
    const remote: N[] = [];
    const seen = new Set<N>();
    for (const row of owners) {
      const n = row[pid];
      if (n === undefined || !n.active || seen.has(n)) continue;
      seen.add(n);
      const at = racks.findIndex((r) => n.hasRack(ns, r));
      (at < 0 ? remote : buckets[at]).push(n);
    }
    const order = buckets.flat().concat(remote);
    return order.length === 0 ? undefined : order[attempt % order.length];
  }

  /**
   * A new snapshot with `node`'s claims applied: every partition whose bit is set in one of its
   * replica bitmaps now points to it (unless a higher SC regime is already recorded). Partitions
   * it no longer claims keep their entry until their new owner reports, as the official clients do.
   * @param node the node that answered `replicas`
   * @param replicas its parsed `replicas` value
   */
  withNodeReplicas(node: N, replicas: ReadonlyMap<string, NamespaceReplicas>): PartitionMap<N> {
    const next = new Map(this.#namespaces);
    for (const [ns, { regime, replicas: bitmaps }] of replicas) {
      if (bitmaps.length === 0) continue;
      const old = next.get(ns);
      const owners: (N | undefined)[][] = [];
      for (let i = 0; i < bitmaps.length; i++) {
        const prev = old?.owners[i];
        owners.push(
          prev !== undefined ? prev.slice() : new Array<N | undefined>(PARTITION_COUNT).fill(undefined),
        );
      }
      const regimes = old !== undefined ? old.regimes.slice() : new Uint32Array(PARTITION_COUNT);
      for (let pid = 0; pid < PARTITION_COUNT; pid++) {
        if (regime < regimes[pid]) continue;
        let claimed = false;
        for (let i = 0; i < bitmaps.length; i++) {
          if (bitSet(bitmaps[i], pid)) {
            owners[i][pid] = node;
            claimed = true;
          }
        }
        if (claimed) regimes[pid] = regime;
      }
      next.set(ns, { owners, regimes });
    }
    return new PartitionMap<N>(next, this.#rr);
  }

  /** A new snapshot without any entry pointing to `node` (a removed node); `this` when none does. */
  withoutNode(node: N): PartitionMap<N> {
    if (!this.references(node)) return this;
    const next = new Map<string, NamespacePartitions<N>>();
    for (const [ns, p] of this.#namespaces) {
      const owners = p.owners.map((row) =>
        row.includes(node) ? row.map((n) => n === node ? undefined : n) : row
      );
      next.set(ns, { owners, regimes: p.regimes });
    }
    return new PartitionMap<N>(next, this.#rr);
  }

  /** Whether any partition of any namespace points to `node`. */
  references(node: N): boolean {
    for (const p of this.#namespaces.values()) {
      for (const row of p.owners) if (row.includes(node)) return true;
    }
    return false;
  }
}

function active<N extends RoutableNode>(n: N | undefined): N | undefined {
  return n !== undefined && n.active ? n : undefined;
}

// The replica `start` (modulo the count), moving on past unknown and removed nodes; for a read
// (`read`) also past suspect ones (a connect to them was refused) while another replica is known.
function sequence<N extends RoutableNode>(
  owners: NamespacePartitions<N>["owners"],
  pid: number,
  start: number,
  read = false,
): N | undefined {
  const count = owners.length;
  let fallback: N | undefined;
  for (let i = 0; i < count; i++) {
    const n = owners[(start + i) % count][pid];
    if (n === undefined || !n.active) continue;
    if (!read || n.suspect !== true) return n;
    fallback ??= n;
  }
  return fallback;
}
