/**
 * The official `Query` and `Scan` (`where`, `select`, `foreach` with `data`/`error`/`end` events,
 * `results`, pagination with `maxRecords`, `background`, `operate`) over aerolite's record streams.
 * @module
 */
import type {
  Client as AeroClient,
  Operation as AeroOperation,
  PartitionStatus,
  QueryFilter,
  QueryOptions,
  QueryRecord,
  RecordStream as AeroStream,
  Value,
} from "../../mod.ts";
import { status } from "./constants.ts";
import { AerospikeError, toCompatError } from "./errors.ts";
import { buildOps } from "./operation.ts";
import { filterOf, readPolicy } from "./policy.ts";
import { type Job, jobOf } from "./job.ts";
import { fromAeroBins, fromAeroKey, fromAeroValue, Record, toAeroValue } from "./values.ts";

/** A stream event listener. */
export type Listener = (...a: unknown[]) => void;

/** The stream `foreach` returns: emits `data` (a `Record`), `error` and `end`. */
export class RecordStream {
  /** Whether `abort()` was called. */
  aborted = false;
  #listeners = new Map<string, Listener[]>();
  #stream: AeroStream | undefined;
  /** Adds a listener. */
  on(event: string, l: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), l]);
    return this;
  }
  /** Adds a listener called once. */
  once(event: string, l: Listener): this {
    const w: Listener = (...a) => {
      this.#listeners.set(event, (this.#listeners.get(event) ?? []).filter((x) => x !== w));
      l(...a);
    };
    return this.on(event, w);
  }
  /** Calls the listeners of an event. */
  emit(event: string, ...a: unknown[]): boolean {
    const ls = this.#listeners.get(event) ?? [];
    for (const l of ls) l(...a);
    return ls.length > 0;
  }
  /** Stops the stream; `end` is emitted once, on the next tick, as the official stream does. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    void this.#stream?.close();
    setTimeout(() => this.emit("end"), 0);
  }
  /**
   * Pumps an aerolite stream into events; `end` gets `endState()` (a paginated query's cursor).
   * After `abort()` nothing more is emitted here (abort emits `end` itself).
   */
  async run(
    stream: AeroStream,
    onRecord: (r: QueryRecord) => Record,
    endState?: () => unknown,
  ): Promise<void> {
    this.#stream = stream;
    try {
      for await (const r of stream) {
        if (this.aborted) return;
        this.emit("data", onRecord(r));
      }
    } catch (e) {
      if (!this.aborted) this.emit("error", toCompatError(e));
      return;
    }
    if (!this.aborted) this.emit("end", endState?.());
  }
  /** Emits `values` (a stream UDF's output) as records whose `bins` is the value. */
  async runValues(values: Promise<readonly unknown[]>): Promise<void> {
    let out: readonly unknown[];
    try {
      out = await values;
    } catch (e) {
      if (!this.aborted) this.emit("error", toCompatError(e));
      return;
    }
    for (const v of out) {
      if (this.aborted) return;
      this.emit("data", new Record(undefined, fromAeroValue(v as Value) as never, {}));
    }
    if (!this.aborted) this.emit("end");
  }
}

/** Options of `client.query(ns, set, options)` (official names). */
export interface QueryOpts {
  /** Index filters (only the first is used). */
  filters?: QueryFilter[];
  /** Bins to read. */
  select?: string[];
  /** Only keys and metadata. */
  nobins?: boolean;
  /** Page size for pagination / record limit. */
  maxRecords?: number;
  /** Resume with `nextPage()`. */
  paginate?: boolean;
  /** TTL of the records a background job writes. */
  ttl?: number;
  /** Any other field (accepted, ignored). */
  [other: string]: unknown;
}

/** A UDF of a query: module, function and arguments. */
export type QueryUdf = { module: string; funcname: string; args?: unknown[] | null };
/** A node-style callback `(error, result)` of a query method (optional). */
export type QueryCallback<T> = ((e: unknown, r?: T) => void) | null | undefined;

// Answers by the promise and, when given, by `callback(error, result)`.
function settle<T>(p: Promise<T>, cb: QueryCallback<T>): Promise<T> {
  const q = p.catch((e) => Promise.reject(toCompatError(e)));
  if (typeof cb === "function") {
    q.then((r) => queueMicrotask(() => cb(null, r)), (e) => queueMicrotask(() => cb(e)));
  }
  return q;
}

/** A query of one namespace and set (the official `Query`). */
export class Query {
  /** The compat client. */
  client: { readonly aerolite: AeroClient };
  /** Namespace. */
  ns: string;
  /** Set (null: the whole namespace). */
  set: string | null;
  /** Index filters (the first one is used). */
  filters: QueryFilter[] = [];
  /** Bins to read (undefined: all). */
  selected: string[] | undefined;
  /** Operations of `operate()`. */
  ops: unknown[] | undefined;
  /** Only keys and metadata. */
  nobins: boolean | undefined;
  /** A stream UDF (`setUdf`, `apply`) or record UDF (`background`). */
  udf: QueryUdf | undefined;
  /** Whether `partitions()` was called. */
  pfEnabled = false;
  /** The partitions set with `partitions()`. */
  partFilter: { begin?: number; count?: number; digest?: Uint8Array } | undefined;
  /** Paginate with `results()`/`foreach()` + `nextPage()`. */
  paginate: boolean | undefined;
  /** Record limit / page size. */
  maxRecords: number | undefined;
  /** Where the next page starts (undefined: the first page, or no more pages). */
  queryState: PartitionStatus | undefined;
  /** TTL of the records `operate()`/`background()` write. */
  ttl: number | undefined;

  /** Creates a query; nothing runs until `foreach`/`results`/`apply`/`background`/`operate`. */
  constructor(
    client: { readonly aerolite: AeroClient },
    ns: string,
    set: string | null,
    options?: QueryOpts | null,
  ) {
    const o = options ?? {};
    const legacy = ["UDF", "concurrent", "percentage", "priority"].filter((k) => k in o);
    if (legacy.length > 0) {
      throw new AerospikeError(
        `Invalid query arguments: ${legacy.join(",")}. Use Client#scan instead.`,
        undefined,
        status.ERR_PARAM,
      );
    }
    this.client = client;
    this.ns = ns;
    this.set = set;
    if (o.filters) this.filters = [...o.filters];
    this.selected = o.select;
    this.ops = o.ops as unknown[] | undefined;
    this.nobins = o.nobins;
    this.udf = o.udf as QueryUdf | undefined;
    this.paginate = o.paginate;
    this.maxRecords = o.maxRecords;
    this.ttl = o.ttl;
  }
  /** Sets the cursor the next page starts from. */
  nextPage(state: PartitionStatus | undefined): void {
    this.queryState = state;
  }
  /** Whether a paginated query has more pages. */
  hasNextPage(): boolean {
    return !!this.queryState;
  }
  /** Selects bins (`select("a", "b")` or `select(["a", "b"])`). */
  select(...bins: (string | string[])[]): void {
    this.selected = Array.isArray(bins[0]) ? [...bins[0]] : bins as string[];
  }
  /** Sets the index filter (replacing any earlier one). */
  where(filter: QueryFilter): void {
    if (filter === null || typeof filter !== "object") {
      throw new TypeError("indexFilter should be a SindexFilterPredicate");
    }
    this.filters = [filter];
  }
  /** Sets the stream UDF `foreach` runs the records through. */
  setUdf(udfModule: string, udfFunction: string, udfArgs?: unknown[] | null): void {
    this.udf = { module: udfModule, funcname: udfFunction, args: udfArgs };
  }
  /** Limits the query to `count` partitions from `begin` (or the partition of `digest`). */
  partitions(begin: number, count: number, digest?: Uint8Array): void {
    this.partFilter = { begin, count, ...(digest ? { digest } : {}) };
    this.pfEnabled = true;
  }

  // The aerolite options of this query under `policy`.
  #options(policy: unknown, maxRecords = this.maxRecords): QueryOptions {
    const o: QueryOptions = {};
    if (this.filters.length > 0 && this.filters[0]) o.filter = this.filters[0];
    if (this.selected) o.bins = this.selected;
    if (this.nobins) o.includeBinData = false;
    if (maxRecords) o.maxRecords = maxRecords;
    if (this.pfEnabled && this.partFilter) {
      const { begin, count, digest } = this.partFilter;
      o.partitions = digest ? { digest } : { begin: begin ?? 0, count: count ?? 4096 };
    }
    const p = readPolicy(policy);
    const f = filterOf((policy as { filterExpression?: unknown } | undefined)?.filterExpression);
    if (f) o.expression = f;
    const pol: { totalTimeout?: number; socketTimeout?: number } = {};
    if (p.totalTimeout !== undefined) pol.totalTimeout = p.totalTimeout;
    if (p.socketTimeout !== undefined) pol.socketTimeout = p.socketTimeout;
    if (Object.keys(pol).length > 0) o.policy = pol;
    return o;
  }

  /** The cursor a page starts from (paginated queries). */
  protected get pageState(): PartitionStatus | undefined {
    return this.queryState;
  }

  #record = (r: QueryRecord): Record => {
    const k = fromAeroKey(r.key);
    if (k && this.set && !k.set) k.set = this.set;
    return new Record(k, fromAeroBins(r.bins), { ttl: r.ttl, gen: r.generation });
  };

  /** Page size of `foreach(policy)`: the query's `maxRecords`, else the policy's. */
  protected pageSize(policy: unknown): number | undefined {
    const p = (policy ?? {}) as { maxRecords?: unknown };
    return this.maxRecords ?? (typeof p.maxRecords === "number" ? p.maxRecords : undefined);
  }

  /**
   * Streams the records: `foreach(policy?, dataCb?, errorCb?, endCb?)`. With a stream UDF
   * (`setUdf`) the stream emits its values (as `record.bins`). Paginated, `end` gets the cursor
   * of the next page, or undefined after the last one.
   */
  foreach(
    policy?: unknown,
    dataCb?: Listener | null,
    errorCb?: Listener | null,
    endCb?: Listener | null,
  ): RecordStream {
    const s = new RecordStream();
    if (dataCb) s.on("data", dataCb);
    if (errorCb) s.on("error", errorCb);
    if (endCb) s.on("end", endCb);
    if (this.udf) {
      if (this.paginate) {
        throw new Error(
          "Stream UDF cannot be applied using a paginated stream. Please disable pagination or UDF.",
        );
      }
      const u = this.udf;
      setTimeout(() => void s.runValues(this.#aggregate(u, policy)), 0);
      return s;
    }
    setTimeout(() => {
      let st: AeroStream;
      try {
        const o = this.#options(policy, this.pageSize(policy));
        if (this.paginate && this.pageState) o.cursor = this.pageState;
        st = this.client.aerolite.query(this.ns, this.set, o);
      } catch (e) {
        s.emit("error", toCompatError(e));
        return;
      }
      const endState = this.paginate
        ? () => {
          const c = st.cursor();
          return c.done ? undefined : c;
        }
        : undefined;
      void s.run(st, this.#record, endState);
    }, 0);
    return s;
  }

  /** All records (one page when paginating; the next page's cursor is kept). */
  results(policy?: unknown): Promise<Record[]> {
    return new Promise((resolve, reject) => {
      const out: Record[] = [];
      const s = this.foreach(policy);
      s.on("error", reject);
      s.on("data", (r) => out.push(r as Record));
      s.on("end", (state) => {
        this.nextPage(state as PartitionStatus | undefined);
        resolve(out);
      });
    });
  }

  #aggregate(udf: QueryUdf, policy: unknown): Promise<Value[]> {
    const o = this.#options(policy);
    return this.client.aerolite.queryAggregate(this.ns, this.set, {
      module: udf.module,
      fn: udf.funcname,
      args: (udf.args ?? []).map(toAeroValue),
      ...(o.filter ? { filter: o.filter } : {}),
      ...(o.expression ? { expression: o.expression } : {}),
      ...(o.policy ? { policy: o.policy } : {}),
    });
  }

  /** Runs the records through a stream UDF and resolves its (last) value: `apply(module, fn, args?, policy?, cb?)`. */
  apply(
    udfModule: string,
    udfFunction: string,
    udfArgs?: unknown[] | null | QueryCallback<unknown>,
    policy?: unknown,
    callback?: QueryCallback<unknown>,
  ): Promise<unknown> {
    let args = udfArgs;
    let cb = callback;
    if (typeof policy === "function") {
      cb = policy as QueryCallback<unknown>;
      policy = null;
    } else if (typeof udfArgs === "function") {
      cb = udfArgs;
      args = null;
    }
    const udf: QueryUdf = { module: udfModule, funcname: udfFunction, args: args as unknown[] | null };
    this.udf = udf;
    return settle(
      (async () => {
        const values = await this.#aggregate(udf, policy);
        return values.length === 0 ? undefined : fromAeroValue(values[values.length - 1]);
      })(),
      cb,
    );
  }

  // The records' TTL: the query's, else the policy's, else that of a `touch(ttl)` operation (the
  // official client sends the touch's ttl as the job's record TTL).
  #writePolicy(policy: unknown, operations?: unknown[]): { ttl?: number } | undefined {
    const p = (policy ?? {}) as { ttl?: unknown };
    const touch = operations?.find((o) => typeof (o as { ttl?: unknown } | null)?.ttl === "number") as
      | { ttl: number }
      | undefined;
    const ttl = typeof this.ttl === "number" ? this.ttl : typeof p.ttl === "number" ? p.ttl : touch?.ttl;
    return ttl === undefined ? undefined : { ttl };
  }

  /** Job module name (`"query"` or `"scan"`). */
  protected get jobModule(): string {
    return "query";
  }

  /** Runs a record UDF on every matching record in the background → `Job`. */
  background(
    udfModule: string,
    udfFunction: string,
    udfArgs?: unknown[] | null | QueryCallback<Job>,
    policy?: unknown,
    queryID?: unknown,
    callback?: QueryCallback<Job>,
  ): Promise<Job> {
    let args = udfArgs;
    let cb = callback;
    if (typeof udfArgs === "function") {
      cb = udfArgs;
      args = null;
    } else if (typeof policy === "function") {
      cb = policy as QueryCallback<Job>;
      policy = null;
    } else if (typeof queryID === "function") {
      cb = queryID as QueryCallback<Job>;
    }
    this.udf = { module: udfModule, funcname: udfFunction, args: args as unknown[] | null };
    const udf = this.udf;
    return settle(
      (async () => {
        const o = this.#options(policy);
        const wp = this.#writePolicy(policy);
        const j = await this.client.aerolite.queryBackground(this.ns, this.set, {
          ...(o.filter ? { filter: o.filter } : {}),
          ...(o.expression ? { expression: o.expression } : {}),
          ...(wp ? { writePolicy: wp } : {}),
          udf: { module: udf.module, fn: udf.funcname, args: (udf.args ?? []).map(toAeroValue) },
        });
        return jobOf(this.client, j, this.jobModule);
      })(),
      cb,
    );
  }

  /** Runs write operations on every matching record in the background → `Job`. */
  operate(
    operations: unknown[],
    policy?: unknown,
    queryID?: unknown,
    callback?: QueryCallback<Job>,
  ): Promise<Job> {
    this.ops = operations;
    const cb = typeof queryID === "function" ? queryID as QueryCallback<Job> : callback;
    return settle(
      (async () => {
        const o = this.#options(policy);
        const wp = this.#writePolicy(policy, operations);
        const ops: AeroOperation[] = buildOps(operations);
        const j = await this.client.aerolite.queryBackground(this.ns, this.set, {
          ...(o.filter ? { filter: o.filter } : {}),
          ...(o.expression ? { expression: o.expression } : {}),
          ...(wp ? { writePolicy: wp } : {}),
          ops,
        });
        return jobOf(this.client, j, this.jobModule);
      })(),
      cb,
    );
  }
}

/** A scan (the official `Scan`): a query without index filter, paged with `scanState`. */
export class Scan extends Query {
  /** Accepted (aerolite scans partitions concurrently). */
  concurrent: boolean | undefined;
  /** Where the next page starts (paginated scans). */
  scanState: PartitionStatus | undefined;
  /** Creates a scan; nothing runs until `foreach`/`results`/`background`/`operate`. */
  constructor(
    client: { readonly aerolite: AeroClient },
    ns: string,
    set: string | null,
    options?: QueryOpts | null,
  ) {
    const o = { ...(options ?? {}) };
    const concurrent = o.concurrent as boolean | undefined;
    delete o.concurrent;
    delete o.filters;
    delete o.UDF;
    delete o.percentage;
    delete o.priority;
    super(client, ns, set, o);
    this.concurrent = concurrent;
  }
  /** Sets the cursor the next page starts from. */
  override nextPage(state: PartitionStatus | undefined): void {
    this.scanState = state;
  }
  /** Whether a paginated scan has more pages. */
  override hasNextPage(): boolean {
    return !!this.scanState;
  }
  /** The scan's cursor. */
  protected override get pageState(): PartitionStatus | undefined {
    return this.scanState;
  }
  /** Job module name. */
  protected override get jobModule(): string {
    return "scan";
  }
  /** Streams the records; a record UDF only runs with `background()`. */
  override foreach(
    policy?: unknown,
    dataCb?: Listener | null,
    errorCb?: Listener | null,
    endCb?: Listener | null,
  ): RecordStream {
    if (this.udf) throw new Error("Record UDF can only be applied using background scan.");
    return super.foreach(policy, dataCb, errorCb, endCb);
  }
}
