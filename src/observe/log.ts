/**
 * The client's logger: an observer that turns cluster changes and trouble into structured log
 * entries. By default warnings and errors go to stderr, as the official clients do; a `sink`
 * receives every entry at or above `level` instead. Repeated trouble of one kind on one node
 * (tend failures, connect failures, an exhausted pool, push-back refusals) is logged at most
 * once per 10 s, with the number of entries held back in between.
 *
 * What is logged: node added (info), suspect (a refused connect, warn) and removed (warn), early
 * cluster refreshes (info, rate-limited), partition map changes (info), tend
 * failures, connection failures, pool exhaustion, push-back refusals and a node passing
 * `maxErrorRate` (warn), no node reachable (error), the cluster reachable again (info), and each
 * retry (debug). Messages carry result codes, node names and addresses and error texts, never
 * a password, a session token or key material.
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import { resultCodeName } from "../wire/result_code.ts";
import type { NodeRef, Observer } from "./observer.ts";

/** How much the client logs: each level includes those after it; "off" logs nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** One log entry. */
export interface LogEntry {
  /** Severity. */
  level: Exclude<LogLevel, "off">;
  /** When it happened, ms since the epoch. */
  time: number;
  /** What happened, in words. */
  message: string;
  /** The node concerned, when there is one. */
  node?: string;
  /** The result code concerned, when there is one. */
  code?: number;
}

/** The `log` client option. */
export interface LogOptions {
  /**
   * Least severe level logged.
   * @default "warn"
   */
  level?: LogLevel;
  /**
   * Receives each entry. A sink that throws is ignored.
   * @default a line on stderr per entry
   * @example
   * ```ts
   * import { Client, type LogEntry } from "@aerolite/client";
   * const hosts = "127.0.0.1:3000";
   * const myLogger = { log: (e: LogEntry) => console.log(e.level, e.message) };
   * const client = await Client.connect({ hosts, log: { level: "info", sink: (e) => myLogger.log(e) } });
   * ```
   */
  sink?: (entry: LogEntry) => void;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/** Repeated entries of one kind on one node within this many ms are held back. */
export const LOG_REPEAT_MS = 10_000;

/** Checks the `log` option; throws a TypeError for a malformed one. */
export function checkLogOptions(log: LogOptions | undefined): void {
  if (log === undefined) return;
  if (log === null || typeof log !== "object") throw new TypeError("log must be an object");
  if (log.level !== undefined && !(log.level in RANK)) {
    throw new TypeError(
      `log.level must be "debug", "info", "warn", "error" or "off", got ${String(log.level)}`,
    );
  }
  if (log.sink !== undefined && typeof log.sink !== "function") {
    throw new TypeError("log.sink must be a function");
  }
}

/** The default sink: one line per entry on stderr. */
export function stderrSink(e: LogEntry): void {
  const where = e.node !== undefined ? ` [node ${e.node}]` : "";
  console.error(`${new Date(e.time).toISOString()} ${e.level.toUpperCase()} aerolite: ${e.message}${where}`);
}

/**
 * Builds the observer that logs at `level` and above (undefined for "off"). It implements only
 * the methods its level needs, so below debug it costs commands nothing.
 * @example
 * ```ts
 * import type { ObserverHub } from "./hub.ts";
 * declare const hub: ObserverHub;
 * const logger = logObserver({ level: "info" });
 * if (logger !== undefined) hub.add(logger);
 * ```
 */
export function logObserver(options: LogOptions = {}): Observer | undefined {
  const min = RANK[options.level ?? "warn"];
  if (min >= RANK.off) return undefined;
  const sink = options.sink ?? stderrSink;
  const held = new Map<string, { until: number; count: number }>();
  const emit = (level: LogEntry["level"], message: string, node?: string, code?: number): void => {
    if (RANK[level] < min) return;
    const entry: LogEntry = { level, time: Date.now(), message };
    if (node !== undefined) entry.node = node;
    if (code !== undefined) entry.code = code;
    try {
      sink(entry);
    } catch { /* a sink cannot fail the client */ }
  };
  // Rate limit: the first of a kind per node per LOG_REPEAT_MS, then a count of those held back.
  const limited = (key: string, level: LogEntry["level"], message: string, node?: string, code?: number) => {
    if (RANK[level] < min) return;
    const now = Date.now();
    const h = held.get(key);
    if (h !== undefined && now < h.until) {
      h.count++;
      return;
    }
    const more = h !== undefined && h.count > 0
      ? ` (${h.count} more like it in the last ${LOG_REPEAT_MS / 1000} s)`
      : "";
    held.set(key, { until: now + LOG_REPEAT_MS, count: 0 });
    if (held.size > 1000) held.clear(); // bounded, whatever the churn of node names
    emit(level, message + more, node, code);
  };
  const text = (e: AerospikeError): string => `${e.detail} (${resultCodeName(e.code)}, ${e.code})`;
  const observer: Observer = {
    nodeAdded: (n: NodeRef) => emit("info", `node ${n.name} added at ${n.address}`, n.name),
    nodeRemoved: (n, reason) => emit("warn", `node ${n.name} at ${n.address} removed: ${reason}`, n.name),
    nodeSuspect: (n, e) =>
      emit(
        "warn",
        `node ${n.name} at ${n.address} refused a connection (nothing listens there): suspect, ` +
          `refreshing the cluster now (${text(e)})`,
        n.name,
        e.code,
      ),
    refreshRequested: (reason) =>
      limited("refresh", "info", `refreshing the cluster ahead of the tend interval: ${reason}`),
    tendFailed: (n, e) =>
      n === undefined ? limited("tend:", "warn", `tend failed: ${text(e)}`, undefined, e.code) : limited(
        `tend:${n.name}`,
        "warn",
        `tending node ${n.name} at ${n.address} failed: ${text(e)}`,
        n.name,
        e.code,
      ),
    partitionsChanged: (n, generation) =>
      emit("info", `partition map of node ${n.name} updated to generation ${generation}`, n.name),
    connectionFailed: (n, e) =>
      limited(
        `conn:${n.name}`,
        "warn",
        `cannot open a connection to ${n.name} at ${n.address}: ${text(e)}`,
        n.name,
        e.code,
      ),
    poolExhausted: (n, max) =>
      limited(
        `pool:${n.name}`,
        // Commands wait at the cap for a connection to come back (a burst does this): normal
        // back-pressure, not a failure, so not a warning; a command it fails is logged on its own.
        "info",
        `all ${max} connections to ${n.name} are in use (maxConnsPerNode); commands wait for one`,
        n.name,
        -8,
      ),
    backpressureRefused: (inFlight, queued) =>
      limited(
        "backpressure",
        "warn",
        `command refused: ${inFlight} in flight and ${queued} queued (maxCommandsInFlight, maxQueueSize)`,
        undefined,
        -100,
      ),
    errorRateExceeded: (n, max) =>
      emit(
        "warn",
        `node ${n.name} passed maxErrorRate (${max} errors in the window): commands to it are refused unsent until the window ends`,
        n.name,
        -15,
      ),
    clusterConnected: () => emit("info", "cluster reachable: at least one node is up"),
    clusterDisconnected: () =>
      emit("error", "no node is reachable: every node left the cluster or stopped answering"),
  };
  if (min === RANK.debug) {
    observer.commandRetry = (c, e) =>
      emit(
        "debug",
        `retrying ${c.kind} on ${c.ns || "-"} after attempt ${c.attempts}: ${text(e)}`,
        c.node?.name,
        e.code,
      );
  }
  return observer;
}
