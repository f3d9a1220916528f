/**
 * THE command loop, shared by every single-record command: push-back slot, node choice by
 * partition and replica policy, connection from the node's pool, per-attempt and total deadlines
 * (through the client's one sweeper), retries, `inDoubt`, abort and close. The `Run` and the
 * retry rules live in `run.ts`, the contracts in `exec_types.ts`. A first attempt whose connection
 * is ready waits for its reply in a `ReplyWaiter` (`reply_waiter.ts`) and comes back to the loop
 * only when it fails.
 * @module
 */
import type { Backpressure } from "../cluster/backpressure.ts";
import { AerospikeError, ServerError, TimeoutError } from "../errors.ts";
import type { Connection } from "../net/connection.ts";
import { TransportError } from "../transport/transport.ts";
import { ObserverHub } from "../observe/hub.ts";
import type { CommandObservation } from "../observe/observer.ts";
import { PROTO_HEADER_SIZE } from "../wire/proto.ts";
import { ResultCode } from "../wire/result_code.ts";
import { type Command, messageBody, setTransactionTtl } from "./command.ts";
import { explainRefusal, outgoing } from "./compress.ts";
import { drainable, drainLate } from "./timeout_delay.ts";
import type { DeadlineSweeper } from "./deadline.ts";
import type {
  CommandCounters,
  ExecCluster,
  ExecNode,
  ExecPolicy,
  ExecutorOptions,
  Lease,
} from "./exec_types.ts";
import { ConnGates } from "./gates.ts";
import { QueuedCommand, type QueueHooks } from "./queued_command.ts";
import { type AttemptOutcome, type ReplyHooks, ReplyWaiter } from "./reply_waiter.ts";
import { type LeaseParts, openLease } from "./lease.ts";
import { Pauses, sleepUnder } from "./pauses.ts";
import {
  abortError,
  backoff,
  countsAgainstNode as counts,
  deadlineError,
  markUnsent,
  MAX_REROUTES,
  pipelines,
  retryable,
  Run,
  RunList,
  sharedFailure,
  take,
  toAerospikeError,
  unsentReroute,
} from "./run.ts";

export type {
  CommandCounters,
  ExecCluster,
  ExecNode,
  ExecPolicy,
  ExecutorOptions,
  Lease,
} from "./exec_types.ts";
export { COMPRESS_THRESHOLD } from "./compress.ts";

// Pooled connections a command may find closed at the send before it fails (see execute()).
const MAX_STALE = 16;

// The frame reader a multi-frame reply's `receive` gets: each message body under the attempt's
// deadline. Built outside #attempts so that its closure captures nothing of that frame.
function frames(
  run: Run,
  conn: Connection<unknown>,
  o: CommandObservation | undefined,
): () => Promise<Uint8Array> {
  return () =>
    run.wait(conn.readFrame()).then((frame) => {
      if (o !== undefined) o.bytesIn += PROTO_HEADER_SIZE + frame.body.length;
      return messageBody(frame.type, frame.body);
    });
}

// Whether the node's circuit breaker refuses commands now (see `maxErrorRate`).
function breakerOpen(node: ExecNode): boolean {
  const rate = node.errorRate;
  return rate !== undefined && rate.count > rate.max;
}

// Built outside execute() so that its closure captures nothing of that function's frame (a call
// would allocate a context object for the captured variables even without a signal).
function abortListener(run: Run | QueuedCommand, signal: AbortSignal): () => void {
  return () => run.interrupt(abortError(signal), true);
}

/**
 * Runs commands for one client. Owns nothing but bookkeeping: the cluster, push-back and
 * sweeper are passed in.
 * @example
 * ```ts
 * import { Backpressure } from "../cluster/backpressure.ts";
 * import { DeadlineSweeper } from "./deadline.ts";
 * import type { Command } from "./command.ts";
 * declare const cluster: ExecCluster, command: Command<unknown>, policy: ExecPolicy;
 * const executor = new Executor(cluster, new Backpressure(5000, 100_000), new DeadlineSweeper());
 * const record = await executor.execute(command, policy);
 * ```
 */
export class Executor {
  /** Retry, timeout and error counters. */
  readonly counters: CommandCounters = { retries: 0, timeouts: 0, errors: new Map() };
  #cluster: ExecCluster;
  #bp: Backpressure;
  #sweeper: DeadlineSweeper;
  #runs = new RunList();
  #gates = new ConnGates();
  #depth: number;
  #closed = false;
  #pauses = new Pauses();
  #hub: ObserverHub;
  // Warm-up (see ExecutorOptions.warmupGrace): until the first connection is obtained, runs start
  // cold, their total deadline extended by the grace; #warmUp() settles what each waited (queued
  // commands settle it when they expire or are granted, from #warmAt: see #totalEnd).
  #grace: number;
  #warm: boolean;
  #warmAt = 0;
  // `Date.now()` at creation: queued commands keep their start as ms since then (a small integer,
  // no heap number per command).
  #born = Date.now();
  // What a streaming command's lease shares with the loop (see lease.ts).
  #parts: LeaseParts;
  // Queued commands granted a slot, waiting for #startGranted's microtask.
  #granted: (QueuedCommand | undefined)[] = [];
  #startScheduled = false;
  #queueHooks: QueueHooks = {
    granted: (q) => {
      // Its run from now on: interrupts (abort, close) reach it there, and so does #warmUp().
      const run = new Run(0, this.counters, 0);
      if (q.cold && !this.#warm) {
        // Still warming up: the whole grace, which #warmUp() settles as for any cold run.
        run.coldStart = this.#born + q.start;
        run.totalDeadline = q.policy.totalTimeout > 0
          ? run.coldStart + q.policy.totalTimeout + this.#grace
          : Infinity;
      } else run.totalDeadline = this.#totalEnd(q, 0);
      run.lane = q.lane;
      this.#runs.add(run);
      q.run = run;
      this.#sweeper.remove(q);
      this.#granted.push(q);
      if (!this.#startScheduled) {
        this.#startScheduled = true;
        queueMicrotask(this.#startGranted);
      }
    },
    failed: (q, err) => {
      this.#bp.cancel(q);
      this.#sweeper.remove(q);
      if (q.onAbort !== undefined) q.policy.signal!.removeEventListener("abort", q.onAbort);
      q.reject(this.#failed(err, q.o));
    },
    expired: (q, now) => {
      const end = this.#totalEnd(q, now);
      if (now < end) {
        // Registered before (some of) its warm-up grace counted: wait on.
        q.deadline = end;
        this.#sweeper.add(q);
        return;
      }
      this.counters.timeouts++;
      q.interrupt(deadlineError(true), true);
    },
  };

  // The fast path's reply (see #fast): a clean one settles the command here; anything else goes
  // back to the attempt loop as its first attempt's outcome, handled there as if it had waited.
  #replyHooks: ReplyHooks = {
    frame: (w, frame) => {
      const { run, node, conn, o } = w;
      if (o !== undefined) o.bytesIn += PROTO_HEADER_SIZE + frame.body.length;
      this.#sweeper.remove(run);
      run.conn = undefined;
      let result: unknown;
      try {
        result = w.cmd.parse(messageBody(frame.type, frame.body));
      } catch (e) {
        // A server result code leaves the connection clean; malformed bytes do not.
        if (e instanceof ServerError || (e instanceof AerospikeError && e.code > 0)) {
          this.#gates.release(node, conn, true);
          return this.#resume(w, e, undefined);
        }
        return this.#resume(w, e, conn);
      }
      this.#gates.release(node, conn, true);
      if (o !== undefined) this.#hub.commandEnd(o, undefined);
      this.#settle(run, true, w.policy.signal, w.onAbort);
      w.settle(result);
    },
    failed: (w, err) => {
      // On a pipelined connection a failure not the command's own is its neighbour's, passed on.
      if (w.depth > 1 && err !== w.run.interrupted) err = sharedFailure(err);
      if (err instanceof ServerError) {
        this.#sweeper.remove(w.run);
        w.run.conn = undefined;
        this.#gates.release(w.node, w.conn, true);
        return this.#resume(w, err, undefined);
      }
      this.#resume(w, err, w.conn);
    },
  };

  /**
   * @param cluster node lookup
   * @param backpressure in-flight cap and queue
   * @param sweeper the client's deadline sweeper
   * @param options pipelining
   */
  constructor(
    cluster: ExecCluster,
    backpressure: Backpressure,
    sweeper: DeadlineSweeper,
    options: ExecutorOptions = {},
  ) {
    this.#cluster = cluster;
    this.#bp = backpressure;
    this.#sweeper = sweeper;
    this.#hub = options.observer ?? new ObserverHub();
    this.#parts = {
      hub: this.#hub,
      bp: backpressure,
      sweeper,
      runs: this.#runs,
      gates: this.#gates,
      counters: this.counters,
    };
    this.#depth = options.pipelineDepth ?? 1;
    this.#grace = Math.max(0, options.warmupGrace ?? 0);
    this.#warm = this.#grace === 0;
  }

  // The first connection was obtained (or a connect failed: the node is no longer merely being
  // opened): each run started before keeps, of the grace, only what it waited so far.
  #warmUp(now: number): void {
    this.#warm = true;
    this.#warmAt = now;
    const grace = this.#grace;
    for (const r of this.#runs.snapshot()) {
      const start = r.coldStart;
      if (start === undefined) continue;
      r.coldStart = undefined;
      const total = r.totalDeadline - grace + Math.min(grace, Math.max(0, now - start));
      r.totalDeadline = total;
      if (r.deadline > total) {
        r.deadline = total;
        if (r.sweepBucket >= 0) this.#sweeper.add(r); // moves it to its new bucket
      }
    }
  }

  /** Commands holding a slot. */
  get inFlight(): number {
    return this.#bp.inFlight;
  }

  /** Commands waiting for a slot. */
  get queued(): number {
    return this.#bp.queued;
  }

  /** Runs a command to completion: resolves its parsed reply or rejects with an `AerospikeError`. */
  execute<R>(cmd: Command<R>, policy: ExecPolicy): Promise<R> {
    if (this.#closed) {
      return Promise.reject(new AerospikeError(ResultCode.CLIENT_CLOSED, "the client is closed"));
    }
    const signal = policy.signal;
    if (signal !== undefined && signal.aborted) return Promise.reject(abortError(signal));
    // A single-record command asks for its slot in its node's lane: no more of them hold slots
    // than the node's connections carry; the rest wait in the queue, not at the node's gate.
    const node = this.#firstNode(cmd, policy);
    const max = node?.pool.max;
    const lane = max !== undefined ? this.#bp.lane(node!, max) : undefined;
    const slot = this.#bp.tryAcquire(lane);
    // One clock read serves the run and its first attempt unless it waits for a slot first.
    const clock = Date.now();
    // Observation: nothing at all unless some consumer listens to commands.
    const o: CommandObservation | undefined = this.#hub.commands
      ? this.#hub.commandStart(
        cmd.receive !== undefined ? "batch" : cmd.write ? "write" : "read",
        cmd.ns,
        cmd.set,
        policy.totalTimeout,
        cmd.op,
      )
      : undefined;
    if (!slot) {
      // A lane full means every connection the node may have is taken: the pool reports that
      // (its `exhausted` event, logged at info), as an acquire at the cap does.
      if (lane !== undefined && lane.held >= lane.cap) node!.pool.atCap?.();
      const q = new QueuedCommand(
        cmd as Command<unknown>,
        policy,
        o,
        this.#queueHooks,
        clock,
        this.#born,
        !this.#warm,
      );
      q.lane = lane;
      return this.#enqueue(q) as Promise<R>;
    }
    const run = new Run(policy.totalTimeout, this.counters, clock);
    run.lane = lane;
    if (!this.#warm && run.totalDeadline !== Infinity) {
      run.coldStart = clock;
      run.totalDeadline += this.#grace;
    }
    this.#runs.add(run);
    let onAbort: (() => void) | undefined;
    if (signal !== undefined) {
      onAbort = abortListener(run, signal);
      signal.addEventListener("abort", onAbort, { once: true });
    }
    return this.#begin(cmd, policy, run, o, clock, onAbort, node);
  }

  // A command with its slot: at its first node's gate while that pool is at its cap (see
  // #gated), else into the attempt loop, with the connection found ready if any.
  #begin<R>(
    cmd: Command<R>,
    policy: ExecPolicy,
    run: Run,
    o: CommandObservation | undefined,
    clock: number | undefined,
    onAbort: (() => void) | undefined,
    node: ExecNode | undefined,
  ): Promise<R> {
    if (node === undefined) {
      // Pipelining: the fast path too when the partition's node has a connection with room.
      const depth = this.#depth;
      if (
        depth > 1 && cmd.node === undefined && cmd.receive === undefined && this.#warm &&
        run.interrupted === undefined
      ) {
        const n = this.#cluster.nodeFor(cmd.ns, cmd.partitionId, policy.replica, 0, cmd.write);
        const conn = n !== undefined && !breakerOpen(n) && pipelines(n) ? n.pool.take?.(depth) : undefined;
        if (conn !== undefined) {
          return this.#fast(cmd, policy, run, o, clock, onAbort, n!, conn, depth) as Promise<R>;
        }
      }
      return this.#attempts(cmd, policy, run, o, clock, onAbort, undefined, undefined, undefined);
    }
    const conn = node.pool.take?.(1);
    if (conn === undefined && node.pool.atCap?.() === true) {
      return this.#gated(cmd, policy, run, o, onAbort, node);
    }
    // The common case: a connection ready, a single-frame reply, past the warm-up.
    if (
      conn !== undefined && this.#warm && cmd.receive === undefined && run.interrupted === undefined &&
      !breakerOpen(node)
    ) {
      return this.#fast(cmd, policy, run, o, clock, onAbort, node, conn, 1) as Promise<R>;
    }
    return this.#attempts(cmd, policy, run, o, clock, onAbort, node, conn, undefined);
  }

  // The first attempt of a command whose connection was ready (see #begin), made as the attempt
  // loop makes it, but its reply waited for by a ReplyWaiter (see reply_waiter.ts) rather than by
  // the loop's async frame. A failure hands the attempt to the loop (#resume).
  #fast(
    cmd: Command<unknown>,
    policy: ExecPolicy,
    run: Run,
    o: CommandObservation | undefined,
    clock: number | undefined,
    onAbort: (() => void) | undefined,
    node: ExecNode,
    conn: Connection<unknown>,
    depth: number,
  ): Promise<unknown> {
    if (o !== undefined) {
      o.attempts = 1;
      o.node = node;
    }
    const now = clock ?? Date.now();
    const attemptEnd = policy.socketTimeout > 0 ? now + policy.socketTimeout : Infinity;
    run.deadline = Math.min(attemptEnd, run.totalDeadline);
    this.#sweeper.add(run);
    run.drainDelay = drainable(policy.timeoutDelay, depth, false);
    run.conn = conn;
    // The server gets the time left (it drops a transaction it cannot finish in time).
    setTransactionTtl(cmd.frame, run.deadline === Infinity ? 0 : Math.max(1, run.deadline - now));
    let compressed = false;
    try {
      const out = outgoing(cmd.frame, policy.compress === true, policy.compressionThreshold);
      compressed = out !== cmd.frame;
      conn.send(out);
      if (o !== undefined) o.bytesOut += out.length;
    } catch (e) {
      const error = depth > 1 && e !== run.interrupted ? sharedFailure(e) : e;
      const unsent: AttemptOutcome = { error, conn, sent: false, sentAt: 0, compressed, depth };
      return this.#attempts(cmd, policy, run, o, undefined, onAbort, node, undefined, unsent);
    }
    const w = new ReplyWaiter(
      cmd,
      policy,
      run,
      o,
      node,
      conn,
      onAbort,
      now,
      compressed,
      depth,
      this.#replyHooks,
    );
    const p = w.promise();
    conn.readFrameTo(w);
    return p;
  }

  // A fast-path attempt that did not end in a clean reply: the attempt loop takes it over from
  // the point it failed at, holding `conn` still unless it was given back. From a microtask, as
  // an await in the loop would have resumed: never inside the interrupt, sweep or read that
  // failed the attempt.
  #resume(w: ReplyWaiter, error: unknown, conn: Connection<unknown> | undefined): void {
    const { sentAt, compressed, depth } = w;
    const outcome: AttemptOutcome = { error, conn, sent: true, sentAt, compressed, depth };
    queueMicrotask(() => {
      this.#attempts(w.cmd, w.policy, w.run, w.o, undefined, w.onAbort, w.node, undefined, outcome)
        .then(w.settle, w.fail);
    });
  }

  // Queues a command without a slot: it waits as one small object (see QueuedCommand), under its
  // total deadline, until #queueHooks.granted gives it a run and #startGranted() starts it, or an
  // interrupt fails it (#queueHooks.failed).
  #enqueue(q: QueuedCommand): Promise<unknown> {
    try {
      this.#bp.enqueue(q); // throws BackpressureError at once when the queue is full
    } catch (e) {
      return Promise.reject(this.#failed(e, q.o));
    }
    // The caller's promise first: whatever fails the command from here on has it to reject.
    const p = q.promise();
    const signal = q.policy.signal;
    if (signal !== undefined) {
      q.onAbort = abortListener(q, signal);
      signal.addEventListener("abort", q.onAbort, { once: true });
    }
    this.#sweeper.add(q); // a command without a totalTimeout is not registered
    return p;
  }

  // The end of a queued command's totalTimeout: from its call, plus for one issued cold what it
  // waited for the first connection, up to the grace. While that connection has not come, the
  // earliest the end can be as of `now` (registered there, the command is looked at again then
  // and never later than its end, however the warm-up ends).
  #totalEnd(q: QueuedCommand, now: number): number {
    const total = q.policy.totalTimeout;
    if (!(total > 0)) return Infinity;
    const start = this.#born + q.start;
    const end = start + total;
    if (!q.cold) return end;
    return end + Math.min(this.#grace, Math.max(0, (this.#warm ? this.#warmAt : now) - start));
  }

  // The queued runs handed a slot, started together from one microtask: never inside the
  // release that granted them (a run failing at once releases its slot and grants the next).
  #startGranted = (): void => {
    const granted = this.#granted;
    for (let i = 0; i < granted.length; i++) {
      const q = granted[i]!;
      granted[i] = undefined;
      const run = q.run!;
      let p: Promise<unknown>;
      try {
        p = this.#continue(q, run);
      } catch (e) {
        // Nothing may stop the loop: the commands after this one would never start.
        this.#settle(run, true, q.policy.signal, q.onAbort);
        q.reject(this.#failed(e, q.o));
        continue;
      }
      p.then(q.resolve, q.reject);
    }
    granted.length = 0;
    this.#startScheduled = false;
  };

  // A queued command with its slot and run: its first node is looked up again (the map may have
  // changed while it waited).
  #continue(q: QueuedCommand, run: Run): Promise<unknown> {
    const { cmd, policy } = q;
    return this.#begin(cmd, policy, run, q.o, undefined, q.onAbort, this.#firstNode(cmd, policy));
  }

  // The node of a command's first attempt when that attempt may wait at its node's gate before
  // the attempt loop (an exclusive connection, not bound to a node), else undefined.
  #firstNode(cmd: Command<unknown>, policy: ExecPolicy): ExecNode | undefined {
    if (cmd.node !== undefined || this.#depth > 1) return undefined;
    return this.#cluster.nodeFor(cmd.ns, cmd.partitionId, policy.replica, 0, cmd.write);
  }

  // A command holding a slot whose first node's pool is at its cap (every connection busy, a
  // burst): it waits at the node's gate here, in a small frame of its own, under its total
  // deadline, until a connection comes back (or the pool is below its cap again: the attempt
  // loop acquires one), and enters the attempt loop with it. Waiting inside the attempt loop held
  // that much larger frame, and two more promises, per waiting command.
  async #gated<R>(
    cmd: Command<R>,
    policy: ExecPolicy,
    run: Run,
    o: CommandObservation | undefined,
    onAbort: (() => void) | undefined,
    node: ExecNode,
  ): Promise<R> {
    let conn: Connection<unknown> | undefined;
    try {
      run.deadline = run.totalDeadline;
      this.#sweeper.add(run);
      try {
        let front = false;
        for (;;) {
          await this.#gates.park(run, node, front);
          conn = node.pool.take?.(1);
          if (conn !== undefined || node.pool.atCap?.() !== true) break;
          front = true; // taken by a command that was not parked: back to the head of the line
        }
      } finally {
        this.#sweeper.remove(run);
      }
    } catch (e) {
      this.#settle(run, true, policy.signal, onAbort);
      throw this.#failed(e, o);
    }
    return this.#attempts(cmd, policy, run, o, undefined, onAbort, node, conn, undefined);
  }

  // Accounts for a command's failure (error counters, observation) and returns the error to throw.
  #failed(e: unknown, o: CommandObservation | undefined): AerospikeError {
    const err = toAerospikeError(e);
    this.counters.errors.set(err.code, (this.counters.errors.get(err.code) ?? 0) + 1);
    if (err.code === ResultCode.COMMAND_QUEUE_FULL) {
      this.#hub.backpressureRefused(this.#bp.inFlight, this.#bp.queued);
    }
    if (o !== undefined) this.#hub.commandEnd(o, err);
    return err;
  }

  // A command is over: its slot, deadline and abort listener go.
  #settle(run: Run, slot: boolean, signal: AbortSignal | undefined, onAbort: (() => void) | undefined): void {
    if (slot) this.#bp.release(run.lane);
    this.#sweeper.remove(run);
    this.#runs.delete(run);
    if (onAbort !== undefined) signal!.removeEventListener("abort", onAbort);
  }

  // The attempt loop of a command holding a push-back slot. `clock` is the time just read, if any.
  // No closure here captures a variable of this function (the batch reader is built in
  // frames()), so a call allocates no context object for them.
  async #attempts<R>(
    cmd: Command<R>,
    policy: ExecPolicy,
    run: Run,
    o: CommandObservation | undefined,
    clock: number | undefined,
    onAbort: (() => void) | undefined,
    first: ExecNode | undefined,
    firstConn: Connection<unknown> | undefined,
    resumed: AttemptOutcome | undefined,
  ): Promise<R> {
    try {
      // The attempt loop lives here rather than in its own async method: one promise less per call.
      let attempt = 0;
      let reroutes = 0;
      // Replicas skipped without a retry: a read whose node refused goes to the next one.
      let shift = 0;
      // Pooled connections found closed at the send.
      let stale = 0;
      for (;;) {
        attempt++;
        // A first attempt made on the fast path (#fast) comes back with its interrupt, if any, kept.
        const outcome = resumed;
        resumed = undefined;
        if (outcome === undefined && !run.terminal) run.interrupted = undefined;
        // The first attempt's node (and connection) when execute() or the queue looked already.
        const node = cmd.node !== undefined
          ? cmd.node as ExecNode
          : first !== undefined
          ? first
          : this.#cluster.nodeFor(cmd.ns, cmd.partitionId, policy.replica, attempt - 1 + shift, cmd.write);
        first = undefined;
        // Held outside `conn` until the checks below pass: a refused attempt gives it back whole.
        const given = firstConn;
        firstConn = undefined;
        let conn: Connection<unknown> | undefined;
        let sent = false;
        let sentAt = 0;
        let compressed = false;
        let depth = 1;
        if (o !== undefined) {
          o.attempts = attempt;
          if (node !== undefined) o.node = node;
        }
        try {
          if (outcome !== undefined) {
            conn = outcome.conn;
            sent = outcome.sent;
            sentAt = outcome.sentAt;
            compressed = outcome.compressed;
            depth = outcome.depth;
            throw outcome.error;
          }
          if (given !== undefined && (run.interrupted !== undefined || breakerOpen(node!))) {
            this.#gates.release(node!, given, true);
          }
          if (run.interrupted !== undefined) throw run.interrupted;
          if (node === undefined) {
            // A namespace no node reported, while the map knows others: the official clients'
            // InvalidNamespace (20), at once; no refresh or retry brings a namespace into being.
            if (this.#cluster.unknownNamespace?.(cmd.ns) === true) {
              throw new AerospikeError(
                ResultCode.INVALID_NAMESPACE,
                `namespace ${cmd.ns} not found in the partition map`,
              );
            }
            throw new AerospikeError(
              ResultCode.INVALID_NODE_ERROR,
              `no node for namespace ${cmd.ns} partition ${cmd.partitionId}`,
            );
          }
          if (breakerOpen(node)) throw backoff(node.name, node.errorRate!.max);
          const now = clock ?? Date.now();
          clock = undefined;
          const attemptEnd = policy.socketTimeout > 0 ? now + policy.socketTimeout : Infinity;
          run.deadline = Math.min(attemptEnd, run.totalDeadline);
          this.#sweeper.add(run);
          // Only single-record commands pipeline; batches (own node, multi-frame reply) never do.
          if (this.#depth > 1 && cmd.receive === undefined && cmd.node === undefined && pipelines(node)) {
            depth = this.#depth;
          }
          // A connection ready now needs no promise; else wait for one under the deadline.
          conn = given ?? node.pool.take?.(depth);
          let at = now;
          if (conn === undefined && depth === 1 && node.pool.atCap?.() === true) {
            conn = await this.#gates.acquireAtCap(run, node, depth);
            at = Date.now();
          } else if (conn === undefined) {
            const p = take(node, depth, run);
            try {
              conn = await run.wait(p);
            } catch (e) {
              conn = await this.#gates.acquireAfter(run, node, p, e, depth);
            }
            at = Date.now();
          }
          if (!this.#warm) this.#warmUp(at);
          run.drainDelay = drainable(policy.timeoutDelay, depth, cmd.receive !== undefined);
          run.conn = conn;
          // The server gets the time left (it drops a transaction it cannot finish in time).
          const left = run.deadline === Infinity ? 0 : Math.max(1, run.deadline - at);
          setTransactionTtl(cmd.frame, left);
          // Compressed after the ttl patch: the type-4 body wraps the frame as it is this attempt.
          try {
            const out = outgoing(cmd.frame, policy.compress === true, policy.compressionThreshold);
            compressed = out !== cmd.frame;
            conn.send(out);
            if (o !== undefined) o.bytesOut += out.length;
          } catch (e) {
            throw depth > 1 && e !== run.interrupted ? sharedFailure(e) : e;
          }
          sent = true;
          sentAt = at;
          let result: R;
          let midExchange = true;
          try {
            if (cmd.receive !== undefined) {
              // A multi-frame reply; `receive` throws a ServerError only after the last frame.
              result = await cmd.receive(frames(run, conn, o));
            } else {
              // No run.wait() wrapper: an interrupt fails `run.conn`, which rejects this read
              // with the interrupt's own error.
              let frame;
              try {
                frame = await conn.readFrame();
              } catch (e) {
                throw depth > 1 && e !== run.interrupted ? sharedFailure(e) : e;
              }
              midExchange = false;
              if (o !== undefined) o.bytesIn += PROTO_HEADER_SIZE + frame.body.length;
              this.#sweeper.remove(run);
              run.conn = undefined;
              result = cmd.parse(messageBody(frame.type, frame.body));
            }
          } catch (e) {
            // A server result code leaves the connection clean; malformed bytes or a cut stream do not.
            const clean = e instanceof ServerError ||
              (!midExchange && e instanceof AerospikeError && e.code > 0);
            if (!clean) throw e;
            this.#sweeper.remove(run);
            run.conn = undefined;
            this.#gates.release(node, conn, true);
            conn = undefined;
            throw e;
          }
          this.#sweeper.remove(run);
          run.conn = undefined;
          this.#gates.release(node, conn, true);
          if (o !== undefined) this.#hub.commandEnd(o, undefined);
          return result;
        } catch (e) {
          this.#sweeper.remove(run);
          run.conn = undefined;
          // A connect that failed ends the warm-up too: the wait is the node's, no longer the pool's.
          if (!this.#warm && e !== run.interrupted) this.#warmUp(Date.now());
          // A CE server's 25 for a compressed request names the policy to change.
          const err = explainRefusal(toAerospikeError(e), compressed);
          const server = err.code > 0 && !(err instanceof TimeoutError);
          // A total timeout of a request the node had for less than half the command's budget
          // (the rest went to waiting in the client for a slot or a connection: a burst) says
          // nothing of the node, so it does not count against maxErrorRate. Counted, a healthy
          // node's burst tripped its breaker and failed every command for the rest of the window.
          const blame = !(sent && e === run.interrupted && run.terminal && err instanceof TimeoutError &&
            policy.totalTimeout > 0 && run.totalDeadline - sentAt < policy.totalTimeout / 2);
          if (conn !== undefined && run.abandoned === conn) {
            // timeoutDelay: the late reply is read in the background, then the connection pooled.
            run.abandoned = undefined;
            const c = conn;
            const n = node!;
            const gates = this.#gates; // not `this` in the closure: see #attempts
            drainLate(c, run.drainDelay).then((clean) => gates.release(n, c, clean));
            if (blame && counts(err, false) && this.#owns(cmd, n)) n.errorRate?.add();
          } else if (conn !== undefined) {
            // The commands behind this one on a pipelined connection learn why it closed.
            if (depth > 1 && !conn.closed) conn.fail(err);
            this.#gates.release(node!, conn, false);
            // An error that closes a connection counts against the node; one shared by every
            // command on a pipelined connection only for the command it came from.
            if (blame && counts(err, depth > 1 && err !== run.interrupted) && this.#owns(cmd, node!)) {
              node!.errorRate?.add();
            }
          } else if (
            server && (err.code === ResultCode.DEVICE_OVERLOAD || err.code === ResultCode.TIMEOUT) &&
            this.#owns(cmd, node!)
          ) {
            node!.errorRate?.add();
          }
          const inDoubt = cmd.write && sent && (!server || err.code === ResultCode.TIMEOUT);
          err.annotate({ node: node?.name, attempts: attempt, inDoubt });
          // Nothing reached a server: not a retry (see `maxRetries`). The partition's owner is
          // looked up again, after a refresh of the map when the failure calls for one.
          const unsent = !sent && conn === undefined && !run.terminal && e !== run.interrupted;
          // A command bound to its node (a batch's per-node request) cannot move: its caller
          // re-splits the rows by the new map when the mark says nothing was sent.
          if (unsent && cmd.node !== undefined) markUnsent(err);
          // A pooled connection the transport found closed at the send (its node stopping) is
          // used up (closed above): take another, without counting a reroute (a node stopping
          // closes all its connections at once), up to MAX_STALE per command.
          if (
            !sent && conn !== undefined && e instanceof TransportError && depth === 1 && !run.terminal &&
            stale < MAX_STALE && cmd.node === undefined && Date.now() < run.totalDeadline
          ) {
            stale++;
            attempt--;
            continue;
          }
          if (
            !sent && !run.terminal && reroutes < MAX_REROUTES && cmd.node === undefined &&
            Date.now() < run.totalDeadline
          ) {
            // Without a retry left (and for a write, which has only the master), an attempt
            // that sent nothing goes on; with one, a read moves to the next replica as a retry.
            const last = cmd.write || attempt > policy.maxRetries;
            let how: "now" | "refresh" | "breaker" | "replica" | undefined;
            if (unsent) how = unsentReroute(err, node);
            else if (e === run.interrupted) {
              // socketTimeout while waiting for a connection: it bounds a sent request's reply.
              if (last && err instanceof TimeoutError && conn === undefined) how = "now";
            }
            // A read refused by a node that is gone moves to the next replica at once; the
            // refresh the refusal started runs meanwhile.
            if (how === "refresh" && !cmd.write && node !== undefined) {
              const next = this.#cluster.nodeFor(
                cmd.ns,
                cmd.partitionId,
                policy.replica,
                attempt + shift,
                false,
              );
              if (next !== undefined && next !== node) how = "replica";
            }
            const refresh = this.#cluster.refresh;
            const waits = how === "breaker" && last;
            if (how === "now" || how === "replica" || (how === "refresh" && refresh !== undefined) || waits) {
              reroutes++;
              attempt--;
              if (how === "replica") shift++;
              else if (how === "refresh") await this.#refreshed(run, err);
              else if (waits) await this.#breakerClosed(run, node!, err);
              continue;
            }
          }
          if (run.terminal || attempt > policy.maxRetries || Date.now() >= run.totalDeadline) throw err;
          if (!retryable(err, server, cmd.write, sent)) throw err;
          this.counters.retries++;
          if (o !== undefined) this.#hub.commandRetry(o, err);
          if (policy.sleepBetweenRetries > 0) await sleepUnder(run, policy.sleepBetweenRetries);
        }
      }
    } catch (e) {
      throw this.#failed(e, o);
    } finally {
      this.#settle(run, true, policy.signal, onAbort);
    }
  }

  // Waits, within the command's totalTimeout, for the cluster refresh an unsent attempt's
  // failure `err` calls for. Rejects with the interrupt (deadline, abort, close), not in doubt:
  // nothing was sent.
  async #refreshed(run: Run, err: AerospikeError): Promise<void> {
    run.deadline = run.totalDeadline;
    this.#sweeper.add(run);
    try {
      await run.wait(
        this.#cluster.refresh!(
          `a command to ${err.node ?? "a partition without a node"} sent nothing (${err.detail})`,
        ),
      );
    } catch (e) {
      throw toAerospikeError(e).annotate({ node: err.node, attempts: err.attempts, inDoubt: false });
    } finally {
      this.#sweeper.remove(run);
    }
  }

  // Whether a failure of `cmd` on `node` counts against the node's circuit breaker: not for a
  // single-record write sent to a node that does not master the partition in the current map (a
  // stand-in while the master left and the cluster re-forms: it proxies the write toward the
  // departed master, and its timeouts say nothing of the stand-in's own health). Runs on errors only.
  #owns(cmd: Command<unknown>, node: ExecNode): boolean {
    if (!cmd.write || cmd.node !== undefined) return true;
    const master = this.#cluster.nodeFor(cmd.ns, cmd.partitionId, "master", 0, true);
    return master === node;
  }

  // Waits, within the command's totalTimeout, until the circuit breaker that refused an unsent
  // attempt closes (its window ends, or its node leaves the cluster). Past the deadline it
  // rejects with the breaker's error, not in doubt; on abort or close with theirs.
  async #breakerClosed(run: Run, node: ExecNode, err: AerospikeError): Promise<void> {
    run.deadline = run.totalDeadline;
    this.#sweeper.add(run);
    try {
      await run.wait(node.errorRate!.whenClosed!());
    } catch (e) {
      const why = e instanceof TimeoutError ? err : toAerospikeError(e);
      throw why.annotate({ node: err.node, attempts: err.attempts, inDoubt: false });
    } finally {
      this.#sweeper.remove(run);
    }
  }

  /**
   * Takes a slot and a connection to `node` for a streaming command (see `Lease`). Rejects like
   * `execute()` does (closed client, aborted signal, full queue, connect failure, timeout).
   * `ns` and `set` name what the command reads, for observers.
   */
  lease(node: ExecNode, policy: ExecPolicy, ns = "", set?: string): Promise<Lease> {
    if (this.#closed) {
      return Promise.reject(new AerospikeError(ResultCode.CLIENT_CLOSED, "the client is closed"));
    }
    return openLease(this.#parts, node, policy, ns, set);
  }

  /** Where commands are reported. */
  get observer(): ObserverHub {
    return this.#hub;
  }

  /** Rejects every queued and running command with CLIENT_CLOSED; later calls reject too. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const closed = (): AerospikeError =>
      new AerospikeError(ResultCode.CLIENT_CLOSED, "the client was closed");
    // Commands still waiting for a slot fail here; a streaming command's queued run (a lease) is
    // also in #runs.
    for (const w of this.#bp.drain()) if (w instanceof QueuedCommand) w.interrupt(closed(), true);
    for (const run of this.#runs.snapshot()) run.interrupt(closed(), true);
    this.#gates.clear();
    this.#sweeper.clear();
    this.#pauses.endAll(closed);
  }

  /**
   * Waits `ms`: the pause between retry rounds of a batch or scan. Rejects with CLIENT_CLOSED at
   * once when the client closes (instead of keeping its caller, and a timer, alive for the rest
   * of the pause); resolves early when `signal` aborts.
   */
  pause(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new AerospikeError(ResultCode.CLIENT_CLOSED, "the client is closed"));
    }
    return this.#pauses.pause(ms, signal);
  }
}
