/**
 * Partition tracking for scans and queries (the official clients' partition tracker): which
 * partitions are finished (a node's assigned partitions, unless it reported them unavailable or
 * reached its record budget), the last digest (and index value) seen in each unfinished one, which
 * node masters each unfinished partition now, and how `maxRecords` is split across nodes. A
 * `PartitionStatus` snapshot is the pagination cursor.
 * @module
 */
import { DIGEST_SIZE, partitionId, PARTITIONS } from "../wire/digest.ts";

/** One partition's progress. */
export interface PartitionProgress {
  /** Partition id, 0..4095. */
  id: number;
  /** The server reported the partition finished. */
  done: boolean;
  /** Digest of the last record received from the partition (the server resumes after it). */
  digest?: Uint8Array;
  /** Index value of that record (queries; the server resumes after it). */
  bval?: bigint;
}

/** Serialised form of a cursor: `[id, done, digestBase64?, bval?]` per partition. */
export interface PartitionStatusJSON {
  /** Format version. */
  v: 1;
  /** Partitions. */
  parts: [number, 0 | 1, string?, string?][];
}

function b64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function unb64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Where a scan or query stands: pass it back as `cursor` to resume after the last record
 * delivered (no record lost or repeated), even after the cluster rebalanced.
 * @example
 * ```ts
 * import { Client } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const page = client.query("test", "demo", { maxRecords: 100 });
 * const records = await page.toArray();
 * const cursor = page.cursor().toBase64();
 * const next = client.query("test", "demo", { maxRecords: 100, cursor: PartitionStatus.fromBase64(cursor) });
 * ```
 */
export class PartitionStatus {
  /** Per-partition progress, by ascending id. */
  readonly partitions: readonly Readonly<PartitionProgress>[];

  /**
   * Makes a snapshot.
   * @param partitions progress entries (copied)
   */
  constructor(partitions: readonly PartitionProgress[]) {
    this.partitions = partitions.map((p) => ({ ...p }));
  }

  /** True when every partition is finished (nothing left to read). */
  get done(): boolean {
    return this.partitions.every((p) => p.done);
  }

  /** A JSON-safe form. */
  toJSON(): PartitionStatusJSON {
    return {
      v: 1,
      parts: this.partitions.map((p) => {
        const row: [number, 0 | 1, string?, string?] = [p.id, p.done ? 1 : 0];
        if (p.digest !== undefined) row.push(b64(p.digest));
        if (p.bval !== undefined) row.push(p.bval.toString());
        return row;
      }),
    };
  }

  /** The JSON form as base64 text. */
  toBase64(): string {
    return btoa(JSON.stringify(this.toJSON()));
  }

  /** Restores a cursor from `toJSON()` output; throws TypeError for malformed input. */
  static fromJSON(json: PartitionStatusJSON | string): PartitionStatus {
    const j = typeof json === "string" ? JSON.parse(json) as PartitionStatusJSON : json;
    if (j === null || typeof j !== "object" || j.v !== 1 || !Array.isArray(j.parts)) {
      throw new TypeError("not a partition status");
    }
    const seen = new Set<number>();
    return new PartitionStatus(j.parts.map((row) => {
      const [id, done, digest, bval] = row;
      if (!Number.isInteger(id) || id < 0 || id >= PARTITIONS || seen.has(id)) {
        throw new TypeError(`bad partition id in cursor: ${id}`);
      }
      seen.add(id);
      const p: PartitionProgress = { id, done: done === 1 };
      if (typeof digest === "string" && digest !== "") {
        p.digest = unb64(digest);
        if (p.digest.length !== DIGEST_SIZE || partitionId(p.digest) !== id) {
          throw new TypeError(`bad digest in cursor for partition ${id}`);
        }
      }
      if (typeof bval === "string") p.bval = BigInt(bval);
      return p;
    }));
  }

  /** Restores a cursor from `toBase64()` output. */
  static fromBase64(text: string): PartitionStatus {
    return PartitionStatus.fromJSON(atob(text));
  }
}

/** Which partitions a scan or query covers. */
export type PartitionFilter =
  | { begin: number; count: number }
  | { key: { partitionId: number; digest: Uint8Array } }
  | { digest: Uint8Array };

/** The partitions to start with: every one, a range, or the partition of a key/digest (after it). */
export function initialPartitions(filter?: PartitionFilter): PartitionProgress[] {
  if (filter === undefined) return Array.from({ length: PARTITIONS }, (_, id) => ({ id, done: false }));
  if ("begin" in filter) {
    const { begin, count } = filter;
    if (
      !Number.isInteger(begin) || !Number.isInteger(count) || begin < 0 || count < 1 ||
      begin + count > PARTITIONS
    ) {
      throw new RangeError("partitions: begin and count must select ids within 0..4095");
    }
    return Array.from({ length: count }, (_, i) => ({ id: begin + i, done: false }));
  }
  const digest = "key" in filter ? filter.key.digest : filter.digest;
  if (!(digest instanceof Uint8Array) || digest.length !== DIGEST_SIZE) {
    throw new TypeError("partitions: digest must be 20 bytes");
  }
  return [{ id: partitionId(digest), done: false, digest }];
}

/** One node's share of a round. */
export interface NodeAssignment<N> {
  /** The node. */
  node: N;
  /** Unfinished partitions it masters now. */
  parts: PartitionProgress[];
  /** Records it may return this round (0 = no limit). */
  recordMax: number;
}

/** Progress of one scan or query across rounds. */
export class PartitionTracker {
  #parts: Map<number, PartitionProgress>;
  #left: number;
  #tainted = new Set<number>();

  /**
   * @param parts starting progress (taken over, not copied)
   * @param maxRecords records this page may deliver (0 = all)
   */
  constructor(parts: PartitionProgress[], maxRecords: number) {
    this.#parts = new Map(parts.map((p) => [p.id, p]));
    this.#left = maxRecords > 0 ? maxRecords : Infinity;
  }

  /** Records the page may still deliver (Infinity without maxRecords). */
  get left(): number {
    return this.#left;
  }

  /** True when nothing remains: every partition done, or the page is full. */
  get finished(): boolean {
    return this.#left <= 0 || [...this.#parts.values()].every((p) => p.done);
  }

  /** Groups the unfinished partitions by their current master and splits the record budget. */
  assign<N>(masterOf: (pid: number) => N | undefined): { nodes: NodeAssignment<N>[]; unowned: number[] } {
    const byNode = new Map<N, PartitionProgress[]>();
    const unowned: number[] = [];
    for (const p of this.#parts.values()) {
      if (p.done) continue;
      const node = masterOf(p.id);
      if (node === undefined) {
        unowned.push(p.id);
        continue;
      }
      let list = byNode.get(node);
      if (list === undefined) byNode.set(node, list = []);
      list.push(p);
    }
    this.#tainted.clear();
    const nodes = [...byNode].map(([node, parts]) => ({ node, parts, recordMax: 0 }));
    if (this.#left !== Infinity && nodes.length > 0) {
      // Each node gets its share; when the budget is smaller than the node count every node
      // may return one record and the surplus is dropped (and read again on the next page).
      const share = Math.floor(this.#left / nodes.length);
      const rem = this.#left - share * nodes.length;
      nodes.forEach((n, i) => n.recordMax = share === 0 ? 1 : share + (i < rem ? 1 : 0));
    }
    return { nodes, unowned };
  }

  /** Accounts a received record; false when it must be dropped (the page is already full). */
  record(digest: Uint8Array, bval?: bigint): boolean {
    const pid = partitionId(digest);
    const p = this.#parts.get(pid);
    if (p === undefined || this.#left <= 0) {
      this.#tainted.add(pid);
      return false;
    }
    this.#left--;
    p.digest = digest.slice();
    if (bval !== undefined) p.bval = bval;
    return true;
  }

  /** A PARTITION_DONE marker with a non-zero code (e.g. 11 unavailable): retried next round. */
  partitionUnavailable(pid: number): void {
    this.#tainted.add(pid);
  }

  /**
   * A node's reply ended normally. A real node reports only unavailable partitions, so the
   * others are finished, unless the node reached its record budget: then there may be more, and
   * its partitions are read again next round (resuming after their last digest).
   */
  nodeFinished(parts: readonly PartitionProgress[], received: number, recordMax: number): void {
    if (recordMax > 0 && received >= recordMax) return;
    for (const p of parts) if (!this.#tainted.has(p.id)) p.done = true;
  }

  /** A snapshot to resume from. */
  status(): PartitionStatus {
    return new PartitionStatus([...this.#parts.values()].sort((a, b) => a.id - b.id));
  }
}
