/**
 * `Client`: connects to a cluster and runs commands. Policies are merged here (built-in defaults,
 * then the client's `policies`, then the call's), a command object is built, and the one execute
 * loop runs it.
 * @module
 */
import { Backpressure } from "./cluster/backpressure.ts";
import { Cluster, type ClusterOptions } from "./cluster/cluster.ts";
import { DeadlineSweeper } from "./commands/deadline.ts";
import { Executor } from "./commands/execute.ts";
import { buildOperate } from "./commands/operate.ts";
import { buildExists, buildGet, buildPut, buildRemove, buildTouch } from "./commands/single.ts";
import { FoundCommand, GetCommand, OperateCommand, WriteCommand } from "./client_kv.ts";
import {
  type BatchContext,
  batchExists,
  batchGet,
  type BatchItem,
  batchMixed,
  type BatchPolicy,
  type BatchResult,
} from "./client_batch.ts";
import { Key } from "./key.ts";
import type { Operation } from "./ops/scalar.ts";
import {
  type BackgroundQueryOptions,
  DEFAULT_QUERY_POLICY,
  type Job,
  query,
  queryBackground,
  type QueryContext,
  type QueryOptions,
  truncate,
} from "./client_query.ts";
import type { RecordStream } from "./query/record_stream.ts";
import { createIndex, dropIndex, type IndexSpec, info, infoAll, namespaces, sets } from "./client_admin.ts";
import { udfList, type UdfModule, udfRegister, udfRemove } from "./client_udf.ts";
import { ApplyCommand, buildApply } from "./commands/udf.ts";
import type { PollOptions } from "./commands/info.ts";
import type { Value } from "./values.ts";
import {
  type ClientPolicies,
  DEFAULT_READ_POLICY,
  DEFAULT_WRITE_POLICY,
  mergePolicies,
  type ReadPolicy,
  type ResolvedReadPolicy,
  type ResolvedWritePolicy,
  type WritePolicy,
} from "./policy.ts";
import type { AerospikeRecord, OperateRecord } from "./record.ts";
import * as sec from "./client_security.ts";
import type { AdminPolicy, Privilege, Role, RoleOptions, SecurityContext, User } from "./client_security.ts";
import type { Bins } from "./values.ts";

/** Options of `Client.connect()`: the cluster's, plus push-back and default policies. */
export interface ClientOptions extends ClusterOptions {
  /**
   * Commands running at once; more wait in a queue.
   * @default 5000
   */
  maxCommandsInFlight?: number;
  /**
   * Commands waiting for a slot; beyond it a command rejects at once with `BackpressureError`.
   * @default 100000
   */
  maxQueueSize?: number;
  /**
   * Default policies per kind of command.
   * @default {}
   */
  policies?: ClientPolicies;
}

/** What `client.stats()` reports. */
export interface ClientStats {
  /** Every known node with its connections. */
  nodes: { name: string; address: string; connections: { open: number; idle: number } }[];
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

// The `pipeline` option as a depth (1: off); throws before any I/O when it is malformed.
function pipelineDepth(pipeline: { depth: number } | undefined): number {
  if (pipeline === undefined) return 1;
  const depth = pipeline === null || typeof pipeline !== "object" ? undefined : pipeline.depth;
  if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 1 || depth > 1024) {
    throw new RangeError(`pipeline.depth must be an integer from 1 to 1024, got ${String(depth)}`);
  }
  return depth;
}

function checkKey(key: unknown): Key {
  if (!(key instanceof Key)) throw new TypeError("key must be a Key (new Key(ns, set, userKey))");
  return key;
}

/**
 * A connection to an Aerospike cluster.
 * @example
 * ```ts
 * import { Client, Key } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.put(key, { name: "Ada", n: 1 });
 * const rec = await client.get(key);
 * await client.close();
 * ```
 */
export class Client {
  #cluster: Cluster;
  #executor: Executor;
  #read: ResolvedReadPolicy;
  #write: ResolvedWritePolicy;
  #closing: Promise<void> | undefined;
  #batch: BatchContext;
  #query: QueryContext;
  #security: SecurityContext;

  private constructor(cluster: Cluster, options: ClientOptions) {
    this.#cluster = cluster;
    const bp = new Backpressure(options.maxCommandsInFlight ?? 5000, options.maxQueueSize ?? 100_000);
    this.#executor = new Executor(cluster, bp, new DeadlineSweeper(), {
      pipelineDepth: pipelineDepth(options.pipeline),
    });
    this.#read = mergePolicies<ResolvedReadPolicy>(DEFAULT_READ_POLICY, options.policies?.read);
    this.#write = mergePolicies<ResolvedWritePolicy>(DEFAULT_WRITE_POLICY, options.policies?.write);
    this.#batch = {
      executor: this.#executor,
      cluster,
      read: mergePolicies<ResolvedReadPolicy>(DEFAULT_READ_POLICY, options.policies?.batch),
      write: this.#write,
    };
    this.#query = {
      executor: this.#executor,
      cluster,
      policy: mergePolicies(DEFAULT_QUERY_POLICY, options.policies?.query),
      infoTimeout: options.policies?.info?.totalTimeout ?? 1000,
    };
    this.#security = {
      pickNode: () => cluster.randomNode(),
      credentials: cluster.credentials,
      timeoutMs: options.policies?.info?.totalTimeout ?? 1000,
    };
  }

  /**
   * Connects to the cluster: seeds, peers, partition maps. Rejects when no seed answers within
   * `connectTimeout`; invalid options throw before any I/O.
   */
  static async connect(options: ClientOptions): Promise<Client> {
    if (options === null || typeof options !== "object") {
      throw new TypeError("Client.connect() needs options");
    }
    // Validate everything that needs no I/O first.
    new Backpressure(options.maxCommandsInFlight ?? 5000, options.maxQueueSize ?? 100_000);
    pipelineDepth(options.pipeline);
    mergePolicies(DEFAULT_READ_POLICY, options.policies?.read);
    mergePolicies(DEFAULT_WRITE_POLICY, options.policies?.write);
    const cluster = await Cluster.connect(options);
    return new Client(cluster, options);
  }

  #readPolicy(p: ReadPolicy | undefined): ResolvedReadPolicy {
    return p === undefined ? this.#read : mergePolicies(this.#read, p);
  }

  #writePolicy(p: WritePolicy | undefined): ResolvedWritePolicy {
    return p === undefined ? this.#write : mergePolicies(this.#write, p);
  }

  /**
   * Writes bins (a `null` value removes that bin). `ttl`, `exists`, generation checks and the
   * rest live in the write policy.
   */
  put(key: Key, bins: Bins, policy?: WritePolicy): Promise<void> {
    try {
      const p = this.#writePolicy(policy);
      return this.#executor.execute(new WriteCommand(checkKey(key), buildPut(key, bins, p)), p);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Reads a record: all bins, the listed `bins`, or only generation and ttl when `bins` is `[]`.
   * Resolves null when the key does not exist.
   */
  get<T extends Bins = Bins>(
    key: Key,
    bins?: readonly string[] | ReadPolicy,
    policy?: ReadPolicy,
  ): Promise<AerospikeRecord<T> | null> {
    try {
      if (bins !== undefined && !Array.isArray(bins)) {
        policy = bins as ReadPolicy;
        bins = undefined;
      }
      const p = this.#readPolicy(policy);
      const frame = buildGet(checkKey(key), bins as readonly string[] | undefined, p);
      return this.#executor.execute(new GetCommand(key, frame), p) as Promise<AerospikeRecord<T> | null>;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Whether the record exists (a header-only read). */
  exists(key: Key, policy?: ReadPolicy): Promise<boolean> {
    try {
      const p = this.#readPolicy(policy);
      return this.#executor.execute(new FoundCommand(checkKey(key), buildExists(key, p), false), p);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Deletes the record; resolves false when it did not exist. */
  remove(key: Key, policy?: WritePolicy): Promise<boolean> {
    try {
      const p = this.#writePolicy(policy);
      return this.#executor.execute(new FoundCommand(checkKey(key), buildRemove(key, p), true), p);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Resets the record's ttl (policy `ttl`) and bumps its generation; a missing key rejects with code 2. */
  touch(key: Key, policy?: WritePolicy): Promise<void> {
    try {
      const p = this.#writePolicy(policy);
      return this.#executor.execute(new WriteCommand(checkKey(key), buildTouch(key, p)), p);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Runs several operations on one record atomically. Resolves `{ bins, results, generation,
   * ttl }`: `bins` keeps the last result per bin, `results` one entry per operation.
   * A missing key rejects with KEY_NOT_FOUND_ERROR (2) unless an operation creates it.
   */
  operate<T extends Bins = Bins>(
    key: Key,
    operations: readonly Operation[],
    policy?: WritePolicy,
  ): Promise<OperateRecord<T>> {
    try {
      const request = buildOperate(checkKey(key), operations, this.#writePolicy(policy));
      // A read-only operate follows the read defaults (retries, replica), as the official clients do.
      const p = request.write ? this.#writePolicy(policy) : this.#readPolicy(policy);
      return this.#executor.execute(new OperateCommand<T>(key, request), p);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Reads many records in one request per node; resolves them in key order, null where a key
   * does not exist. `bins` selects bins (`[]` reads only generation and ttl).
   * @example
   * ```ts
   * const recs = await client.batchGet([new Key("test", "demo", 1), new Key("test", "demo", 2)]);
   * ```
   */
  batchGet(
    keys: readonly Key[],
    bins?: readonly string[],
    policy?: BatchPolicy,
  ): Promise<(AerospikeRecord | null)[]> {
    try {
      return batchGet(this.#batch, keys, bins, policy);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Whether each key exists, in key order (one request per node). */
  batchExists(keys: readonly Key[], policy?: BatchPolicy): Promise<boolean[]> {
    try {
      return batchExists(this.#batch, keys, policy);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Mixed reads, writes, removes and UDF applies in one request per node. Resolves one
   * `{ key, resultCode, record?, inDoubt }` per item, in item order: a per-record failure (a
   * missing key reads as code 2) is reported, not thrown.
   */
  batch(items: readonly BatchItem[], policy?: BatchPolicy): Promise<BatchResult[]> {
    try {
      return batchMixed(this.#batch, items, policy);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Scans a set (no `filter`) or queries a secondary index. Nothing is sent until the stream is
   * iterated; records arrive with push-back; `break` cancels the query on every node.
   * @example
   * ```ts
   * for await (const r of client.query("test", "demo", { filter: Filter.range("n", 1, 9) })) console.log(r.bins);
   * ```
   */
  query(ns: string, set?: string | null, options?: QueryOptions): RecordStream {
    return query(this.#query, ns, set ?? undefined, options);
  }

  /** Runs write operations or a record UDF on every matching record, in the background. */
  queryBackground(ns: string, set: string | null | undefined, options: BackgroundQueryOptions): Promise<Job> {
    try {
      return queryBackground(this.#query, ns, set ?? undefined, options);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Removes every record of a namespace or set (last updated before `beforeNanos`, when given). */
  truncate(ns: string, set?: string | null, beforeNanos?: bigint | number): Promise<void> {
    try {
      return truncate(this.#query, ns, set ?? undefined, beforeNanos);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Calls a record UDF (`module.fn(record, ...args)`) and resolves its return value. A Lua error
   * rejects with UDF_BAD_RESPONSE (100) carrying the server's message.
   * @example
   * ```ts
   * await client.udfRegister("my_udf.lua", "function add(rec, a, b) return a + b end");
   * await client.apply(key, "my_udf", "add", [2, 40]); // 42
   * ```
   */
  apply(
    key: Key,
    module: string,
    fn: string,
    args: readonly Value[] = [],
    policy?: WritePolicy,
  ): Promise<Value> {
    try {
      const p = this.#writePolicy(policy);
      return this.#executor.execute(new ApplyCommand(checkKey(key), buildApply(key, module, fn, args, p)), p);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Registers a Lua module (`name` like `my_udf.lua`); resolves once every node lists it. */
  udfRegister(name: string, source: string | Uint8Array, wait?: PollOptions): Promise<void> {
    return udfRegister(this.#query, name, source, wait);
  }

  /** Removes a Lua module; resolves once no node lists it. */
  udfRemove(name: string, wait?: PollOptions): Promise<void> {
    return udfRemove(this.#query, name, wait);
  }

  /** The registered Lua modules. */
  udfList(): Promise<UdfModule[]> {
    return udfList(this.#query);
  }

  /** Runs an info command on one node (`node` by name, else any) and resolves its raw value. */
  info(command: string, options: { node?: string } = {}): Promise<string> {
    return info(this.#query, command, options.node);
  }

  /** Runs an info command on every node: node name → raw value. */
  infoAll(command: string): Promise<Map<string, string>> {
    return infoAll(this.#query, command);
  }

  /** Creates a secondary index; resolves once it is built on every node. */
  createIndex(spec: IndexSpec, wait?: PollOptions): Promise<void> {
    return createIndex(this.#query, spec, wait);
  }

  /** Drops a secondary index; resolves once no node knows it. */
  dropIndex(ns: string, name: string, wait?: PollOptions): Promise<void> {
    return dropIndex(this.#query, ns, name, wait);
  }

  /** The cluster's namespaces. */
  namespaces(): Promise<string[]> {
    return namespaces(this.#query);
  }

  /** The sets of a namespace with their object counts (summed over nodes, replica copies included). */
  sets(ns: string): Promise<Map<string, number>> {
    return sets(this.#query, ns);
  }

  /**
   * Creates a user (Enterprise, security on; the password travels as its bcrypt hash). The
   * server's refusal rejects with its code, e.g. USER_ALREADY_EXISTS (61), ROLE_VIOLATION (81).
   * @example
   * ```ts
   * await client.createUser("app", "s3cret", ["read-write"]);
   * ```
   */
  createUser(user: string, password: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    return sec.createUser(this.#security, user, password, roles, policy);
  }

  /**
   * Removes a user.
   * @example `await client.dropUser("app");`
   */
  dropUser(user: string, policy?: AdminPolicy): Promise<void> {
    return sec.dropUser(this.#security, user, policy);
  }

  /**
   * Changes the password of the user this client logged in as; later logins use the new one.
   * @example `await client.changePassword("n3w-s3cret");`
   */
  changePassword(password: string, policy?: AdminPolicy): Promise<void> {
    return sec.changePassword(this.#security, password, policy);
  }

  /**
   * Sets another user's password (needs user-admin).
   * @example `await client.setPassword("app", "n3w-s3cret");`
   */
  setPassword(user: string, password: string, policy?: AdminPolicy): Promise<void> {
    return sec.setPassword(this.#security, user, password, policy);
  }

  /**
   * Adds roles to a user.
   * @example `await client.grantRoles("app", ["read-write-udf"]);`
   */
  grantRoles(user: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    return sec.changeRoles(this.#security, true, user, roles, policy);
  }

  /**
   * Removes roles from a user.
   * @example `await client.revokeRoles("app", ["read-write-udf"]);`
   */
  revokeRoles(user: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    return sec.changeRoles(this.#security, false, user, roles, policy);
  }

  /**
   * One user with its roles and statistics; an unknown user rejects with INVALID_USER (60).
   * @example
   * ```ts
   * (await client.queryUser("app"))?.roles; // ["read-write"]
   * ```
   */
  async queryUser(user: string, policy?: AdminPolicy): Promise<User | null> {
    return (await sec.queryUsers(this.#security, user, policy))[0] ?? null;
  }

  /**
   * Every user.
   * @example `for (const u of await client.queryUsers()) console.log(u.name, u.roles);`
   */
  queryUsers(policy?: AdminPolicy): Promise<User[]> {
    return sec.queryUsers(this.#security, undefined, policy);
  }

  /**
   * Creates a role from privileges (data privileges may name an `ns` and `set`), with an
   * optional address whitelist and read/write quotas (per second).
   * @example
   * ```ts
   * await client.createRole("reporting", [{ code: "read", ns: "test", set: "sales" }], { readQuota: 500 });
   * ```
   */
  createRole(role: string, privileges: readonly Privilege[], options?: RoleOptions): Promise<void> {
    return sec.createRole(this.#security, role, privileges, options);
  }

  /**
   * Removes a role (and takes it from every user).
   * @example `await client.dropRole("reporting");`
   */
  dropRole(role: string, policy?: AdminPolicy): Promise<void> {
    return sec.dropRole(this.#security, role, policy);
  }

  /**
   * Adds privileges to a role.
   * @example `await client.grantPrivileges("reporting", [{ code: "read-write", ns: "test" }]);`
   */
  grantPrivileges(role: string, privileges: readonly Privilege[], policy?: AdminPolicy): Promise<void> {
    return sec.changePrivileges(this.#security, true, role, privileges, policy);
  }

  /**
   * Removes privileges from a role.
   * @example `await client.revokePrivileges("reporting", [{ code: "read-write", ns: "test" }]);`
   */
  revokePrivileges(role: string, privileges: readonly Privilege[], policy?: AdminPolicy): Promise<void> {
    return sec.changePrivileges(this.#security, false, role, privileges, policy);
  }

  /**
   * Sets the client addresses allowed to use a role (`[]`: any).
   * @example `await client.setWhitelist("reporting", ["10.0.0.0/24"]);`
   */
  setWhitelist(role: string, whitelist: readonly string[], policy?: AdminPolicy): Promise<void> {
    return sec.setWhitelist(this.#security, role, whitelist, policy);
  }

  /**
   * Sets a role's reads and writes per second (a missing one is 0: no limit).
   * @example
   * ```ts
   * await client.setQuotas("reporting", { readQuota: 1000, writeQuota: 0 });
   * ```
   */
  setQuotas(role: string, quotas: { readQuota?: number; writeQuota?: number } & AdminPolicy): Promise<void> {
    return sec.setQuotas(this.#security, role, quotas);
  }

  /**
   * One role (predefined ones too); an unknown role rejects with INVALID_ROLE (70).
   * @example
   * ```ts
   * (await client.queryRole("reporting"))?.privileges;
   * ```
   */
  async queryRole(role: string, policy?: AdminPolicy): Promise<Role | null> {
    return (await sec.queryRoles(this.#security, role, policy))[0] ?? null;
  }

  /**
   * Every role, predefined ones included.
   * @example `(await client.queryRoles()).map((r) => r.name);`
   */
  queryRoles(policy?: AdminPolicy): Promise<Role[]> {
    return sec.queryRoles(this.#security, undefined, policy);
  }

  /** Nodes, connections, commands in flight and queued, retries, timeouts and errors by code. */
  stats(): ClientStats {
    const nodes = this.#cluster.stats().nodes;
    let open = 0;
    let idle = 0;
    for (const n of nodes) {
      open += n.connections.open;
      idle += n.connections.idle;
    }
    const c = this.#executor.counters;
    return {
      nodes,
      connections: { open, idle },
      inFlight: this.#executor.inFlight,
      queued: this.#executor.queued,
      retries: c.retries,
      timeouts: c.timeouts,
      errors: Object.fromEntries(c.errors),
    };
  }

  /**
   * Rejects pending and queued commands with CLIENT_CLOSED, stops the sweeper and the tender and
   * closes every socket, so the process can exit. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#executor.close();
      this.#closing = this.#cluster.close();
    }
    return this.#closing;
  }
}
