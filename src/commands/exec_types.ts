/**
 * What the execute loop needs from the cluster, a node and a policy, and what it hands out
 * (`Lease`, counters). Re-exported by `execute.ts`.
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import type { Connection } from "../net/connection.ts";
import type { ObserverHub } from "../observe/hub.ts";
import type { BasePolicy, Replica } from "../policy.ts";

/** What the loop needs of a node. */
export interface ExecNode {
  /** Node name, reported in errors. */
  readonly name: string;
  /** `host:port`, reported to observers. */
  readonly address: string;
  /**
   * The node's circuit breaker (see `maxErrorRate`): commands are refused unsent while `count > max`;
   * errors that close a connection, DEVICE_OVERLOAD and server timeouts `add()` to it. Optional.
   */
  readonly errorRate?: {
    readonly count: number;
    readonly max: number;
    add(): void;
    /** Resolves when the breaker closes (its window ends, or the node leaves). Optional. */
    whenClosed?(): Promise<void>;
  };
  /**
   * True while a connect to the node was refused and the cluster refreshes to route around it
   * (see `ClusterNode.suspect`); a command the circuit breaker stops there waits for that
   * refresh instead of failing. Optional.
   */
  readonly suspect?: boolean;
  /** The node's `features`; pipelining is used only with a node that lists `pipelining`. */
  readonly features?: ReadonlySet<string>;
  /** The node's connections. */
  readonly pool: {
    /** A connection nobody else uses; `budgetMs` is the caller's remaining time (see `Pool.acquire`). */
    acquire(budgetMs?: number): Promise<Connection<unknown>>;
    /** A connection up to `depth` commands use at once (pipelining); optional. */
    share?(depth: number, budgetMs?: number): Promise<Connection<unknown>>;
    /** A connection ready now for `depth` (1: exclusive), else undefined; optional fast path. */
    take?(depth: number): Connection<unknown> | undefined;
    release(conn: Connection<unknown>, reusable: boolean): void;
    /** Connections it opens at most (`maxConnsPerNode`); optional (no push-back lane without it). */
    readonly max?: number;
    /** True when an exclusive acquire would fail at the cap now (see `Pool.atCap`); optional. */
    atCap?(): boolean;
    /** Called back when a connection used outside the executor (info, admin) comes back; optional. */
    onFree?(cb: () => void): void;
  };
}

/** Options of an `Executor`. */
export interface ExecutorOptions {
  /**
   * Single-record commands in flight at once on one connection (1: none share a connection).
   * @default 1
   */
  pipelineDepth?: number;
  /** Where commands are reported (see src/observe). @default a hub nobody listens to */
  observer?: ObserverHub;
  /**
   * Warm-up grace, ms: commands started before the executor first obtained a connection (a fresh
   * client: every pool is still empty) are not charged their wait for that first connection
   * against `totalTimeout`, up to this much (the client passes its `connectTimeout`). 0: off.
   * @default 0
   */
  warmupGrace?: number;
}

/** What the loop needs of a cluster. */
export interface ExecCluster {
  /** Node for a partition; `attempt` is 0-based and rotates replicas. */
  nodeFor(
    ns: string,
    partitionId: number,
    replica: Replica,
    attempt: number,
    write: boolean,
  ): ExecNode | undefined;
  /**
   * Refreshes the partition map ahead of the tend interval; resolves once a refresh that
   * started after the call has ended (see `Cluster.refresh`). Without it a command that sent
   * nothing is retried under `maxRetries` as any other. Optional.
   */
  refresh?(reason: string): Promise<void>;
  /**
   * Whether `ns` is missing from a partition map that knows other namespaces (an empty map,
   * every node gone, says nothing about the namespace: false). Optional.
   */
  unknownNamespace?(ns: string): boolean;
}

/** The fully resolved timing part of a policy. */
export type ExecPolicy =
  & Required<
    Pick<BasePolicy, "socketTimeout" | "totalTimeout" | "maxRetries" | "sleepBetweenRetries" | "replica">
  >
  & Pick<BasePolicy, "signal" | "compress" | "compressionThreshold" | "timeoutDelay">;

/**
 * A push-back slot and a connection held by a streaming command (one node's part of a query):
 * the same slot queue, connection gate, sweeper, abort and close as `execute()`, but the caller
 * reads the frames at its own pace.
 */
export interface Lease {
  /** The node the connection belongs to. */
  readonly node: ExecNode;
  /** The connection, exclusively ours until `end()`. */
  readonly conn: Connection<unknown>;
  /** Arms a read deadline `ms` from now (capped by totalTimeout; 0 leaves only totalTimeout). */
  arm(ms: number): void;
  /** Stops the read deadline (while nobody reads; totalTimeout still applies when reading resumes). */
  disarm(): void;
  /** Awaits `p` unless the deadline, the signal or `close()` interrupts first. */
  wait<T>(p: Promise<T>): Promise<T>;
  /**
   * Returns the slot and the connection (closed unless `reusable`). Idempotent. `error`: why the
   * stream ended early (reported to observers; a connection closed without a server code counts
   * against the node's circuit breaker).
   */
  end(reusable: boolean, error?: AerospikeError): void;
}

/** Counters the loop keeps for `client.stats()`. */
export interface CommandCounters {
  /** Retries made (attempts beyond the first). */
  retries: number;
  /** Attempts that ran out of time. */
  timeouts: number;
  /** Failed commands by result code. */
  errors: Map<number, number>;
}
