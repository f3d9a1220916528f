/**
 * The one narrow interface through which the command loop (src/commands) and the tend loop
 * (src/cluster) report what they do: commands start, retry and end; nodes join, become suspect
 * and leave; tending fails or is asked to run early; partition maps move; connections open, fail or run out; push-back refuses a
 * command; a node trips the circuit breaker. Logging, client events, `client.stats()` detail,
 * metrics files and tracing are all consumers of it.
 *
 * ## Adding a consumer
 * 1. Write an object implementing the methods of {@linkcode Observer} you care about (all are
 *    optional; implement only those you use: a consumer without command methods keeps the
 *    command loop on its zero-cost path, see below).
 * 2. Register it on the client's hub: `const remove = hub.add(consumer)`; `remove()` (or
 *    `hub.remove(consumer)`) unregisters it. Both are cheap and may happen at any time.
 * 3. Never throw from a method (a throw is caught and dropped so a consumer cannot fail a
 *    command) and never block: producers call you synchronously on their hot path.
 * 4. The `CommandObservation` passed to the command methods is one object per observed
 *    command, shared by every consumer: read its fields, do not write them, except `context`,
 *    which belongs to the tracing consumer (the diagnostics_channel publisher) alone.
 *
 * ## Cost
 * While no registered consumer implements a command method and nobody subscribes to the
 * `aerolite:command` tracing channel (tracing.ts), `hub.commands` is false and the command loop
 * does nothing for observation: no clock reads, no objects, no closures (one getter per command,
 * reading a boolean and the channels' `hasSubscribers`). Otherwise each command gets one
 * `CommandObservation` and two `performance.now()` reads, plus one trace context while traced.
 * Cluster events are rare and always dispatched.
 *
 * Layering: this directory imports nothing above src/cluster (only errors and result codes).
 * @module
 */
import type { AerospikeError } from "../errors.ts";

/** What a command is, as the official clients' metrics group them. */
export type CommandKind = "read" | "write" | "batch" | "query" | "info";

/** The command kinds in a fixed order (the index of a kind in per-kind arrays). */
export const COMMAND_KINDS: readonly CommandKind[] = ["read", "write", "batch", "query", "info"];

/** A node as observers see it. */
export interface NodeRef {
  /** Node id, e.g. `BB9020011AC4202`. */
  readonly name: string;
  /** `host:port` it is reached at. */
  readonly address: string;
}

/**
 * One observed command, from start to end (a single-record command with its retries, one node's
 * part of a batch, one node's part of a query, one info request). Created by the producer only
 * when some consumer listens to commands.
 * @example
 * ```ts
 * import type { ObserverHub } from "./hub.ts";
 * declare const hub: ObserverHub;
 * hub.add({ commandEnd: (c) => console.log(c.kind, c.node, c.code, c.end - c.start) });
 * ```
 */
export class CommandObservation {
  /** What the command is. */
  readonly kind: CommandKind;
  /** Namespace ("" for info). */
  readonly ns: string;
  /** Set, when the command targets one. */
  readonly set: string | undefined;
  /**
   * The client method it runs for: `get`, `put`, `exists`, `remove`, `touch`, `operate`,
   * `apply` (single-record), `batch`, `query`, `info`.
   */
  readonly op: string;
  /** The command's total timeout in ms (0: none). */
  readonly totalTimeout: number;
  /** `performance.now()` when it started. */
  readonly start: number;
  /** `performance.now()` when it ended (NaN until then). */
  end: number = NaN;
  /** The node of the latest attempt (undefined before one was chosen). */
  node: NodeRef | undefined = undefined;
  /** Attempts made so far (retries = attempts - 1). */
  attempts: number = 0;
  /** Request bytes sent, over all attempts (single-record and batch commands; 0 for others). */
  bytesOut: number = 0;
  /** Reply bytes received, over all attempts (single-record and batch commands; 0 for others). */
  bytesIn: number = 0;
  /** Result code at the end: 0 on success, else the error's code. */
  code: number = 0;
  /** The error the command failed with (undefined on success). */
  error: AerospikeError | undefined = undefined;
  /** Owned by the tracing consumer (a diagnostics_channel context); others leave it alone. */
  context: unknown = undefined;

  /**
   * Starts observing a command now (producers create it, through the hub).
   * @param kind what the command is
   * @param ns namespace
   * @param set set, if any
   * @param totalTimeout total timeout, ms (0: none)
   * @param op the client method (default: `kind`)
   */
  constructor(
    kind: CommandKind,
    ns: string,
    set: string | undefined,
    totalTimeout: number,
    op: string = kind,
  ) {
    this.kind = kind;
    this.ns = ns;
    this.set = set;
    this.op = op;
    this.totalTimeout = totalTimeout;
    this.start = performance.now();
  }

  /** Milliseconds from start to end (NaN until it ended). */
  get latency(): number {
    return this.end - this.start;
  }

  /** Whether it ended with a timeout (client- or server-side; result code 9). */
  get timedOut(): boolean {
    return this.code === 9;
  }
}

/**
 * What producers report. Every method is optional for a consumer; see the module doc for how to
 * add one. Arguments are never kept by the producer after the call.
 */
export interface Observer {
  /** A command starts (before it waits for a slot or a connection). */
  commandStart?(c: CommandObservation): void;
  /** An attempt failed and the command will try again (`c.attempts` attempts made so far). */
  commandRetry?(c: CommandObservation, error: AerospikeError): void;
  /** A command ended: `c.code`, `c.error`, `c.end`, `c.node` and `c.attempts` are final. */
  commandEnd?(c: CommandObservation): void;
  /** Tending found a node (also the seeds at connect). */
  nodeAdded?(node: NodeRef): void;
  /** Tending dropped a node; `reason` says why in words. */
  nodeRemoved?(node: NodeRef, reason: string): void;
  /**
   * A connect to a node was refused (nothing listens at its address: the server stopped): the
   * node is suspect until it answers again, and the cluster is refreshed at once to route
   * around it. Reported once per suspicion; `error` is the refused connect.
   */
  nodeSuspect?(node: NodeRef, error: AerospikeError): void;
  /**
   * A tend cycle was started ahead of the tend interval (a node became suspect, or commands
   * found no node for a partition); `reason` says why in words.
   */
  refreshRequested?(reason: string): void;
  /**
   * An info exchange of the tend loop failed: `node` is the node asked, or undefined when no
   * seed could be reached while the cluster had no node.
   */
  tendFailed?(node: NodeRef | undefined, error: AerospikeError): void;
  /** A node's partition map was applied at a new `partition-generation`. */
  partitionsChanged?(node: NodeRef, generation: number): void;
  /** A pooled connection to a node opened (`ms`: connect and login time). */
  connectionOpened?(node: NodeRef, ms: number): void;
  /** A pooled connection to a node could not be opened. */
  connectionFailed?(node: NodeRef, error: AerospikeError): void;
  /** A command found every connection of a node in use (`maxConnsPerNode`). */
  poolExhausted?(node: NodeRef, max: number): void;
  /** Push-back refused a command: `inFlight` running and `queued` waiting (the queue was full). */
  backpressureRefused?(inFlight: number, queued: number): void;
  /** A node passed `maxErrorRate` errors in the window: commands to it are refused before anything is sent until it resets. */
  errorRateExceeded?(node: NodeRef, max: number): void;
  /** The cluster has a node again after having none (or its first at connect). */
  clusterConnected?(): void;
  /** The cluster lost its last node: no node is reachable. */
  clusterDisconnected?(): void;
}
