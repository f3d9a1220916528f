/**
 * Command policies: timeouts, retries, replica choice and write semantics. Every field is
 * optional; a command's policy is the built-in default, overlaid by the client's `policies`,
 * overlaid by the policy passed to the call.
 * @module
 */

import type { Replica } from "./cluster/partition_map.ts";
import { checkOptions, type Shape } from "./validate.ts";

/**
 * Which replica a read goes to (writes always go to the master): `master`, `sequence` (master,
 * then each replica in turn on retries), `any` (round-robin) or `preferRack` (the client's rackId first).
 */
export type { Replica };

/** AP read mode: read from one replica, or have the server consult all of them (`INFO1_READ_MODE_AP_ALL`). */
export type ReadModeAP = "one" | "all";

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
   * The remaining time is also sent to the server (header transaction-ttl).
   * @default 1000
   */
  totalTimeout?: number;
  /**
   * Retries after the first attempt (a timeout, a lost connection, an overloaded device or busy key).
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
   * Filter expression: the command applies only where it is true.
   * @default undefined
   */
  filter?: FilterExpression;
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
  /** Defaults of queries and scans. @default {} */
  query?: ReadPolicy;
  /** Defaults of info commands. @default {} */
  info?: { totalTimeout?: number };
}

/** A read policy with every field decided (signal and filter stay optional). */
export type ResolvedReadPolicy = Required<Omit<ReadPolicy, "signal" | "filter">> & ReadPolicy;
/** A write policy with every field decided (signal and filter stay optional). */
export type ResolvedWritePolicy = Required<Omit<WritePolicy, "signal" | "filter">> & WritePolicy;

const BASE_DEFAULTS = {
  socketTimeout: 30_000,
  totalTimeout: 1_000,
  sleepBetweenRetries: 0,
  replica: "sequence",
  readModeAP: "one",
  compress: false,
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
