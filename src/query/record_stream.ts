/**
 * `RecordStream`: the async iterable a scan or query returns. One reader per node (all in
 * parallel) parses reply frames into a small shared buffer; when the buffer holds `highWaterMark`
 * records the readers stop calling `readFrame()` until the consumer drains it. Rounds repeat for
 * partitions a node reported unavailable or could not finish, routed by the partition map current
 * at that moment. `break` (the iterator's `return()`) or `close()` cancels every node: their
 * connections are closed, never returned to the pool half-read.
 * @module
 */
import { messageBody } from "../commands/command.ts";
import { explainRefusal, isCompressed } from "../commands/compress.ts";
import type { ExecNode, ExecPolicy, Executor, Lease } from "../commands/execute.ts";
import {
  buildQuery,
  newTaskId,
  parseQueryFrame,
  type QueryRequest,
  recordIdentity,
} from "../commands/query.ts";
import { messageRecord } from "../commands/batch.ts";
import { MAX_REROUTES, unsentReroute } from "../commands/run.ts";
import { AerospikeError, ConnectionError, ProtocolError, ServerError } from "../errors.ts";
import { Key } from "../key.ts";
import type { AerospikeRecord } from "../record.ts";
import { decodeKeyField } from "../wire/digest.ts";
import { FIELD_KEY, FIELD_SET, fieldText, findField } from "../wire/fields.ts";
import { WireFormatError } from "../wire/proto.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { NodeAssignment, PartitionStatus, PartitionTracker } from "./partition_tracker.ts";

/** A record of a scan or query: always with its key (digest, namespace and set). */
export type QueryRecord = AerospikeRecord & { key: Key };

/** What a stream needs from the client. */
export interface StreamContext {
  /** Slots and connections. */
  executor: Executor;
  /** Current master of a partition. */
  masterOf(ns: string, pid: number): ExecNode | undefined;
  /**
   * Refreshes the partition map ahead of the tend interval (see `Cluster.refresh`): a round
   * whose node requests sent nothing waits for it. Optional.
   */
  refresh?(reason: string): Promise<void>;
}

/** Timing of a stream: per-read socket timeout, whole-query total timeout, retries of failed rounds. */
export type StreamPolicy = ExecPolicy;

function toError(e: unknown): AerospikeError {
  if (e instanceof AerospikeError) return e;
  if (e instanceof WireFormatError) return new ProtocolError(e.message, { cause: e });
  return new ConnectionError(`connection lost: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

const RETRY_CODES = new Set<number>([
  ResultCode.TIMEOUT,
  ResultCode.PARTITION_UNAVAILABLE,
  ResultCode.DEVICE_OVERLOAD,
  ResultCode.KEY_BUSY,
]);

/**
 * The records of a scan or query, in arrival order, each exactly once.
 * @example
 * ```ts
 * import { Client } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const stream = client.query("test", "demo", { maxRecords: 100 });
 * for await (const r of stream) console.log(r.key.digest, r.bins);
 * const resume = stream.cursor(); // pass as `cursor` for the next page
 * ```
 */
export class RecordStream implements AsyncIterable<QueryRecord> {
  #ctx: StreamContext;
  #req: QueryRequest;
  #policy: StreamPolicy;
  #tracker: PartitionTracker;
  #highWater: number;
  #buf: QueryRecord[] = [];
  #head = 0;
  #peak = 0;
  #leases = new Set<Lease>();
  #spaceWaiters: (() => void)[] = [];
  #consumerWake: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #finished = false;
  #cancelled = false;
  #stop = new AbortController();
  #error: AerospikeError | undefined;

  /**
   * Prepares a stream; nothing is sent before the first `next()`.
   * @param ctx executor and routing
   * @param req the request (one per node per round is built from it)
   * @param tracker partition progress
   * @param policy timeouts and retries
   * @param highWaterMark records parsed ahead of the consumer before reading pauses
   */
  constructor(
    ctx: StreamContext,
    req: QueryRequest,
    tracker: PartitionTracker,
    policy: StreamPolicy,
    highWaterMark: number,
  ) {
    this.#ctx = ctx;
    this.#req = req;
    this.#tracker = tracker;
    this.#policy = policy;
    this.#highWater = highWaterMark;
  }

  /** Records parsed but not yet consumed. */
  get buffered(): number {
    return this.#buf.length - this.#head;
  }

  /** The largest `buffered` seen (at most highWaterMark plus one frame per node). */
  get peakBuffered(): number {
    return this.#peak;
  }

  /** Where the stream stands, to resume after the last record delivered (see `PartitionStatus`). */
  cursor(): PartitionStatus {
    return this.#tracker.status();
  }

  /** Every record, in arrival order. */
  async toArray(): Promise<QueryRecord[]> {
    const out: QueryRecord[] = [];
    for await (const r of this) out.push(r);
    return out;
  }

  /** How many records the scan/query returns (reading them all). */
  async count(): Promise<number> {
    let n = 0;
    for await (const _ of this) n++;
    return n;
  }

  /** Stops the query on every node and releases its connections; idempotent. */
  async close(): Promise<void> {
    this.#cancel();
    await this.#running;
  }

  /** Iterates the records; `return()` (a `break`) cancels the query on every node. */
  [Symbol.asyncIterator](): AsyncIterator<QueryRecord> {
    return {
      next: () => this.#next(),
      return: async (): Promise<IteratorResult<QueryRecord>> => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async #next(): Promise<IteratorResult<QueryRecord>> {
    this.#running ??= this.#run();
    for (;;) {
      if (this.#head < this.#buf.length) {
        const value = this.#buf[this.#head++];
        if (this.#head === this.#buf.length) {
          this.#buf = [];
          this.#head = 0;
        }
        if (this.buffered <= this.#highWater / 2) this.#wakeReaders();
        return { value, done: false };
      }
      if (this.#error !== undefined) {
        const err = this.#error;
        this.#error = undefined;
        this.#finished = true;
        await this.#running;
        throw err;
      }
      if (this.#finished || this.#cancelled) return { value: undefined, done: true };
      await new Promise<void>((resolve) => this.#consumerWake = resolve);
    }
  }

  #wakeConsumer(): void {
    const w = this.#consumerWake;
    this.#consumerWake = undefined;
    if (w !== undefined) w();
  }

  #wakeReaders(): void {
    const ws = this.#spaceWaiters;
    this.#spaceWaiters = [];
    for (const w of ws) w();
  }

  #cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#stop.abort();
    for (const lease of this.#leases) lease.conn.close();
    this.#wakeReaders();
    this.#wakeConsumer();
  }

  async #run(): Promise<void> {
    const end = this.#policy.totalTimeout > 0 ? Date.now() + this.#policy.totalTimeout : Infinity;
    let failures = 0;
    let reroutes = 0;
    let round = 0;
    try {
      while (!this.#tracker.finished && !this.#cancelled) {
        // A node may still hold the last round's job under its trid and would refuse the same one
        // with PARAMETER_ERROR ("job with trid already active"): every later round draws a new one.
        if (round++ > 0) this.#req = { ...this.#req, taskId: newTaskId() };
        const { nodes, unowned } = this.#tracker.assign((pid) => this.#ctx.masterOf(this.#req.ns, pid));
        let failed: AerospikeError | undefined = unowned.length > 0
          ? new AerospikeError(ResultCode.INVALID_NODE_ERROR, `no node for ${unowned.length} partitions`)
          : undefined;
        // Partitions without a master and node requests that sent nothing (a refused connect, a
        // node removed, a suspect node's breaker) wait for a map refresh: not a retry.
        let refresh = unowned.length > 0 ? failed!.detail : undefined;
        let retry = false;
        const results = await Promise.all(nodes.map((a) => this.#readNode(a)));
        if (this.#cancelled) return;
        for (const r of results) {
          if (r === undefined) continue;
          const { error, unsent } = r;
          if (error.code > 0 && !RETRY_CODES.has(error.code)) throw error;
          if (error.code === ResultCode.CLIENT_CLOSED || error.code === ResultCode.ABORTED) throw error;
          failed = error;
          if (unsent === "refresh") refresh ??= error.detail;
          // A breaker's refusal is retried under maxRetries, after sleepBetweenRetries.
          else if (unsent !== "now") retry = true;
        }
        if (failed === undefined) continue; // progress was made; read what is left
        const reroute = !retry && reroutes < MAX_REROUTES && Date.now() < end &&
          (refresh === undefined || this.#ctx.refresh !== undefined);
        if (reroute) reroutes++;
        else if (++failures > this.#policy.maxRetries || Date.now() >= end) throw failed;
        if (refresh !== undefined && this.#ctx.refresh !== undefined) {
          await this.#refreshed(`a query sent nothing (${refresh})`, end);
          if (reroute) continue;
        }
        const pause = Math.max(this.#policy.sleepBetweenRetries, 1);
        // Ends early on close()/break (the loop then sees #cancelled) and rejects when the client closes.
        await this.#ctx.executor.pause(pause, this.#stop.signal);
      }
    } catch (e) {
      this.#error = toError(e);
      this.#cancel();
      this.#cancelled = false; // the consumer still sees the error
    } finally {
      this.#finished = true;
      this.#wakeConsumer();
    }
  }

  // Waits for the map refresh, at most until `end` or the stream's cancellation.
  async #refreshed(reason: string, end: number): Promise<void> {
    const refresh = this.#ctx.refresh!(reason);
    const wait = end === Infinity ? 0 : Math.max(1, end - Date.now());
    const stop = new AbortController();
    const cancel = (): void => stop.abort();
    this.#stop.signal.addEventListener("abort", cancel, { once: true });
    try {
      await Promise.race([refresh, this.#ctx.executor.pause(wait === 0 ? 2 ** 31 - 1 : wait, stop.signal)]);
    } finally {
      stop.abort();
      this.#stop.signal.removeEventListener("abort", cancel);
    }
  }

  // Reads one node's reply stream; resolves an error to retry with (`unsent`: how it moves
  // without counting as a retry, see `unsentReroute`), or undefined when it ended.
  async #readNode(
    a: NodeAssignment<ExecNode>,
  ): Promise<{ error: AerospikeError; unsent?: "now" | "refresh" | "breaker" } | undefined> {
    const { node, parts, recordMax } = a;
    let lease: Lease | undefined;
    let unavailable = false;
    let received = 0;
    let failure: AerospikeError | undefined;
    try {
      lease = await this.#ctx.executor.lease(node, this.#policy, this.#req.ns, this.#req.set);
      this.#leases.add(lease);
      if (this.#cancelled) throw new AerospikeError(ResultCode.QUERY_ABORTED, "query closed");
      const request = buildQuery(this.#req, parts, recordMax);
      lease.conn.send(request);
      const set = this.#req.set ?? "";
      for (;;) {
        while (this.buffered >= this.#highWater && !this.#cancelled) {
          await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve));
        }
        if (this.#cancelled) throw new AerospikeError(ResultCode.QUERY_ABORTED, "query closed");
        lease.arm(this.#policy.socketTimeout);
        const frame = await lease.wait(lease.conn.readFrame());
        lease.disarm();
        const r = parseQueryFrame(messageBody(frame.type, frame.body), (m) => {
          const { digest, bval } = recordIdentity(m);
          received++;
          if (!this.#tracker.record(digest, bval)) return;
          const setField = findField(m.fields, FIELD_SET);
          // A record written with sendKey comes back with its user key (KEY field: type byte, bytes).
          const keyField = findField(m.fields, FIELD_KEY);
          const key = Key.fromDigest(
            this.#req.ns,
            setField ? fieldText(setField) : set,
            digest,
            keyField === undefined ? undefined : decodeKeyField(keyField.data),
          );
          this.#buf.push(messageRecord(m, key) as QueryRecord);
        }, (pid, code) => {
          if (code === 0) return;
          unavailable = true;
          this.#tracker.partitionUnavailable(pid);
        });
        if (this.buffered > this.#peak) this.#peak = this.buffered;
        this.#wakeConsumer();
        if (!r.last) continue;
        const ok = r.code === 0 || r.code === ResultCode.KEY_NOT_FOUND_ERROR ||
          r.code === ResultCode.FILTERED_OUT;
        const refused = ok ? undefined : new ServerError(r.code, undefined, { node: node.name });
        lease.end(true, refused);
        if (!ok) {
          return {
            error: explainRefusal(
              new ServerError(r.code, undefined, { node: node.name }),
              isCompressed(request),
            ),
          };
        }
        this.#tracker.nodeFinished(parts, received, recordMax);
        return unavailable
          ? {
            error: new AerospikeError(ResultCode.PARTITION_UNAVAILABLE, "partitions unavailable", {
              node: node.name,
            }),
          }
          : undefined;
      }
    } catch (e) {
      failure = toError(e).annotate({ node: node.name });
      // No lease: no connection was obtained, nothing was sent.
      return { error: failure, unsent: lease === undefined ? unsentReroute(failure, node) : undefined };
    } finally {
      if (lease !== undefined) {
        lease.end(false, failure); // no-op after a clean end
        this.#leases.delete(lease);
      }
    }
  }
}
