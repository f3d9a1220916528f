/**
 * `Client`: connects to a cluster and runs commands. Policies are merged here (built-in defaults,
 * then the client's `policies`, then the call's), a command object is built, and the one execute
 * loop runs it. The work lives in one module per domain (client_kv, client_batch, client_query,
 * client_admin, client_udf, client_security; options in client_options): this class is the public
 * surface and its documentation.
 * @module
 */
import { Cluster } from "./cluster/cluster.ts";
import type { PollOptions } from "./commands/info.ts";
import type { Key } from "./key.ts";
import type { Operation } from "./ops/scalar.ts";
import type { BatchPolicy, ReadPolicy, WritePolicy } from "./policy.ts";
import type { RecordStream } from "./query/record_stream.ts";
import type { AerospikeRecord, OperateRecord } from "./record.ts";
import type { Bins, Value } from "./values.ts";
import * as admin from "./client_admin.ts";
import type { IndexSpec } from "./client_admin.ts";
import * as batches from "./client_batch.ts";
import * as seeds from "./client_seeds.ts";
import type { SeedRef } from "./client_seeds.ts";
import type { BatchItem, BatchResult } from "./client_batch.ts";
import * as kv from "./client_kv.ts";
import { checkClientOptions, clientContexts, clientStats, commandStatsRecorder } from "./client_options.ts";
import type { CommandStatsRecorder } from "./observe/stats.ts";
import type { ClientContexts, ClientOptions, ClientStats } from "./client_options.ts";
import * as queries from "./client_query.ts";
import type { BackgroundQueryOptions, Job, QueryOptions } from "./client_query.ts";
import * as sec from "./client_security.ts";
import type { AdminPolicy, Privilege, Role, RoleOptions, User } from "./client_security.ts";
import * as udf from "./client_udf.ts";
import * as aggregate from "./client_aggregate.ts";
import type { AggregateOptions } from "./client_aggregate.ts";
import * as txns from "./client_txn.ts";
import type { TxnPolicy } from "./client_txn.ts";
import type { AbortStatus, CommitStatus } from "./txn/roll.ts";
import type { Transaction } from "./txn/transaction.ts";
import type { UdfModule } from "./client_udf.ts";
import type { NodeRef, Observer } from "./observe/observer.ts";
import { type ClientEvent, type ClientEventMap, ClientEvents } from "./observe/events.ts";
import { ObserverHub } from "./observe/hub.ts";
import { logObserver } from "./observe/log.ts";
import { type MetricsOptions, MetricsSession } from "./client_metrics.ts";
import { checkArity, checkOptions, type Shape } from "./validate.ts";
import {
  ADMIN_POLICY,
  INDEX_SPEC,
  INFO_OPTIONS,
  POLL_OPTIONS,
  QUOTAS,
  ROLE_OPTIONS,
} from "./validate_shapes.ts";

const PUT_META = "the official client's put(key, bins, meta, policy) shape is not accepted: ttl and " +
  "generation belong in the write policy here, e.g. put(key, bins, { ttl: 60, generation: 3, " +
  "generationPolicy: 'eq' })";

function arity(where: string, count: number, max: number, signature: string, hint = ""): TypeError {
  try {
    checkArity(where, count, max, signature, hint);
  } catch (e) {
    return e as TypeError;
  }
  return new TypeError(where);
}

// Admin and info entry points are not hot: misuse rejects the promise, as everywhere else.
function rejectMisuse<T>(check: () => void, run: () => Promise<T>): Promise<T> {
  try {
    check();
  } catch (e) {
    return Promise.reject(e);
  }
  return run();
}

export type { ClientOptions, ClientStats } from "./client_options.ts";
export type { ClientEvent, ClientEventMap } from "./observe/events.ts";
export type { MetricsOptions } from "./client_metrics.ts";
export type { CommandStats, CommandStatsByKind } from "./observe/stats.ts";
export type { HistogramShape, HistogramSnapshot } from "./observe/histogram.ts";

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
  #c: ClientContexts;
  #closing: Promise<void> | undefined;
  #events: ClientEvents;
  #options: ClientOptions;
  #metrics: MetricsSession | undefined;
  #stats: CommandStatsRecorder | undefined;

  private constructor(cluster: Cluster, options: ClientOptions, events: ClientEvents) {
    this.#cluster = cluster;
    this.#c = clientContexts(cluster, options);
    this.#events = events;
    this.#options = options;
    this.#stats = commandStatsRecorder(options.commandStats);
    if (this.#stats !== undefined) cluster.observer.add(this.#stats.observer);
  }

  /**
   * Connects to the cluster: seeds, peers, partition maps. Rejects when no seed answers within
   * `connectTimeout`; invalid options throw before any I/O.
   */
  static async connect(options: ClientOptions): Promise<Client> {
    checkClientOptions(options); // everything that needs no I/O first
    // Observers first, so the nodes found while connecting are logged too.
    const hub = new ObserverHub();
    const logger = logObserver(options.log);
    if (logger !== undefined) hub.add(logger);
    const events = new ClientEvents();
    hub.add(events.observer);
    const cluster = await Cluster.connect(options, hub);
    try {
      return new Client(cluster, options, events);
    } catch (err) {
      await cluster.close(); // a connected cluster must not outlive a failed connect
      throw err;
    }
  }

  /**
   * Writes bins (a `null` value removes that bin). `ttl`, `exists`, generation checks and the
   * rest live in the write policy: the official client's four-argument
   * `put(key, bins, meta, policy)` is refused with a TypeError (a meta object read as the policy
   * would drop the real policy), and the official meta key `gen` is refused with a pointer to
   * `generation` + `generationPolicy`.
   * @example
   * ```ts
   * import { Client, Key, Ttl } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * const key = new Key("test", "demo", "user:1");
   * await client.put(key, { visits: 1 }, { ttl: Ttl.NEVER_EXPIRE, generation: 4, generationPolicy: "eq" });
   * await client.close();
   * ```
   */
  put(key: Key, bins: Bins, policy?: WritePolicy): Promise<void> {
    if (arguments.length > 3) return Promise.reject(new TypeError(`put(): ${PUT_META}`));
    return kv.put(this.#c.kv, key, bins, policy);
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
    if (arguments.length > 3) {
      return Promise.reject(arity("get()", arguments.length, 3, "key, bins?, policy?"));
    }
    return kv.get(this.#c.kv, key, bins, policy) as Promise<AerospikeRecord<T> | null>;
  }

  /** Whether the record exists (a header-only read). */
  exists(key: Key, policy?: ReadPolicy): Promise<boolean> {
    if (arguments.length > 2) return Promise.reject(arity("exists()", arguments.length, 2, "key, policy?"));
    return kv.exists(this.#c.kv, key, policy);
  }

  /** Deletes the record; resolves false when it did not exist. */
  remove(key: Key, policy?: WritePolicy): Promise<boolean> {
    if (arguments.length > 2) return Promise.reject(arity("remove()", arguments.length, 2, "key, policy?"));
    return kv.remove(this.#c.kv, key, policy);
  }

  /** Resets the record's ttl (policy `ttl`) and bumps its generation; a missing key rejects with code 2. */
  touch(key: Key, policy?: WritePolicy): Promise<void> {
    if (arguments.length > 2) {
      return Promise.reject(
        arity(
          "touch()",
          arguments.length,
          2,
          "key, policy?",
          "the ttl goes in the policy: touch(key, { ttl })",
        ),
      );
    }
    return kv.touch(this.#c.kv, key, policy);
  }

  /**
   * Runs several operations on one record atomically. Resolves `{ bins, results, generation,
   * ttl }`: `bins` keeps the last result per bin, `results` one entry per operation.
   * A missing key rejects with KEY_NOT_FOUND_ERROR (2) unless an operation creates it.
   */
  operate<T extends Bins = Bins>(
    key: Key,
    operations: readonly Operation[],
    policy?: WritePolicy & Pick<ReadPolicy, "readTouchTtlPercent">,
  ): Promise<OperateRecord<T>> {
    if (arguments.length > 3) {
      return Promise.reject(
        arity(
          "operate()",
          arguments.length,
          3,
          "key, operations, policy?",
          "ttl and generation go in the policy",
        ),
      );
    }
    return kv.operate<T>(this.#c.kv, key, operations, policy);
  }

  /**
   * Reads many records in one request per node; resolves them in key order, null where a key
   * does not exist. `bins` selects bins (`[]` reads only generation and ttl); the policy may take
   * its place (`batchGet(keys, policy)`, the official client's order), as in `get`.
   * @example
   * ```ts
   * import { Client, Key } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * const recs = await client.batchGet([new Key("test", "demo", 1), new Key("test", "demo", 2)]);
   * await client.batchGet([new Key("test", "demo", 1)], { totalTimeout: 500 });
   * await client.close();
   * ```
   */
  batchGet(
    keys: readonly Key[],
    bins?: readonly string[] | BatchPolicy,
    policy?: BatchPolicy,
  ): Promise<(AerospikeRecord | null)[]> {
    if (arguments.length > 3) {
      return Promise.reject(arity("batchGet()", arguments.length, 3, "keys, bins?, policy?"));
    }
    return batches.batchGet(this.#c.batch, keys, bins, policy);
  }

  /** Whether each key exists, in key order (one request per node). */
  batchExists(keys: readonly Key[], policy?: BatchPolicy): Promise<boolean[]> {
    if (arguments.length > 2) {
      return Promise.reject(arity("batchExists()", arguments.length, 2, "keys, policy?"));
    }
    return batches.batchExists(this.#c.batch, keys, policy);
  }

  /**
   * Mixed reads, writes, removes and UDF applies in one request per node. Resolves one
   * `{ key, resultCode, record?, inDoubt }` per item, in item order: a per-record failure (a
   * missing key reads as code 2) is reported, not thrown.
   */
  batch(items: readonly BatchItem[], policy?: BatchPolicy): Promise<BatchResult[]> {
    if (arguments.length > 2) return Promise.reject(arity("batch()", arguments.length, 2, "items, policy?"));
    return batches.batchMixed(this.#c.batch, items, policy);
  }

  /**
   * Commits a transaction: verifies its reads, marks it for roll-forward, rolls its writes
   * forward and deletes its monitor record. Resolves `committed`, `alreadyCommitted`, or
   * `rollForwardAbandoned`/`closeAbandoned` (committed; the server finishes those steps, and
   * calling commit again retries them). Rejects with `CommitFailedError` (`reason` verifyFailed:
   * the transaction was aborted; markRollForwardAbandoned: commit again, `inDoubt` says whether
   * it may have gone through) or TXN_ALREADY_ABORTED.
   * @example
   * ```ts
   * import { Client, Key, Transaction } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * const txn = new Transaction();
   * await client.put(new Key("test", "demo", 1), { n: 1 }, { txn });
   * await client.commit(txn); // "committed"
   * ```
   */
  commit(txn: Transaction, policy?: TxnPolicy): Promise<CommitStatus> {
    return txns.commit(this.#c.txn, txn, policy);
  }

  /**
   * Aborts a transaction: rolls its writes back and deletes its monitor record. Resolves
   * `aborted`, `alreadyAborted`, or `rollBackAbandoned`/`closeAbandoned` (the server finishes;
   * abort again retries). Rejects with TXN_ALREADY_COMMITTED after a commit.
   */
  abort(txn: Transaction, policy?: TxnPolicy): Promise<AbortStatus> {
    return txns.abort(this.#c.txn, txn, policy);
  }

  /**
   * Scans a set (no `filter`) or queries a secondary index. Nothing is sent until the stream is
   * iterated; records arrive with push-back; `break` cancels the query on every node.
   * @example
   * ```ts
   * import { Client, Filter } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * for await (const r of client.query("test", "demo", { filter: Filter.range("n", 1, 9) })) console.log(r.bins);
   * ```
   */
  query(ns: string, set?: string | null, options?: QueryOptions): RecordStream {
    checkArity("query()", arguments.length, 3, "ns, set?, options?");
    return queries.query(this.#c.query, ns, set ?? undefined, options);
  }

  /** Runs write operations or a record UDF on every matching record, in the background. */
  queryBackground(ns: string, set: string | null | undefined, options: BackgroundQueryOptions): Promise<Job> {
    if (arguments.length > 3) {
      return Promise.reject(arity("queryBackground()", arguments.length, 3, "ns, set, options"));
    }
    return queries.queryBackground(this.#c.query, ns, set ?? undefined, options);
  }

  /**
   * Runs a query through a stream UDF (`stream : map(...) : aggregate(...) : reduce(...)`): every
   * node runs the stages up to the first reduce on its records, the client runs the rest in Lua
   * (the optional `wasmoon` package, loaded on the first call) and resolves the final values.
   * The client stage uses `options.source`, or fetches the module from the cluster.
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * await client.udfRegister("stats.lua", `
   *   local function add(a, b) return a + b end
   *   function total(s, bin) return s : map(function(r) return r[bin] end) : reduce(add) end`);
   * const [sum] = await client.queryAggregate("test", "demo", { module: "stats", fn: "total", args: ["n"] });
   * ```
   */
  queryAggregate(ns: string, set: string | null | undefined, options: AggregateOptions): Promise<Value[]> {
    if (arguments.length > 3) {
      return Promise.reject(arity("queryAggregate()", arguments.length, 3, "ns, set, options"));
    }
    return aggregate.queryAggregate(this.#c.query, ns, set ?? undefined, options);
  }

  /**
   * Removes every record of a namespace or set last updated before `beforeNanos`, or before the
   * server's clock when the request arrives. A record written in that same millisecond can survive
   * it (seen on CE 8.1.2: a put answered just before the truncate survived it 22 times in 40).
   */
  truncate(ns: string, set?: string | null, beforeNanos?: bigint | number): Promise<void> {
    if (arguments.length > 3) {
      return Promise.reject(arity("truncate()", arguments.length, 3, "ns, set?, beforeNanos?"));
    }
    return queries.truncate(this.#c.query, ns, set ?? undefined, beforeNanos);
  }

  /**
   * Calls a record UDF (`module.fn(record, ...args)`) and resolves its return value. A Lua error
   * rejects with UDF_BAD_RESPONSE (100) carrying the server's message.
   * @example
   * ```ts
   * import { Client, Key } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * const key = new Key("test", "demo", "user:1");
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
    if (arguments.length > 5) {
      return Promise.reject(arity("apply()", arguments.length, 5, "key, module, fn, args?, policy?"));
    }
    return kv.apply(this.#c.kv, key, module, fn, args, policy);
  }

  /** Registers a Lua module (`name` like `my_udf.lua`); resolves once every node lists it. */
  udfRegister(name: string, source: string | Uint8Array, wait?: PollOptions): Promise<void> {
    const n = arguments.length;
    return rejectMisuse(
      () => {
        checkArity("udfRegister()", n, 3, "name, source, wait?");
        checkOptions(wait, POLL_OPTIONS, "udfRegister()");
      },
      () => udf.udfRegister(this.#c.query, name, source, wait),
    );
  }

  /** Removes a Lua module; resolves once no node lists it. */
  udfRemove(name: string, wait?: PollOptions): Promise<void> {
    const n = arguments.length;
    return rejectMisuse(
      () => {
        checkArity("udfRemove()", n, 2, "name, wait?");
        checkOptions(wait, POLL_OPTIONS, "udfRemove()");
      },
      () => udf.udfRemove(this.#c.query, name, wait),
    );
  }

  /** The registered Lua modules. */
  udfList(): Promise<UdfModule[]> {
    return udf.udfList(this.#c.query);
  }

  /**
   * Runs an info command on one node (`node` by name, else any) and resolves its raw value; an
   * empty command asks for the node's default set (build, edition, version, statistics, ...) as
   * `name\tvalue\n` lines.
   * `totalTimeout` (ms) bounds this call instead of the client's `policies.info.totalTimeout`.
   * @example `await client.info("build", { totalTimeout: 200 });`
   */
  info(command: string, options: { node?: string; totalTimeout?: number } = {}): Promise<string> {
    const n = arguments.length;
    return rejectMisuse(
      () => {
        checkArity("info()", n, 2, "command, options?");
        checkOptions(options, INFO_OPTIONS, "info()");
      },
      () => admin.info(this.#c.query, command, options.node, options.totalTimeout),
    );
  }

  /**
   * Runs an info command on every node: node name → raw value; `totalTimeout` (ms) as for `info()`.
   * @example `await client.infoAll("build", { totalTimeout: 500 });`
   */
  infoAll(command: string, options: { totalTimeout?: number } = {}): Promise<Map<string, string>> {
    return rejectMisuse(
      () => checkOptions(options, INFO_OPTIONS, "infoAll()"),
      () => admin.infoAll(this.#c.query, command, options.totalTimeout),
    );
  }

  /** Creates a secondary index; resolves once it is built on every node. */
  createIndex(spec: IndexSpec, wait?: PollOptions): Promise<void> {
    const n = arguments.length;
    return rejectMisuse(
      () => {
        checkArity("createIndex()", n, 2, "spec, wait?");
        if (spec === null || typeof spec !== "object") {
          throw new TypeError("createIndex() takes a spec { ns, set?, bin, name, type, collection? }");
        }
        checkOptions(spec, INDEX_SPEC, "createIndex()");
        checkOptions(wait, POLL_OPTIONS, "createIndex()");
      },
      () => admin.createIndex(this.#c.query, spec, wait),
    );
  }

  /** Drops a secondary index; resolves once no node knows it. */
  dropIndex(ns: string, name: string, wait?: PollOptions): Promise<void> {
    const n = arguments.length;
    return rejectMisuse(
      () => {
        checkArity("dropIndex()", n, 3, "ns, name, wait?");
        checkOptions(wait, POLL_OPTIONS, "dropIndex()");
      },
      () => admin.dropIndex(this.#c.query, ns, name, wait),
    );
  }

  /** The cluster's namespaces. */
  namespaces(): Promise<string[]> {
    return admin.namespaces(this.#c.query);
  }

  /** The sets of a namespace with their object counts (summed over nodes, replica copies included). */
  sets(ns: string): Promise<Map<string, number>> {
    return admin.sets(this.#c.query, ns);
  }

  /**
   * Creates a user (Enterprise, security on; the password travels as its bcrypt hash). The
   * server's refusal rejects with its code, e.g. USER_ALREADY_EXISTS (61), ROLE_VIOLATION (81).
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * await client.createUser("app", "s3cret", ["read-write"]);
   * ```
   */
  createUser(user: string, password: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "createUser()",
      arguments.length,
      4,
      "user, password, roles, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.createUser(this.#c.security, user, password, roles, policy),
    );
  }

  /**
   * Removes a user.
   * @example `await client.dropUser("app");`
   */
  dropUser(user: string, policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "dropUser()",
      arguments.length,
      2,
      "user, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.dropUser(this.#c.security, user, policy),
    );
  }

  /**
   * Changes the password of the user this client logged in as; later logins use the new one.
   * @example `await client.changePassword("n3w-s3cret");`
   */
  changePassword(password: string, policy?: AdminPolicy): Promise<void> {
    if (typeof policy === "string" || arguments.length > 2) {
      // changePassword("app", "new"): the official client's (user, password) order would set
      // this user's password to "app". Refused: the two meanings cannot be told apart.
      return Promise.reject(
        new TypeError(
          "changePassword(password, policy?) changes the password of the user this client logged in as; " +
            "it was called with a second string, as the official client's changePassword(user, password): " +
            "use setPassword(user, password) for another user, or changePassword(password) for your own",
        ),
      );
    }
    return this.#admin(
      "changePassword()",
      arguments.length,
      2,
      "password, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.changePassword(this.#c.security, password, policy),
    );
  }

  /**
   * Sets another user's password (needs user-admin).
   * @example `await client.setPassword("app", "n3w-s3cret");`
   */
  setPassword(user: string, password: string, policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "setPassword()",
      arguments.length,
      3,
      "user, password, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.setPassword(this.#c.security, user, password, policy),
    );
  }

  /**
   * Adds roles to a user.
   * @example `await client.grantRoles("app", ["read-write-udf"]);`
   */
  grantRoles(user: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "grantRoles()",
      arguments.length,
      3,
      "user, roles, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.changeRoles(this.#c.security, true, user, roles, policy),
    );
  }

  /**
   * Removes roles from a user.
   * @example `await client.revokeRoles("app", ["read-write-udf"]);`
   */
  revokeRoles(user: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "revokeRoles()",
      arguments.length,
      3,
      "user, roles, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.changeRoles(this.#c.security, false, user, roles, policy),
    );
  }

  /**
   * One user with its roles and statistics; an unknown user rejects with INVALID_USER (60).
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * (await client.queryUser("app"))?.roles; // ["read-write"]
   * ```
   */
  queryUser(user: string, policy?: AdminPolicy): Promise<User | null> {
    return this.#admin(
      "queryUser()",
      arguments.length,
      2,
      "user, policy?",
      policy,
      ADMIN_POLICY,
      async () => (await sec.queryUsers(this.#c.security, user, policy))[0] ?? null,
    );
  }

  /**
   * Every user.
   * @example `for (const u of await client.queryUsers()) console.log(u.name, u.roles);`
   */
  queryUsers(policy?: AdminPolicy): Promise<User[]> {
    return this.#admin(
      "queryUsers()",
      arguments.length,
      1,
      "policy?",
      policy,
      ADMIN_POLICY,
      () => sec.queryUsers(this.#c.security, undefined, policy),
    );
  }

  /**
   * Creates a role from privileges (data privileges may name an `ns` and `set`), with an
   * optional address whitelist and read/write quotas (per second).
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * await client.createRole("reporting", [{ code: "read", ns: "test", set: "sales" }], { readQuota: 500 });
   * ```
   */
  createRole(role: string, privileges: readonly Privilege[], options?: RoleOptions): Promise<void> {
    return this.#admin(
      "createRole()",
      arguments.length,
      3,
      "role, privileges, options?",
      options,
      ROLE_OPTIONS,
      () => sec.createRole(this.#c.security, role, privileges, options),
    );
  }

  /**
   * Removes a role (and takes it from every user).
   * @example `await client.dropRole("reporting");`
   */
  dropRole(role: string, policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "dropRole()",
      arguments.length,
      2,
      "role, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.dropRole(this.#c.security, role, policy),
    );
  }

  /**
   * Adds privileges to a role.
   * @example `await client.grantPrivileges("reporting", [{ code: "read-write", ns: "test" }]);`
   */
  grantPrivileges(role: string, privileges: readonly Privilege[], policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "grantPrivileges()",
      arguments.length,
      3,
      "role, privileges, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.changePrivileges(this.#c.security, true, role, privileges, policy),
    );
  }

  /**
   * Removes privileges from a role.
   * @example `await client.revokePrivileges("reporting", [{ code: "read-write", ns: "test" }]);`
   */
  revokePrivileges(role: string, privileges: readonly Privilege[], policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "revokePrivileges()",
      arguments.length,
      3,
      "role, privileges, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.changePrivileges(this.#c.security, false, role, privileges, policy),
    );
  }

  /**
   * Sets the client addresses allowed to use a role (`[]`: any).
   * @example `await client.setWhitelist("reporting", ["10.0.0.0/24"]);`
   */
  setWhitelist(role: string, whitelist: readonly string[], policy?: AdminPolicy): Promise<void> {
    return this.#admin(
      "setWhitelist()",
      arguments.length,
      3,
      "role, whitelist, policy?",
      policy,
      ADMIN_POLICY,
      () => sec.setWhitelist(this.#c.security, role, whitelist, policy),
    );
  }

  /**
   * Sets a role's reads and writes per second (a missing one is 0: no limit).
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * await client.setQuotas("reporting", { readQuota: 1000, writeQuota: 0 });
   * ```
   */
  setQuotas(role: string, quotas: { readQuota?: number; writeQuota?: number } & AdminPolicy): Promise<void> {
    return this.#admin(
      "setQuotas()",
      arguments.length,
      2,
      "role, quotas",
      quotas,
      QUOTAS,
      () => sec.setQuotas(this.#c.security, role, quotas),
    );
  }

  /**
   * One role (predefined ones too); an unknown role rejects with INVALID_ROLE (70).
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * (await client.queryRole("reporting"))?.privileges;
   * ```
   */
  queryRole(role: string, policy?: AdminPolicy): Promise<Role | null> {
    return this.#admin(
      "queryRole()",
      arguments.length,
      2,
      "role, policy?",
      policy,
      ADMIN_POLICY,
      async () => (await sec.queryRoles(this.#c.security, role, policy))[0] ?? null,
    );
  }

  /**
   * Every role, predefined ones included.
   * @example `(await client.queryRoles()).map((r) => r.name);`
   */
  queryRoles(policy?: AdminPolicy): Promise<Role[]> {
    return this.#admin(
      "queryRoles()",
      arguments.length,
      1,
      "policy?",
      policy,
      ADMIN_POLICY,
      () => sec.queryRoles(this.#c.security, undefined, policy),
    );
  }

  // Admin entry points: arity and policy checked, misuse rejects the promise.
  #admin<T>(
    where: string,
    count: number,
    max: number,
    signature: string,
    policy: unknown,
    shape: Shape,
    run: () => Promise<T>,
  ): Promise<T> {
    return rejectMisuse(() => {
      checkArity(where, count, max, signature);
      checkOptions(policy, shape, where);
    }, run);
  }

  /**
   * Registers an observer of commands (start, retry, end) and cluster changes (nodes, tending,
   * partition maps, connections, push-back, circuit breaker); returns a function that removes it.
   * An observer that implements no command method costs commands nothing. Its methods run
   * synchronously inside the client and must neither throw (it would be ignored) nor block.
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * const stop = client.observe({ commandEnd: (c) => console.log(c.kind, c.node?.name, c.code, c.latency) });
   * stop();
   * ```
   */
  observe(observer: Observer): () => void {
    return this.#cluster.observer.add(observer);
  }

  /**
   * Calls `listener` on each `event`: `nodeAdded` (node), `nodeRemoved` (node, reason),
   * `disconnected` (no node reachable any more) and `connected` (a node is reachable again).
   * Listeners run synchronously in the tender; one that throws is ignored.
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * client.on("nodeRemoved", (node, reason) => console.warn(`${node.name} left: ${reason}`));
   * ```
   */
  on<E extends ClientEvent>(event: E, listener: ClientEventMap[E]): this {
    this.#events.on(event, listener);
    return this;
  }

  /**
   * Removes a listener added with `on()`.
   * @example `client.off("nodeRemoved", onRemoved);`
   */
  off<E extends ClientEvent>(event: E, listener: ClientEventMap[E]): this {
    this.#events.off(event, listener);
    return this;
  }

  /**
   * Whether some node is reachable (the cluster has at least one active node) and the client is
   * open.
   * @example `if (!client.isConnected()) console.warn("no node reachable");`
   */
  isConnected(): boolean {
    return !this.#cluster.closed && this.#cluster.nodes.some((n) => n.active);
  }

  /**
   * Adds a seed host (the official clients' `addSeedHost`): the cluster starts over from its seeds
   * when it has lost every node, and with `seedOnly` it tends the new seed from the next tend
   * cycle on. Resolves nothing; returns false when that host and port already is a seed. Throws a
   * TypeError/RangeError for a malformed host or port.
   * @param host host name or address (IPv6 with or without brackets)
   * @param port service port (default 3000)
   * @param options `tlsName`: the name the node's TLS certificate carries
   * @example `client.addSeedHost("10.0.0.7", 3000);`
   */
  addSeedHost(host: string, port?: number, options: { tlsName?: string } = {}): boolean {
    return seeds.addSeedHost(this.#cluster, host, port, options.tlsName);
  }

  /**
   * Removes a seed host (the official clients' `removeSeedHost`); nodes already found stay
   * connected. Returns false when it was no seed.
   * @example `client.removeSeedHost("10.0.0.7", 3000);`
   */
  removeSeedHost(host: string, port?: number): boolean {
    return seeds.removeSeedHost(this.#cluster, host, port);
  }

  /**
   * The current seed hosts (a copy).
   * @example `client.seedHosts().length;`
   */
  seedHosts(): SeedRef[] {
    return this.#cluster.seeds;
  }

  /**
   * The cluster's active nodes.
   * @example `client.nodes().map((n) => n.name);`
   */
  nodes(): NodeRef[] {
    return this.#cluster.nodes.filter((n) => n.active).map((n) => ({ name: n.name, address: n.address }));
  }

  /**
   * Starts the official clients' extended metrics: every `interval` tend intervals a snapshot
   * (per node: connections, and per namespace errors, timeouts and latency histograms of conn,
   * write, read, batch and query commands) is appended to `reportDir/metrics-<timestamp>.log` in
   * the official file format, or handed to `listener`. Enabling again replaces the running
   * metrics (final snapshot first). Bad options throw a RangeError or TypeError before anything
   * starts; a directory that cannot be created throws the file system's error.
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * client.enableMetrics({ interval: 30, reportDir: "./metrics", labels: { app: "web" } });
   * ```
   */
  enableMetrics(options: MetricsOptions = {}): void {
    if (this.#closing !== undefined) throw new TypeError("enableMetrics() on a closed client");
    const sources = {
      cluster: this.#cluster,
      executor: this.#c.executor,
      clusterName: this.#options.clusterName ?? "",
      tendInterval: this.#options.tendInterval ?? 1000,
    };
    const next = MetricsSession.prepare(sources, options); // throws before the running one stops
    this.#metrics?.stop();
    this.#metrics = undefined;
    this.#metrics = next.start();
  }

  /**
   * Stops extended metrics: the listener gets a final snapshot and the file is closed. A no-op
   * when metrics are not enabled; `close()` does it too.
   * @example `client.disableMetrics();`
   */
  disableMetrics(): void {
    const m = this.#metrics;
    this.#metrics = undefined;
    m?.stop();
  }

  /** Nodes, connections, commands in flight and queued, retries, timeouts and errors by code. */
  stats(): ClientStats {
    return clientStats(this.#cluster, this.#c.executor, this.#stats);
  }

  /**
   * Rejects pending and queued commands with CLIENT_CLOSED, stops the sweeper and the tender and
   * closes every socket, so the process can exit. Idempotent: repeated and concurrent calls get
   * the one promise of the first call, and the work is done once.
   * @example
   * ```ts
   * import { Client } from "@aerolite/client";
   * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
   * await client.close();
   * ```
   */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      try {
        this.disableMetrics();
      } catch { /* a listener's failure must not keep the client open */ }
      this.#c.executor.close();
      this.#closing = this.#cluster.close();
    }
    return this.#closing;
  }

  /**
   * `close()` for `await using`: the client is closed when the scope ends, also on a throw
   * (Deno, Bun, and Node through TypeScript or a transpiler that lowers `await using`).
   * @example
   * ```ts
   * import { Client, Key } from "@aerolite/client";
   * {
   *   await using client = await Client.connect({ hosts: "127.0.0.1:3000" });
   *   await client.put(new Key("test", "demo", "user:1"), { name: "Ada" });
   * } // closed here
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
