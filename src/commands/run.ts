/**
 * The pieces of a running command shared by the execute loop: the `Run` (deadline entry, slot
 * waiter, interrupt hook), the retry classification and the error mapping.
 * @module
 */
import type { Lane, SlotWaiter } from "../cluster/backpressure.ts";
import { refusedConnect } from "../cluster/refusal.ts";
import { AerospikeError, ConnectionError, ProtocolError, TimeoutError } from "../errors.ts";
import type { Connection } from "../net/connection.ts";
import { ResultCode } from "../wire/result_code.ts";
import { WireFormatError } from "../wire/proto.ts";
import type { DeadlineEntry } from "./deadline.ts";
import type { CommandCounters, ExecNode } from "./exec_types.ts";

// Server result codes another attempt may cure; the server did not apply the write.
const SERVER_RETRY = new Set<number>([
  ResultCode.KEY_BUSY,
  ResultCode.DEVICE_OVERLOAD,
  ResultCode.PARTITION_UNAVAILABLE,
]);

// Client-side failures worth another attempt.
const CLIENT_RETRY = new Set<number>([
  ResultCode.TIMEOUT,
  ResultCode.CONNECTION_ERROR,
  ResultCode.NETWORK_ERROR,
  ResultCode.INVALID_NODE_ERROR,
  ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE,
  ResultCode.PARSE_ERROR,
  ResultCode.MAX_ERROR_RATE, // the node backs off: another replica, or the next attempt
]);

/**
 * One running command: its deadline entry, its queue slot request and its interrupt hook.
 * @example
 * ```ts
 * import type { Pool } from "../cluster/pool.ts";
 * import type { CommandCounters, ExecPolicy } from "./exec_types.ts";
 * declare const policy: ExecPolicy, counters: CommandCounters, pool: Pool;
 * const run = new Run(policy.totalTimeout, counters);
 * const conn = await run.wait(pool.acquire()); // rejects at once when the run is interrupted
 * ```
 */
export class Run implements DeadlineEntry, SlotWaiter {
  /** End of the current attempt (or of the wait for a slot), `Date.now()` clock. */
  deadline: number = Infinity;
  /** Owned by the sweeper. */
  sweepBucket: number = -1;
  /** Owned by the sweeper. */
  sweepIndex: number = 0;
  /** Set by the push-back queue once the run no longer waits there. */
  cancelled: boolean = false;
  /** True once the push-back queue handed this run a slot. */
  granted: boolean = false;
  /** End of the whole command (`totalTimeout`), Infinity without one. */
  totalDeadline: number;
  /** The connection of the attempt in progress, failed by `interrupt()`. */
  conn: Connection<unknown> | undefined;
  /** Why the attempt in progress was interrupted (deadline, abort, close). */
  interrupted: AerospikeError | undefined;
  /** True when the interrupt ends the command (no retry). */
  terminal: boolean = false;
  /** `timeoutDelay` of the attempt in progress (0: a timeout closes its connection). */
  drainDelay: number = 0;
  /** The connection a timeout left open for its late reply to be drained (`timeoutDelay`). */
  abandoned: Connection<unknown> | undefined = undefined;
  /**
   * When the run started, if it started before its executor had any connection (its
   * `totalDeadline` then holds the warm-up grace until the first connection is obtained).
   */
  coldStart: number | undefined = undefined;
  /** The push-back lane (first node) its slot is asked for and held in; undefined: none. */
  lane: Lane | undefined = undefined;
  /** Order of arrival in the push-back queue (set there). */
  seq: number = 0;
  /** Changes whenever the run waits at (or leaves) a node's connection gate. */
  gateToken: number = 0;
  /** Owned by `RunList`: the neighbours while listed. */
  prev: Run | undefined = undefined;
  /** Owned by `RunList`. */
  next: Run | undefined = undefined;
  /** Owned by `RunList`: whether the run is in the list. */
  listed: boolean = false;
  #reject: ((err: Error) => void) | undefined;
  #resolve: (() => void) | undefined;
  #counters: CommandCounters;

  /**
   * Starts the clock of a command.
   * @param totalTimeout the policy's `totalTimeout` (0: none)
   * @param counters where timeouts are counted
   * @param now the current `Date.now()`, when the caller has it
   */
  constructor(totalTimeout: number, counters: CommandCounters, now: number = Date.now()) {
    this.totalDeadline = totalTimeout > 0 ? now + totalTimeout : Infinity;
    this.#counters = counters;
  }

  /** Sweeper side: the deadline passed; fails the attempt (the whole command past totalTimeout). */
  expire(now: number): void {
    this.#counters.timeouts++;
    const total = now >= this.totalDeadline;
    this.interrupt(deadlineError(total), total);
  }

  /** Fails whatever the command waits on; `terminal` stops any retry. */
  interrupt(err: AerospikeError, terminal: boolean): void {
    if (this.terminal) return;
    this.interrupted = err;
    this.terminal = terminal;
    const reject = this.#reject;
    this.#reject = undefined;
    this.#resolve = undefined;
    if (this.conn !== undefined) {
      if (this.drainDelay > 0 && err instanceof TimeoutError) {
        this.abandoned = this.conn;
        this.conn.abandon(err);
      } else this.conn.fail(err);
    }
    if (reject !== undefined) reject(err);
  }

  /** Awaits `p` unless interrupted first. */
  wait<T>(p: Promise<T>): Promise<T> {
    if (this.interrupted !== undefined) return Promise.reject(this.interrupted);
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      p.then((v) => {
        this.#reject = undefined;
        resolve(v);
      }, (e) => {
        this.#reject = undefined;
        reject(e);
      });
    });
  }

  /** Waits for `grant()` (a queue slot) or a wake-up, unless interrupted first. */
  park(): Promise<void> {
    if (this.interrupted !== undefined) return Promise.reject(this.interrupted);
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Push-back side: a slot was handed over. */
  grant(): void {
    this.granted = true;
    this.wake();
  }

  /** Ends a `park()` without a slot (a connection came back to a node at its cap). */
  wake(): void {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#reject = undefined;
    if (resolve !== undefined) resolve();
  }
}

/**
 * The error of a deadline the sweeper found passed: `totalTimeout expired` (`total`) or
 * `socketTimeout expired`. Built without a stack trace: the sweeper's timer stack says nothing of
 * the caller, and a burst past its deadline builds thousands of these (10% of such a burst's CPU
 * profile).
 */
export function deadlineError(total: boolean): TimeoutError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new TimeoutError(total ? "totalTimeout expired" : "socketTimeout expired");
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The runs in progress of one executor (for `close()`), as an intrusive doubly linked list:
 * adding and removing a run touches its own fields only, no hashing per command.
 * @example
 * ```ts
 * import type { AerospikeError } from "../errors.ts";
 * declare const run: Run, err: AerospikeError;
 * const runs = new RunList();
 * runs.add(run);
 * for (const r of runs.snapshot()) r.interrupt(err, true);
 * runs.delete(run);
 * ```
 */
export class RunList {
  #head: Run | undefined = undefined;

  /** Adds a run (no-op when listed). */
  add(run: Run): void {
    if (run.listed) return;
    run.listed = true;
    run.prev = undefined;
    run.next = this.#head;
    if (this.#head !== undefined) this.#head.prev = run;
    this.#head = run;
  }

  /** Removes a run (no-op when not listed). */
  delete(run: Run): void {
    if (!run.listed) return;
    run.listed = false;
    const { prev, next } = run;
    if (prev !== undefined) prev.next = next;
    else this.#head = next;
    if (next !== undefined) next.prev = prev;
    run.prev = run.next = undefined;
  }

  /** The listed runs, copied (safe to iterate while runs leave). */
  snapshot(): Run[] {
    const out: Run[] = [];
    for (let r = this.#head; r !== undefined; r = r.next) out.push(r);
    return out;
  }
}

/** Attempts a command may make beyond `maxRetries` because nothing reached a server (see `unsentReroute`). */
export const MAX_REROUTES = 3;

/**
 * How an attempt that failed before anything was sent (`conn`: none was obtained) may go on
 * without counting as a retry: `"now"` when its node left the cluster (its pool is retired, the
 * partition map already routes elsewhere), `"refresh"` when a refresh of the map must come first
 * (no node for the partition, a refused connect, the circuit breaker of a suspect node),
 * `"breaker"` when the circuit breaker of a node not suspect refused it (it waits for the
 * breaker's window to end or the node to leave: see `maxErrorRate`), else undefined (the failure
 * follows `maxRetries` as usual: a connect that timed out, a pool at its cap...).
 * @param err the attempt's error
 * @param node the node chosen (undefined: none for the partition)
 */
export function unsentReroute(
  err: AerospikeError,
  node: ExecNode | undefined,
): "now" | "refresh" | "breaker" | undefined {
  if (node === undefined) return err.code === ResultCode.INVALID_NODE_ERROR ? "refresh" : undefined;
  if (err.code === ResultCode.INVALID_NODE_ERROR) return "now";
  if (refusedConnect(err)) return "refresh";
  if (err.code === ResultCode.MAX_ERROR_RATE) {
    if (node.suspect === true) return "refresh";
    return node.errorRate?.whenClosed !== undefined ? "breaker" : undefined;
  }
  return undefined;
}

/**
 * Waits for `waits` (the cluster's map refresh, breakers closing) at most until `end` (ms since
 * the epoch; Infinity: no limit); rejects when one of `waits` rejects before that.
 * @example
 * ```ts
 * declare const refresh: Promise<void>;
 * await within([refresh], Date.now() + 500); // resolves after the refresh or 500 ms, whichever is first
 * ```
 */
export async function within(waits: Promise<unknown>[], end: number): Promise<void> {
  if (waits.length === 0) return;
  const all = Promise.all(waits);
  if (end === Infinity) return void await all;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const out = new Promise<void>((resolve) => timer = setTimeout(resolve, Math.max(0, end - Date.now())));
  try {
    await Promise.race([all, out]);
  } finally {
    clearTimeout(timer);
  }
}

// Errors of attempts that provably sent nothing (see `markUnsent`).
const UNSENT = new WeakSet<AerospikeError>();

/**
 * Marks `err` as the failure of an attempt that sent nothing (no connection was obtained, no
 * byte went out): set by the execute loop for commands bound to one node (a batch's per-node
 * request), whose caller re-splits the rows by the partition map instead (see `sentNothing`).
 */
export function markUnsent(err: AerospikeError): AerospikeError {
  UNSENT.add(err);
  return err;
}

/** Whether `err` was marked by `markUnsent`: its attempt sent nothing to any server. */
export function sentNothing(err: AerospikeError): boolean {
  return UNSENT.has(err);
}

/** Any failure as an `AerospikeError`: malformed bytes a ProtocolError, anything else a lost connection. */
export function toAerospikeError(e: unknown): AerospikeError {
  if (e instanceof AerospikeError) return e;
  if (e instanceof WireFormatError) return new ProtocolError(e.message, { cause: e });
  const message = e instanceof Error ? e.message : String(e);
  return new ConnectionError(`connection lost: ${message}`, { cause: e });
}

/**
 * A failure that ended a pipelined connection reaches every command on it: each gets its own
 * error (the loop annotates it with its own node, attempts and inDoubt), the cause kept.
 */
export function sharedFailure(e: unknown): unknown {
  if (!(e instanceof AerospikeError)) return e;
  return new ConnectionError(`pipelined connection closed: another command on it failed (${e.detail})`, {
    cause: e,
  });
}

/**
 * Whether an error that closed a connection counts against the node's circuit breaker: not when
 * the caller ended it (abort, close), nor a pipelined neighbour's failure passed on (`shared`).
 */
export function countsAgainstNode(err: AerospikeError, shared: boolean): boolean {
  if (err.code === ResultCode.ABORTED || err.code === ResultCode.CLIENT_CLOSED) return false;
  return !shared || !(err.cause instanceof AerospikeError);
}

/** The refusal of a node past its `maxErrorRate` (the circuit breaker is open): nothing was sent. */
export function backoff(node: string, max: number): AerospikeError {
  return new AerospikeError(
    ResultCode.MAX_ERROR_RATE,
    `node ${node} passed maxErrorRate (${max} errors in the window): commands to it are refused unsent until the window ends`,
    { node },
  );
}

/** The ABORTED error of a command whose `AbortSignal` fired (its reason as the cause). */
export function abortError(signal: AbortSignal): AerospikeError {
  return new AerospikeError(ResultCode.ABORTED, "command aborted by its AbortSignal", {
    cause: signal.reason,
  });
}

/** Whether commands to `node` may share connections (its pool can, and the node lists `pipelining`). */
export function pipelines(node: ExecNode): boolean {
  return node.pool.share !== undefined && (node.features === undefined || node.features.has("pipelining"));
}

/** A connection for `depth` commands at once (1: an exclusive one). */
export function take(node: ExecNode, depth: number, run?: Run): Promise<Connection<unknown>> {
  // A connect opened for the run may use the time the run has left (see `Pool.acquire`).
  const budget = run === undefined || run.deadline === Infinity ? undefined : run.deadline - Date.now();
  return depth > 1 ? node.pool.share!(depth, budget) : node.pool.acquire(budget);
}

/**
 * Whether a failed attempt may be retried: a server code another attempt may cure (a read's
 * server-side timeout too), or a client-side failure, for a write only when nothing was sent.
 * @param err the attempt's error
 * @param server true when `err` is the server's own answer (a result code, not a client timeout)
 * @param write whether the command writes
 * @param sent whether the request was handed to the connection
 */
export function retryable(err: AerospikeError, server: boolean, write: boolean, sent: boolean): boolean {
  return server
    ? SERVER_RETRY.has(err.code) || (!write && err.code === ResultCode.TIMEOUT)
    : CLIENT_RETRY.has(err.code) && (!write || !sent);
}
