/**
 * The official `Client`: same methods and argument shapes, each callable with a trailing callback
 * or as a promise, running on an aerolite `Client`.
 * @module
 */
import {
  type Bins,
  Client as AeroClient,
  type ClientOptions,
  type ClientPolicies,
  ctx,
  type HostSpec,
  type Operation as AeroOperation,
  ops as aeroOps,
  type Value,
} from "../../mod.ts";
import { status } from "./constants.ts";
import { AerospikeError, toCompatError } from "./errors.ts";
import { buildOps, Operation } from "./operation.ts";
import { readPolicy, writePolicy } from "./policy.ts";
import {
  Bin,
  fromAeroBins,
  fromAeroKey,
  fromAeroValue,
  Key,
  Record,
  toAeroBins,
  toAeroKey,
  toAeroValue,
} from "./values.ts";
import * as batch from "./client_batch.ts";
import * as admin from "./client_admin.ts";
import { Query, Scan } from "./query.ts";
import { Context } from "./context.ts";

// Whether a client has connected in this process: the official global command queue can only be
// set up before that.
let commandQueueFixed = false;

/** Whether `setupGlobalCommandQueue` may still be called (no client has connected yet). */
export function commandQueueConfigurable(): boolean {
  return !commandQueueFixed;
}

/** A node callback `(error, result)`. */
export type Callback<T> = (error: AerospikeError | null, result?: T) => void;

/** The official client configuration (the parts compat uses; others are accepted and ignored). */
export interface Config {
  /** `"h1:3000,h2:3000"` or `[{ addr, port }]`. */
  hosts?: string | { addr: string; port?: number }[];
  /** Default port. */
  port?: number;
  /** User (Enterprise security). */
  user?: string;
  /** Password. */
  password?: string;
  /** Cluster name to check. */
  clusterName?: string;
  /** Default policies per command kind (`{ read: { totalTimeout } }`). */
  policies?: { [kind: string]: unknown };
  /** Connection timeout in ms. */
  connTimeoutMs?: number;
  /** Tend interval in ms. */
  tenderInterval?: number;
  /** Max connections per node. */
  maxConnsPerNode?: number;
  /** Any other field (accepted, ignored). */
  [other: string]: unknown;
}

/** Splits the arguments of an official call into values and the trailing callback. */
export function splitArgs(
  args: readonly unknown[],
): { values: unknown[]; cb: Callback<unknown> | undefined } {
  const i = args.findIndex((a) => typeof a === "function");
  if (i < 0) return { values: [...args], cb: undefined };
  return { values: args.slice(0, i), cb: args[i] as Callback<unknown> };
}

/**
 * Calls a user callback outside any promise chain, as the official client calls it from the native
 * side: an exception it throws (a failed assertion in a test) is an uncaught exception, not a
 * rejection nobody handles.
 */
export function callOut(fn: () => void): void {
  queueMicrotask(fn);
}

/** Runs `work`, answering by callback (if given) and by the returned promise. */
export function answer<T>(
  cb: Callback<T> | undefined,
  work: () => Promise<T>,
  onError?: () => T,
): Promise<T> {
  let p: Promise<T>;
  try {
    p = work().catch((e) => Promise.reject(toCompatError(e)));
  } catch (e) {
    p = Promise.reject(toCompatError(e));
  }
  // With a callback the promise is still returned; it has a handler, so a rejection is not unhandled.
  if (cb !== undefined) {
    // As the official commands: a failed read still hands the callback a record of the caller's
    // key, a failed write the key (`onError`).
    p.then(
      (r) => callOut(() => cb(null, r)),
      (e) => callOut(() => onError ? cb(e as AerospikeError, onError()) : cb(e as AerospikeError)),
    );
  }
  return p;
}

function hostsOf(config: Config): string | HostSpec[] {
  const h = config.hosts ?? (globalThis as { process?: { env?: { [k: string]: string } } }).process?.env
    ?.AEROSPIKE_HOSTS ??
    "localhost";
  if (typeof h === "string") return h;
  return h.map((x) => ({ host: x.addr, port: x.port ?? config.port ?? 3000 }));
}

function policiesOf(config: Config): ClientPolicies {
  const p = config.policies ?? {};
  const out: ClientPolicies = {};
  const r = (k: string) => (p[k] === undefined ? undefined : readPolicy(p[k]));
  const read = r("read"), write = p.write === undefined ? undefined : writePolicy(p.write);
  if (read) out.read = read;
  if (write) out.write = write as ClientPolicies["write"];
  const b = r("batch");
  if (b) out.batch = b;
  const q = r("query") ?? r("scan");
  if (q) out.query = q;
  const info = p.info as { totalTimeout?: number } | undefined;
  if (info?.totalTimeout) out.info = { totalTimeout: info.totalTimeout };
  return out;
}

type Meta = { ttl?: number; gen?: number } | undefined;

/** A client with the official API. Create it with `Aerospike.client(config)` and `connect()`. */
export class Client {
  /** The configuration given. */
  config: Config;
  /** Whether `connect()` succeeded and `close()` was not called. */
  connected = false;
  /** Capture stack traces (accepted, no effect). */
  captureStackTraces = false;
  #aero: AeroClient | undefined;
  #listeners = new Map<string, ((...a: unknown[]) => void)[]>();

  /** Stores the configuration; nothing connects until `connect()`. */
  constructor(config: Config = {}) {
    this.config = config;
  }

  /** The aerolite client underneath (throws when not connected). */
  get aerolite(): AeroClient {
    if (!this.#aero) throw new AerospikeError("Not connected.", undefined, status.ERR_CLIENT);
    return this.#aero;
  }

  /** Connects to the cluster; resolves to this client. */
  connect(callback?: Callback<Client>): Promise<Client> {
    return answer(callback, async () => {
      if (this.#aero) return this;
      const opts: ClientOptions = { hosts: hostsOf(this.config), policies: policiesOf(this.config) };
      if (this.config.user) opts.user = this.config.user;
      if (this.config.password) opts.password = this.config.password;
      if (this.config.clusterName) opts.clusterName = this.config.clusterName;
      if (typeof this.config.connTimeoutMs === "number") opts.connectTimeout = this.config.connTimeoutMs;
      if (typeof this.config.maxConnsPerNode === "number") opts.maxConnsPerNode = this.config.maxConnsPerNode;
      try {
        this.#aero = await AeroClient.connect(opts);
      } catch (e) {
        const err = toCompatError(e);
        if (err instanceof AerospikeError) {
          err.code = status.ERR_CONNECTION;
          err.message = "Failed to connect";
        }
        throw err;
      }
      this.connected = true;
      commandQueueFixed = true;
      // As the official client: one nodeAdded per node, also as a generic `event`.
      for (const n of this.#aero.nodes()) {
        const i = n.address.lastIndexOf(":");
        const ev = {
          name: "nodeAdded",
          nodeName: n.name,
          nodeAddress: n.address.slice(0, i),
          nodePort: Number(n.address.slice(i + 1)),
        };
        this.#emit("nodeAdded", ev);
        this.#emit("event", ev);
      }
      return this;
    });
  }

  /** Closes the connections. */
  close(releaseEventLoop?: boolean): void {
    void releaseEventLoop;
    const c = this.#aero;
    this.#aero = undefined;
    this.connected = false;
    if (c) void c.close().catch(() => {});
  }

  /** The cluster check `isConnected(true)` makes (the official client's native handle). */
  as_client: { isConnected(): boolean } = { isConnected: () => this.#aero?.isConnected() ?? false };

  /** Whether `connect()` succeeded and `close()` was not called; with `checkTenderErrors` (default) also whether the cluster is reachable. */
  isConnected(checkTenderErrors = true): boolean {
    let connected = this.#aero !== undefined;
    if (connected && checkTenderErrors) connected = this.as_client.isConnected();
    return connected;
  }

  /** A CDT context as base64 text (the server's `context=` form, e.g. to store it in a bin). */
  contextToBase64(context: Context): string {
    if (!(context instanceof Context)) throw new TypeError("Context must be a CDT Context");
    return ctx.toBase64(context.items);
  }

  /** A CDT context back from `contextToBase64` text. */
  contextFromBase64(serializedContext: string): Context {
    if (typeof serializedContext !== "string") throw new TypeError("serializedContext must be a string");
    const c = new Context();
    c.items = ctx.fromBase64(serializedContext);
    return c;
  }

  /** The cluster's nodes: `[{ name, address }]`. */
  getNodes(): { name: string; address: string }[] {
    return this.#aero ? this.#aero.nodes().map((n) => ({ name: n.name, address: n.address })) : [];
  }

  /** Connection and command counters. */
  stats(): unknown {
    const s = this.aerolite.stats();
    return {
      commands: { inFlight: s.inFlight, queued: s.queued },
      nodes: s.nodes.map((n) => ({
        name: n.name,
        syncConnections: { inPool: n.connections.idle, inUse: n.connections.open - n.connections.idle },
        asyncConnections: { inPool: n.connections.idle, inUse: n.connections.open - n.connections.idle },
      })),
    };
  }

  /** Adds an event listener (`nodeAdded`, `nodeRemoved`, `disconnected`). */
  on(event: string, listener: (...a: unknown[]) => void): this {
    const l = this.#listeners.get(event) ?? [];
    l.push(listener);
    this.#listeners.set(event, l);
    return this;
  }
  /** Same as `on`. */
  addListener(event: string, listener: (...a: unknown[]) => void): this {
    return this.on(event, listener);
  }
  /** Adds a listener called once. */
  once(event: string, listener: (...a: unknown[]) => void): this {
    const wrap = (...a: unknown[]) => {
      this.removeListener(event, wrap);
      listener(...a);
    };
    return this.on(event, wrap);
  }
  /** Removes a listener. */
  removeListener(event: string, listener: (...a: unknown[]) => void): this {
    const l = this.#listeners.get(event);
    if (l) this.#listeners.set(event, l.filter((x) => x !== listener));
    return this;
  }
  /** Same as `removeListener`. */
  off(event: string, listener: (...a: unknown[]) => void): this {
    return this.removeListener(event, listener);
  }
  #emit(event: string, ...a: unknown[]): void {
    for (const l of this.#listeners.get(event) ?? []) l(...a);
  }

  // ---- single-record commands ----------------------------------------------------------

  /** Writes bins: `put(key, bins, meta?, policy?, callback?)`; resolves to the key. */
  put(key: Key, bins: unknown, ...rest: unknown[]): Promise<Key> {
    const { values, cb } = splitArgs(rest);
    return answer(cb as Callback<Key>, async () => {
      // Plain { ns, set, key } objects are keys too (the official client's backward compatibility).
      if (key === null || typeof key !== "object") {
        throw new AerospikeError("Key must be an instance of Key", undefined, status.ERR_PARAM);
      }
      if (
        bins === null || typeof bins !== "object" ||
        (Array.isArray(bins) && !bins.every((b) => b instanceof Bin))
      ) {
        throw new AerospikeError("Bins parameter must be an object", undefined, status.ERR_PARAM);
      }
      const m = values[0] as { ttl?: unknown; gen?: unknown } | undefined;
      if (
        m &&
        ((m.ttl !== undefined && typeof m.ttl !== "number") ||
          (m.gen !== undefined && typeof m.gen !== "number"))
      ) {
        throw new AerospikeError(
          "Invalid metadata: ttl and gen must be numbers",
          undefined,
          status.ERR_PARAM,
        );
      }
      const b = toAeroBins(bins);
      for (const name of Object.keys(b)) {
        if (new TextEncoder().encode(name).length > 15) {
          throw new AerospikeError(`Bin name "${name}" too long`, undefined, status.ERR_REQUEST_INVALID);
        }
      }
      await this.aerolite.put(toAeroKey(key), b, writePolicy(values[1], values[0] as Meta));
      return key;
    }, () => key);
  }

  /** Reads a record (rejects with ERR_RECORD_NOT_FOUND when missing). */
  get(key: Key, ...rest: unknown[]): Promise<Record> {
    const { values, cb } = splitArgs(rest);
    return answer(cb as Callback<Record>, () => this.#read(key, undefined, values[0]), () => failedRead(key));
  }

  /** Reads some bins of a record. */
  select(key: Key, bins: string[], ...rest: unknown[]): Promise<Record> {
    const { values, cb } = splitArgs(rest);
    return answer(cb as Callback<Record>, () => {
      if (!Array.isArray(bins)) {
        throw new AerospikeError("Bins must be an array", undefined, status.ERR_PARAM);
      }
      return this.#read(key, bins, values[0]);
    }, () => failedRead(key));
  }

  async #read(key: Key, bins: string[] | undefined, policy: unknown): Promise<Record> {
    const k = toAeroKey(key);
    const rec = bins === undefined
      ? await this.aerolite.get(k, readPolicy(policy))
      : await this.aerolite.get(k, bins, readPolicy(policy));
    if (rec === null) {
      throw new AerospikeError("Record does not exist in database.", undefined, status.ERR_RECORD_NOT_FOUND);
    }
    return new Record(sameKey(rec.key, key), fromAeroBins(rec.bins), {
      ttl: rec.ttl,
      gen: rec.generation,
    });
  }

  /** Whether the record exists. */
  exists(key: Key, ...rest: unknown[]): Promise<boolean> {
    const { values, cb } = splitArgs(rest);
    return answer(cb as Callback<boolean>, () => this.aerolite.exists(toAeroKey(key), readPolicy(values[0])));
  }

  /** The record's metadata (`bins` null); `ttl`/`gen` undefined when it does not exist. */
  existsWithMetadata(key: Key, ...rest: unknown[]): Promise<Record> {
    const { values, cb } = splitArgs(rest);
    return answer(cb as Callback<Record>, async () => {
      const rec = await this.aerolite.get(toAeroKey(key), [], readPolicy(values[0]));
      if (rec === null) return new Record(key, null, {});
      return new Record(sameKey(rec.key, key), null, { ttl: rec.ttl, gen: rec.generation });
    });
  }

  /** Deletes a record; resolves to the key (rejects with ERR_RECORD_NOT_FOUND when missing). */
  remove(key: Key, ...rest: unknown[]): Promise<Key> {
    const { values, cb } = splitArgs(rest);
    return answer(cb as Callback<Key>, async () => {
      const found = await this.aerolite.remove(toAeroKey(key), writePolicy(values[0]));
      if (!found) {
        throw new AerospikeError(
          "Record does not exist in database.",
          undefined,
          status.ERR_RECORD_NOT_FOUND,
        );
      }
      return key;
    }, () => key);
  }

  /** Runs operations on one record: `operate(key, ops, meta?, policy?, callback?)`. */
  operate(key: Key, operations: unknown, ...rest: unknown[]): Promise<Record> {
    const { values, cb } = splitArgs(rest);
    return answer(
      cb as Callback<Record>,
      () => this.#operate(key, operations, values[0] as Meta, values[1]),
      () => failedRead(key),
    );
  }

  async #operate(key: Key, operations: unknown, meta: Meta, policy: unknown): Promise<Record> {
    if (!(key instanceof Key)) {
      throw new AerospikeError("Key must be an instance of Key", undefined, status.ERR_PARAM);
    }
    const list = Array.isArray(operations) ? operations : [];
    const aeroOpsList = buildOps(operations);
    const pol = writePolicy(policy, meta);
    const touch = list.find((o) => o instanceof Operation && o.op === "touch") as
      | { ttl?: number }
      | undefined;
    if (touch && typeof touch.ttl === "number" && meta?.ttl === undefined) pol.ttl = touch.ttl;
    const rec = await this.aerolite.operate(toAeroKey(key), aeroOpsList, pol);
    const bins: { [bin: string]: unknown } = {};
    aeroOpsList.forEach((_o, i) => {
      const r = rec.results[i];
      const op = list[i] as Operation;
      // Only bins the server answered: without INFO2_RESPOND_ALL_OPS a write or a read of a missing
      // bin answers nothing, and the official client then has no such bin (not a null one).
      if (r === undefined || !op.bin || !(op.bin in rec.bins)) return;
      // The official client answers a map's KEY_VALUE selection as a flat [k1, v1, k2, v2] list.
      const keyValue = ((op.returnType ?? 0) & 0xffff) === 8 && r !== null && typeof r === "object" &&
        !Array.isArray(r) && !(r instanceof Uint8Array);
      if (!keyValue) bins[op.bin] = fromAeroValue(r);
      else bins[op.bin] = (r instanceof Map ? [...r] : Object.entries(r as object)).flat().map(fromAeroValue);
    });
    for (const [k, v] of Object.entries(rec.bins)) if (!(k in bins)) bins[k] = fromAeroValue(v);
    return new Record(sameKey(rec.key, key), bins, { ttl: rec.ttl, gen: rec.generation });
  }

  #scalar(kind: "append" | "prepend" | "add", key: Key, bins: unknown, rest: unknown[]) {
    const { values, cb } = splitArgs(rest);
    return answer(cb as Callback<Record>, () => {
      if (bins === null || typeof bins !== "object") {
        throw new AerospikeError("Bins must be an object", undefined, status.ERR_PARAM);
      }
      const opsList = Object.entries(bins).map(([b, v]) =>
        new Operation(
          kind,
          b,
          () => (aeroOps[kind] as (b: string, v: Value) => AeroOperation)(b, toAeroValue(v)),
        )
      );
      return this.#operate(key, opsList, values[0] as Meta, values[1]);
    });
  }
  /** Appends strings/bytes to bins. */
  append(key: Key, bins: unknown, ...rest: unknown[]): Promise<Record> {
    return this.#scalar("append", key, bins, rest);
  }
  /** Prepends strings/bytes to bins. */
  prepend(key: Key, bins: unknown, ...rest: unknown[]): Promise<Record> {
    return this.#scalar("prepend", key, bins, rest);
  }
  /** Adds numbers to bins. */
  add(key: Key, bins: unknown, ...rest: unknown[]): Promise<Record> {
    return this.#scalar("add", key, bins, rest);
  }
  /** Same as `add`. */
  incr(key: Key, bins: unknown, ...rest: unknown[]): Promise<Record> {
    return this.#scalar("add", key, bins, rest);
  }

  /** Runs a UDF on a record: `apply(key, { module, funcname, args }, policy?, callback?)`. */
  apply(key: Key, udf: unknown, ...rest: unknown[]): Promise<unknown> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, async () => {
      const u = (udf ?? {}) as { module?: string; funcname?: string; args?: unknown[] };
      if (typeof u.module !== "string" || typeof u.funcname !== "string") {
        throw new AerospikeError("UDF must have module and funcname", undefined, status.ERR_PARAM);
      }
      const r = await this.aerolite.apply(
        toAeroKey(key),
        u.module,
        u.funcname,
        (u.args ?? []).map(toAeroValue),
        writePolicy(values[0]),
      );
      return fromAeroValue(r);
    });
  }

  // ---- batch -----------------------------------------------------------------------------

  /** Reads several records: `batchRead(records, policy?, callback?)`. */
  batchRead(records: unknown[], ...rest: unknown[]): Promise<batch.BatchRecord[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => batch.batchRead(this.aerolite, records, values[0]));
  }
  /** Writes/reads/removes/applies for several records. */
  batchWrite(records: unknown[], ...rest: unknown[]): Promise<unknown[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => batch.batchWrite(this.aerolite, records, values[0]));
  }
  /** Applies a UDF to several records. */
  batchApply(keys: Key[], udf: unknown, ...rest: unknown[]): Promise<unknown[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => batch.batchApply(this.aerolite, keys, udf, values[0]));
  }
  /** Removes several records. */
  batchRemove(keys: Key[], ...rest: unknown[]): Promise<unknown[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => batch.batchRemove(this.aerolite, keys, values[0], values[1]));
  }
  /** Reads several records: `[{ status, record }]`. */
  batchGet(keys: Key[], ...rest: unknown[]): Promise<unknown[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => batch.batchGet(this.aerolite, keys, undefined, values[0]));
  }
  /** Reads some bins of several records. */
  batchSelect(keys: Key[], bins: string[], ...rest: unknown[]): Promise<unknown[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => batch.batchGet(this.aerolite, keys, bins, values[0]));
  }
  /** Existence of several records: `[{ status, record }]`. */
  batchExists(keys: Key[], ...rest: unknown[]): Promise<unknown[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => batch.batchExists(this.aerolite, keys, values[0]));
  }

  // ---- query / scan ----------------------------------------------------------------------

  /** A query on a namespace and set. */
  query(
    ns: string,
    set?: string | null | { [k: string]: unknown },
    options?: { [k: string]: unknown },
  ): Query {
    if (set !== null && typeof set === "object") return new Query(this, ns, null, set);
    return new Query(this, ns, set ?? null, options);
  }
  /** A scan of a namespace and set. */
  scan(ns: string, set?: string | null | { [k: string]: unknown }, options?: { [k: string]: unknown }): Scan {
    if (set !== null && typeof set === "object") return new Scan(this, ns, null, set);
    return new Scan(this, ns, set ?? null, options);
  }

  // ---- info / admin ----------------------------------------------------------------------

  /** Sends an info request to one host (`{ addr, port }`) or any node. */
  info(request: string | null | undefined, ...rest: unknown[]): Promise<string> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => admin.info(this, request, values[0]));
  }
  /** Sends an info request to any node. */
  infoAny(...rest: unknown[]): Promise<string> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => admin.info(this, values[0] as string | undefined, undefined));
  }
  /** Sends an info request to every node: `[{ host, info }]`. */
  infoAll(...rest: unknown[]): Promise<unknown[]> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => admin.infoAll(this, values[0] as string | undefined));
  }
  /** Sends an info request to a node `{ name }`. */
  infoNode(request: string, node: { name: string }, ...rest: unknown[]): Promise<string> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.infoNode(this, request, node));
  }
  /** Deletes the records of a set (or namespace) last updated before `beforeNanos`. */
  truncate(ns: string, ...rest: unknown[]): Promise<void> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, async () => {
      const set = typeof values[0] === "string" ? values[0] : null;
      const before = values[1];
      await this.aerolite.truncate(
        ns,
        set,
        // Nanoseconds, as the official client takes them (Date.now() * 1e6 is beyond 2^53: rounded).
        typeof before === "number" && before > 0
          ? BigInt(Math.round(before))
          : typeof before === "bigint" && before > 0n
          ? before
          : undefined,
      );
    });
  }
  /** Registers a UDF module from a file (Node: read from disk) → `UdfJob`. */
  udfRegister(udfPath: string, ...rest: unknown[]): Promise<unknown> {
    const { values, cb } = splitArgs(rest);
    return answer(cb, () => admin.udfRegister(this, udfPath, values));
  }
  /** Removes a UDF module → `UdfJob`. */
  udfRemove(udfModule: string, ...rest: unknown[]): Promise<unknown> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.udfRemove(this, udfModule));
  }
  /** Creates a secondary index → `IndexJob`. */
  createIndex(options: unknown, ...rest: unknown[]): Promise<unknown> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.createIndex(this, options, undefined));
  }
  /** Creates an integer index. */
  createIntegerIndex(options: unknown, ...rest: unknown[]): Promise<unknown> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.createIndex(this, options, 1));
  }
  /** Creates a string index. */
  createStringIndex(options: unknown, ...rest: unknown[]): Promise<unknown> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.createIndex(this, options, 0));
  }
  /** Creates a geo index. */
  createGeo2DSphereIndex(options: unknown, ...rest: unknown[]): Promise<unknown> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.createIndex(this, options, 2));
  }
  /** Creates a blob index. */
  createBlobIndex(options: unknown, ...rest: unknown[]): Promise<unknown> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.createIndex(this, options, 3));
  }
  /** Drops a secondary index. */
  indexRemove(ns: string, index: string, ...rest: unknown[]): Promise<void> {
    const { cb } = splitArgs(rest);
    return answer(cb, () => admin.indexRemove(this, ns, index));
  }
}

// The record a failed get/select/operate hands its callback with the error.
function failedRead(key: unknown): Record {
  return new Record(key as Key, undefined as never, undefined);
}

// A single-record command's record carries the caller's own key object, as the official client's
// does (its digest stays as the caller left it).
function sameKey(k: Parameters<typeof fromAeroKey>[0], key: unknown): Key | undefined {
  return key instanceof Key ? key : fromAeroKey(k, key);
}

/** The bins of a record in the official shapes (exported for batch/query helpers). */
export function recordOf(
  rec: { key?: unknown; bins: Bins; ttl: number; generation: number },
  key?: Key,
): Record {
  return new Record(
    fromAeroKey(rec.key as Parameters<typeof fromAeroKey>[0], key),
    fromAeroBins(rec.bins),
    { ttl: rec.ttl, gen: rec.generation },
  );
}
