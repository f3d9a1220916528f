/**
 * Batch commands of the official client (`batchRead`, `batchWrite`, `batchGet`, `batchSelect`,
 * `batchExists`, `batchApply`, `batchRemove`), answering `[{ status, record, inDoubt }]`.
 * @module
 */
import type { BatchItem, BatchResult, Client as AeroClient } from "../../mod.ts";
import { batchType, status } from "./constants.ts";
import { AerospikeError } from "./errors.ts";
import { buildOps } from "./operation.ts";
import { readPolicy, writePolicy } from "./policy.ts";
import { fromAeroBins, fromAeroValue, type Key, Record, toAeroKey, toAeroValue } from "./values.ts";

/** One answer of a batch command. */
export interface BatchRecord {
  /** Result code of this key. */
  status: number;
  /** The record (bins empty/absent when not read). */
  record: Record;
  /** A write may have been applied although it failed. */
  inDoubt?: boolean;
}

function checkKeys(keys: unknown): Key[] {
  if (!Array.isArray(keys)) throw new AerospikeError("Keys must be an array", undefined, status.ERR_PARAM);
  return keys as Key[];
}

// `metaOnly`: a batch read of no bins, whose found records have empty bins ({}), as the official's.
function toBatchRecord(r: BatchResult, key: Key, withBins: boolean, metaOnly = false): BatchRecord {
  const rec = r.record;
  const bins = rec && withBins ? fromAeroBins(rec.bins) : rec && metaOnly ? {} : undefined;
  const out = new Record(key, bins ?? null, rec ? { ttl: rec.ttl, gen: rec.generation } : {});
  if (bins === undefined) delete (out as { bins?: unknown }).bins;
  return { status: r.resultCode, record: out, inDoubt: r.inDoubt };
}

function udfOf(udf: unknown): { module: string; fn: string; args: ReturnType<typeof toAeroValue>[] } {
  const u = (udf ?? {}) as { module?: string; funcname?: string; args?: unknown[] };
  if (typeof u.module !== "string" || typeof u.funcname !== "string") {
    throw new AerospikeError("UDF must have module and funcname", undefined, status.ERR_PARAM);
  }
  return { module: u.module, fn: u.funcname, args: (u.args ?? []).map(toAeroValue) };
}

/** `batchRead([{ key, bins?, readAllBins?, ops? }], policy?)`. */
export async function batchRead(c: AeroClient, records: unknown, policy: unknown): Promise<BatchRecord[]> {
  if (!Array.isArray(records)) {
    throw new AerospikeError("Records must be an array", undefined, status.ERR_PARAM);
  }
  const items: BatchItem[] = records.map((r) => {
    const o = r as { key: Key; bins?: string[]; readAllBins?: boolean; ops?: unknown[]; policy?: unknown };
    const item: BatchItem = { type: "read", key: toAeroKey(o.key) };
    if (o.ops) item.ops = buildOps(o.ops);
    else if (Array.isArray(o.bins)) item.bins = o.bins;
    else if (!o.readAllBins) item.bins = [];
    const p = readPolicy(o.policy);
    if (p.filter || p.readTouchTtlPercent !== undefined) {
      item.policy = {
        ...(p.filter ? { filter: p.filter } : {}),
        ...(p.readTouchTtlPercent !== undefined ? { readTouchTtlPercent: p.readTouchTtlPercent } : {}),
      };
    }
    return item;
  });
  const res = await c.batch(items, readPolicy(policy));
  return res.map((r, i) => {
    const o = records[i] as { key: Key; bins?: string[]; readAllBins?: boolean; ops?: unknown[] };
    return toBatchRecord(r, o.key, !!(o.ops || o.readAllBins || (o.bins && o.bins.length)), true);
  });
}

/** `batchWrite([{ type, key, ops?, udf?, policy? }], policy?)`. */
export async function batchWrite(c: AeroClient, records: unknown, policy: unknown): Promise<BatchRecord[]> {
  if (!Array.isArray(records)) {
    throw new AerospikeError("Records must be an array", undefined, status.ERR_PARAM);
  }
  const items: BatchItem[] = records.map((r) => {
    const o = r as {
      type: number;
      key: Key;
      ops?: unknown[];
      bins?: string[];
      readAllBins?: boolean;
      udf?: unknown;
      policy?: unknown;
    };
    const key = toAeroKey(o.key);
    const wp = writePolicy(o.policy);
    delete wp.totalTimeout;
    delete wp.socketTimeout;
    delete wp.maxRetries;
    delete wp.readTouchTtlPercent;
    delete wp.replica;
    delete wp.readModeAP;
    switch (o.type) {
      case batchType.BATCH_READ: {
        const item: BatchItem = { type: "read", key };
        if (o.ops) item.ops = buildOps(o.ops);
        else if (Array.isArray(o.bins)) item.bins = o.bins;
        else if (!o.readAllBins) item.bins = [];
        return item;
      }
      case batchType.BATCH_WRITE:
        return { type: "write", key, ops: buildOps(o.ops ?? []), policy: wp };
      case batchType.BATCH_APPLY:
        return { type: "apply", key, udf: udfOf(o.udf), policy: wp };
      case batchType.BATCH_REMOVE:
        return { type: "remove", key, policy: wp };
    }
    throw new AerospikeError(`Invalid batch type ${o.type}`, undefined, status.ERR_PARAM);
  });
  const res = await c.batch(items, readPolicy(policy));
  return res.map((r, i) => toBatchRecord(r, (records[i] as { key: Key }).key, true));
}

/** `batchGet(keys)` / `batchSelect(keys, bins)`. */
export async function batchGet(
  c: AeroClient,
  keys: unknown,
  bins: string[] | undefined,
  policy: unknown,
): Promise<BatchRecord[]> {
  const ks = checkKeys(keys);
  const items: BatchItem[] = ks.map((k) => ({ type: "read", key: toAeroKey(k), ...(bins ? { bins } : {}) }));
  const res = await c.batch(items, readPolicy(policy));
  return res.map((r, i) => toBatchRecord(r, ks[i], true));
}

/** `batchExists(keys)`. */
export async function batchExists(c: AeroClient, keys: unknown, policy: unknown): Promise<BatchRecord[]> {
  const ks = checkKeys(keys);
  const items: BatchItem[] = ks.map((k) => ({ type: "read", key: toAeroKey(k), bins: [] }));
  const res = await c.batch(items, readPolicy(policy));
  return res.map((r, i) => toBatchRecord(r, ks[i], false));
}

/** `batchApply(keys, udf, batchPolicy?, applyPolicy?)`. */
export async function batchApply(
  c: AeroClient,
  keys: unknown,
  udf: unknown,
  policy: unknown,
): Promise<BatchRecord[]> {
  const ks = checkKeys(keys);
  const u = udfOf(udf);
  const items: BatchItem[] = ks.map((k) => ({ type: "apply", key: toAeroKey(k), udf: u }));
  const res = await c.batch(items, readPolicy(policy));
  return res.map((r, i) => {
    const out = toBatchRecord(r, ks[i], true);
    if (out.record.bins) {
      for (const [k, v] of Object.entries(out.record.bins)) out.record.bins[k] = fromAeroValue(v);
    }
    return out;
  });
}

/**
 * `batchRemove(keys, batchPolicy?, removePolicy?)`. As the official client (the C client's
 * key-list batch remove), a record that failed for another reason than not existing fails the
 * whole call with BATCH_FAILED (-16).
 */
export async function batchRemove(
  c: AeroClient,
  keys: unknown,
  policy: unknown,
  removePolicy?: unknown,
): Promise<BatchRecord[]> {
  const ks = checkKeys(keys);
  const wp = writePolicy(removePolicy);
  const itemPolicy: { generation?: number; generationPolicy?: "eq" | "gt"; durableDelete?: boolean } = {};
  if (wp.generationPolicy !== undefined) {
    itemPolicy.generationPolicy = wp.generationPolicy as "eq" | "gt";
    itemPolicy.generation = wp.generation ?? 0;
  }
  if (wp.durableDelete) itemPolicy.durableDelete = true;
  const withPolicy = Object.keys(itemPolicy).length > 0;
  const items: BatchItem[] = ks.map((k) => ({
    type: "remove",
    key: toAeroKey(k),
    ...(withPolicy ? { policy: itemPolicy } : {}),
  }));
  const res = await c.batch(items, readPolicy(policy));
  if (res.some((r) => r.resultCode !== status.OK && r.resultCode !== status.ERR_RECORD_NOT_FOUND)) {
    throw new AerospikeError("One or more keys failed in a batch.", undefined, status.BATCH_FAILED);
  }
  return res.map((r, i) => toBatchRecord(r, ks[i], false));
}
