/**
 * `client.enableMetrics()` / `disableMetrics()`: the official clients' extended metrics. While
 * enabled, a collector (src/observe/metrics_collector.ts) is registered on the client's observer
 * hub and, every `interval` tend intervals, a snapshot of the cluster, its nodes' pools and the
 * collector's counters goes to the listener: by default a file writer in the official format.
 * Disabled (the default), nothing is registered and commands pay nothing for it.
 * @module
 */
import process from "node:process";
import type { Cluster } from "./cluster/cluster.ts";
import type { Executor } from "./commands/execute.ts";
import { checkLatencyShape } from "./observe/latency_buckets.ts";
import { MetricsCollector } from "./observe/metrics_collector.ts";
import type { ConnMetrics, MetricsSnapshot, NodeMetrics } from "./observe/metrics_format.ts";
import { MetricsFileWriter, type MetricsListener, MIN_REPORT_SIZE } from "./observe/metrics_writer.ts";
import type { NodeRef } from "./observe/observer.ts";

/** The client language and version written in every snapshot. */
export const CLIENT_TYPE = "typescript";
/** This client's version, as snapshots report it. */
export const CLIENT_VERSION = "0.1.0";

/** Options of `client.enableMetrics()` (the official `MetricsPolicy`). */
export interface MetricsOptions {
  /**
   * Tend intervals between snapshots (a snapshot every `interval × tendInterval` ms).
   * @default 30
   */
  interval?: number;
  /**
   * Directory of the metrics files (created when missing); ignored with a `listener`.
   * @default "."
   */
  reportDir?: string;
  /**
   * Bytes after which a new file is started (0: one file until disabled); at least 1,000,000.
   * @default 0
   */
  reportSizeLimit?: number;
  /**
   * Buckets per latency histogram.
   * @default 7
   */
  latencyColumns?: number;
  /**
   * Power of two between bucket bounds from the third bucket on: with 7 and 1, `<=1ms >1ms >2ms
   * >4ms >8ms >16ms >32ms`.
   * @default 1
   */
  latencyShift?: number;
  /**
   * Name/value pairs written in every snapshot (no `,`, `[`, `]` or line breaks in them).
   * @default {}
   */
  labels?: Record<string, string>;
  /**
   * Application id written in every snapshot.
   * @default ""
   */
  appId?: string;
  /**
   * Receives the snapshots instead of the file writer.
   * @default a writer of `metrics-*.log` files in `reportDir`
   */
  listener?: MetricsListener;
}

/** What `MetricsSession` reads besides the collector. */
export interface MetricsSources {
  /** Nodes and their pools. */
  cluster: Cluster;
  /** Commands in flight and queued. */
  executor: Executor;
  /** `clusterName` option. */
  clusterName: string;
  /** `tendInterval` option, ms. */
  tendInterval: number;
}

const NO_CONN: ConnMetrics = { inUse: 0, inPool: 0, opened: 0, closed: 0, recovered: 0, aborted: 0 };
const FORBIDDEN = /[,[\]\r\n]/;

/** Checks options before anything starts; throws TypeError or RangeError. */
function resolve(o: MetricsOptions): Required<Omit<MetricsOptions, "listener" | "labels">> & {
  labels: [string, string][];
} {
  if (o === null || typeof o !== "object") throw new TypeError("enableMetrics() options must be an object");
  const interval = o.interval ?? 30;
  if (!Number.isInteger(interval) || interval < 1) {
    throw new RangeError(`interval must be a positive integer (tend intervals), got ${String(interval)}`);
  }
  const latencyColumns = o.latencyColumns ?? 7;
  const latencyShift = o.latencyShift ?? 1;
  checkLatencyShape(latencyColumns, latencyShift);
  const reportSizeLimit = o.reportSizeLimit ?? 0;
  if (!Number.isInteger(reportSizeLimit) || (reportSizeLimit !== 0 && reportSizeLimit < MIN_REPORT_SIZE)) {
    throw new RangeError(
      `reportSizeLimit must be 0 or at least ${MIN_REPORT_SIZE}, got ${String(reportSizeLimit)}`,
    );
  }
  const reportDir = o.reportDir ?? ".";
  if (typeof reportDir !== "string" || reportDir === "") {
    throw new TypeError("reportDir must be a directory path");
  }
  const appId = o.appId ?? "";
  const labels = Object.entries(o.labels ?? {});
  for (const s of [appId, ...labels.flat()]) {
    if (typeof s !== "string" || FORBIDDEN.test(s)) {
      throw new RangeError(
        `metrics labels and appId are strings without , [ ] or line breaks: ${JSON.stringify(s)}`,
      );
    }
  }
  if (o.listener !== undefined && typeof o.listener?.onSnapshot !== "function") {
    throw new TypeError("a metrics listener needs an onSnapshot(snapshot) method");
  }
  return { interval, latencyColumns, latencyShift, reportSizeLimit, reportDir, appId, labels };
}

/**
 * One period of enabled metrics: the collector on the hub, the timer, the listener.
 * @example
 * ```ts
 * declare const sources: MetricsSources;
 * const session = MetricsSession.prepare(sources, { interval: 10, reportDir: "./metrics" }).start();
 * session.stop(); // final snapshot, file closed
 * ```
 */
export class MetricsSession {
  readonly #src: MetricsSources;
  readonly #o: ReturnType<typeof resolve>;
  readonly #listener: MetricsListener;
  readonly #collector: MetricsCollector;
  readonly #remove: () => void;
  // Connections open per node when metrics started: closed = open then + opened since - open now.
  readonly #openAtStart = new Map<string, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #cpu = process.cpuUsage();
  #cpuAt = performance.now();
  #stopped = false;

  private constructor(
    src: MetricsSources,
    o: ReturnType<typeof resolve>,
    listener: MetricsListener | undefined,
  ) {
    this.#src = src;
    this.#o = o;
    this.#listener = listener ?? new MetricsFileWriter(o.reportDir, o.reportSizeLimit);
    this.#listener.onEnable?.(this.#o.latencyColumns, this.#o.latencyShift);
    for (const n of src.cluster.nodes) this.#openAtStart.set(n.name, n.pool.open);
    const collector = this.#collector = new MetricsCollector(this.#o.latencyColumns, this.#o.latencyShift);
    const hub = src.cluster.observer;
    const removeCollector = hub.add(collector);
    // Node changes apart from the collector: a consumer without command methods costs commands nothing.
    const removeNodes = hub.add({
      nodeAdded: (node: NodeRef): void => void this.#openAtStart.set(node.name, 0),
      nodeRemoved: (node: NodeRef): void => this.#nodeRemoved(node),
    });
    this.#remove = () => {
      removeCollector();
      removeNodes();
    };
    this.#arm();
  }

  /**
   * Checks the options (TypeError or RangeError before anything starts); `start()` then opens the
   * listener (the file writer creates the directory and the file) and starts the timer.
   */
  static prepare(src: MetricsSources, options: MetricsOptions = {}): { start(): MetricsSession } {
    const o = resolve(options);
    return { start: () => new MetricsSession(src, o, options.listener) };
  }

  /** The snapshot a listener would get now. */
  snapshot(): MetricsSnapshot {
    const { cluster, executor } = this.#src;
    const c = this.#collector;
    const nodes: NodeMetrics[] = [];
    for (const n of cluster.nodes) {
      const open = n.pool.open;
      const idle = n.pool.idle;
      const opened = c.opened(n.name);
      nodes.push({
        name: n.name,
        address: n.host.host,
        port: n.host.port,
        syncConn: NO_CONN,
        asyncConn: {
          inUse: open - idle,
          inPool: idle,
          opened,
          closed: Math.max(0, (this.#openAtStart.get(n.name) ?? 0) + opened - open),
          recovered: 0,
          aborted: 0,
        },
        namespaces: c.namespaces(n.name),
      });
    }
    return {
      time: Date.now(),
      name: this.#src.clusterName,
      clientType: CLIENT_TYPE,
      clientVersion: CLIENT_VERSION,
      appId: this.#o.appId,
      labels: this.#o.labels,
      cpu: this.#cpuPercent(),
      mem: process.memoryUsage().heapUsed,
      invalidNodeCount: 0,
      commandCount: c.commands,
      retryCount: c.retries,
      delayQueueTimeoutCount: c.queueTimeouts,
      eventLoops: [{ processSize: executor.inFlight, queueSize: executor.queued }],
      nodes,
    };
  }

  /** Stops the timer and the collector, hands the final snapshot to the listener. Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#remove();
    this.#listener.onDisable?.(this.snapshot());
  }

  #arm(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped) return;
      try {
        this.#listener.onSnapshot(this.snapshot());
      } catch { /* a failing listener (full disk) must not stop the client; the writer closes itself */ }
      this.#arm();
    }, this.#o.interval * this.#src.tendInterval);
  }

  #nodeRemoved(node: NodeRef): void {
    const colon = node.address.lastIndexOf(":");
    const host = node.address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
    try {
      this.#listener.onNodeClose?.({
        name: node.name,
        address: host,
        port: Number(node.address.slice(colon + 1)),
        syncConn: NO_CONN,
        asyncConn: { ...NO_CONN, opened: this.#collector.opened(node.name) },
        namespaces: this.#collector.namespaces(node.name),
      }, Date.now());
    } catch { /* as for snapshots */ }
    this.#collector.forget(node.name);
    this.#openAtStart.delete(node.name);
  }

  // Process CPU (user + system) since the previous snapshot, percent of one core.
  #cpuPercent(): number {
    const now = performance.now();
    const used = process.cpuUsage(this.#cpu);
    const wallUs = (now - this.#cpuAt) * 1000;
    this.#cpu = process.cpuUsage();
    this.#cpuAt = now;
    return wallUs > 0 ? Math.round(((used.user + used.system) / wallUs) * 100) : 0;
  }
}
