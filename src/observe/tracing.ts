/**
 * Command tracing on `node:diagnostics_channel` (Node, Deno and Bun all provide it): every
 * observed command is published on the TracingChannel `aerolite:command`, i.e. on the channels
 * `tracing:aerolite:command:start`, `:end`, `:asyncStart`, `:asyncEnd` and `:error`, the way
 * undici and the database drivers publish theirs, with one {@linkcode CommandTraceContext} per
 * command shared by all five events.
 *
 * Order of events for one command: `start` and `end` when it starts (the synchronous part of the
 * call), then, when it settles, `error` (only if it failed), `asyncStart` and `asyncEnd`. The
 * context is filled in by then: node, address, port, attempts, result code, error.
 *
 * Cost: while nobody subscribes, the command loop reads `hasSubscribers` of the five channels
 * once per command and does nothing else for tracing (no context, no closure). Subscribers are
 * called synchronously inside the command loop, `start` inside the caller's own call (so the
 * caller's AsyncLocalStorage context, e.g. an active OpenTelemetry span, is current there).
 * Stores are not bound (`bindStore` has no effect): keep per-command state in a WeakMap keyed by
 * the context object, or on the context under a Symbol of your own.
 * @module
 */
import dc from "node:diagnostics_channel";
import type { AerospikeError } from "../errors.ts";
import type { CommandKind, CommandObservation } from "./observer.ts";

/** Name of the TracingChannel every command is published on. */
export const COMMAND_CHANNEL = "aerolite:command";

/**
 * What subscribers of {@linkcode COMMAND_CHANNEL} receive: one object per command, the same in
 * all of its events.
 * @example
 * ```ts
 * import type { CommandTraceContext } from "@aerolite/client";
 * import dc from "node:diagnostics_channel";
 * dc.tracingChannel("aerolite:command").subscribe({
 *   start() {},
 *   end() {},
 *   asyncStart() {},
 *   asyncEnd(ctx) {
 *     const c = ctx as CommandTraceContext;
 *     console.log(c.kind, c.namespace, c.node, c.resultCode);
 *   },
 *   error() {},
 * });
 * ```
 */
export interface CommandTraceContext {
  /** What the command is: `read`, `write`, `batch` (one node's part), `query` (one node's part) or `info`. */
  readonly kind: CommandKind;
  /**
   * The client method: `get`, `put`, `exists`, `remove`, `touch`, `operate`, `apply`, `batch`,
   * `query` or `info`.
   */
  readonly operation: string;
  /** Namespace (`""` for info commands and batches without one). */
  readonly namespace: string;
  /** Set, when the command targets one. */
  readonly set: string | undefined;
  /** Total timeout of the command, ms (0: none). */
  readonly totalTimeout: number;
  /** Node name of the last attempt (undefined until one was chosen). */
  node: string | undefined;
  /** Host of the last attempt's node. */
  serverAddress: string | undefined;
  /** Port of the last attempt's node. */
  serverPort: number | undefined;
  /** Attempts made (1 + retries). */
  attempts: number;
  /** Result code: 0 on success, the error's code on failure (undefined until it settled). */
  resultCode: number | undefined;
  /** Duration in ms (`performance.now()` based; NaN until it settled). */
  duration: number;
  /** The error it failed with (set before the `error` event; TracingChannel's convention). */
  error?: AerospikeError;
}

// One context per traced command; a class so every context has the same shape.
class TraceContext implements CommandTraceContext {
  readonly kind: CommandKind;
  readonly operation: string;
  readonly namespace: string;
  readonly set: string | undefined;
  readonly totalTimeout: number;
  node: string | undefined = undefined;
  serverAddress: string | undefined = undefined;
  serverPort: number | undefined = undefined;
  attempts = 0;
  resultCode: number | undefined = undefined;
  duration = NaN;
  error?: AerospikeError;

  constructor(c: CommandObservation) {
    this.kind = c.kind;
    this.operation = c.op;
    this.namespace = c.ns;
    this.set = c.set;
    this.totalTimeout = c.totalTimeout;
  }
}

const channel = dc.tracingChannel<unknown, CommandTraceContext>(COMMAND_CHANNEL);
const { start, end, asyncStart, asyncEnd, error } = channel;

/**
 * Whether anyone subscribes to a command event (checked once per command). Bun's TracingChannel
 * has no aggregate `hasSubscribers`, so the five channels are asked one by one.
 */
export function tracingActive(): boolean {
  return start.hasSubscribers || asyncEnd.hasSubscribers || error.hasSubscribers ||
    end.hasSubscribers || asyncStart.hasSubscribers;
}

/** Publishes a command's `start` and `end` and keeps its context on the observation. */
export function traceStart(c: CommandObservation): void {
  const ctx = new TraceContext(c);
  c.context = ctx;
  start.publish(ctx);
  end.publish(ctx);
}

/** Publishes a traced command's `error` (if it failed), `asyncStart` and `asyncEnd`. */
export function traceEnd(c: CommandObservation): void {
  const ctx = c.context as TraceContext;
  const node = c.node;
  if (node !== undefined) {
    ctx.node = node.name;
    const colon = node.address.lastIndexOf(":");
    ctx.serverAddress = unbracket(colon < 0 ? node.address : node.address.slice(0, colon));
    ctx.serverPort = colon < 0 ? undefined : Number(node.address.slice(colon + 1));
  }
  ctx.attempts = c.attempts;
  ctx.resultCode = c.code;
  ctx.duration = c.end - c.start;
  if (c.error !== undefined) {
    ctx.error = c.error;
    error.publish(ctx);
  }
  asyncStart.publish(ctx);
  asyncEnd.publish(ctx);
}

// `[::1]` -> `::1` (formatAddress brackets IPv6 hosts).
function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
