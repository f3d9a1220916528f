/**
 * The hub producers report to: it fans each report out to the registered consumers (see
 * observer.ts for the contract and how to add one). One hub per client; the cluster, its nodes'
 * pools and the executor hold it.
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import { type CommandKind, CommandObservation, type NodeRef, type Observer } from "./observer.ts";
import { traceEnd, traceStart, tracingActive } from "./tracing.ts";

/**
 * Registered consumers and the dispatch to them. A consumer's exception is swallowed: observing
 * must never change what a command or the tender does.
 * @example
 * ```ts
 * const hub = new ObserverHub();
 * const remove = hub.add({ nodeRemoved: (n, why) => console.warn(n.name, why) });
 * remove();
 * ```
 */
export class ObserverHub {
  #commands = false;
  #all: Observer[] = [];
  #starts: Observer[] = [];
  #retries: Observer[] = [];
  #ends: Observer[] = [];

  /** Registers a consumer (once; adding it again is a no-op); returns a function removing it. */
  add(consumer: Observer): () => void {
    if (consumer === null || typeof consumer !== "object") throw new TypeError("an observer is an object");
    if (!this.#all.includes(consumer)) {
      this.#all = [...this.#all, consumer];
      this.#index();
    }
    return () => this.remove(consumer);
  }

  /** Unregisters a consumer (no-op when it is not registered). */
  remove(consumer: Observer): void {
    if (!this.#all.includes(consumer)) return;
    this.#all = this.#all.filter((c) => c !== consumer);
    this.#index();
  }

  /** Whether any consumer is registered. */
  get size(): number {
    return this.#all.length;
  }

  #index(): void {
    const all = this.#all;
    this.#starts = all.filter((c) => typeof c.commandStart === "function");
    this.#retries = all.filter((c) => typeof c.commandRetry === "function");
    this.#ends = all.filter((c) => typeof c.commandEnd === "function");
    this.#commands = this.#starts.length + this.#retries.length + this.#ends.length > 0;
  }

  /**
   * True while some consumer implements a command method or someone subscribes to the
   * `aerolite:command` tracing channel (tracing.ts): the command loop checks this once per
   * command and does nothing for observation while it is false.
   */
  get commands(): boolean {
    return this.#commands || tracingActive();
  }

  /**
   * A command starts: returns its observation (only call while `commands` is true).
   * @param kind what it is
   * @param ns namespace ("" for info)
   * @param set set, when known
   * @param totalTimeout its total timeout, ms
   * @param op the client method (default: `kind`)
   */
  commandStart(
    kind: CommandKind,
    ns: string,
    set: string | undefined,
    totalTimeout: number,
    op?: string,
  ): CommandObservation {
    const c = new CommandObservation(kind, ns, set, totalTimeout, op);
    const list = this.#starts;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i].commandStart!(c);
      } catch { /* a consumer cannot fail a command */ }
    }
    if (tracingActive()) traceStart(c);
    return c;
  }

  /** An attempt of `c` failed with `error` and another follows. */
  commandRetry(c: CommandObservation, error: AerospikeError): void {
    const list = this.#retries;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i].commandRetry!(c, error);
      } catch { /* ignored */ }
    }
  }

  /**
   * `c` ended: with `error`, or successfully when it is undefined. Sets `end`, `code`, `error`.
   */
  commandEnd(c: CommandObservation, error: AerospikeError | undefined): void {
    c.end = performance.now();
    c.error = error;
    c.code = error === undefined ? 0 : error.code;
    const list = this.#ends;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i].commandEnd!(c);
      } catch { /* ignored */ }
    }
    if (c.context !== undefined) traceEnd(c);
  }

  /** A node was added. */
  nodeAdded(node: NodeRef): void {
    for (const c of this.#all) if (c.nodeAdded) this.#safe(() => c.nodeAdded!(node));
  }

  /** A node was removed, `reason` in words. */
  nodeRemoved(node: NodeRef, reason: string): void {
    for (const c of this.#all) if (c.nodeRemoved) this.#safe(() => c.nodeRemoved!(node, reason));
  }

  /** A connect to `node` was refused: it is suspect (`error`: the refused connect). */
  nodeSuspect(node: NodeRef, error: AerospikeError): void {
    for (const c of this.#all) if (c.nodeSuspect) this.#safe(() => c.nodeSuspect!(node, error));
  }

  /** A tend cycle was started early, `reason` in words. */
  refreshRequested(reason: string): void {
    for (const c of this.#all) if (c.refreshRequested) this.#safe(() => c.refreshRequested!(reason));
  }

  /** A tend exchange failed (`node` undefined: reseeding found no node). */
  tendFailed(node: NodeRef | undefined, error: AerospikeError): void {
    for (const c of this.#all) if (c.tendFailed) this.#safe(() => c.tendFailed!(node, error));
  }

  /** A node's partition map was applied at `generation`. */
  partitionsChanged(node: NodeRef, generation: number): void {
    for (const c of this.#all) {
      if (c.partitionsChanged) this.#safe(() => c.partitionsChanged!(node, generation));
    }
  }

  /** Whether some consumer wants `connectionOpened` (so the pool reads the clock only then). */
  get timesConnects(): boolean {
    return this.#all.some((c) => typeof c.connectionOpened === "function");
  }

  /** A pooled connection opened in `ms`. */
  connectionOpened(node: NodeRef, ms: number): void {
    for (const c of this.#all) if (c.connectionOpened) this.#safe(() => c.connectionOpened!(node, ms));
  }

  /** A pooled connection could not be opened. */
  connectionFailed(node: NodeRef, error: AerospikeError): void {
    for (const c of this.#all) if (c.connectionFailed) this.#safe(() => c.connectionFailed!(node, error));
  }

  /** Every connection of a node was in use. */
  poolExhausted(node: NodeRef, max: number): void {
    for (const c of this.#all) if (c.poolExhausted) this.#safe(() => c.poolExhausted!(node, max));
  }

  /** Push-back refused a command. */
  backpressureRefused(inFlight: number, queued: number): void {
    for (const c of this.#all) {
      if (c.backpressureRefused) this.#safe(() => c.backpressureRefused!(inFlight, queued));
    }
  }

  /** A node passed `max` errors in the circuit breaker's window. */
  errorRateExceeded(node: NodeRef, max: number): void {
    for (const c of this.#all) if (c.errorRateExceeded) this.#safe(() => c.errorRateExceeded!(node, max));
  }

  /** The cluster has a node again. */
  clusterConnected(): void {
    for (const c of this.#all) if (c.clusterConnected) this.#safe(() => c.clusterConnected!());
  }

  /** The cluster has no node left. */
  clusterDisconnected(): void {
    for (const c of this.#all) if (c.clusterDisconnected) this.#safe(() => c.clusterDisconnected!());
  }

  #safe(fn: () => void): void {
    try {
      fn();
    } catch { /* a consumer cannot fail the tender */ }
  }
}
