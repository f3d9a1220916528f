/**
 * One mock node: a listener, its connections (sessions, see session.ts: each served one request
 * at a time, in order, as a real node does), fault injection and statistics. Records and
 * ownership live in the cluster.
 * @module
 */
import { defaultConnector } from "../src/transport/auto.ts";
import type { Conn, Connector, Listener, ServerTlsOptions } from "../src/transport/transport.ts";
import type { NamespaceReplicas } from "../src/wire/info.ts";
import { PARTITIONS } from "../src/wire/digest.ts";
import { type CommandKind, type FaultOptions, FaultPlan } from "./faults.ts";
import type { NodeHandlerContext } from "./handlers/dispatch.ts";
import type { PeerAddress } from "./handlers/info.ts";
import type { SecurityStore } from "./security.ts";
import { Session, type SessionHost } from "./session.ts";
import { JobRegistry } from "./jobs.ts";
import type { Ownership } from "./partitions.ts";
import { replicaBitmaps } from "./partitions.ts";
import type { Store } from "./store.ts";

/** What a node needs from its cluster (implemented by `MockCluster`). */
export interface ClusterLink {
  /** The shared records. */
  readonly store: Store;
  /** Cluster name. */
  readonly clusterName: string;
  /** Listening address. */
  readonly host: string;
  /** Clock in ms. */
  readonly clock: () => number;
  /** Whether compression is honoured. */
  readonly compression: boolean;
  /** Users, roles and sessions when security is on. */
  readonly security?: SecurityStore;
  /** The edition the node imitates. */
  readonly edition: "community" | "enterprise";
  /** TLS settings of every node's listener; undefined: plain TCP. */
  readonly tls: MockTlsOptions | undefined;
  /** Generations, cluster-wide. */
  readonly partitionGeneration: number;
  /** Bumped on every rebalance. */
  readonly rebalanceGeneration: number;
  /** Bumped when the set of live nodes changes. */
  readonly peersGeneration: number;
  /** Member nodes (running, or stopped and not noticed yet). */
  liveNodes(): MockNode[];
  /** Owners of every partition of a namespace. */
  owners(ns: string): Ownership;
  /** Called when a node starts or stops. */
  membershipChanged(): void;
}

/** TLS for the mock's nodes: the listener's settings plus the name the nodes announce. */
export interface MockTlsOptions extends ServerTlsOptions {
  /**
   * The TLS name every node announces in `peers-tls-std` (its certificate must carry it).
   * @default "" (none: clients verify the address they connect to)
   */
  tlsName?: string;
}

/** Counters of one node. */
export interface MockNodeStats {
  /** Commands received, by kind. */
  commands: Record<Exclude<CommandKind, "any">, number>;
  /** Single-record commands that arrived at a node that is not the partition's master. */
  notMaster: { reads: number; writes: number };
  /** Reads that arrived at a node holding no copy of the partition (wrong for every replica policy). */
  notReplica: { reads: number };
  /**
   * Client connections: open now, opened since start, and requests that arrived on a connection
   * after a fault left its stream broken (stall, garbage, truncated or huge-length reply): a
   * client that reuses such a connection shows up here.
   */
  connections: { open: number; opened: number; reusedAfterFault: number };
}

function emptyStats(): MockNodeStats {
  return {
    commands: { read: 0, write: 0, info: 0, batch: 0, scan: 0, admin: 0 },
    notMaster: { reads: 0, writes: 0 },
    notReplica: { reads: 0 },
    connections: { open: 0, opened: 0, reusedAfterFault: 0 },
  };
}

/**
 * A node of a {@linkcode MockCluster}; reach it as `mock.nodes[i]`.
 * @example
 * ```ts
 * import { MockCluster } from "@aerolite/client/mock";
 * await using mock = await MockCluster.start();
 * mock.nodes[0].faults({ on: "read", delayMs: 50 });
 * await mock.nodes[1].stop();
 * await mock.nodes[1].restart();
 * ```
 */
export class MockNode {
  /** Node id, 16 hex digits. */
  readonly name: string;
  #link: ClusterLink;
  #connector: Connector;
  #port: number;
  #listener: Listener | undefined;
  #sessions = new Set<Session>();
  #plan = new FaultPlan();
  /** Faults were set (until cleared): only then is the plan asked about each command. */
  #faulty = false;
  #stats = emptyStats();
  #jobs = new JobRegistry();
  #startedMs = 0;
  #stopping: Promise<void> | undefined;
  #member = false;

  /**
   * Creates a stopped node; clusters create theirs through `MockCluster.addNode()`.
   * @param name node id
   * @param port port to listen on (0: any free one)
   * @param link the owning cluster
   * @param connector transport to listen with @default defaultConnector()
   */
  constructor(name: string, port: number, link: ClusterLink, connector: Connector = defaultConnector()) {
    this.name = name;
    this.#port = port;
    this.#link = link;
    this.#connector = connector;
  }

  /** The listening port (kept across stop/restart). */
  get port(): number {
    return this.#port;
  }

  /** `host:port` of the node. */
  get address(): string {
    return `${this.#link.host}:${this.#port}`;
  }

  /** True while the node listens and belongs to the cluster. */
  get running(): boolean {
    return this.#listener !== undefined;
  }

  /**
   * True while the other nodes count it in: it runs, or it stopped with `{ noticed: false }` and
   * `mock.noticeStopped()` has not been called since (a real cluster's heartbeat timeout).
   */
  get member(): boolean {
    return this.#member;
  }

  /** Starts listening (used by the cluster; `restart()` for a stopped node). */
  async start(): Promise<void> {
    if (this.#listener !== undefined) return;
    if (this.#stopping !== undefined) await this.#stopping;
    const tls = this.#link.tls;
    this.#listener = await this.#connector.listen({
      host: this.#link.host,
      port: this.#port,
      onConn: (conn) => this.#accept(conn),
      tls: tls === undefined
        ? undefined
        : { cert: tls.cert, key: tls.key, ca: tls.ca, requestClientCert: tls.requestClientCert },
    });
    this.#port = this.#listener.port;
    this.#startedMs = this.#link.clock();
    this.#member = true;
    this.#link.membershipChanged();
  }

  /**
   * Stops listening and closes every connection (a connect to the port is then refused);
   * records stay in the cluster. By default the other nodes notice at once: they drop it from
   * their peer lists and its partitions move. `{ noticed: false }` is a real cluster before its
   * heartbeat timeout: they keep listing it and it keeps its partitions until
   * `mock.noticeStopped()`.
   */
  stop(options: { noticed?: boolean } = {}): Promise<void> {
    const listener = this.#listener;
    if (listener === undefined) return this.#stopping ?? Promise.resolve();
    this.#listener = undefined;
    for (const s of this.#sessions) s.drop();
    if (options.noticed === false) {
      this.#stopping = listener.close().finally(() => {
        this.#stopping = undefined;
      });
      return this.#stopping;
    }
    this.#member = false;
    this.#link.membershipChanged();
    this.#stopping = listener.close().finally(() => {
      this.#stopping = undefined;
    });
    return this.#stopping;
  }

  /** @internal The cluster noticed the node stopped (`mock.noticeStopped()`); true if it was a member. */
  leave(): boolean {
    if (this.running || !this.#member) return false;
    this.#member = false;
    return true;
  }

  /** Starts a stopped node again on the same port; ownership moves back to it. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Replaces the node's faults (see {@linkcode FaultOptions}). */
  faults(options: FaultOptions): void {
    this.#plan.set(options);
    this.#faulty = true;
  }

  /** Removes every fault. */
  clearFaults(): void {
    this.#plan.clear();
    this.#faulty = false;
  }

  /**
   * Closes every connection that has no request in progress, as a server does with sockets idle
   * longer than its `proto-fd-idle-ms`; returns how many were closed.
   */
  closeIdleConnections(): number {
    let closed = 0;
    for (const s of this.#sessions) {
      if (!s.idle) continue;
      s.drop();
      closed++;
    }
    return closed;
  }

  /** A snapshot of the node's counters. */
  stats(): MockNodeStats {
    return structuredClone(this.#stats);
  }

  /** Resets the counters (open connections are kept). */
  resetStats(): void {
    const open = this.#stats.connections.open;
    this.#stats = emptyStats();
    this.#stats.connections.open = open;
  }

  #accept(conn: Conn): void {
    if (this.#plan.refuseConnections || this.#listener === undefined) {
      conn.close();
      return;
    }
    this.#sessions.add(new Session(conn, this.#host));
    this.#stats.connections.open++;
    this.#stats.connections.opened++;
  }

  /** What each session sees of this node. */
  #host: SessionHost = this.#makeHost();

  #makeHost(): SessionHost {
    // deno-lint-ignore no-this-alias
    const node = this;
    return {
      get context(): NodeHandlerContext {
        return node.#context;
      },
      pickFault: (kind) => node.#faulty ? node.#plan.pick(kind) : undefined,
      counted: (kind) => {
        node.#stats.commands[kind]++;
      },
      reusedAfterFault: () => {
        node.#stats.connections.reusedAfterFault++;
      },
      kill: () => void node.stop(),
      ended: (session) => {
        if (!node.#sessions.delete(session)) return;
        node.#stats.connections.open--;
        node.#link.security?.release(session.auth);
      },
    };
  }

  #context: NodeHandlerContext = this.#makeContext();

  #makeContext(): NodeHandlerContext {
    // deno-lint-ignore no-this-alias
    const node = this;
    const link = () => node.#link;
    return {
      get name() {
        return node.name;
      },
      get host() {
        return link().host;
      },
      get port() {
        return node.#port;
      },
      get clusterName() {
        return link().clusterName;
      },
      get store() {
        return link().store;
      },
      get partitionGeneration() {
        return link().partitionGeneration;
      },
      get rebalanceGeneration() {
        return link().rebalanceGeneration;
      },
      get peersGeneration() {
        return link().peersGeneration;
      },
      get clusterSize() {
        return link().liveNodes().length;
      },
      get clock() {
        return link().clock;
      },
      get startedMs() {
        return node.#startedMs;
      },
      get compression() {
        return link().compression;
      },
      get security() {
        return link().security;
      },
      get edition() {
        return link().edition;
      },
      get tlsName() {
        const tls = link().tls;
        return tls === undefined ? undefined : tls.tlsName ?? "";
      },
      get jobs() {
        return node.#jobs;
      },
      replicaIndex: (ns: string, pid: number): number => link().owners(ns)[pid]?.indexOf(node.name) ?? -1,
      peers: (): PeerAddress[] =>
        link().liveNodes().filter((n) => n !== node).map((n) => ({
          name: n.name,
          host: link().host,
          port: n.port,
        })),
      replicas: (): Map<string, NamespaceReplicas> => {
        const out = new Map<string, NamespaceReplicas>();
        const size = link().liveNodes().length;
        for (const ns of link().store.names()) {
          const store = link().store.namespace(ns)!;
          const rf = Math.min(store.replicationFactor, size);
          // A strong-consistency namespace reports a non-zero regime, as a node in SC mode does.
          out.set(ns, {
            regime: store.strongConsistency ? 1 : 0,
            replicas: replicaBitmaps(link().owners(ns), node.name, rf),
          });
        }
        return out;
      },
      objectCounts: (ns: string) => {
        const store = link().store.namespace(ns);
        const owners = link().owners(ns);
        let master = 0;
        let prole = 0;
        if (store === undefined) return { master, prole };
        for (let pid = 0; pid < PARTITIONS; pid++) {
          const at = owners[pid]?.indexOf(node.name) ?? -1;
          if (at < 0) continue;
          let n = 0;
          for (const _ of store.partition(pid)) n++;
          if (at === 0) master += n;
          else prole += n;
        }
        return { master, prole };
      },
      noteSingle: (ns: string, pid: number, write: boolean): void => {
        // The record is served anyway, as a real node proxies to the owner; here the shared
        // store makes the proxy a no-op, so only the arrival is counted.
        const at = link().owners(ns)[pid]?.indexOf(node.name) ?? -1;
        if (write) {
          if (at !== 0) node.#stats.notMaster.writes++;
        } else if (at < 0) {
          node.#stats.notReplica.reads++;
          node.#stats.notMaster.reads++;
        } else if (at > 0) node.#stats.notMaster.reads++;
      },
    };
  }
}
