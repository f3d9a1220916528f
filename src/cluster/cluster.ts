/**
 * The cluster: seeds, node discovery through peers, the partition map, and the tend loop that
 * keeps them current. Tending runs on one timer (re-armed after each cycle, cleared by
 * `close()`), bounds each cycle's info requests with one deadline, and never blocks commands:
 * routing reads the current partition map snapshot synchronously.
 * @module
 */
import { type AuthMode, checkAuthOptions, Credentials } from "../auth/credentials.ts";
import { Authenticator } from "../auth/session.ts";
import type { Connector } from "../transport/transport.ts";
import { InfoDeadline } from "./info_exchange.ts";
import type { ObserverHub } from "../observe/hub.ts";
import {
  asAerospikeError,
  ClusterNode,
  type NodeSettings,
  type ValidatedNode,
  validateNode,
} from "./node.ts";
import { PartitionMap, type Replica } from "./partition_map.ts";
import { formatAddress, type HostSpec, type SeedHost } from "./seeds.ts";
import { type ClusterSettings, pickAuth, resolveClusterSettings } from "./settings.ts";
import {
  nodesToRemove,
  peersOf,
  racksOf,
  refreshNode,
  removalReason,
  replicasOf,
  seedFailure,
  unknownPeers,
} from "./tend.ts";
import type { TlsConfig } from "./tls.ts";

/** Least time between the end of a tend cycle and an early one (`refresh()`), ms. */
export const REFRESH_GAP_MS = 50;

export { ClusterNode } from "./node.ts";
export type { Replica } from "./partition_map.ts";
export type { HostSpec } from "./seeds.ts";
export type { TlsConfig } from "./tls.ts";

/** Cluster connection settings (a subset of the client's options). */
export interface ClusterOptions {
  /** Seeds: `"h1:3000,h2"` (default port 3000; `host:tlsName:port` and `[v6]:port` too) or a list. */
  hosts: string | HostSpec[];
  /** Expected `cluster-name`; nodes of another cluster are rejected. @default undefined (not checked) */
  clusterName?: string;
  /**
   * User name: every connection logs in (LOGIN once per node, then AUTHENTICATE with the session
   * token). A server without security ignores it. @default undefined (no authentication)
   */
  user?: string;
  /** Password of `user`; only its bcrypt hash is sent (in `"internal"` mode). @default undefined */
  password?: string;
  /**
   * `"internal"`: the server checks the password hash. `"external"`: LDAP checks the clear
   * password (needs `tls`). `"pki"`: the TLS client certificate names the user (needs `tls`, no
   * password). @default "internal"
   */
  authMode?: AuthMode;
  /**
   * TLS for tending and commands (PEM strings; see {@linkcode TlsConfig}). Nodes are then found
   * through `peers-tls-std` with the TLS name each announces. @default undefined (plain TCP)
   */
  tls?: TlsConfig;
  /** Budget per seed/node connection and for each tend cycle's info requests, ms. @default 1000 */
  connectTimeout?: number;
  /** Milliseconds between the end of one tend cycle and the start of the next. @default 1000 */
  tendInterval?: number;
  /** Connections opened per node in the background at start and kept open. @default 0 */
  minConnsPerNode?: number;
  /**
   * Cap on connections per node; a command that finds them all busy waits for one (within its
   * deadline), in the push-back queue (see `maxCommandsInFlight`). On Deno, raising it far above
   * 100 lengthens the latency tail more than it adds throughput: with 256 commands in flight on
   * one node, 272 sockets gave a p99 of 58–132 ms and the default 100 gave 15–25 ms
   * (docs/PERFORMANCE.md); for more concurrency per node use `pipeline` instead. @default 100
   */
  maxConnsPerNode?: number;
  /**
   * Cap on connections being opened to one node at the same time (the Go client's
   * `OpeningConnectionThreshold`); commands beyond it wait for a connection, within their
   * deadline, instead of flooding the node's accept queue during a burst. @default 16
   */
  maxOpeningConnsPerNode?: number;
  /** Idle connections older than this (seconds) are closed on the next tend. @default 55 */
  maxSocketIdle?: number;
  /** Use the nodes' alternate addresses (`peers-clear-alt`). @default false */
  useServicesAlternate?: boolean;
  /**
   * Tend only the seeds: the peers the nodes report are never connected to (a fixed node list,
   * or seeds behind address translation). Partitions whose owner is not a seed have no node.
   * @default false
   */
  seedOnly?: boolean;
  /** The client's rack, for `replica: "preferRack"`. @default undefined */
  rackId?: number;
  /**
   * The client's racks in order of preference (the official clients' `rackIds`), for
   * `replica: "preferRack"`: reads go to a replica on the first of these racks that has one, then
   * the next... and only then to a node on another rack. Overrides `rackId`. Rack ids come from the
   * nodes' `rack-ids` info, an Enterprise feature: on the Community Edition no node reports a rack
   * and `preferRack` reads go as `sequence`.
   * @default undefined (`[rackId]` when rackId is set)
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000", rackIds: [2, 1], policies: { read: { replica: "preferRack" } } });
   * ```
   */
  rackIds?: number[];
  /** Opens sockets. @default defaultConnector() */
  connector?: Connector;
  /**
   * Largest reply frame body accepted, in bytes (at most 256 MiB). A server frame declaring more,
   * or a compressed frame declaring a larger uncompressed size, is refused before anything is
   * allocated: the command fails with a `ProtocolError` and only that connection is closed.
   * @default 134217728 (128 MiB, the server's own limit)
   */
  maxFrameSize?: number;
  /**
   * Opt-in pipelining: up to `depth` single-record commands (get, put, operate, exists, remove,
   * touch, apply) in flight at once on one connection, their replies matched in request order
   * (a node answers in order on a connection and lists `pipelining` in its `features`; nodes that
   * do not list it get one command per connection). Batch, query and info commands keep a
   * connection to themselves. A timeout, a protocol error or a broken reply on a pipelined
   * connection closes it and fails every command on it (a write already sent is `inDoubt`; reads
   * retry under their policy), as does aborting a command through its `signal`.
   * @default undefined (one command per connection)
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000", pipeline: { depth: 16 } });
   * ```
   */
  pipeline?: { depth: number };
  /**
   * Circuit breaker, as in the official clients: errors allowed per node per `errorRateWindow`
   * before commands to that node are refused, with nothing sent, until the window ends.
   * Counted: errors that close a connection (network errors, client-side timeouts), failed
   * connects, and the server's DEVICE_OVERLOAD (18) and TIMEOUT (9) answers. 0: no limit.
   *
   * Not counted either: a `totalTimeout` expiry of a request sent with less than half the
   * command's budget left (the rest went to waiting in the client for a slot or a connection, as
   * in a burst), which says nothing of the node.
   *
   * Not counted, unlike the official Java and Go clients (which count every failed connect and
   * every error of a command): a connect the address refuses (nothing listens there: the node
   * is marked suspect and dropped by an immediate refresh instead; counting it could only open
   * the breaker of the restarted process answering at the same address), and a failure of a
   * write sent to a node that does not master the partition in the current map (a stand-in while
   * the master left and the cluster re-forms: its timeouts say nothing of its own health).
   *
   * A command the breaker refuses sent nothing, so it is routed again rather than failed (not a
   * retry, see `maxRetries`): a read with a retry left moves to the next replica as a retry, as
   * the official clients do; a write, or a read without a retry left, waits within its
   * `totalTimeout` for the window to end or the node to leave the cluster (then the partition's
   * new owner takes it). Only when its `totalTimeout` runs out first does it fail with
   * MAX_ERROR_RATE (-15), not in doubt. The early tend cycles that refused connects ask for do
   * not shorten the window.
   * @default 100
   */
  maxErrorRate?: number;
  /**
   * Tend cycles (each `tendInterval` plus the time to tend) after which every node's error
   * count is reset and commands to a node that backed off flow again.
   * @default 1
   */
  errorRateWindow?: number;
}

/**
 * A connected cluster.
 * @example
 * ```ts
 * const cluster = await Cluster.connect({ hosts: "127.0.0.1:3000", tendInterval: 1000 });
 * const node = cluster.nodeFor("test", 17, "master", 0, false);
 * await cluster.close();
 * ```
 */
export class Cluster {
  #o: ClusterSettings;
  #settings: NodeSettings;
  #nodes: readonly ClusterNode[] = [];
  #map: PartitionMap<ClusterNode> = PartitionMap.empty();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #tending: Promise<void> | undefined;
  #deadline: InfoDeadline | undefined;
  #seeding: InfoDeadline | undefined;
  // Removed nodes whose busy connections are closed on release; fully closed by close().
  #retired = new Set<ClusterNode>();
  #closed = false;
  #rr = 0;
  #tendCount = 0;
  #hub: ObserverHub;
  // An early cycle asked for (refresh()): resolved when a cycle started after the ask ends.
  #asked: { promise: Promise<void>; resolve: () => void } | undefined;
  #lastEnd = 0;
  // Start of the last cycle that counted toward the circuit breaker's window.
  #windowTick = 0;

  private constructor(options: ClusterOptions, hub?: ObserverHub) {
    this.#o = resolveClusterSettings(options, hub);
    this.#settings = this.#o.node;
    this.#hub = this.#settings.observer;
    this.#settings.onSuspect = (node) => void this.refresh(`node ${node.name} refused a connection`);
  }

  /**
   * Connects to the seeds, discovers the other nodes and loads the partition map. Rejects with a
   * `ConnectionError` (SERVER_NOT_AVAILABLE) naming every seed when none answers within
   * `connectTimeout`, or with CLUSTER_NAME_MISMATCH_ERROR when the seeds belong to another cluster.
   */
  static async connect(options: ClusterOptions, observer?: ObserverHub): Promise<Cluster> {
    const auth = { ...pickAuth(options), tls: options.tls !== undefined };
    checkAuthOptions(auth);
    const cluster = new Cluster(options, observer);
    const creds = await Credentials.create(auth); // bcrypt is loaded only here, only with a user
    if (creds !== undefined) {
      cluster.#settings.auth = new Authenticator(creds, {
        timeoutMs: cluster.#settings.connectTimeout,
        refreshMarginMs: cluster.#o.tendInterval,
      });
    }
    try {
      await cluster.#runTend();
      // Like the official clients: tend again while discovery still finds new nodes.
      for (let i = 0, count = -1; i < 3 && count !== cluster.#nodes.length; i++) {
        count = cluster.#nodes.length;
        await cluster.#runTend();
      }
    } catch (err) {
      await cluster.close();
      throw err;
    }
    cluster.#schedule(cluster.#asked !== undefined ? 0 : cluster.#o.tendInterval);
    return cluster;
  }

  /** The active nodes (a snapshot). */
  get nodes(): readonly ClusterNode[] {
    return this.#nodes;
  }

  /** Where the cluster, its nodes and their pools report (see src/observe). */
  get observer(): ObserverHub {
    return this.#hub;
  }

  /** The current partition map snapshot. */
  get partitions(): PartitionMap<ClusterNode> {
    return this.#map;
  }

  /** What the cluster logs in with (undefined without authentication). */
  get credentials(): Credentials | undefined {
    return this.#settings.auth?.credentials;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The node for a partition by replica policy; `attempt` (0-based) rotates through the replicas
   * for "sequence" and "preferRack". Undefined when no active node is known for it.
   */
  nodeFor(
    ns: string,
    partitionId: number,
    replica: Replica,
    attempt: number,
    write: boolean,
  ): ClusterNode | undefined {
    // random: reads go to any node (the server proxies), as the official clients' Replica.RANDOM.
    if (replica === "random" && !write) return this.randomNode();
    return this.#map.nodeFor(ns, partitionId, replica, attempt, write, this.#o.racks);
  }

  /** Any active node, round-robin; undefined when none is known. */
  randomNode(): ClusterNode | undefined {
    const nodes = this.#nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[(this.#rr++ & 0x3fffffff) % nodes.length];
      if (n.active) return n;
    }
    return undefined;
  }

  /** The seeds the cluster starts over from when it has no node left (a copy). */
  get seeds(): SeedHost[] {
    return this.#o.seeds.map((s) => ({ ...s }));
  }

  /**
   * Adds a seed (ignored when one with the same host and port is known). It is used when the
   * cluster has no node left and, with `seedOnly`, tended from the next cycle on.
   * @returns whether it was added
   */
  addSeed(seed: SeedHost): boolean {
    if (this.#o.seeds.some((s) => s.host === seed.host && s.port === seed.port)) return false;
    this.#o.seeds = [...this.#o.seeds, { ...seed }];
    return true;
  }

  /**
   * Removes the seed with this host and port. Nodes already found stay (as in the official
   * clients): only later reseeding, and with `seedOnly` the nodes tended, change.
   * @returns whether one was removed
   */
  removeSeed(host: string, port: number): boolean {
    const before = this.#o.seeds.length;
    this.#o.seeds = this.#o.seeds.filter((s) => !(s.host === host && s.port === port));
    return this.#o.seeds.length !== before;
  }

  /** Whether some node reported partitions of `ns`. */
  hasNamespace(ns: string): boolean {
    return this.#map.has(ns);
  }

  /**
   * Whether `ns` is missing from a partition map that knows other namespaces: commands on it
   * fail at once with INVALID_NAMESPACE (20). False while the map is empty (no node known).
   */
  unknownNamespace(ns: string): boolean {
    return !this.#map.has(ns) && this.#map.namespaces().length > 0;
  }

  /** Nodes and their connection counts. */
  stats(): { nodes: { name: string; address: string; connections: { open: number; idle: number } }[] } {
    return {
      nodes: this.#nodes.map((n) => ({
        name: n.name,
        address: n.address,
        connections: { open: n.pool.open, idle: n.pool.idle },
      })),
    };
  }

  /**
   * Runs a tend cycle ahead of the tend interval (a node became suspect, or a command found no
   * node for its partition) and resolves once a cycle that started after this call has ended,
   * its partition map in place. Asks made while one is pending share it; early cycles start at
   * least `REFRESH_GAP_MS` (or the tend interval, when shorter) after the previous one ended, so
   * commands cannot make the tender spin. Resolves at once after `close()` or with `seedOnly`
   * (whose map holes no refresh fills).
   * @param reason why, in words (for observers and the log)
   */
  refresh(reason: string): Promise<void> {
    if (this.#closed || this.#o.seedOnly) return Promise.resolve();
    const asked = this.#asked;
    if (asked !== undefined) return asked.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => resolve = r);
    this.#asked = { promise, resolve };
    this.#hub.refreshRequested(reason);
    // A cycle in progress started before the ask: the next one starts as soon as it ends.
    if (this.#tending === undefined) this.#schedule(this.#gap());
    return promise;
  }

  #gap(): number {
    const gap = Math.min(REFRESH_GAP_MS, this.#o.tendInterval);
    return Math.max(0, this.#lastEnd + gap - Date.now());
  }

  /** Stops the tender, closes every connection and waits until all sockets are released. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#deadline?.expire();
    this.#seeding?.expire();
    this.#asked?.resolve();
    this.#asked = undefined;
    for (const n of this.#nodes) n.deactivate();
    if (this.#tending !== undefined) await this.#tending.catch(() => {});
    const nodes = [...this.#nodes, ...this.#retired];
    this.#nodes = [];
    this.#retired.clear();
    this.#map = PartitionMap.empty();
    for (const n of nodes) n.deactivate();
    await Promise.all(nodes.map((n) => n.drained()));
  }

  #schedule(delay: number = this.#o.tendInterval): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // The asks made until now are answered by this cycle; later ones by the next.
      const asked = this.#asked;
      this.#asked = undefined;
      // A failed cycle is not fatal: the next one retries (and reseeds when no node is left).
      this.#runTend().catch((err) => {
        if (!this.#closed) this.#hub.tendFailed(undefined, asAerospikeError(err));
      }).finally(() => {
        this.#lastEnd = Date.now();
        asked?.resolve();
        this.#schedule(this.#asked !== undefined ? this.#gap() : this.#o.tendInterval);
      });
    }, delay);
  }

  #runTend(): Promise<void> {
    // A cycle a tend interval after the last one that counted advances the breaker's window; the
    // early ones refresh() asks for in between do not (timers may fire a few ms early).
    const now = Date.now();
    const regular = now - this.#windowTick >= this.#o.tendInterval - 5;
    if (regular) this.#windowTick = now;
    const deadline = new InfoDeadline(this.#settings.connectTimeout);
    this.#deadline = deadline;
    const run = this.#tend(deadline, regular).finally(() => {
      deadline.clear();
      if (this.#deadline === deadline) this.#deadline = undefined;
      if (this.#tending === run) this.#tending = undefined;
    });
    this.#tending = run;
    return run;
  }

  async #tend(deadline: InfoDeadline, regular: boolean): Promise<void> {
    if (this.#nodes.length === 0) {
      // No node left (or first cycle): start over from the seeds, all within connectTimeout.
      const seeding = new InfoDeadline(this.#settings.connectTimeout, this.#settings.connectTimeout);
      this.#seeding = seeding;
      try {
        const found = await this.#seed(seeding);
        if (found.length === 0) return;
      } finally {
        seeding.clear();
        this.#seeding = undefined;
      }
    }
    if (this.#o.seedOnly) await this.#seedNew(deadline);
    const nodes = this.#nodes;
    for (const n of nodes) n.referenceCount = 0;
    const refreshes = await Promise.all(
      nodes.map((n) => refreshNode(n, this.#o.racks !== undefined, deadline)),
    );
    if (this.#closed) return;

    // Peers: re-read every node's list when any generation moved or a node failed.
    // Also when the last lists and our node list disagree in size: a node dropped after failures
    // while still listed (or one listed that we never reached) is looked for again.
    // seedOnly: peer lists are never read, so no node is ever learnt from them.
    const peersChanged = !this.#o.seedOnly &&
      refreshes.some((r) =>
        !r.ok || r.peersGeneration !== r.node.peersGeneration || r.node.peersCount + 1 !== nodes.length
      );
    let refreshCount = 0;
    const added: ClusterNode[] = [];
    if (peersChanged) {
      const lists = await Promise.all(
        refreshes.map((r) => r.ok ? peersOf(r, this.#o.peersCommand, deadline) : undefined),
      );
      refreshCount = lists.filter((list) => list !== undefined).length;
      const unknown = unknownPeers(lists, (name) => this.#byName(name));
      const found = await Promise.all(
        [...unknown.values()].map((hosts) => this.#validateAny(hosts, deadline)),
      );
      for (const v of found) {
        if (v === undefined) continue;
        const node = this.#addNode(v);
        if (node !== undefined) {
          node.referenceCount++;
          added.push(node);
        }
      }
    }
    if (this.#closed) return;

    // Partition maps: only from nodes whose partition-generation moved (and new nodes).
    const stale = refreshes.filter((r) => r.ok && r.partitionGeneration !== r.node.partitionGeneration)
      .map((r) => r.node).concat(added);
    const replicas = await Promise.all(stale.map((n) => replicasOf(n, deadline)));
    let map = this.#map;
    for (let i = 0; i < stale.length; i++) {
      const r = replicas[i];
      if (r !== undefined && stale[i].active) {
        map = map.withNodeReplicas(stale[i], r.map);
        stale[i].partitionGeneration = r.generation;
        this.#hub.partitionsChanged(stale[i], r.generation);
      }
    }
    if (this.#o.racks !== undefined) {
      const rackStale = refreshes.filter((r) => r.ok && r.rebalanceGeneration !== r.node.rebalanceGeneration)
        .map((r) => r.node).concat(added);
      await Promise.all(rackStale.map((n) => racksOf(n, deadline)));
    }
    if (this.#closed) return;

    // Removal, as the official clients decide it, plus a cap on consecutive failures.
    const all = this.#nodes;
    const remove = nodesToRemove(all, map, peersChanged, refreshCount);
    for (const n of remove) {
      const reason = removalReason(n);
      // Commands in flight on it may still finish; close() ends whatever they leave behind.
      n.deactivate(false);
      this.#retired.add(n);
      map = map.withoutNode(n);
      this.#hub.nodeRemoved(n, reason);
    }
    if (remove.length > 0) {
      this.#nodes = all.filter((n) => !remove.includes(n));
      if (this.#nodes.length === 0) this.#hub.clusterDisconnected();
    }
    this.#map = map;

    // Circuit breaker: a new window every errorRateWindow regular cycles (as the official clients
    // count); the early cycles refresh() runs do not shorten it.
    if (regular && ++this.#tendCount % this.#o.errorRateWindow === 0) {
      for (const n of this.#nodes) n.errorRate.reset();
    }

    for (const n of this.#retired) if (n.pool.open === 0) this.#retired.delete(n);
    for (const n of this.#nodes) {
      n.pool.reap(this.#o.maxIdleMs);
      if (this.#o.minConns > 0) n.pool.warm(this.#o.minConns);
    }
  }

  // Validates every seed in parallel; the nodes found become the cluster's nodes.
  async #seed(deadline: InfoDeadline): Promise<ClusterNode[]> {
    const results = await Promise.allSettled(
      this.#o.seeds.map((s) => validateNode(s, this.#settings, deadline)),
    );
    const added: ClusterNode[] = [];
    const errors: unknown[] = [];
    for (const r of results) {
      if (r.status === "rejected") errors.push(r.reason);
      else {
        const node = this.#addNode(r.value);
        if (node !== undefined) added.push(node);
      }
    }
    if (this.#nodes.length > 0 || this.#closed) return added;
    throw seedFailure(this.#o.seeds, errors);
  }

  // seedOnly: seeds added since (addSeed) whose address no node has become nodes now.
  async #seedNew(deadline: InfoDeadline): Promise<void> {
    const known = new Set(this.#nodes.map((n) => formatAddress(n.host.host, n.host.port)));
    const fresh = this.#o.seeds.filter((s) => !known.has(formatAddress(s.host, s.port)));
    if (fresh.length === 0) return;
    const found = await Promise.all(fresh.map((s) => this.#validateAny([s], deadline)));
    for (const v of found) if (v !== undefined) this.#addNode(v);
  }

  #byName(name: string): ClusterNode | undefined {
    return this.#nodes.find((n) => n.name === name);
  }

  // Makes a node of a validated connection unless one of that name exists (seed and peer
  // addresses of one node) or the cluster closed meanwhile.
  #addNode(v: ValidatedNode): ClusterNode | undefined {
    if (this.#closed || this.#byName(v.name) !== undefined) {
      v.conn.close();
      return undefined;
    }
    const node = new ClusterNode(v, this.#settings);
    const first = this.#nodes.length === 0;
    this.#nodes = [...this.#nodes, node];
    if (this.#o.minConns > 0) node.pool.warm(this.#o.minConns);
    this.#hub.nodeAdded(node);
    if (first) this.#hub.clusterConnected();
    return node;
  }

  async #validateAny(hosts: SeedHost[], deadline: InfoDeadline): Promise<ValidatedNode | undefined> {
    for (const h of hosts) {
      if (this.#closed || deadline.expired) return undefined;
      try {
        return await validateNode(h, this.#settings, deadline);
      } catch {
        // try the next address of this peer
      }
    }
    return undefined;
  }
}
