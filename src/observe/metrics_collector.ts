/**
 * The extended-metrics collector: an observer consumer that keeps, per node and namespace,
 * error, timeout and key-busy counts and one latency histogram per command group, the numbers
 * a metrics snapshot reports. Registered on the client's hub only while metrics are enabled, so
 * a client without metrics pays nothing; while registered, a command costs two Map lookups and
 * two increments (one histogram bucket, one count).
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import { bucketBounds, bucketIndex } from "./latency_buckets.ts";
import { LATENCY_INDEX, LATENCY_TYPES, type LatencyType, type NamespaceMetrics } from "./metrics_format.ts";
import type { CommandObservation, NodeRef, Observer } from "./observer.ts";

// KEY_BUSY: the record is being written by another command (the official clients count it apart).
const KEY_BUSY = 14;
const TIMEOUT = 9;

// Latency histogram row of each command kind; info commands have none (the official NONE type).
const ROW_OF_KIND: Readonly<Record<string, number>> = {
  read: LATENCY_INDEX.read,
  write: LATENCY_INDEX.write,
  batch: LATENCY_INDEX.batch,
  query: LATENCY_INDEX.query,
  info: -1,
};

/** Counters of one node for one namespace. */
class NsCounters {
  errors = 0;
  timeouts = 0;
  keyBusy = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** `LATENCY_TYPES.length` rows of `columns` buckets, row-major. */
  readonly latency: Float64Array;

  constructor(columns: number) {
    this.latency = new Float64Array(LATENCY_TYPES.length * columns);
  }
}

/** What the collector keeps for one node. */
class NodeCounters {
  /** Connections opened since metrics were enabled. */
  opened = 0;
  readonly namespaces = new Map<string, NsCounters>();
}

/**
 * Collects per-node, per-namespace counters and latency histograms from the command and tend
 * observations it is given.
 * @example
 * ```ts
 * import type { ObserverHub } from "./hub.ts";
 * declare const hub: ObserverHub;
 * const collector = new MetricsCollector(7, 1);
 * const remove = hub.add(collector);
 * collector.namespaces("BB9020011AC4202"); // [{ name: "test", errors: 0, ..., latency: { read: [...] } }]
 * remove();
 * ```
 */
export class MetricsCollector implements Observer {
  /** Observed commands that ended (a batch or query counts once per node it ran on). */
  commands = 0;
  /** Attempts retried. */
  retries = 0;
  /** Commands that timed out before reaching a node (queued for a slot or a connection). */
  queueTimeouts = 0;
  readonly #columns: number;
  readonly #bounds: readonly number[];
  readonly #nodes = new Map<string, NodeCounters>();

  /**
   * @param latencyColumns buckets per histogram
   * @param latencyShift power of two between bucket bounds (see latency_buckets.ts)
   */
  constructor(latencyColumns: number, latencyShift: number) {
    this.#columns = latencyColumns;
    this.#bounds = bucketBounds(latencyColumns, latencyShift);
  }

  /** Counts a command that ended: its latency on success, its error or timeout otherwise. */
  commandEnd(c: CommandObservation): void {
    this.commands++;
    const node = c.node;
    if (node === undefined) {
      if (c.code === TIMEOUT) this.queueTimeouts++;
      return;
    }
    const t = this.#ns(node.name, c.ns);
    t.bytesIn += c.bytesIn;
    t.bytesOut += c.bytesOut;
    if (c.code === 0) {
      const row = ROW_OF_KIND[c.kind];
      if (row >= 0) t.latency[row * this.#columns + bucketIndex(c.end - c.start, this.#bounds)]++;
    } else this.#failed(t, c.code);
  }

  /** Counts a failed attempt that is retried, on the node it failed on. */
  commandRetry(c: CommandObservation, error: AerospikeError): void {
    this.retries++;
    if (c.node !== undefined) this.#failed(this.#ns(c.node.name, c.ns), error.code);
  }

  /** Counts a new connection and its connect time (the `conn` histogram, namespace ""). */
  connectionOpened(node: NodeRef, ms: number): void {
    const n = this.#node(node.name);
    n.opened++;
    const t = this.#ns(node.name, "");
    t.latency[LATENCY_INDEX.conn * this.#columns + bucketIndex(ms, this.#bounds)]++;
  }

  /** Connections opened to `node` since the collector started. */
  opened(node: string): number {
    return this.#nodes.get(node)?.opened ?? 0;
  }

  /** A copy of the node's per-namespace counters (empty for a node that did nothing). */
  namespaces(node: string): NamespaceMetrics[] {
    const n = this.#nodes.get(node);
    if (n === undefined) return [];
    const out: NamespaceMetrics[] = [];
    for (const [name, t] of n.namespaces) {
      const latency = {} as Record<LatencyType, number[]>;
      for (let row = 0; row < LATENCY_TYPES.length; row++) {
        latency[LATENCY_TYPES[row]] = Array.from(
          t.latency.subarray(row * this.#columns, (row + 1) * this.#columns),
        );
      }
      out.push({
        name,
        errors: t.errors,
        timeouts: t.timeouts,
        keyBusy: t.keyBusy,
        bytesIn: t.bytesIn,
        bytesOut: t.bytesOut,
        latency,
      });
    }
    return out;
  }

  /** Drops a node's counters (after its final record was written). */
  forget(node: string): void {
    this.#nodes.delete(node);
  }

  #failed(t: NsCounters, code: number): void {
    if (code === TIMEOUT) t.timeouts++;
    else {
      t.errors++;
      if (code === KEY_BUSY) t.keyBusy++;
    }
  }

  #node(name: string): NodeCounters {
    let n = this.#nodes.get(name);
    if (n === undefined) this.#nodes.set(name, n = new NodeCounters());
    return n;
  }

  #ns(node: string, ns: string): NsCounters {
    const n = this.#node(node);
    let t = n.namespaces.get(ns);
    if (t === undefined) n.namespaces.set(ns, t = new NsCounters(this.#columns));
    return t;
  }
}
