/**
 * Partition ownership for the mock cluster: for every partition, the live nodes ranked by a hash
 * of (partition id, node name, rebalance epoch), like the server's succession list. The first
 * `replicationFactor` nodes hold the partition, the first of them as master. Ranking by hash keeps
 * the spread balanced and moves few partitions when a node comes or goes; a new epoch reshuffles.
 * @module
 */
import { PARTITIONS } from "../src/wire/digest.ts";
import { PARTITION_BITMAP_BYTES, setPartition } from "../src/wire/info.ts";

/** Owners of every partition of one namespace: `owners[pid][0]` is the master's name. */
export type Ownership = string[][];

// 32-bit FNV-1a then a final avalanche, enough to spread partitions evenly.
function rank(pid: number, node: string, epoch: number): number {
  let h = 0x811c9dc5 ^ epoch;
  const mix = (byte: number): void => {
    h = Math.imul(h ^ byte, 0x01000193);
  };
  for (let i = 0; i < node.length; i++) mix(node.charCodeAt(i) & 0xff);
  mix(pid & 0xff);
  mix(pid >>> 8);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Computes the owners of all 4096 partitions over `nodes` (live node names).
 * @example
 * ```ts
 * const owners = computeOwnership(["BB9000000000001", "BB9000000000002"], 2, 0);
 * owners[17]; // [master, replica]
 * ```
 */
export function computeOwnership(
  nodes: readonly string[],
  replicationFactor: number,
  epoch: number,
): Ownership {
  const copies = Math.min(Math.max(1, replicationFactor), nodes.length);
  const out: Ownership = new Array(PARTITIONS);
  for (let pid = 0; pid < PARTITIONS; pid++) {
    if (copies === 0) {
      out[pid] = [];
      continue;
    }
    const ranked = nodes.map((n) => ({ n, r: rank(pid, n, epoch) }));
    ranked.sort((a, b) => b.r - a.r || (a.n < b.n ? -1 : 1));
    out[pid] = ranked.slice(0, copies).map((x) => x.n);
  }
  return out;
}

/**
 * A node's replica bitmaps for the `replicas` info value: one 512-byte bitmap per replica index.
 * @example
 * ```ts
 * declare const owners: Ownership;
 * const [master, prole] = replicaBitmaps(owners, "BB9000000000001", 2);
 * console.log(master, prole);
 * ```
 */
export function replicaBitmaps(owners: Ownership, node: string, count: number): Uint8Array[] {
  const maps: Uint8Array[] = [];
  for (let i = 0; i < count; i++) maps.push(new Uint8Array(PARTITION_BITMAP_BYTES));
  for (let pid = 0; pid < owners.length; pid++) {
    const at = owners[pid].indexOf(node);
    if (at >= 0 && at < count) setPartition(maps[at], pid);
  }
  return maps;
}

/** Where a node stands for a partition: 0 master, 1.. replica index, -1 holds no copy. */
export function replicaIndex(owners: Ownership, node: string, pid: number): number {
  return owners[pid]?.indexOf(node) ?? -1;
}
