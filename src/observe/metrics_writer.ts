/**
 * The default metrics listener: writes snapshots to `<reportDir>/metrics-YYYYMMDDHHmmss.log` in
 * the official extended-metrics format (metrics_format.ts), one line per snapshot, flushed at
 * once. With `reportSizeLimit` set, a file that reaches the limit is closed and a new one (new
 * timestamp, new header) is opened. Synchronous `node:fs` writes (all three runtimes have them):
 * a line every interval, so nothing is left pending when the client closes.
 * @module
 */
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import {
  formatCluster,
  formatNodeClose,
  metricsFileName,
  metricsHeader,
  type MetricsSnapshot,
  type NodeMetrics,
} from "./metrics_format.ts";

/** Smallest `reportSizeLimit` accepted (0: no limit), as in the official clients. */
export const MIN_REPORT_SIZE = 1_000_000;

/** Receives metrics snapshots (the default one writes them to a file). */
export interface MetricsListener {
  /** Metrics were enabled with this histogram shape (called once, before any snapshot). */
  onEnable?(latencyColumns: number, latencyShift: number): void;
  /** A periodic snapshot. */
  onSnapshot(snapshot: MetricsSnapshot): void;
  /** A node left the cluster: its final counters (`time`: ms since the epoch). */
  onNodeClose?(node: NodeMetrics, time: number): void;
  /** Metrics were disabled (or the client closed): the final snapshot. */
  onDisable?(snapshot: MetricsSnapshot): void;
}

/**
 * Writes snapshots to timestamped files in a directory (created when missing).
 * @example
 * ```ts
 * import type { MetricsSnapshot } from "./metrics_format.ts";
 * declare const snapshot: MetricsSnapshot;
 * const writer = new MetricsFileWriter("./metrics", 0);
 * writer.onEnable(7, 1);   // opens metrics-20261207093000.log and writes the header
 * writer.onSnapshot(snapshot);
 * writer.onDisable(snapshot); // writes the final snapshot and closes the file
 * ```
 */
export class MetricsFileWriter implements MetricsListener {
  readonly #dir: string;
  readonly #maxSize: number;
  #fd: number | undefined;
  #size = 0;
  #columns = 7;
  #shift = 1;
  #path = "";

  /**
   * @param dir directory of the files
   * @param maxSize bytes after which a new file is started (0: never)
   */
  constructor(dir: string, maxSize: number) {
    this.#dir = dir;
    this.#maxSize = maxSize;
  }

  /** The file written now ("" before `onEnable` / after `onDisable`). */
  get path(): string {
    return this.#fd === undefined ? "" : this.#path;
  }

  /** Creates the directory and opens the first file (throws the file system's error). */
  onEnable(latencyColumns: number, latencyShift: number): void {
    this.#columns = latencyColumns;
    this.#shift = latencyShift;
    mkdirSync(this.#dir, { recursive: true });
    this.#open();
  }

  /** Appends one `cluster[...]` line. */
  onSnapshot(snapshot: MetricsSnapshot): void {
    this.#line(formatCluster(snapshot));
  }

  /** Appends the node's final record. */
  onNodeClose(node: NodeMetrics, time: number): void {
    this.#line(formatNodeClose(time, node));
  }

  /** Appends the final snapshot and closes the file. Idempotent. */
  onDisable(snapshot: MetricsSnapshot): void {
    if (this.#fd === undefined) return;
    try {
      this.#line(formatCluster(snapshot));
    } finally {
      this.#close();
    }
  }

  #open(): void {
    const now = Date.now();
    const base = metricsFileName(now).slice(0, -4);
    // Two files opened in the same second (two clients, or a small size limit) get -1, -2, ...
    let path = join(this.#dir, `${base}.log`);
    for (let n = 1; existsSync(path); n++) path = join(this.#dir, `${base}-${n}.log`);
    this.#fd = openSync(path, "a");
    this.#path = path;
    this.#size = 0;
    this.#write(metricsHeader(now, this.#columns, this.#shift));
  }

  #line(text: string): void {
    if (this.#fd === undefined) return;
    this.#write(text);
    if (this.#maxSize > 0 && this.#size >= this.#maxSize) {
      this.#close();
      this.#open();
    }
  }

  #write(text: string): void {
    const bytes = new TextEncoder().encode(text + "\n");
    let off = 0;
    try {
      while (off < bytes.length) off += writeSync(this.#fd!, bytes, off, bytes.length - off);
    } catch (err) {
      this.#close(); // a failing disk stops the writer instead of failing every interval
      throw err;
    }
    this.#size += bytes.length;
  }

  #close(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }
}
