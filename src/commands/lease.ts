/**
 * Leases for streaming commands (one node's part of a query or scan): the same push-back slot,
 * connection gate, deadline sweeper, abort and close as `Executor.execute()`, but the caller
 * reads the frames at its own pace.
 * @module
 */
import type { Backpressure } from "../cluster/backpressure.ts";
import { AerospikeError, TimeoutError } from "../errors.ts";
import type { ObserverHub } from "../observe/hub.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { DeadlineSweeper } from "./deadline.ts";
import type { CommandCounters, ExecNode, ExecPolicy, Lease } from "./exec_types.ts";
import type { ConnGates } from "./gates.ts";
import { abortError, backoff, countsAgainstNode, Run, type RunList, toAerospikeError } from "./run.ts";

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
  /** Where commands are reported. */
  hub: ObserverHub;
}

/**
 * Takes a slot and a connection to `node` for a streaming command (see `Lease`). Rejects like
 * `execute()` does (aborted signal, full queue, connect failure, timeout); the executor checks
 * for a closed client first. `ns` and `set` (the query's) are reported to observers.
 * @example
 * ```ts
 * import type { ExecNode, ExecPolicy } from "./exec_types.ts";
 * declare const parts: LeaseParts, node: ExecNode, policy: ExecPolicy, frame: Uint8Array;
 * const lease = await openLease(parts, node, policy);
 * try { lease.conn.send(frame); await lease.wait(lease.conn.readFrame()); } finally { lease.end(true); }
 * ```
 */
export async function openLease(
  parts: LeaseParts,
  node: ExecNode,
  policy: ExecPolicy,
  ns = "",
  set?: string,
): Promise<Lease> {
  const signal = policy.signal;
  if (signal !== undefined && signal.aborted) throw abortError(signal);
  const run = new Run(policy.totalTimeout, parts.counters);
  const hub = parts.hub;
  const o = hub.commands ? hub.commandStart("query", ns, set, policy.totalTimeout) : undefined;
  if (o !== undefined) {
    o.node = node;
    o.attempts = 1;
  }
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
    const rate = node.errorRate;
    if (rate !== undefined && rate.count > rate.max) throw backoff(node.name, rate.max);
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
      end: (reusable: boolean, error?: AerospikeError): void => {
        if (ended) return;
        ended = true;
        run.conn = undefined;
        const clean = reusable && run.interrupted === undefined;
        parts.gates.release(node, conn, clean);
        const why = error ?? run.interrupted;
        if (!clean && why !== undefined && (why.code < 0 || why instanceof TimeoutError)) {
          if (countsAgainstNode(why, false)) node.errorRate?.add();
        }
        finish();
        if (o !== undefined) {
          hub.commandEnd(o, why ?? (clean ? undefined : new AerospikeError(ResultCode.QUERY_TERMINATED)));
        }
      },
    };
  } catch (e) {
    finish();
    const err = toAerospikeError(e);
    err.annotate({ node: node.name, attempts: 1 });
    parts.counters.errors.set(err.code, (parts.counters.errors.get(err.code) ?? 0) + 1);
    if (err.code === ResultCode.COMMAND_QUEUE_FULL) {
      hub.backpressureRefused(parts.bp.inFlight, parts.bp.queued);
    }
    if (o !== undefined) hub.commandEnd(o, err);
    throw err;
  }
}
