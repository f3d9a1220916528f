/**
 * One server node as the cluster knows it: identity (validated over the info protocol), its
 * connection pool, a dedicated tend connection, and the generations tending compares. The info
 * exchange and the tend deadlines it uses are in info_exchange.ts.
 * @module
 */
import type { Authenticator, NodeSession } from "../auth/session.ts";
import { AerospikeError, ConnectionError, TimeoutError } from "../errors.ts";
import { Connection } from "../net/connection.ts";
import type { Connector, TlsOptions } from "../transport/transport.ts";
import { parseInfoError, parseKeyValues } from "../wire/info.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { ObserverHub } from "../observe/hub.ts";
import { ErrorRate } from "./error_rate.ts";
import { type InfoDeadline, infoExchange } from "./info_exchange.ts";
import type { RoutableNode } from "./partition_map.ts";
import { connectError, Pool, type PoolEvents } from "./pool.ts";
import { refusedConnect } from "./refusal.ts";
import { formatAddress, type SeedHost } from "./seeds.ts";
import { hostTls } from "./tls.ts";

/** What node validation learnt. */
export interface ValidatedNode {
  /** Node id. */
  name: string;
  /** Feature flags. */
  features: Set<string>;
  /** The connection used to validate, kept as the node's tend connection. */
  conn: Connection<unknown>;
  /** The address that answered. */
  host: SeedHost;
  /** The node's login session, when the cluster authenticates. */
  session?: NodeSession;
}

/** Settings shared by all nodes of a cluster. */
export interface NodeSettings {
  /** Opens sockets. */
  connector: Connector;
  /** TLS, when configured. */
  tls?: TlsOptions;
  /** Connect budget, ms. */
  connectTimeout: number;
  /** Pool cap. */
  maxConns: number;
  /** Cap on connects in progress at once. */
  maxOpening?: number;
  /** Expected `cluster-name`, if configured. */
  clusterName?: string;
  /** Largest reply frame body accepted on every connection. @default 128 MiB */
  maxFrameSize?: number;
  /** Logs every new connection in, when the cluster authenticates. @default undefined */
  auth?: Authenticator;
  /** Circuit breaker: errors allowed per window (0: no limit). @default 100 */
  maxErrorRate: number;
  /** Where nodes, pools and info commands report (see src/observe). */
  observer: ObserverHub;
  /**
   * Called when a node becomes suspect (a connect to it was refused): the cluster tends at once.
   * @default undefined
   */
  onSuspect?: (node: ClusterNode) => void;
}

/**
 * Connects to `host` and checks it is a usable node: `node`, `features`, `partition-generation`
 * (-1 while the node is still joining), and `cluster-name` when one is configured.
 */
export async function validateNode(
  host: SeedHost,
  s: NodeSettings,
  deadline: InfoDeadline,
): Promise<ValidatedNode> {
  const address = formatAddress(host.host, host.port);
  let conn: Connection<unknown>;
  try {
    const tls = s.tls === undefined ? undefined : { ...s.tls, serverName: host.tlsName ?? s.tls.serverName };
    const timeoutMs = Math.min(s.connectTimeout, deadline.remaining);
    conn = await Connection.open(s.connector, {
      host: host.host,
      port: host.port,
      timeoutMs,
      tls,
      maxBody: s.maxFrameSize,
    });
  } catch (err) {
    throw connectError(err, address);
  }
  try {
    // Log in first (Go and Java do too): a secured node answers nothing else before.
    const session = s.auth?.forNode();
    if (session !== undefined) await deadline.guard(conn, () => session.open(conn));
    const commands = ["node", "features", "partition-generation"];
    if (s.clusterName !== undefined) commands.push("cluster-name");
    const info = await deadline.guard(conn, () => infoExchange(conn, commands));
    const name = info.get("node") ?? "";
    if (!/^[0-9A-Za-z_-]{1,64}$/.test(name)) {
      throw new AerospikeError(ResultCode.INVALID_NODE_ERROR, `${address} answered an invalid node name`);
    }
    if (s.clusterName !== undefined && info.get("cluster-name") !== s.clusterName) {
      throw new AerospikeError(
        ResultCode.CLUSTER_NAME_MISMATCH_ERROR,
        `node ${name} at ${address} belongs to cluster ${JSON.stringify(info.get("cluster-name") ?? "")}, ` +
          `expected ${JSON.stringify(s.clusterName)}`,
        { node: name },
      );
    }
    if (info.get("partition-generation") === "-1") {
      throw new AerospikeError(ResultCode.INVALID_NODE_ERROR, `node ${name} at ${address} is not ready yet`, {
        node: name,
      });
    }
    const features = new Set((info.get("features") ?? "").split(";").filter((f) => f.length > 0));
    return { name, features, conn, host, session };
  } catch (err) {
    conn.close();
    throw err;
  }
}

/**
 * A cluster node.
 * @example
 * ```ts
 * import type { Cluster } from "./cluster.ts";
 * declare const cluster: Cluster;
 * const node = cluster.nodes[0];
 * (await node.info(["build"])).get("build");
 * ```
 */
export class ClusterNode implements RoutableNode {
  /** Node id, e.g. `BB9020011AC4202`. */
  readonly name: string;
  /** `host:port` it is reached at. */
  readonly address: string;
  /** The address as host and port. */
  readonly host: SeedHost;
  /** Feature flags from `features`. */
  readonly features: ReadonlySet<string>;
  /** Its connections for commands. */
  readonly pool: Pool<ClusterNode>;
  /** Last `partition-generation` whose `replicas` were applied (-1: none yet). */
  partitionGeneration: number = -1;
  /** Last `peers-generation` whose peers were read (-1: none yet). */
  peersGeneration: number = -1;
  /** Length of the last peer list read (-1: none yet). */
  peersCount: number = -1;
  /** Last `rebalance-generation` whose `rack-ids` were read (-1: none yet). */
  rebalanceGeneration: number = -1;
  /** Consecutive failed tend refreshes. */
  failures: number = 0;
  /**
   * Consecutive tend refreshes whose connect was refused: nothing listens at the node's address
   * (its process is gone). One is enough for the tender to drop the node (see tend.ts).
   */
  refusedTends: number = 0;
  /**
   * True from a refused connect to the node (by the tender or a command) until it answers a
   * tend refresh again: the cluster is being refreshed to route around it.
   */
  suspect: boolean = false;
  /**
   * How the last tend exchange got its connection: `"reused"` the open tend connection, `"new"`
   * a fresh connect, `"refused"` a connect the address refused, `"failed"` a connect that failed
   * otherwise (timed out, TLS...).
   */
  tendConnect: "reused" | "new" | "refused" | "failed" = "reused";
  /** Peer lists naming this node in the current tend cycle. */
  referenceCount: number = 0;
  /** The node's circuit breaker (see `maxErrorRate`). */
  readonly errorRate: ErrorRate;
  #active = true;
  #tendConn: Connection<unknown> | undefined;
  #racks: ReadonlyMap<string, number> = new Map();
  #settings: NodeSettings;
  #session: NodeSession | undefined;

  /**
   * Makes a node from a validated connection.
   * @param v what validation learnt (its connection becomes the tend connection)
   * @param settings cluster-wide connection settings
   */
  constructor(v: ValidatedNode, settings: NodeSettings) {
    this.name = v.name;
    this.host = v.host;
    this.address = formatAddress(v.host.host, v.host.port);
    this.features = v.features;
    this.#tendConn = v.conn;
    this.#settings = settings;
    const hub = settings.observer;
    const rate = this.errorRate = new ErrorRate(
      settings.maxErrorRate,
      () => hub.errorRateExceeded(this, settings.maxErrorRate),
    );
    const session = this.#session = v.session;
    const tls = settings.tls === undefined
      ? undefined
      : { ...settings.tls, serverName: v.host.tlsName ?? settings.tls.serverName };
    this.pool = new Pool<ClusterNode>({
      connector: settings.connector,
      host: v.host.host,
      port: v.host.port,
      tls,
      connectTimeout: settings.connectTimeout,
      maxConns: settings.maxConns,
      maxOpening: settings.maxOpening,
      maxBody: settings.maxFrameSize,
      node: this,
      label: v.name,
      onOpen: session === undefined ? undefined : (conn) => session.open(conn),
      events: poolEvents(this, hub, rate),
    });
  }

  /** Counts a failed tend exchange against the node and reports it. */
  tendFailed(err: unknown): void {
    this.failures++;
    // Not while the cluster closes (its info requests are cancelled on purpose).
    if (!this.#active) return;
    const e = asAerospikeError(err, this.name);
    this.#settings.observer.tendFailed(this, e);
    if (this.tendConnect === "refused") {
      this.refusedTends++;
      this.markSuspect(e, true);
    }
  }

  /** The node answered a tend refresh: no failure, no suspicion. */
  tendSucceeded(): void {
    this.failures = 0;
    this.refusedTends = 0;
    this.suspect = false;
  }

  /**
   * A connect to the node was refused (nothing listens at its address): the node becomes
   * suspect, which is reported once, its tend connection (possibly still open on a server
   * shutting down) is closed so the next refresh connects afresh, and the cluster is asked to
   * refresh at once. A node that answers that refresh is cleared; one that refuses it is dropped.
   * @param err the refused connect
   * @param byTender true when the tender's own connect was refused (its cycle drops the node:
   *   no other refresh is needed)
   */
  markSuspect(err: AerospikeError, byTender = false): void {
    if (!this.#active) return;
    if (!this.suspect) {
      this.suspect = true;
      if (!byTender) {
        this.#tendConn?.close();
        this.#tendConn = undefined;
      }
      this.#settings.observer.nodeSuspect(this, err);
    }
    if (!byTender) this.#settings.onSuspect?.(this);
  }

  /** False once the node was removed from the cluster or the cluster closed. */
  get active(): boolean {
    return this.#active;
  }

  /** Whether the node is on rack `rackId` for `ns` (known only when the client has a rackId). */
  hasRack(ns: string, rackId: number): boolean {
    return this.#racks.get(ns) === rackId;
  }

  /** Records the node's racks from a `rack-ids` value (`ns:rack;ns:rack`). */
  setRacks(value: string): void {
    const racks = new Map<string, number>();
    // Community Edition answers `ERROR:25:enterprise only`: no racks known.
    if (parseInfoError(value) !== null) value = "";
    for (const [ns, rack] of parseKeyValues(value, ";", ":")) {
      if (/^\d+$/.test(rack)) racks.set(ns, Number(rack));
    }
    this.#racks = racks;
  }

  /**
   * Runs info commands on a pooled connection. When every pooled connection is in use it waits
   * for one to come back: `timeoutMs` bounds the wait and the exchange together.
   * @param commands info command names, e.g. `["build", "namespaces"]`
   * @param timeoutMs budget for the wait and the exchange
   */
  async info(commands: string[], timeoutMs = 1000): Promise<Map<string, string>> {
    const hub = this.#settings.observer;
    const o = hub.commands ? hub.commandStart("info", "", undefined, timeoutMs) : undefined;
    if (o !== undefined) {
      o.node = this;
      o.attempts = 1;
    }
    let error: AerospikeError | undefined;
    try {
      const end = Date.now() + timeoutMs;
      const conn = await this.pool.acquireWithin(timeoutMs, "info");
      const timer = setTimeout(
        () => conn.fail(new TimeoutError(`info got no answer within ${timeoutMs} ms`, { node: this.name })),
        Math.max(1, end - Date.now()),
      );
      let ok = false;
      try {
        const out = await infoExchange(conn, commands, this.name);
        ok = true;
        return out;
      } finally {
        clearTimeout(timer);
        this.pool.release(conn, ok);
      }
    } catch (err) {
      if (o !== undefined) error = asAerospikeError(err, this.name);
      throw err;
    } finally {
      if (o !== undefined) hub.commandEnd(o, error);
    }
  }

  /** Info over the tend connection (reopened when needed), bounded by the cycle's deadline. */
  async tendInfo(commands: string[], deadline: InfoDeadline): Promise<Map<string, string>> {
    let conn = this.#tendConn;
    if (conn !== undefined && !conn.closed && !conn.quiet) {
      // Bytes arrived after the last reply: the next info answer could be read from them.
      conn.close();
      this.#tendConn = undefined;
    }
    this.tendConnect = "reused";
    if (conn === undefined || conn.closed) {
      const { host, port } = this.host;
      const timeoutMs = Math.min(this.#settings.connectTimeout, deadline.remaining);
      try {
        conn = await Connection.open(this.#settings.connector, {
          host,
          port,
          timeoutMs,
          // The node's own TLS name, as for its pool and its validation.
          tls: hostTls(this.#settings.tls, this.host),
          maxBody: this.#settings.maxFrameSize,
        });
      } catch (err) {
        this.tendConnect = refusedConnect(err) ? "refused" : "failed";
        throw connectError(err, this.address, this.name);
      }
      this.tendConnect = "new";
      if (!this.#active) {
        conn.close();
        throw new ConnectionError(`node ${this.name} was removed`, { node: this.name });
      }
      if (this.#session !== undefined) {
        const opened = conn;
        try {
          await deadline.guard(opened, () => this.#session!.open(opened));
        } catch (err) {
          opened.close();
          throw err instanceof AerospikeError ? err.annotate({ node: this.name }) : err;
        }
      }
      this.#tendConn = conn;
    }
    const c = conn;
    try {
      return await deadline.guard(c, async () => {
        await this.#session?.refresh(c); // a session about to expire is renewed on the tend connection
        return await infoExchange(c, commands, this.name);
      });
    } catch (err) {
      c.close();
      if (this.#tendConn === c) this.#tendConn = undefined;
      throw err;
    }
  }

  /**
   * Marks the node inactive and closes its tend connection and its pool: every connection when
   * `force` (the cluster closes), else the idle ones now and the busy ones as commands finish.
   */
  deactivate(force = true): void {
    this.#active = false;
    this.errorRate.release();
    this.#tendConn?.close();
    this.#tendConn = undefined;
    if (force) this.pool.close();
    else this.pool.retire();
  }

  /** Resolves once no connect attempt of the pool is pending. */
  drained(): Promise<void> {
    return this.pool.drained();
  }
}

// The pool's reports: failed connects (but refused ones) count against the circuit breaker; all go
// to the observers.
function poolEvents(node: ClusterNode, hub: ObserverHub, rate: ErrorRate): PoolEvents {
  return {
    get timed(): boolean {
      return hub.timesConnects;
    },
    opened: (ms) => hub.connectionOpened(node, ms),
    failed: (err) => {
      hub.connectionFailed(node, err);
      // Nothing listens at the node's address any more: route around it at once. Not counted
      // against the breaker: the refusal loads no server, and the node it would open for may be
      // the restarted process answering at the same address by the next tend.
      if (refusedConnect(err)) node.markSuspect(err);
      else rate.add();
    },
    exhausted: (max) => hub.poolExhausted(node, max),
  };
}

/** Any failure as an `AerospikeError` (for observers): a plain error becomes a ConnectionError. */
export function asAerospikeError(err: unknown, node?: string): AerospikeError {
  if (err instanceof AerospikeError) return err;
  return new ConnectionError(err instanceof Error ? err.message : String(err), { node, cause: err });
}
