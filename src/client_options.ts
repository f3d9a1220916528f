/**
 * What `Client` is built from: the options of `Client.connect()`, their checks before any I/O,
 * and what they resolve to once the cluster is up (the executor and each domain's context:
 * single-record, batch, query/info/UDF, security). Also the shape of `client.stats()`.
 * @module
 */
import { scCheck, type TxnContext } from "./client_txn.ts";
import { Backpressure } from "./cluster/backpressure.ts";
import type { Cluster, ClusterOptions } from "./cluster/cluster.ts";
import { DeadlineSweeper } from "./commands/deadline.ts";
import { Executor } from "./commands/execute.ts";
import type { HistogramShape } from "./observe/histogram.ts";
import { checkLogOptions, type LogOptions } from "./observe/log.ts";
import { type CommandStatsByKind, CommandStatsRecorder } from "./observe/stats.ts";
import type { BatchContext } from "./client_batch.ts";
import type { KvContext } from "./client_kv.ts";
import { DEFAULT_QUERY_POLICY, type QueryContext } from "./client_query.ts";
import type { SecurityContext } from "./client_security.ts";
import type { ExecPolicy } from "./commands/exec_types.ts";
import type { Shape } from "./validate.ts";
import {
  type BasePolicy,
  type BatchPolicy,
  type ClientPolicies,
  DEFAULT_READ_POLICY,
  DEFAULT_WRITE_POLICY,
  mergePolicies,
  type ReadPolicy,
  type ResolvedReadPolicy,
  type ResolvedWritePolicy,
  type WritePolicy,
} from "./policy.ts";
import { checkOptions } from "./validate.ts";
import {
  BATCH_APPLY_ITEM,
  BATCH_POLICY,
  BATCH_REMOVE_ITEM,
  BATCH_WRITE_ITEM,
  CLIENT_OPTIONS,
  CLIENT_POLICIES,
  INFO_POLICY,
  OPERATE_POLICY,
  QUERY_POLICY,
  READ_POLICY,
  WRITE_POLICY,
} from "./validate_shapes.ts";

/** Options of `Client.connect()`: the cluster's, plus push-back and default policies. */
export interface ClientOptions extends ClusterOptions {
  /**
   * Commands running at once; more wait in a queue. A single-record command (not pipelined) also
   * waits there, in order, while its node already runs as many as it has connections
   * (`maxConnsPerNode`): a burst then waits in the queue rather than holding slots at a node
   * whose connections are all busy, and such a node does not hold back commands for the others.
   * @default 5000
   */
  maxCommandsInFlight?: number;
  /**
   * Commands waiting for a slot; beyond it a command rejects at once with `BackpressureError`.
   * Slots left free because their nodes' connections are all busy count as room too, so
   * `maxCommandsInFlight + maxQueueSize` commands are accepted in all (`stats().queued` may then
   * exceed this).
   * @default 100000
   */
  maxQueueSize?: number;
  /**
   * Default policies per kind of command.
   * @default {}
   */
  policies?: ClientPolicies;
  /**
   * What the client logs and where: nodes joining and leaving, tend and connection failures,
   * pool exhaustion and push-back refusals (rate-limited), retries at "debug". Never a password,
   * token or key material.
   * @default { level: "warn" } (warnings and errors as lines on stderr)
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const hosts = "127.0.0.1:3000";
   * const client = await Client.connect({ hosts, log: { level: "info", sink: (entry) => console.log(entry) } });
   * ```
   */
  log?: LogOptions;
  /**
   * Per command kind (read, write, batch, query, info) and per node counts, errors, timeouts,
   * retries and latency histograms in `client.stats()` (`commands`, and `commands` on each
   * node). Off by default: it observes every command (an object and two clock reads each).
   * `true` uses the official clients' default buckets (7 columns, shift 1: `<=1ms >1ms >2ms
   * ... >32ms`); an object sets `latencyColumns` and `latencyShift`.
   * @default false
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const hosts = "127.0.0.1:3000";
   * const client = await Client.connect({ hosts, commandStats: { latencyColumns: 5, latencyShift: 3 } });
   * client.stats().commands?.read.latency.counts;
   * ```
   */
  commandStats?: boolean | HistogramShape;
}

/** What `client.stats()` reports. */
export interface ClientStats {
  /** Every known node with its connections (and its commands, with `commandStats`). */
  nodes: {
    name: string;
    address: string;
    connections: { open: number; idle: number };
    commands?: CommandStatsByKind;
  }[];
  /** Commands per kind over every node; only with the `commandStats` option. */
  commands?: CommandStatsByKind;
  /** Connections over all nodes. */
  connections: { open: number; idle: number };
  /** Commands running now. */
  inFlight: number;
  /** Commands waiting for a slot. */
  queued: number;
  /** Retries made since connect. */
  retries: number;
  /** Attempts that timed out since connect. */
  timeouts: number;
  /** Failed commands by result code. */
  errors: Record<number, number>;
}

/** Everything a `Client` runs on, resolved from its options. */
export interface ClientContexts {
  /** The one execute loop (slots, deadlines, retries). */
  executor: Executor;
  /** Single-record commands. */
  kv: KvContext;
  /** Batch commands. */
  batch: BatchContext;
  /** Queries, info, indexes and UDF modules. */
  query: QueryContext;
  /** User and role administration. */
  security: SecurityContext;
  /** Transaction commit and abort. */
  txn: TxnContext;
}

// The `pipeline` option as a depth (1: off); throws before any I/O when it is malformed.
function pipelineDepth(pipeline: { depth: number } | undefined): number {
  if (pipeline === undefined) return 1;
  const depth = pipeline === null || typeof pipeline !== "object" ? undefined : pipeline.depth;
  if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 1 || depth > 1024) {
    throw new RangeError(`pipeline.depth must be an integer from 1 to 1024, got ${String(depth)}`);
  }
  return depth;
}

function backpressure(options: ClientOptions): Backpressure {
  return new Backpressure(options.maxCommandsInFlight ?? 5000, options.maxQueueSize ?? 100_000);
}

/**
 * Checks the client's own options (the cluster checks its own): throws a TypeError or RangeError
 * before any I/O when one is malformed.
 */
export function checkClientOptions(options: ClientOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError("Client.connect() needs options");
  }
  checkOptions(options, CLIENT_OPTIONS, "Client.connect()");
  backpressure(options);
  pipelineDepth(options.pipeline);
  checkLogOptions(options.log);
  commandStatsRecorder(options.commandStats);
  const policies = options.policies;
  checkOptions(policies, CLIENT_POLICIES, "Client.connect() policies");
  mergePolicies(READ_POLICY, "Client.connect() policies.read", DEFAULT_READ_POLICY, policies?.read);
  mergePolicies(WRITE_POLICY, "Client.connect() policies.write", DEFAULT_WRITE_POLICY, policies?.write);
  mergePolicies(BATCH_POLICY, "Client.connect() policies.batch", DEFAULT_READ_POLICY, policies?.batch);
  mergePolicies(QUERY_POLICY, "Client.connect() policies.query", DEFAULT_QUERY_POLICY, policies?.query);
  kindDefaults(policies, "Client.connect() policies.");
  checkOptions(policies?.info, INFO_POLICY, "Client.connect() policies.info");
  const infoTimeout = policies?.info?.totalTimeout;
  if (infoTimeout !== undefined && !(Number.isFinite(infoTimeout) && infoTimeout > 0)) {
    throw new RangeError(`policies.info.totalTimeout must be a positive number of ms, got ${infoTimeout}`);
  }
}

/** The per-kind defaults (operate, remove, apply, scan, batch parent and items), resolved. */
export interface KindDefaults {
  /** `operate` with a write: write defaults under `policies.operate`. */
  operate: ResolvedWritePolicy;
  /** Read-only `operate`: read defaults under `policies.operate`. */
  operateRead: ResolvedWritePolicy & ReadPolicy;
  /** `remove`. */
  remove: ResolvedWritePolicy;
  /** `apply`. */
  apply: ResolvedWritePolicy;
  /** Scans (queries without a filter). */
  scan: ExecPolicy & BasePolicy;
  /** Batch policy of a batch holding a write. */
  batchParentWrite: ResolvedReadPolicy & BatchPolicy;
  /** Item defaults of batch writes, removes and applies. */
  batchItems: { write: ResolvedWritePolicy; remove: ResolvedWritePolicy; apply: ResolvedWritePolicy };
}

/** Resolves (and checks: TypeError/RangeError naming `where`) every per-kind default. */
export function kindDefaults(policies: ClientPolicies | undefined, where = "policies."): KindDefaults {
  const p = policies ?? {};
  const read = mergePolicies<ResolvedReadPolicy>(READ_POLICY, `${where}read`, DEFAULT_READ_POLICY, p.read);
  const write = mergePolicies<ResolvedWritePolicy>(
    WRITE_POLICY,
    `${where}write`,
    DEFAULT_WRITE_POLICY,
    p.write,
  );
  const batch = mergePolicies<ResolvedReadPolicy>(
    BATCH_POLICY,
    `${where}batch`,
    DEFAULT_READ_POLICY,
    p.batch,
  );
  const query = mergePolicies(QUERY_POLICY, `${where}query`, DEFAULT_QUERY_POLICY, p.query);
  const w = (shape: Shape, name: keyof ClientPolicies): ResolvedWritePolicy =>
    mergePolicies<ResolvedWritePolicy>(shape, `${where}${name}`, write, p[name] as WritePolicy | undefined);
  return {
    operate: w(OPERATE_POLICY, "operate"),
    operateRead: mergePolicies<ResolvedWritePolicy & ReadPolicy>(
      OPERATE_POLICY,
      `${where}operate`,
      read as ResolvedWritePolicy & ReadPolicy,
      p.operate,
    ),
    remove: w(WRITE_POLICY, "remove"),
    apply: w(WRITE_POLICY, "apply"),
    scan: mergePolicies(QUERY_POLICY, `${where}scan`, query, p.scan),
    batchParentWrite: mergePolicies<ResolvedReadPolicy & BatchPolicy>(
      BATCH_POLICY,
      `${where}batchParentWrite`,
      batch,
      p.batchParentWrite,
    ),
    batchItems: {
      write: w(BATCH_WRITE_ITEM, "batchWrite"),
      remove: w(BATCH_REMOVE_ITEM, "batchRemove"),
      apply: w(BATCH_APPLY_ITEM, "batchApply"),
    },
  };
}

/** The recorder the `commandStats` option asks for (checked: RangeError/TypeError), if any. */
export function commandStatsRecorder(
  option: boolean | HistogramShape | undefined,
): CommandStatsRecorder | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return new CommandStatsRecorder();
  if (option === null || typeof option !== "object") {
    throw new TypeError("commandStats must be a boolean or { latencyColumns, latencyShift }");
  }
  return new CommandStatsRecorder(option);
}

/** Builds the executor and every domain's context of a client on a connected cluster. */
export function clientContexts(cluster: Cluster, options: ClientOptions): ClientContexts {
  const executor = new Executor(cluster, backpressure(options), new DeadlineSweeper(), {
    pipelineDepth: pipelineDepth(options.pipeline),
    observer: cluster.observer,
    warmupGrace: options.connectTimeout ?? 1000,
  });
  const policies = options.policies;
  const read = mergePolicies<ResolvedReadPolicy>(
    READ_POLICY,
    "policies.read",
    DEFAULT_READ_POLICY,
    policies?.read,
  );
  const write = mergePolicies<ResolvedWritePolicy>(
    WRITE_POLICY,
    "policies.write",
    DEFAULT_WRITE_POLICY,
    policies?.write,
  );
  const infoTimeout = policies?.info?.totalTimeout ?? 1000;
  const kinds = kindDefaults(policies);
  const isSc = scCheck(cluster);
  return {
    executor,
    kv: { executor, read, write, kinds, isSc },
    txn: { executor, cluster },
    batch: {
      executor,
      cluster,
      isSc,
      read: mergePolicies<ResolvedReadPolicy>(
        BATCH_POLICY,
        "policies.batch",
        DEFAULT_READ_POLICY,
        policies?.batch,
      ),
      write,
      parentWrite: kinds.batchParentWrite,
      items: kinds.batchItems,
    },
    query: {
      executor,
      cluster,
      policy: mergePolicies(QUERY_POLICY, "policies.query", DEFAULT_QUERY_POLICY, policies?.query),
      scanPolicy: kinds.scan,
      write,
      infoTimeout,
    },
    security: {
      pickNode: () => cluster.randomNode(),
      credentials: cluster.credentials,
      timeoutMs: infoTimeout,
    },
  };
}

/** `client.stats()`: the cluster's nodes and connections with the executor's counters. */
export function clientStats(
  cluster: Cluster,
  executor: Executor,
  recorder?: CommandStatsRecorder,
): ClientStats {
  const nodes: ClientStats["nodes"] = cluster.stats().nodes;
  if (recorder !== undefined) { for (const n of nodes) n.commands = recorder.node(n.name); }
  let open = 0;
  let idle = 0;
  for (const n of nodes) {
    open += n.connections.open;
    idle += n.connections.idle;
  }
  const c = executor.counters;
  return {
    nodes,
    connections: { open, idle },
    inFlight: executor.inFlight,
    queued: executor.queued,
    retries: c.retries,
    timeouts: c.timeouts,
    errors: Object.fromEntries(c.errors),
    ...(recorder !== undefined ? { commands: recorder.total() } : {}),
  };
}
