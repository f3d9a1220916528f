/**
 * The mock cluster: nodes on 127.0.0.1, one shared store, partition ownership recomputed (and
 * generations bumped) whenever nodes come and go or `rebalance()` is called.
 * @module
 */
import type { Connector } from "../src/transport/transport.ts";
import { MockNode, type MockTlsOptions } from "./node.ts";
import { computeOwnership, type Ownership } from "./partitions.ts";
import { type MockSecurityOptions, SecurityStore } from "./security.ts";
import { type Clock, type NamespaceOptions, Store } from "./store.ts";

/** Options of {@linkcode MockCluster.start}. */
export interface MockClusterOptions {
  /** Number of nodes. @default 1 */
  nodes?: number;
  /** Namespaces and their settings. @default { test: { replicationFactor: 1 } } */
  namespaces?: Record<string, NamespaceOptions>;
  /** The `cluster-name` the nodes report. @default "mock" */
  clusterName?: string;
  /** Address to listen on. @default "127.0.0.1" */
  host?: string;
  /** Ports per node (0 or missing: any free port). @default all 0 */
  ports?: number[];
  /** Time source in ms since the Unix epoch, for TTLs. @default Date.now */
  clock?: Clock;
  /** Accept compressed requests and compress replies on request; false answers 25 as CE does. @default true */
  compression?: boolean;
  /** Transport to listen with. @default defaultConnector() */
  connector?: Connector;
  /**
   * Serve TLS only (PEM strings), as an Enterprise node with a TLS service and no clear port:
   * `peers-tls-std` lists the peers with `tlsName`, `peers-clear-std` is empty, and with
   * `requestClientCert` a client without a certificate signed by `ca` is refused (mutual TLS).
   * @default undefined (plain TCP)
   */
  tls?: MockTlsOptions;
  /**
   * Turn security on, as an Enterprise server with `security {}`: users log in (LOGIN, then
   * AUTHENTICATE with the session token, TTL on `clock`), info and data requests before login
   * answer NOT_AUTHENTICATED, roles are enforced (ROLE_VIOLATION) and the user/role admin
   * commands work. @default undefined (no security: admin commands answer 51 or 52, see `edition`)
   */
  security?: MockSecurityOptions;
  /**
   * The edition the nodes report (`edition`, `version`) and how they answer admin commands when
   * `security` is off: Community Edition has no security code at all and answers
   * SECURITY_NOT_SUPPORTED (51), as CE 8.1 does (a client that sends credentials cannot log in);
   * an Enterprise server without a `security {}` stanza answers SECURITY_NOT_ENABLED (52).
   * @default "community"
   */
  edition?: MockEdition;
  /**
   * Limits of the Lua UDFs the nodes run (Lua 5.4 in WebAssembly, from the optional npm package
   * wasmoon, loaded when the first module is registered or UDF runs). `timeMs` bounds one call
   * (default: the request's timeout, else 1000 ms as a node's transaction-max-ms); a UDF past it
   * fails with "UDF Execution Timeout", one past `memoryBytes` (default 64 MiB) with "not enough
   * memory", both as UDF_BAD_RESPONSE (100). A node has no memory cap: that guard is the mock's.
   * @default {}
   */
  lua?: { timeMs?: number; memoryBytes?: number };
}

/** The server edition a mock imitates. */
export type MockEdition = "community" | "enterprise";

let clusterCounter = 0;

/**
 * An in-process Aerospike cluster speaking the real wire protocol.
 * @example
 * ```ts
 * await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
 * console.log(mock.seeds); // "127.0.0.1:41234,127.0.0.1:41235,127.0.0.1:41236"
 * ```
 */
export class MockCluster {
  /**
   * The shared records (internal: handlers and tests reach into it).
   * @ignore
   */
  readonly store: Store;
  /** Cluster name. */
  readonly clusterName: string;
  /** Listening address. */
  readonly host: string;
  /** Time source. */
  readonly clock: Clock;
  /** Whether compression is honoured. */
  readonly compression: boolean;
  /** TLS settings of the nodes (undefined: plain TCP). */
  readonly tls: MockTlsOptions | undefined;
  /** Users, roles, sessions and login counters when `security` is on. */
  readonly security: SecurityStore | undefined;
  /** The edition the nodes imitate. */
  readonly edition: MockEdition;
  #nodes: MockNode[] = [];
  #tag: string;
  #connector: Connector | undefined;
  #epoch = 0;
  #partitionGeneration = 0;
  #rebalanceGeneration = 1;
  #peersGeneration = 0;
  #owners = new Map<string, Ownership>();
  #closed = false;

  private constructor(options: MockClusterOptions, security?: SecurityStore) {
    this.clock = options.clock ?? Date.now;
    this.security = security;
    this.store = new Store(options.namespaces ?? { test: { replicationFactor: 1 } }, this.clock);
    if (options.lua !== undefined) this.store.udfs.lua.limits = { ...options.lua };
    this.clusterName = options.clusterName ?? "mock";
    this.host = options.host ?? "127.0.0.1";
    this.compression = options.compression ?? true;
    this.edition = options.edition ?? "community";
    this.tls = options.tls === undefined ? undefined : { ...options.tls };
    this.#connector = options.connector;
    clusterCounter = (clusterCounter + 1) & 0xfff;
    const rand = Math.floor(Math.random() * 0x1000);
    this.#tag = "BB9" + rand.toString(16).toUpperCase().padStart(3, "0") + clusterCounter.toString(16)
      .toUpperCase().padStart(3, "0");
  }

  /** Starts a cluster; every node listens before the promise resolves. */
  static async start(options: MockClusterOptions = {}): Promise<MockCluster> {
    const security = options.security === undefined
      ? undefined
      : await SecurityStore.create(options.security, options.clock ?? Date.now);
    const mock = new MockCluster(options, security);
    const count = options.nodes ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`nodes must be a positive integer: ${count}`);
    }
    try {
      for (let i = 0; i < count; i++) await mock.addNode(options.ports?.[i] ?? 0);
    } catch (err) {
      await mock.close();
      throw err;
    }
    return mock;
  }

  /** Every node, running or stopped, in creation order. */
  get nodes(): readonly MockNode[] {
    return this.#nodes;
  }

  /** Seed list of the running nodes: `"127.0.0.1:p1,127.0.0.1:p2,..."`. */
  get seeds(): string {
    return this.#nodes.filter((n) => n.running).map((n) => n.address).join(",");
  }

  /** Bumped whenever ownership changes. */
  get partitionGeneration(): number {
    return this.#partitionGeneration;
  }

  /** Bumped on every rebalance (also membership changes, as a real cluster rebalances then). */
  get rebalanceGeneration(): number {
    return this.#rebalanceGeneration;
  }

  /** Bumped when the set of live nodes changes. */
  get peersGeneration(): number {
    return this.#peersGeneration;
  }

  /**
   * The nodes the cluster counts in: running ones, and those stopped with `{ noticed: false }`
   * until `noticeStopped()`.
   */
  liveNodes(): MockNode[] {
    return this.#nodes.filter((n) => n.member);
  }

  /**
   * The heartbeat timeout of a real cluster passes: the nodes stopped with `{ noticed: false }`
   * leave the peer lists and their partitions move to the running nodes.
   * @example
   * ```ts
   * import { MockCluster } from "@aerolite/client/mock";
   * await using mock = await MockCluster.start({ nodes: 3 });
   * await mock.nodes[1].stop({ noticed: false }); // connects refused, still listed as a peer
   * mock.noticeStopped(); // gone from the peer lists, partitions moved
   * ```
   */
  noticeStopped(): void {
    let left = false;
    for (const n of this.#nodes) if (n.leave()) left = true;
    if (left) this.membershipChanged();
  }

  /** Owners of every partition of `ns` (empty lists when no node runs). */
  owners(ns: string): Ownership {
    let o = this.#owners.get(ns);
    if (o === undefined) {
      const rf = this.store.namespace(ns)?.replicationFactor ?? 1;
      o = computeOwnership(this.liveNodes().map((n) => n.name), rf, this.#epoch);
      this.#owners.set(ns, o);
    }
    return o;
  }

  /** The node that masters a partition of `ns`, if any runs. */
  masterOf(ns: string, pid: number): MockNode | undefined {
    const name = this.owners(ns)[pid]?.[0];
    return this.#nodes.find((n) => n.name === name);
  }

  /** @internal Called by nodes when they start or stop. */
  membershipChanged(): void {
    this.#peersGeneration++;
    this.#rebalanceGeneration++;
    this.#reassign();
  }

  /** Moves partitions as a migration would: new ownership, new generations. */
  rebalance(): void {
    this.#epoch++;
    this.#rebalanceGeneration++;
    this.#reassign();
  }

  #reassign(): void {
    this.#owners.clear();
    this.#partitionGeneration++;
  }

  /** Adds a node (listening on `port`, 0 for any) and rebalances onto it. */
  async addNode(port = 0): Promise<MockNode> {
    if (this.#closed) throw new Error("mock cluster is closed");
    const index = this.#nodes.length + 1;
    const name = this.#tag + index.toString(16).toUpperCase().padStart(7, "0");
    const node = new MockNode(name, port, this, this.#connector);
    this.#nodes.push(node);
    try {
      await node.start();
    } catch (err) {
      this.#nodes.pop();
      throw err;
    }
    return node;
  }

  /** Stops every node and releases every socket and timer. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#nodes.map((n) => n.stop()));
    this.store.udfs.lua.close();
  }

  /** `await using mock = await MockCluster.start()` closes it at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
