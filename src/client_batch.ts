/**
 * The batch side of `Client`: `batchGet`, `batchExists` and mixed `batch`, over the batch index
 * protocol (see commands/batch.ts and commands/batch_run.ts).
 * @module
 */
import {
  type BatchItem,
  type BatchResult,
  itemTemplate,
  messageRecord,
  type PreparedRow,
  readTemplate,
} from "./commands/batch.ts";
import { type BatchRunPolicy, runBatch } from "./commands/batch_run.ts";
import type { ExecCluster, Executor } from "./commands/execute.ts";
import { type AerospikeError, ServerError } from "./errors.ts";
import { Key } from "./key.ts";
import {
  type BatchPolicy,
  mergePolicies,
  type ResolvedReadPolicy,
  type ResolvedWritePolicy,
} from "./policy.ts";
import { checkOptions } from "./validate.ts";
import { BATCH_ITEM, BATCH_POLICY } from "./validate_shapes.ts";
import type { AerospikeRecord } from "./record.ts";
import { ResultCode } from "./wire/result_code.ts";
import { FIELD_RECORD_VERSION, findField } from "./wire/fields.ts";
import type { Message } from "./wire/message.ts";
import { decodeVersion } from "./wire/txn.ts";
import { addToMonitor, type ScCheck, txnPrepare } from "./txn/track.ts";
import type { Transaction } from "./txn/transaction.ts";

export type { BatchItem, BatchResult } from "./commands/batch.ts";

export type { BatchPolicy } from "./policy.ts";

/** What the batch functions need from the client. */
export interface BatchContext {
  /** The one execute loop. */
  executor: Executor;
  /** Routing. */
  cluster: ExecCluster;
  /** Resolved defaults for batch reads (the client's `policies.batch` over the read defaults). */
  read: ResolvedReadPolicy & BatchPolicy;
  /** Resolved defaults for batch writes. */
  write: ResolvedWritePolicy;
  /** Resolved batch policy of a `batch()` holding a write (`policies.batchParentWrite`). */
  parentWrite: ResolvedReadPolicy & BatchPolicy;
  /** Resolved item defaults per item kind (`policies.batchWrite`, `batchRemove`, `batchApply`). */
  items: { write: ResolvedWritePolicy; remove: ResolvedWritePolicy; apply: ResolvedWritePolicy };
  /** Whether a namespace is strong-consistency, for batches in a transaction. */
  isSc?: ScCheck;
}

/** Records a row's outcome in the transaction (its version, or the written key). */
function trackRow(txn: Transaction | undefined, row: PreparedRow, m: Message): void {
  if (txn === undefined) return;
  const f = findField(m.fields, FIELD_RECORD_VERSION);
  const version = f === undefined ? undefined : decodeVersion(f.data);
  if (row.write) txn.onWrite(row.key, version, m.resultCode);
  else txn.onRead(row.key, version);
}

// The run policy of a batch without a policy of its own, per defaults object: building it per
// call copied the ~40 keys of the resolved defaults for every batch. Frozen: it is shared.
const defaultRunPolicies = new WeakMap<ResolvedReadPolicy & BatchPolicy, Readonly<BatchRunPolicy>>();

function runPolicy(
  ctx: BatchContext,
  p: BatchPolicy | undefined,
  where: string,
  base: ResolvedReadPolicy & BatchPolicy = ctx.read,
): BatchRunPolicy {
  if (p !== undefined) return withBatchDefaults(mergePolicies(BATCH_POLICY, where, base, p));
  let shared = defaultRunPolicies.get(base);
  if (shared === undefined) defaultRunPolicies.set(base, shared = Object.freeze(withBatchDefaults(base)));
  return shared;
}

function withBatchDefaults(merged: ResolvedReadPolicy & BatchPolicy): BatchRunPolicy {
  return {
    ...merged,
    allowInline: merged.allowInline ?? true,
    allowInlineSSD: merged.allowInlineSSD ?? false,
    respondAllKeys: merged.respondAllKeys ?? true,
    maxConcurrentNodes: merged.maxConcurrentNodes ?? 0,
  };
}

function checkKeys(keys: unknown): readonly Key[] {
  if (!Array.isArray(keys)) throw new TypeError("keys must be an array of Key");
  for (const k of keys) if (!(k instanceof Key)) throw new TypeError("keys must be an array of Key");
  return keys;
}

async function readAll<T>(
  ctx: BatchContext,
  keys: readonly Key[],
  bins: readonly string[] | undefined,
  policy: BatchPolicy | undefined,
  where: string,
  map: (code: number, rec: AerospikeRecord | undefined) => T,
): Promise<T[]> {
  checkKeys(keys); // async: misuse rejects the promise, nothing throws synchronously
  const p = runPolicy(ctx, policy, where);
  const txn = p.txn === undefined ? undefined : txnPrepare(p.txn, keys, ctx.isSc);
  const template = readTemplate(p, bins);
  const rows: PreparedRow[] = keys.map((key, index) => ({ index, key, write: false, template }));
  const out: T[] = new Array(keys.length);
  let firstError: AerospikeError | undefined;
  const failures = await runBatch(ctx.executor, ctx.cluster, rows, p, (row, m) => {
    trackRow(txn, row, m);
    const code = m.resultCode;
    if (code === ResultCode.OK) out[row.index] = map(code, messageRecord(m, row.key));
    else if (code === ResultCode.KEY_NOT_FOUND_ERROR || code === ResultCode.FILTERED_OUT) {
      out[row.index] = map(code, undefined);
    } else firstError ??= new ServerError(code);
  });
  for (const f of failures.values()) throw f.error;
  if (firstError !== undefined) throw firstError;
  return out;
}

/**
 * `batchGet`: records in key order, null where the key does not exist. `bins` may be the policy
 * (`batchGet(keys, policy)`, the official client's order), as for `get`.
 */
export function batchGet(
  ctx: BatchContext,
  keys: readonly Key[],
  bins: readonly string[] | BatchPolicy | undefined,
  policy?: BatchPolicy,
): Promise<(AerospikeRecord | null)[]> {
  if (bins !== undefined && bins !== null && !Array.isArray(bins)) {
    if (policy !== undefined) {
      return Promise.reject(
        new TypeError(
          "batchGet(keys, bins, policy): bins must be an array of bin names when a policy follows",
        ),
      );
    }
    policy = bins as BatchPolicy;
    bins = undefined;
  }
  return readAll(
    ctx,
    keys,
    bins as readonly string[] | undefined,
    policy,
    "batchGet()",
    (_c, rec) => rec ?? null,
  );
}

/** `batchExists`: one boolean per key, in key order. */
export function batchExists(
  ctx: BatchContext,
  keys: readonly Key[],
  policy?: BatchPolicy,
): Promise<boolean[]> {
  return readAll(ctx, keys, [], policy, "batchExists()", (code) => code === ResultCode.OK);
}

/** Mixed `batch`: one result per item, in item order; per-record failures never reject. */
export async function batchMixed(
  ctx: BatchContext,
  items: readonly BatchItem[],
  policy?: BatchPolicy,
): Promise<BatchResult[]> {
  if (!Array.isArray(items)) throw new TypeError("batch() needs an array of items");
  const writes = items.some((item) => item !== null && typeof item === "object" && item.type !== "read");
  const p = runPolicy(ctx, policy, "batch()", writes ? ctx.parentWrite : ctx.read);
  const itemWrite = {
    write: { ...ctx.items.write, replica: p.replica },
    remove: { ...ctx.items.remove, replica: p.replica },
    apply: { ...ctx.items.apply, replica: p.replica },
  };
  const rows: PreparedRow[] = items.map((item, index) => {
    const where = `batch() item ${index}`;
    if (item === null || typeof item !== "object" || !(item.key instanceof Key)) {
      throw new TypeError(`${where} needs a key`);
    }
    checkOptions(item, BATCH_ITEM, where);
    const write = item.type === "remove"
      ? itemWrite.remove
      : item.type === "apply"
      ? itemWrite.apply
      : itemWrite.write;
    const template = itemTemplate(item, p, write, where);
    return { index, key: item.key, write: item.type !== "read", template };
  });
  const txn = p.txn === undefined ? undefined : txnPrepare(p.txn, rows.map((r) => r.key), ctx.isSc);
  if (txn !== undefined) {
    await addToMonitor(ctx.executor, txn, rows.filter((r) => r.write).map((r) => r.key), p);
  }
  const out: BatchResult[] = items.map((item) => ({ key: item.key, resultCode: 0, inDoubt: false }));
  const failures = await runBatch(ctx.executor, ctx.cluster, rows, p, (row, m) => {
    trackRow(txn, row, m);
    const r = out[row.index];
    r.resultCode = m.resultCode;
    // UDF failures come back as code 100 with the message in a FAILURE bin.
    if (m.resultCode === ResultCode.OK || m.ops.length > 0) r.record = messageRecord(m, row.key);
  });
  for (const [index, f] of failures) {
    out[index].resultCode = f.error.code;
    out[index].inDoubt = f.inDoubt;
    if (txn !== undefined && f.inDoubt) txn.onWriteInDoubt(rows[index].key);
  }
  return out;
}
