/**
 * Command policies: timeouts, retries, replica choice and write semantics. Every field is
 * optional; a command's policy is the built-in default, overlaid by the client's `policies`,
 * overlaid by the policy passed to the call.
 * @module
 */

import type { Replica } from "./cluster/partition_map.ts";

/**
 * Which replica a read goes to (writes always go to the master): `master`, `sequence` (master,
 * then each replica in turn on retries), `any` (round-robin) or `preferRack` (the client's rackId first).
 */
export type { Replica };

/** AP read mode: read from one replica, or have the server consult all of them (`INFO1_READ_MODE_AP_ALL`). */
export type ReadModeAP = "one" | "all";

/**
 * What a write does depending on whether the record exists: `update` (create or merge bins),
 * `updateOnly` (fail with KEY_NOT_FOUND_ERROR when missing), `create` (fail with KEY_EXISTS_ERROR
 * when present), `replace` (replace all bins, fail when missing), `createOrReplace`.
 */
export type ExistsAction = "update" | "updateOnly" | "create" | "replace" | "createOrReplace";

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
export type ReadPolicy = BasePolicy;

/** Options of write commands (`put`, `remove`, `touch`, `operate` with writes). */
export interface WritePolicy extends BasePolicy {
  /**
   * Record time-to-live in seconds: 0 uses the namespace default, -1 never expires, -2 keeps the
   * record's current ttl.
   * @default 0
   */
  ttl?: number;
  /**
   * What to do depending on whether the record exists.
   * @default "update"
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

/** Default policies a client applies to its commands, overridable per call. */
export interface ClientPolicies {
  /** Defaults of read commands. @default {} */
  read?: ReadPolicy;
  /** Defaults of write commands. @default {} */
  write?: WritePolicy;
  /** Defaults of batch commands. @default {} */
  batch?: ReadPolicy;
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
});

/** Built-in write defaults. */
export const DEFAULT_WRITE_POLICY: Readonly<ResolvedWritePolicy> = Object.freeze({
  ...BASE_DEFAULTS,
  maxRetries: 0,
  ttl: 0,
  exists: "update",
  generation: 0,
  generationPolicy: "none",
  commitLevel: "all",
  durableDelete: false,
  sendKey: false,
});

/**
 * Overlays policies left to right (undefined fields do not override) and checks the result.
 * Throws TypeError/RangeError for invalid values, before any I/O.
 * @example
 * ```ts
 * const p = mergePolicies(DEFAULT_READ_POLICY, { totalTimeout: 50 });
 * ```
 */
export function mergePolicies<P extends BasePolicy>(
  base: Readonly<P>,
  ...overlays: (Partial<P> | undefined)[]
): P {
  const out = { ...base } as P;
  const target = out as Record<string, unknown>;
  for (const o of overlays) {
    if (o === undefined || o === null) continue;
    if (typeof o !== "object") throw new TypeError("a policy must be an object");
    for (const k in o) {
      const v = (o as Record<string, unknown>)[k];
      if (v !== undefined) target[k] = v;
    }
  }
  validatePolicy(out);
  return out;
}

const REPLICAS = new Set(["master", "sequence", "any", "preferRack"]);
const EXISTS = new Set(["update", "updateOnly", "create", "replace", "createOrReplace"]);
const GEN = new Set(["none", "eq", "gt"]);

function nonNegative(name: string, v: unknown): void {
  if (v !== undefined && (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v))) {
    throw new RangeError(`policy ${name} must be a finite number >= 0, got ${String(v)}`);
  }
}

function validatePolicy(p: BasePolicy & Partial<WritePolicy>): void {
  nonNegative("socketTimeout", p.socketTimeout);
  nonNegative("totalTimeout", p.totalTimeout);
  nonNegative("maxRetries", p.maxRetries);
  nonNegative("sleepBetweenRetries", p.sleepBetweenRetries);
  if (p.compress !== undefined && typeof p.compress !== "boolean") {
    throw new TypeError(`policy compress must be a boolean, got ${String(p.compress)}`);
  }
  if (p.replica !== undefined && !REPLICAS.has(p.replica)) {
    throw new TypeError(`unknown replica policy ${String(p.replica)}`);
  }
  if (p.exists !== undefined && !EXISTS.has(p.exists)) {
    throw new TypeError(`unknown exists policy ${String(p.exists)}`);
  }
  if (p.generationPolicy !== undefined && !GEN.has(p.generationPolicy)) {
    throw new TypeError(`unknown generation policy ${String(p.generationPolicy)}`);
  }
  if (p.ttl !== undefined && (!Number.isInteger(p.ttl) || p.ttl < -2 || p.ttl > 0xffff_ffff)) {
    throw new RangeError(`ttl must be an integer from -2 to 2^32-1, got ${String(p.ttl)}`);
  }
  if (p.generation !== undefined && (!Number.isInteger(p.generation) || p.generation < 0)) {
    throw new RangeError(`generation must be a non-negative integer, got ${String(p.generation)}`);
  }
  if (p.filter !== undefined && !(p.filter.bytes instanceof Uint8Array)) {
    throw new TypeError("filter must be an expression built with exp");
  }
}
