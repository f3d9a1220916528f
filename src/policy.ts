/**
 * Command policies: timeouts, retries, replica choice and write semantics. Every field is
 * optional; a command's policy is the built-in default, overlaid by the client's `policies`,
 * overlaid by the policy passed to the call.
 * @module
 */

import type { Replica } from "./cluster/partition_map.ts";
import type { Transaction } from "./txn/transaction.ts";
import { checkOptions, type Shape } from "./validate.ts";

/**
 * Which replica a read goes to (writes always go to the master): `master`, `sequence` (master,
 * then each replica in turn on retries), `any` (round-robin) or `preferRack` (the client's rackId first).
 * Except with `master`, a read passes over a suspect node (one whose connect was refused, until the
 * cluster refresh drops it or it answers again) while another replica of the partition is known.
 */
export type { Replica };

/** AP read mode: read from one replica, or have the server consult all of them (`INFO1_READ_MODE_AP_ALL`). */
export type ReadModeAP = "one" | "all";

/**
 * Strong-consistency read mode (Enterprise namespaces with `strong-consistency true`; an AP
 * namespace ignores it): `session` (the default), `linearize` (`INFO3_SC_READ_TYPE`),
 * `allowReplica` (`INFO3_SC_READ_RELAX`), `allowUnavailable` (both bits), as the official clients
 * send them.
 */
export type ReadModeSC = "session" | "linearize" | "allowReplica" | "allowUnavailable";

/**
 * What a write does depending on whether the record exists: `createOrUpdate` (the default: create,
 * or merge bins into the record), `updateOnly` (fail with KEY_NOT_FOUND_ERROR when missing; the
 * official client's `exists.UPDATE`), `create` (fail with KEY_EXISTS_ERROR when present),
 * `replace` (replace all bins, fail when missing), `createOrReplace`.
 *
 * `"update"` is refused with a TypeError: earlier aerolite versions used it for create-or-update
 * while the official client's UPDATE means update-only, so the word cannot be read safely.
 */
export type ExistsAction = "createOrUpdate" | "updateOnly" | "create" | "replace" | "createOrReplace";

/**
 * Special `ttl` values, as the official client's `Aerospike.ttl`: any other value is seconds.
 * @example
 * ```ts
 * import { Client, Key, Ttl } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * await client.put(new Key("test", "demo", 1), { a: 1 }, { ttl: Ttl.NEVER_EXPIRE });
 * await client.close();
 * ```
 */
export const Ttl: {
  /** The namespace's default-ttl (0). */
  readonly NAMESPACE_DEFAULT: 0;
  /** Never expire (-1). */
  readonly NEVER_EXPIRE: -1;
  /** Keep the record's current ttl on an update (-2). */
  readonly DONT_UPDATE: -2;
  /** The client's default (its `policies.write.ttl`, else the namespace default) (-3). */
  readonly CLIENT_DEFAULT: -3;
} = Object.freeze({ NAMESPACE_DEFAULT: 0, NEVER_EXPIRE: -1, DONT_UPDATE: -2, CLIENT_DEFAULT: -3 });

/** How `generation` is checked: not at all, equal to the record's, or greater than the record's. */
export type GenerationPolicy = "none" | "eq" | "gt";

/** Whether the server answers after every replica committed (`all`) or the master only (`master`). */
export type CommitLevel = "all" | "master";

/**
 * A filter expression already packed for the wire (FIELD_FILTER_EXP). The `exp` builders produce
 * it; records for which it is false are skipped (FILTERED_OUT, 27).
 */
export interface FilterExpression {
  /** The expression as msgpack bytes. */
  readonly bytes: Uint8Array;
}

/** Options every command accepts. */
export interface BasePolicy {
  /**
   * Time limit of one attempt in ms; 0 means only `totalTimeout` applies.
   * @default 30000
   */
  socketTimeout?: number;
  /**
   * Time limit of the whole call in ms, retries and queueing included; 0 means no limit.
   * The remaining time is also sent to the server (header transaction-ttl). One exception: a
   * command issued before the client had any connection (a burst right after `connect()`, while
   * the pools are still being opened) is not charged its wait for the first one, up to
   * `connectTimeout`; a connect opened for a command may take the command's remaining time when
   * that is longer than `connectTimeout`.
   * @default 1000
   */
  totalTimeout?: number;
  /**
   * Retries after the first attempt (a timeout, a lost connection, an overloaded device or busy key).
   *
   * An attempt that provably sent nothing is not a retry and does not count here: a connect the
   * node refused (nothing listens: the server stopped), the node's pool retired or the node
   * removed before the request went out, no node known for the partition. Such a command waits,
   * within its `totalTimeout`, for the partition map refresh that the refused connect starts at
   * once (the refused node is dropped even while its peers still list it) and goes to the
   * partition's new owner, up to 3 times. A write stays exactly-once safe: nothing reached a
   * server, and if the time runs out it fails not in doubt. Batches and scans/queries follow the
   * same rule per node: a node's request that sent nothing has its rows (or partitions) re-split
   * by the refreshed map and sent to the new owners, without counting against `maxRetries`.
   * A read refused by its node goes at once to the partition's next replica (no wait for the
   * refresh). A command without a retry left (a write always) whose `socketTimeout` passes while
   * it waits for a connection keeps waiting within `totalTimeout` (`socketTimeout` bounds the
   * wait for a sent request's reply), and one that finds its pooled connection closed at the
   * send takes another. A command the circuit breaker refused is routed again too: see
   * `maxErrorRate`.
   *
   * A write already sent is never re-sent: when its node stops answering (a CE node keeps its
   * connections open but silent for about 2 s after SIGTERM) it fails in doubt (`inDoubt`) at
   * `socketTimeout`/`totalTimeout`. A read sent there moves to another replica after
   * `socketTimeout` when `maxRetries` allows, so give reads a `socketTimeout` below
   * `totalTimeout` to ride out a node restart.
   * @default 2 for reads, 0 for writes
   */
  maxRetries?: number;
  /**
   * Pause in ms before a retry.
   * @default 0
   */
  sleepBetweenRetries?: number;
  /**
   * Replica choice for reads (writes always go to the master).
   * @default "sequence"
   */
  replica?: Replica;
  /**
   * AP read mode.
   * @default "one"
   */
  readModeAP?: ReadModeAP;
  /**
   * Strong-consistency read mode (see {@linkcode ReadModeSC}); AP namespaces ignore it.
   * @default "session"
   */
  readModeSC?: ReadModeSC;
  /**
   * Filter expression: the command applies only where it is true.
   * @default undefined
   */
  filter?: FilterExpression;
  /**
   * After a single-record command timed out on the client, keep reading its connection for up to
   * this many ms: when the late reply comes, the connection goes back to the pool instead of being
   * closed (the official clients' `timeoutDelay`). The command still fails (or retries) at its
   * deadline. 0 closes the connection at once. Batches, queries and pipelined connections are
   * always closed.
   * @default 0
   */
  timeoutDelay?: number;
  /**
   * Aborting rejects the command at once with ABORTED (-103); a connection in the middle of an
   * exchange is closed.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Compress requests over 128 bytes (proto type 4, zlib) and ask the server to compress its reply
   * (`INFO1_COMPRESS_RESPONSE`; reads, read-only operates and batches). An Enterprise feature: the
   * Community Edition answers a compressed request with ENTERPRISE_ONLY (25).
   * @default false
   */
  compress?: boolean;
  /**
   * With `compress`, only requests whose frame is larger than this many bytes go compressed (the
   * official clients' `compressionThreshold`).
   * @default 128
   */
  compressionThreshold?: number;
  /**
   * The multi-record transaction the command belongs to (strong-consistency namespaces, server 8):
   * reads record the version they saw, writes lock the record until `commit()` or `abort()`.
   * Not taken by scans and queries.
   * @default undefined
   */
  txn?: Transaction;
}

/** Options of read commands (`get`, `exists`, `operate` without writes). */
export interface ReadPolicy extends BasePolicy {
  /**
   * Reset the record's ttl on a read made within the last `100 - n` percent of its life, measured
   * on the ttl of its last write (server 7.1+; a read-based LRU cache): 0 uses the namespace's
   * `default-read-touch-ttl-pct`, -1 never resets, 1..100 that percentage.
   * @default 0
   */
  readTouchTtlPercent?: number;
}

/** Options of write commands (`put`, `remove`, `touch`, `operate` with writes). */
export interface WritePolicy extends BasePolicy {
  /**
   * Record time-to-live in seconds, or a {@linkcode Ttl} value: 0 (`NAMESPACE_DEFAULT`) the
   * namespace default, -1 (`NEVER_EXPIRE`), -2 (`DONT_UPDATE`) keep the record's current ttl,
   * -3 (`CLIENT_DEFAULT`) the client's `policies.write.ttl`.
   * @default 0
   */
  ttl?: number;
  /**
   * What to do depending on whether the record exists (`"update"` is refused: see {@linkcode ExistsAction}).
   * @default "createOrUpdate"
   */
  exists?: ExistsAction;
  /**
   * Expected generation, checked according to `generationPolicy`.
   * @default 0
   */
  generation?: number;
  /**
   * How `generation` is checked.
   * @default "none"
   */
  generationPolicy?: GenerationPolicy;
  /**
   * When the server answers.
   * @default "all"
   */
  commitLevel?: CommitLevel;
  /**
   * Leave a tombstone on delete (Enterprise).
   * @default false
   */
  durableDelete?: boolean;
  /**
   * Store the user key with the record (KEY field).
   * @default false
   */
  sendKey?: boolean;
}

/** Options of batch commands: a read policy plus how the batch is split and answered. */
export interface BatchPolicy extends ReadPolicy {
  /**
   * Let the server answer in its network thread (fast for in-memory namespaces).
   * @default true
   */
  allowInline?: boolean;
  /**
   * Let the server answer in its network thread for namespaces on SSD too.
   * @default false
   */
  allowInlineSSD?: boolean;
  /**
   * Accepted for the official clients' sake, with no effect: the set name is always sent, as the
   * official clients now do too (their `sendSetName` is deprecated for that reason).
   * @default false
   */
  sendSetName?: boolean;
  /**
   * Answer every key even after a key fails (a per-key result code instead of one error).
   * @default true
   */
  respondAllKeys?: boolean;
  /**
   * Node requests running at once; 0 sends to every node in parallel.
   * @default 0
   */
  maxConcurrentNodes?: number;
}

/** Default policies a client applies to its commands, overridable per call. */
export interface ClientPolicies {
  /** Defaults of read commands. @default {} */
  read?: ReadPolicy;
  /** Defaults of write commands. @default {} */
  write?: WritePolicy;
  /** Defaults of batch commands. @default {} */
  batch?: BatchPolicy;
  /** Defaults of queries (and of scans, under `scan`). @default {} */
  query?: ReadPolicy;
  /** Defaults of scans (a query without a filter), over `query`. @default {} */
  scan?: ReadPolicy;
  /**
   * Defaults of `operate`, over `write` (over `read` when every operation reads).
   * @default {}
   */
  operate?: WritePolicy & { readTouchTtlPercent?: number };
  /** Defaults of `remove`, over `write`. @default {} */
  remove?: WritePolicy;
  /** Defaults of `apply` (record UDFs), over `write`. @default {} */
  apply?: WritePolicy;
  /**
   * Defaults of the batch policy of a `batch()` that holds a write, remove or apply item (the
   * official clients' `batchParentWrite`), over `batch`.
   * @default {}
   */
  batchParentWrite?: BatchPolicy;
  /** Defaults of `batch()` write items (the official `BatchWritePolicy`), over `write`. @default {} */
  batchWrite?: BatchItemWritePolicy;
  /** Defaults of `batch()` remove items (`BatchDeletePolicy`), over `write`. @default {} */
  batchRemove?: BatchItemWritePolicy;
  /** Defaults of `batch()` apply items (`BatchApplyPolicy`), over `write`. @default {} */
  batchApply?: BatchItemWritePolicy;
  /** Defaults of info commands. @default {} */
  info?: { totalTimeout?: number };
}

/**
 * The write fields a batch item takes (timeouts and retries belong to the whole batch).
 * `batchRemove` refuses `ttl` and `exists`; `batchApply` refuses `exists` and the generation fields.
 */
export type BatchItemWritePolicy = Pick<
  WritePolicy,
  | "filter"
  | "ttl"
  | "exists"
  | "generation"
  | "generationPolicy"
  | "commitLevel"
  | "durableDelete"
  | "sendKey"
>;

/** A read policy with every field decided (signal, filter and txn stay optional). */
export type ResolvedReadPolicy = Required<Omit<ReadPolicy, "signal" | "filter" | "txn">> & ReadPolicy;
/** A write policy with every field decided (signal, filter and txn stay optional). */
export type ResolvedWritePolicy = Required<Omit<WritePolicy, "signal" | "filter" | "txn">> & WritePolicy;

const BASE_DEFAULTS = {
  socketTimeout: 30_000,
  totalTimeout: 1_000,
  sleepBetweenRetries: 0,
  replica: "sequence",
  readModeAP: "one",
  readModeSC: "session",
  compress: false,
  compressionThreshold: 128,
  timeoutDelay: 0,
} as const;

/** Built-in read defaults. */
export const DEFAULT_READ_POLICY: Readonly<ResolvedReadPolicy> = Object.freeze({
  ...BASE_DEFAULTS,
  maxRetries: 2,
  readTouchTtlPercent: 0,
});

/** Built-in write defaults. */
export const DEFAULT_WRITE_POLICY: Readonly<ResolvedWritePolicy> = Object.freeze({
  ...BASE_DEFAULTS,
  maxRetries: 0,
  ttl: 0,
  exists: "createOrUpdate",
  generation: 0,
  generationPolicy: "none",
  commitLevel: "all",
  durableDelete: false,
  sendKey: false,
});

/**
 * Overlays policies left to right (undefined fields do not override; `ttl: Ttl.CLIENT_DEFAULT`
 * keeps the base's ttl). Each overlay is checked against `shape` first (unknown keys, types,
 * ranges: TypeError/RangeError naming `where`), before any I/O; the base is trusted.
 * @example
 * ```ts
 * import { DEFAULT_READ_POLICY, mergePolicies } from "./policy.ts";
 * import { READ_POLICY } from "./validate_shapes.ts";
 * const p = mergePolicies(READ_POLICY, "get()", DEFAULT_READ_POLICY, { totalTimeout: 50 });
 * ```
 */
export function mergePolicies<P extends BasePolicy>(
  shape: Shape,
  where: string,
  base: Readonly<P>,
  ...overlays: (Partial<P> | undefined)[]
): P {
  const out = { ...base } as P;
  const target = out as Record<string, unknown>;
  for (const o of overlays) {
    if (o === undefined) continue;
    checkOptions(o, shape, where);
    for (const k in o) {
      const v = (o as Record<string, unknown>)[k];
      if (v !== undefined && !(k === "ttl" && v === -3)) target[k] = v;
    }
  }
  return out;
}
