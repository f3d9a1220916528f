/**
 * The mock's in-memory record store: one {@linkcode NamespaceStore} per namespace, records keyed
 * by digest inside one map per partition, bins kept as raw particles (type byte + bytes) exactly
 * as the wire carries them. Time comes from an injectable clock so TTL tests need no sleeping.
 *
 * One store serves the whole cluster (every node reads and writes the same records): that models
 * a cluster whose replicas are always in sync, and lets a stopped node's data survive a restart.
 * @module
 */
import { partitionId, PARTITIONS } from "../src/wire/digest.ts";
import { IndexRegistry } from "./sindex.ts";
import { UdfRegistry } from "./udf.ts";

/** Seconds between the Unix epoch and the server's epoch, 2010-01-01 00:00:00 UTC. */
export const CITRUSLEAF_EPOCH = 1262304000;

/** A clock in milliseconds since the Unix epoch (`Date.now` by default). */
export type Clock = () => number;

/** One bin as stored: the particle type and the particle bytes. */
export interface StoredBin {
  /** Particle type (`PARTICLE_TYPE_*`). */
  type: number;
  /** Particle bytes (owned by the store). */
  data: Uint8Array;
}

/** One stored record. */
export interface StoredRecord {
  /** The 20-byte digest. */
  digest: Uint8Array;
  /** Set name ("" for none). */
  set: string;
  /** The KEY field data (particle type byte + key bytes) when the writer sent the key. */
  key?: Uint8Array;
  /** Bins in the order they were first written. */
  bins: Map<string, StoredBin>;
  /** Generation, 1 for a new record, wrapping after 65535 as on the server. */
  generation: number;
  /** Void time in seconds since 2010-01-01 UTC; 0 never expires. */
  voidTime: number;
  /** Last update, ms since the Unix epoch. */
  lastUpdateMs: number;
}

/**
 * Removes bin `name` the way a node does: the record's last bin moves into the freed slot, so
 * deleting `a` from bins a,b,c,d,e reads back as e,b,c,d.
 * @example
 * ```ts
 * declare const rec: StoredRecord;
 * removeBin(rec.bins, "a");
 * ```
 */
export function removeBin(bins: Map<string, StoredBin>, name: string): void {
  if (!bins.has(name)) return;
  const entries = [...bins];
  const i = entries.findIndex(([n]) => n === name);
  const last = entries.pop()!;
  if (i < entries.length) entries[i] = last;
  bins.clear();
  for (const [n, b] of entries) bins.set(n, b);
}

/** Settings of one namespace. */
export interface NamespaceOptions {
  /** Copies of each partition (capped at the number of live nodes). @default 1 */
  replicationFactor?: number;
  /** TTL in seconds applied when a write asks for the namespace default; 0 never expires. @default 0 */
  defaultTtl?: number;
  /**
   * Strong consistency (an Enterprise feature): partitions report regime 1 and multi-record
   * transactions work (provisional writes, locks, the monitor record; see server_mock/mrt.ts).
   * Without it a transaction field answers ENTERPRISE_ONLY (25), as Community Edition does.
   * @default false
   */
  strongConsistency?: boolean;
  /** A transaction's duration when its client asks for 0 (`mrt-duration`, seconds). @default 10 */
  mrtDuration?: number;
}

/**
 * The map key of a digest: its 20 bytes as 10 UTF-16 code units, two bytes big-endian in each.
 * Strings compare by code unit, so keys sort in digest byte order (`ordered()` relies on it), and
 * building one costs a single call instead of 20 hex conversions.
 */
function digestKey(d: Uint8Array): string {
  if (d.length !== 20) return digestKeyAny(d);
  return String.fromCharCode(
    (d[0] << 8) | d[1],
    (d[2] << 8) | d[3],
    (d[4] << 8) | d[5],
    (d[6] << 8) | d[7],
    (d[8] << 8) | d[9],
    (d[10] << 8) | d[11],
    (d[12] << 8) | d[13],
    (d[14] << 8) | d[15],
    (d[16] << 8) | d[17],
    (d[18] << 8) | d[19],
  );
}

// Any other length (requests are checked for 20 bytes, so only a caller's own digest): an odd last
// byte is padded with a zero low byte, which keeps byte order with prefixes sorting first.
function digestKeyAny(d: Uint8Array): string {
  let s = "";
  for (let i = 0; i < d.length; i += 2) {
    s += String.fromCharCode(i + 1 < d.length ? (d[i] << 8) | d[i + 1] : d[i] << 8);
  }
  return s;
}

/** The current time in server seconds (since 2010-01-01 UTC). */
export function serverNow(clock: Clock): number {
  return Math.floor(clock() / 1000) - CITRUSLEAF_EPOCH;
}

/**
 * Records of one namespace, one map per partition.
 * @example
 * ```ts
 * declare const digest: Uint8Array;
 * const ns = new NamespaceStore("test", { replicationFactor: 2 }, Date.now);
 * ns.get(digest); // undefined until written
 * ```
 */
export class NamespaceStore {
  /** Namespace name. */
  readonly name: string;
  /** Replication factor asked for. */
  readonly replicationFactor: number;
  /** Default TTL in seconds (0: never expire). */
  readonly defaultTtl: number;
  /** Strong-consistency mode (transactions allowed). */
  readonly strongConsistency: boolean;
  /** Default transaction duration in seconds. */
  readonly mrtDuration: number;
  #clock: Clock;
  #partitions: Map<string, StoredRecord>[] = [];
  #size = 0;
  // The partitions that ever held a record of each set. A real node keeps a set's name once it
  // held a record of it, deleted, expired and truncated ones included (until it restarts).
  #setPartitions = new Map<string, Set<number>>();

  /**
   * @param name namespace name
   * @param options replication factor and default TTL
   * @param clock time source in ms
   */
  constructor(name: string, options: NamespaceOptions, clock: Clock) {
    this.name = name;
    this.replicationFactor = Math.max(1, options.replicationFactor ?? 1);
    this.defaultTtl = options.defaultTtl ?? 0;
    this.strongConsistency = options.strongConsistency ?? false;
    this.mrtDuration = options.mrtDuration ?? 10;
    this.#clock = clock;
    for (let i = 0; i < PARTITIONS; i++) this.#partitions.push(new Map());
  }

  /** Now in server seconds. */
  now(): number {
    return serverNow(this.#clock);
  }

  /** Now in ms since the Unix epoch. */
  nowMs(): number {
    return this.#clock();
  }

  /** The live record of a digest; an expired record is removed and reads as missing. */
  get(digest: Uint8Array): StoredRecord | undefined {
    const part = this.#partitions[partitionId(digest)];
    const k = digestKey(digest);
    const rec = part.get(k);
    if (rec === undefined) return undefined;
    if (rec.voidTime !== 0 && rec.voidTime <= this.now()) {
      part.delete(k);
      this.#size--;
      return undefined;
    }
    return rec;
  }

  /** Inserts or replaces a record (keyed by its digest). */
  put(rec: StoredRecord): void {
    const pid = partitionId(rec.digest);
    const part = this.#partitions[pid];
    const k = digestKey(rec.digest);
    if (!part.has(k)) this.#size++;
    part.set(k, rec);
    if (rec.set !== "") {
      const seen = this.#setPartitions.get(rec.set);
      if (seen === undefined) this.#setPartitions.set(rec.set, new Set([pid]));
      else seen.add(pid);
    }
  }

  /**
   * The partitions that ever held a record of `set`, deleted, expired and truncated records
   * included: a node that has (or had) a copy of one of them knows the set.
   */
  setPartitions(set: string): ReadonlySet<number> {
    return this.#setPartitions.get(set) ?? NO_PARTITIONS;
  }

  /** Removes a record; true when it was there. */
  delete(digest: Uint8Array): boolean {
    const removed = this.#partitions[partitionId(digest)].delete(digestKey(digest));
    if (removed) this.#size--;
    return removed;
  }

  /** Live records of one partition, in insertion order (expired ones are dropped on the way). */
  *partition(pid: number): IterableIterator<StoredRecord> {
    const now = this.now();
    const part = this.#partitions[pid];
    for (const [k, rec] of part) {
      if (rec.voidTime !== 0 && rec.voidTime <= now) {
        part.delete(k);
        this.#size--;
        continue;
      }
      yield rec;
    }
  }

  /**
   * Live records of one partition in digest order (the order a real node walks its partition
   * tree, so a resume digest means "strictly after this one"). Records after `after` only, when
   * given. A snapshot: writes made while the caller walks it do not disturb the walk.
   */
  ordered(pid: number, after?: Uint8Array): StoredRecord[] {
    const now = this.now();
    const from = after === undefined ? undefined : digestKey(after);
    const keys: string[] = [];
    for (const [k, rec] of this.#partitions[pid]) {
      if (rec.voidTime !== 0 && rec.voidTime <= now) continue;
      if (from === undefined || k > from) keys.push(k);
    }
    keys.sort();
    const part = this.#partitions[pid];
    return keys.map((k) => part.get(k)!);
  }

  /** Number of records held (expired ones not yet noticed included). */
  get size(): number {
    return this.#size;
  }

  /** Live records per set name ("" for records without a set). */
  setCounts(): Map<string, number> {
    const out = new Map<string, number>();
    for (let pid = 0; pid < PARTITIONS; pid++) {
      for (const rec of this.partition(pid)) out.set(rec.set, (out.get(rec.set) ?? 0) + 1);
    }
    return out;
  }

  /**
   * Deletes every record (of one set when `set` is given), only those last updated before
   * `beforeMs` (ms since the Unix epoch) when given; returns how many went.
   */
  truncate(set?: string, beforeMs?: number): number {
    let n = 0;
    for (const part of this.#partitions) {
      for (const [k, rec] of part) {
        if (beforeMs !== undefined && rec.lastUpdateMs >= beforeMs) continue;
        if (set === undefined || rec.set === set) {
          part.delete(k);
          n++;
        }
      }
    }
    this.#size -= n;
    return n;
  }
}

const NO_PARTITIONS: ReadonlySet<number> = new Set();

/**
 * Every namespace of a mock cluster.
 * @example
 * ```ts
 * const store = new Store({ test: { replicationFactor: 2 } });
 * store.namespace("test")?.size; // 0
 * ```
 */
export class Store {
  /** Secondary index definitions, cluster-wide. */
  readonly indexes: IndexRegistry = new IndexRegistry();
  /** Registered UDF modules, cluster-wide. */
  readonly udfs: UdfRegistry = new UdfRegistry();
  #namespaces = new Map<string, NamespaceStore>();

  /**
   * @param namespaces namespace name -> settings
   * @param clock time source in ms @default Date.now
   */
  constructor(namespaces: Record<string, NamespaceOptions>, clock: Clock = Date.now) {
    for (const [name, options] of Object.entries(namespaces)) {
      this.#namespaces.set(name, new NamespaceStore(name, options, clock));
    }
  }

  /** The store of a namespace, or undefined for an unknown name. */
  namespace(name: string): NamespaceStore | undefined {
    return this.#namespaces.get(name);
  }

  /** Namespace names in configuration order. */
  names(): string[] {
    return [...this.#namespaces.keys()];
  }
}
