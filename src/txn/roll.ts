/**
 * Ending a transaction, as the official clients do. Commit: verify every read version (a
 * mismatch aborts: roll back, close, reject with `verifyFailed`), mark the monitor record for
 * roll-forward (the point of no return; MRT_COMMITTED there means an earlier attempt got
 * through), roll every written record forward, delete the monitor. Abort: roll back, delete the
 * monitor. A roll or close that does not reach every record is left to the server (which rolls
 * at the deadline) and reported as `...Abandoned`; calling commit/abort again retries it.
 * @module
 */
import type { ExecCluster, ExecPolicy, Executor } from "../commands/execute.ts";
import { AerospikeError } from "../errors.ts";
import type { Key } from "../key.ts";
import { INFO4_MRT_ROLL_BACK, INFO4_MRT_ROLL_FORWARD } from "../wire/message.ts";
import { ResultCode } from "../wire/result_code.ts";
import { allAccepted, runKeys, TxnKeyCommand } from "./exec.ts";
import {
  buildClose,
  buildMarkRollForward,
  buildRoll,
  buildVerify,
  monitorKey,
  rollRow,
  verifyRow,
} from "./frames.ts";
import type { Transaction } from "./transaction.ts";

/** What `commit()` resolves: committed now, earlier, or with its last steps left to the server. */
export type CommitStatus = "committed" | "alreadyCommitted" | "rollForwardAbandoned" | "closeAbandoned";

/** What `abort()` resolves. */
export type AbortStatus = "aborted" | "alreadyAborted" | "rollBackAbandoned" | "closeAbandoned";

/** Why a commit rejected (the official clients' `CommitError`). */
export type CommitError =
  | "verifyFailed"
  | "verifyFailedCloseAbandoned"
  | "verifyFailedAbortAbandoned"
  | "markRollForwardAbandoned";

/** A commit that did not commit: `reason` says where it stopped; `inDoubt` when it may still have. */
export class CommitFailedError extends AerospikeError {
  /** Where the commit stopped. */
  readonly reason: CommitError;
  /**
   * Creates the error of a commit that stopped at `reason`.
   * @param reason the step that failed
   * @param code the result code behind it (TXN_FAILED when several records disagreed)
   * @param message explanation
   * @param inDoubt whether the commit may have been recorded anyway
   * @param cause the underlying error
   */
  constructor(reason: CommitError, code: number, message: string, inDoubt: boolean, cause?: unknown) {
    super(code, message, { inDoubt, cause });
    this.name = "CommitFailedError";
    this.reason = reason;
  }
}

/** Timing of the commit and abort steps (the official clients' verify and roll policies). */
export type TxnStepPolicy = ExecPolicy;

/** The built-in step policy: 3 s per attempt, 10 s in all, 5 retries 1 s apart (C client's). */
export const DEFAULT_TXN_STEP_POLICY: TxnStepPolicy = Object.freeze({
  socketTimeout: 3_000,
  totalTimeout: 10_000,
  maxRetries: 5,
  sleepBetweenRetries: 1_000,
  replica: "master",
});

/** What the roll machinery needs from the client. */
export interface RollContext {
  /** The execute loop. */
  executor: Executor;
  /** Routing of per-node batches. */
  cluster: ExecCluster;
}

function codeOf(outcome: { codes: Map<number, number>; error?: AerospikeError }): number {
  if (outcome.error !== undefined) return outcome.error.code;
  for (const c of outcome.codes.values()) if (c !== ResultCode.OK) return c;
  return ResultCode.TXN_FAILED;
}

async function verify(ctx: RollContext, txn: Transaction, policy: TxnStepPolicy): Promise<void> {
  const reads = txn.reads();
  if (reads.length === 0) return;
  const keys = reads.map((r) => r.key);
  const outcome = await runKeys(ctx.executor, ctx.cluster, keys, {
    single: (key, i) => buildVerify(key, reads[i].version),
    row: (key, i) => verifyRow(i, key, reads[i].version),
    write: false,
    op: "txnVerify",
  }, policy);
  if (!allAccepted(keys, outcome)) {
    throw new AerospikeError(codeOf(outcome), "one or more read versions failed to verify", {
      cause: outcome.error,
    });
  }
}

/** Rolls every write forward or back; true when every record answered OK. */
async function roll(
  ctx: RollContext,
  txn: Transaction,
  info4: number,
  policy: TxnStepPolicy,
): Promise<boolean> {
  const keys: Key[] = txn.writes();
  if (keys.length === 0) return true;
  const outcome = await runKeys(ctx.executor, ctx.cluster, keys, {
    single: (key) => buildRoll(txn, key, info4),
    row: (key, i) => rollRow(i, txn, key, info4),
    write: true,
    op: info4 === INFO4_MRT_ROLL_FORWARD ? "txnRollForward" : "txnRollBack",
  }, policy);
  return allAccepted(keys, outcome);
}

/** Deletes the monitor record (a missing one is fine); true on success. */
async function close(ctx: RollContext, txn: Transaction, policy: TxnStepPolicy): Promise<boolean> {
  if (!txn.closeMonitor) return true;
  try {
    const cmd = new TxnKeyCommand(monitorKey(txn), buildClose(txn), true, "txnClose");
    const { code } = await ctx.executor.execute(cmd, policy);
    if (code !== ResultCode.OK && code !== ResultCode.KEY_NOT_FOUND_ERROR) return false;
  } catch {
    return false;
  }
  txn.clear();
  return true;
}

async function finishForward(
  ctx: RollContext,
  txn: Transaction,
  policy: TxnStepPolicy,
): Promise<CommitStatus> {
  txn.setRollPending(true);
  if (!(await roll(ctx, txn, INFO4_MRT_ROLL_FORWARD, policy))) return "rollForwardAbandoned";
  txn.setRollPending(false);
  return (await close(ctx, txn, policy)) ? "committed" : "closeAbandoned";
}

async function markRollForward(ctx: RollContext, txn: Transaction, policy: TxnStepPolicy): Promise<void> {
  let code: number;
  try {
    code = (await ctx.executor.execute(
      new TxnKeyCommand(monitorKey(txn), buildMarkRollForward(txn), true, "txnMarkRollForward"),
      policy,
    )).code;
  } catch (e) {
    const err = e instanceof AerospikeError ? e : new AerospikeError(ResultCode.COMMON_ERROR, String(e));
    if (err.inDoubt) txn.setInDoubt(true);
    throw new CommitFailedError(
      "markRollForwardAbandoned",
      err.code,
      `marking the transaction for roll-forward failed: ${err.detail}`,
      txn.inDoubt,
      err,
    );
  }
  // MRT_COMMITTED: an earlier attempt that looked lost did mark it.
  if (code === ResultCode.OK || code === ResultCode.MRT_COMMITTED) return;
  if (code === ResultCode.MRT_ABORTED) {
    txn.setInDoubt(false);
    txn.setState("aborted");
  }
  throw new CommitFailedError(
    "markRollForwardAbandoned",
    code,
    code === ResultCode.MRT_ABORTED
      ? "the server had already aborted the transaction (its deadline passed)"
      : "marking the transaction for roll-forward failed",
    txn.inDoubt,
  );
}

/** `client.commit(txn)`. */
export async function commit(
  ctx: RollContext,
  txn: Transaction,
  policy: TxnStepPolicy,
): Promise<CommitStatus> {
  switch (txn.state) {
    case "committed":
      return txn.rollPending || txn.closeMonitor ? await finishForward(ctx, txn, policy) : "alreadyCommitted";
    case "aborted":
      throw new AerospikeError(ResultCode.TXN_ALREADY_ABORTED, "the transaction was already aborted");
    case "open":
      try {
        await verify(ctx, txn, policy);
      } catch (e) {
        const cause = e as AerospikeError;
        txn.setState("aborted");
        if (!(await roll(ctx, txn, INFO4_MRT_ROLL_BACK, policy))) {
          txn.setRollPending(true);
          throw new CommitFailedError("verifyFailedAbortAbandoned", cause.code, cause.detail, false, cause);
        }
        if (!(await close(ctx, txn, policy))) {
          throw new CommitFailedError("verifyFailedCloseAbandoned", cause.code, cause.detail, false, cause);
        }
        throw new CommitFailedError("verifyFailed", cause.code, cause.detail, false, cause);
      }
      txn.setState("verified");
      break;
  }
  if (txn.monitorExists) await markRollForward(ctx, txn, policy);
  txn.setState("committed");
  txn.setInDoubt(false);
  return await finishForward(ctx, txn, policy);
}

/** `client.abort(txn)`. */
export async function abort(ctx: RollContext, txn: Transaction, policy: TxnStepPolicy): Promise<AbortStatus> {
  switch (txn.state) {
    case "committed":
      throw new AerospikeError(ResultCode.TXN_ALREADY_COMMITTED, "the transaction was already committed");
    case "aborted":
      if (!txn.rollPending && !txn.closeMonitor) return "alreadyAborted";
      break;
    case "verified":
      if (txn.inDoubt) {
        throw new AerospikeError(
          ResultCode.TXN_FAILED,
          "abort refused: a commit of this transaction failed in doubt and may have gone through; commit again",
        );
      }
  }
  txn.setState("aborted");
  txn.setRollPending(true);
  if (!(await roll(ctx, txn, INFO4_MRT_ROLL_BACK, policy))) return "rollBackAbandoned";
  txn.setRollPending(false);
  return (await close(ctx, txn, policy)) ? "aborted" : "closeAbandoned";
}
