/**
 * Per command kind and per node counters and latency histograms for `client.stats()`: an
 * observer of command ends and retries, registered only when the `commandStats` option asks for
 * it (it observes every command, so it is not free: see README Performance).
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import { type HistogramShape, type HistogramSnapshot, LatencyHistogram } from "./histogram.ts";
import { COMMAND_KINDS, type CommandKind, type CommandObservation, type Observer } from "./observer.ts";

/** What `client.stats()` reports for one command kind (on one node, or on all). */
export interface CommandStats {
  /** Commands that ended. */
  count: number;
  /** Commands that failed with an error other than a timeout. */
  errors: number;
  /** Attempts that timed out (those retried included). */
  timeouts: number;
  /** Attempts beyond the first. */
  retries: number;
  /** Latency of the commands that succeeded, start to end, retries and waits included. */
  latency: HistogramSnapshot;
}

/** Command statistics per kind. */
export type CommandStatsByKind = Record<CommandKind, CommandStats>;

const TIMEOUT = 9;

class KindCounters {
  count = 0;
  errors = 0;
  timeouts = 0;
  retries = 0;
  latency: LatencyHistogram;
  constructor(shape: HistogramShape) {
    this.latency = new LatencyHistogram(shape);
  }
  snapshot(): CommandStats {
    const { count, errors, timeouts, retries } = this;
    return { count, errors, timeouts, retries, latency: this.latency.snapshot() };
  }
}

const KIND_INDEX: Record<CommandKind, number> = { read: 0, write: 1, batch: 2, query: 3, info: 4 };

/**
 * Records command ends and retries by kind, overall and per node.
 * @example
 * ```ts
 * import type { ObserverHub } from "./hub.ts";
 * declare const hub: ObserverHub;
 * const stats = new CommandStatsRecorder({ latencyColumns: 7, latencyShift: 1 });
 * hub.add(stats.observer);
 * stats.total().read.count;
 * ```
 */
export class CommandStatsRecorder {
  #shape: HistogramShape;
  #total: KindCounters[];
  #nodes = new Map<string, KindCounters[]>();

  /** @param shape the latency histograms' buckets (checked: a RangeError for a bad one) */
  constructor(shape: HistogramShape = {}) {
    this.#shape = { ...shape };
    this.#total = this.#table();
  }

  /** The observer to register on the client's hub. */
  readonly observer: Observer = {
    commandRetry: (c: CommandObservation, error: AerospikeError) => {
      const i = KIND_INDEX[c.kind];
      retried(this.#total[i], error.code);
      const table = this.#nodeTable(c);
      if (table !== undefined) retried(table[i], error.code);
    },
    commandEnd: (c: CommandObservation) => {
      const i = KIND_INDEX[c.kind];
      const ms = c.end - c.start;
      ended(this.#total[i], c.code, ms);
      const table = this.#nodeTable(c);
      if (table !== undefined) ended(table[i], c.code, ms);
    },
    nodeRemoved: (node) => this.#nodes.delete(node.name),
  };

  /** Every node's commands, by kind. */
  total(): CommandStatsByKind {
    return snapshot(this.#total);
  }

  /** One node's commands by kind (zeros for a node that ran none). */
  node(name: string): CommandStatsByKind {
    return snapshot(this.#nodes.get(name) ?? this.#table());
  }

  #nodeTable(c: CommandObservation): KindCounters[] | undefined {
    const node = c.node;
    if (node === undefined) return undefined;
    let table = this.#nodes.get(node.name);
    if (table === undefined) this.#nodes.set(node.name, table = this.#table());
    return table;
  }

  #table(): KindCounters[] {
    return COMMAND_KINDS.map(() => new KindCounters(this.#shape));
  }
}

function retried(k: KindCounters, code: number): void {
  k.retries++;
  if (code === TIMEOUT) k.timeouts++;
}

function ended(k: KindCounters, code: number, ms: number): void {
  k.count++;
  if (code === TIMEOUT) k.timeouts++;
  else if (code !== 0) k.errors++;
  else k.latency.add(ms);
}

function snapshot(table: readonly KindCounters[]): CommandStatsByKind {
  const out = {} as CommandStatsByKind;
  COMMAND_KINDS.forEach((kind, i) => out[kind] = table[i].snapshot());
  return out;
}
