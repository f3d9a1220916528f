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
  mergePolicies,
  type ReadPolicy,
  type ResolvedReadPolicy,
  type ResolvedWritePolicy,
} from "./policy.ts";
import type { AerospikeRecord } from "./record.ts";
import { ResultCode } from "./wire/result_code.ts";

export type { BatchItem, BatchResult } from "./commands/batch.ts";

/** Options of batch commands: a read policy plus how the batch is split and answered. */
export interface BatchPolicy extends ReadPolicy {
  /**
   * Let the server answer in its network thread (fast for in-memory namespaces).
   * @default true
   */
  allowInline?: boolean;
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

/** What the batch functions need from the client. */
export interface BatchContext {
  /** The one execute loop. */
  executor: Executor;
  /** Routing. */
  cluster: ExecCluster;
  /** Resolved defaults for batch reads (the client's `policies.batch` over the read defaults). */
  read: ResolvedReadPolicy;
  /** Resolved defaults for batch writes. */
  write: ResolvedWritePolicy;
}

function runPolicy(ctx: BatchContext, p: BatchPolicy | undefined): BatchRunPolicy {
  const merged = mergePolicies<ResolvedReadPolicy>(ctx.read, p);
  const max = p?.maxConcurrentNodes ?? 0;
  if (!Number.isInteger(max) || max < 0) throw new RangeError("maxConcurrentNodes must be an integer >= 0");
  return {
    ...merged,
    allowInline: p?.allowInline ?? true,
    respondAllKeys: p?.respondAllKeys ?? true,
    maxConcurrentNodes: max,
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
  map: (code: number, rec: AerospikeRecord | undefined) => T,
): Promise<T[]> {
  checkKeys(keys); // async: misuse rejects the promise, nothing throws synchronously
  const p = runPolicy(ctx, policy);
  const template = readTemplate(p, bins);
  const rows: PreparedRow[] = keys.map((key, index) => ({ index, key, write: false, template }));
  const out: T[] = new Array(keys.length);
  let firstError: AerospikeError | undefined;
  const failures = await runBatch(ctx.executor, ctx.cluster, rows, p, (row, m) => {
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

/** `batchGet`: records in key order, null where the key does not exist. */
export function batchGet(
  ctx: BatchContext,
  keys: readonly Key[],
  bins: readonly string[] | undefined,
  policy?: BatchPolicy,
): Promise<(AerospikeRecord | null)[]> {
  return readAll(ctx, keys, bins, policy, (_code, rec) => rec ?? null);
}

/** `batchExists`: one boolean per key, in key order. */
export function batchExists(
  ctx: BatchContext,
  keys: readonly Key[],
  policy?: BatchPolicy,
): Promise<boolean[]> {
  return readAll(ctx, keys, [], policy, (code) => code === ResultCode.OK);
}

/** Mixed `batch`: one result per item, in item order; per-record failures never reject. */
export async function batchMixed(
  ctx: BatchContext,
  items: readonly BatchItem[],
  policy?: BatchPolicy,
): Promise<BatchResult[]> {
  if (!Array.isArray(items)) throw new TypeError("batch() needs an array of items");
  const p = runPolicy(ctx, policy);
  const write = mergePolicies<ResolvedWritePolicy>(ctx.write, { replica: p.replica });
  const rows: PreparedRow[] = items.map((item, index) => {
    if (item === null || typeof item !== "object" || !(item.key instanceof Key)) {
      throw new TypeError(`batch item ${index} needs a key`);
    }
    const template = itemTemplate(item, p, write);
    return { index, key: item.key, write: item.type !== "read", template };
  });
  const out: BatchResult[] = items.map((item) => ({ key: item.key, resultCode: 0, inDoubt: false }));
  const failures = await runBatch(ctx.executor, ctx.cluster, rows, p, (row, m) => {
    const r = out[row.index];
    r.resultCode = m.resultCode;
    // UDF failures come back as code 100 with the message in a FAILURE bin.
    if (m.resultCode === ResultCode.OK || m.ops.length > 0) r.record = messageRecord(m, row.key);
  });
  for (const [index, f] of failures) {
    out[index].resultCode = f.error.code;
    out[index].inDoubt = f.inDoubt;
  }
  return out;
}
