/**
 * `AerospikeRecord`: the bins and metadata a read returns, and the conversion of the server's
 * void time into a ttl.
 * @module
 */
import type { Key } from "./key.ts";
import type { Bins } from "./values.ts";

/** Seconds from the Unix epoch to the Aerospike epoch, 2010-01-01T00:00:00Z (`CITRUSLEAF_EPOCH`). */
export const CITRUSLEAF_EPOCH = 1_262_304_000;

/** The ttl reported for a record that never expires (void time 0), as the official clients do. */
export const TTL_NEVER_EXPIRE = -1;

/**
 * A record as read from the server.
 * @example
 * ```ts
 * import { Client, Key } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * const rec = await client.get<{ name: string }>(key);
 * if (rec) console.log(rec.bins.name, rec.generation, rec.ttl);
 * ```
 */
export interface AerospikeRecord<T extends Bins = Bins> {
  /** Bin name to value (a null-prototype object). */
  bins: T;
  /** How many times the record was written. */
  generation: number;
  /** Seconds until the record expires; -1 when it never expires. */
  ttl: number;
  /** The key the record was read with, when known. */
  key?: Key;
}

/** What `operate` resolves: the record plus one result per operation in request order. */
export interface OperateRecord<T extends Bins = Bins> extends AerospikeRecord<T> {
  /** One entry per operation, in request order (null for operations that return nothing). */
  results: unknown[];
}

/**
 * Converts a reply's void time (seconds since 2010-01-01 UTC; 0 = never) into seconds left.
 * An already-passed void time reports 1, as the record is still visible until the server expires it.
 * @param voidTime the message header's record-ttl field of a reply
 * @param nowMs the current time in ms since the Unix epoch (injectable for tests)
 */
export function ttlFromVoidTime(voidTime: number, nowMs: number = Date.now()): number {
  if (voidTime === 0) return TTL_NEVER_EXPIRE;
  const now = Math.floor(nowMs / 1000) - CITRUSLEAF_EPOCH;
  const left = (voidTime >>> 0) - now;
  return left > 0 ? left : 1;
}
