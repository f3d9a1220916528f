/**
 * Leases for streaming commands (one node's part of a query or scan): the same push-back slot,
 * connection gate, deadline sweeper, abort and close as `Executor.execute()`, but the caller
 * reads the frames at its own pace.
 * @module
 */
import type { Backpressure } from "../cluster/backpressure.ts";
import type { DeadlineSweeper } from "./deadline.ts";
import type { CommandCounters, ExecNode, ExecPolicy, Lease } from "./exec_types.ts";
import type { ConnGates } from "./gates.ts";
import { abortError, Run, type RunList, toAerospikeError } from "./run.ts";

/** What a lease shares with its executor. */
export interface LeaseParts {
  /** The push-back slots. */
  bp: Backpressure;
  /** The client's deadline sweeper. */
  sweeper: DeadlineSweeper;
  /** The executor's runs (interrupted on close). */
  runs: RunList;
  /** The connection gates. */
  gates: ConnGates;
  /** Error counters. */
  counters: CommandCounters;
}

/**
 * Takes a slot and a connection to `node` for a streaming command (see `Lease`). Rejects like
 * `execute()` does (aborted signal, full queue, connect failure, timeout); the executor checks
 * for a closed client first.
 * @example
 * ```ts
 * const lease = await openLease(parts, node, policy);
 * try { lease.conn.send(frame); await lease.wait(lease.conn.readFrame()); } finally { lease.end(true); }
 * ```
 */
export async function openLease(parts: LeaseParts, node: ExecNode, policy: ExecPolicy): Promise<Lease> {
  const signal = policy.signal;
  if (signal !== undefined && signal.aborted) throw abortError(signal);
  const run = new Run(policy.totalTimeout, parts.counters);
  const onAbort = (): void => run.interrupt(abortError(signal!), true);
  let slot = false;
  parts.runs.add(run);
  const finish = (): void => {
    parts.sweeper.remove(run);
    parts.runs.delete(run);
    if (signal !== undefined) signal.removeEventListener("abort", onAbort);
    if (slot) parts.bp.release();
    slot = false;
  };
  try {
    if (signal !== undefined) signal.addEventListener("abort", onAbort, { once: true });
    if (parts.bp.tryAcquire()) slot = true;
    else {
      parts.bp.enqueue(run);
      try {
        run.deadline = run.totalDeadline;
        parts.sweeper.add(run);
        await run.park();
      } finally {
        parts.sweeper.remove(run);
        if (run.granted) slot = true;
        else parts.bp.cancel(run);
      }
    }
    const now = Date.now();
    run.deadline = Math.min(
      policy.socketTimeout > 0 ? now + policy.socketTimeout : Infinity,
      run.totalDeadline,
    );
    parts.sweeper.add(run);
    const conn = await parts.gates.acquire(run, node);
    parts.sweeper.remove(run);
    run.conn = conn;
    let ended = false;
    return {
      node,
      conn,
      arm: (ms: number): void => {
        run.deadline = Math.min(ms > 0 ? Date.now() + ms : Infinity, run.totalDeadline);
        parts.sweeper.add(run);
      },
      disarm: (): void => parts.sweeper.remove(run),
      wait: <T>(p: Promise<T>): Promise<T> => run.wait(p),
      end: (reusable: boolean): void => {
        if (ended) return;
        ended = true;
        run.conn = undefined;
        parts.gates.release(node, conn, reusable && run.interrupted === undefined);
        finish();
      },
    };
  } catch (e) {
    finish();
    const err = toAerospikeError(e);
    err.annotate({ node: node.name, attempts: 1 });
    parts.counters.errors.set(err.code, (parts.counters.errors.get(err.code) ?? 0) + 1);
    throw err;
  }
}
