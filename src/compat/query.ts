/**
 * The official `Query` and `Scan` (`where`, `select`, `foreach` with `data`/`error`/`end` events,
 * `results`, pagination with `maxRecords`, `background`, `operate`) over aerolite's record streams.
 * @module
 */
import type {
  Client as AeroClient,
  PartitionStatus,
  QueryFilter,
  QueryOptions,
  QueryRecord,
  RecordStream as AeroStream,
} from "../../mod.ts";
import { status } from "./constants.ts";
import { AerospikeError, toCompatError } from "./errors.ts";
import { buildOps } from "./operation.ts";
import { filterOf, readPolicy } from "./policy.ts";
import { type Job, jobOf } from "./client_admin.ts";
import { fromAeroBins, fromAeroKey, Record, toAeroValue } from "./values.ts";

type Listener = (...a: unknown[]) => void;

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
  /** Stops the stream; `end` is still emitted. */
  abort(): void {
    this.aborted = true;
    void this.#stream?.close();
  }
  /** Pumps an aerolite stream into events. */
  async run(stream: AeroStream, onRecord: (r: QueryRecord) => Record): Promise<void> {
    this.#stream = stream;
    try {
      for await (const r of stream) {
        if (this.aborted) break;
        this.emit("data", onRecord(r));
      }
    } catch (e) {
      if (!this.aborted) {
        this.emit("error", toCompatError(e));
        return;
      }
    }
    this.emit("end");
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
  /** Any other field (accepted, ignored). */
  [other: string]: unknown;
}

/** A query (or, as `Scan`, a scan) of one namespace and set. */
export class Query {
  /** The compat client. */
  client: { readonly aerolite: AeroClient };
  /** Namespace. */
  ns: string;
  /** Set (null: the whole namespace). */
  set: string | null;
  /** Index filters. */
  filters: QueryFilter[] = [];
  /** Bins to read (undefined: all). */
  selected: string[] | undefined;
  /** Only keys and metadata. */
  nobins = false;
  /** Record limit / page size. */
  maxRecords: number | undefined;
  /** Paginate with `results()` + `nextPage()`. */
  paginate = false;
  /** The saved cursor of a paginated query. */
  queryState: PartitionStatus | undefined;
  /** A UDF set with `setUdf` (background jobs). */
  udf: { module: string; funcname: string; args?: unknown[] } | undefined;

  /** Creates a query; nothing runs until `foreach`/`results`/`background`. */
  constructor(
    client: { readonly aerolite: AeroClient },
    ns: string,
    set: string | null,
    options?: QueryOpts,
  ) {
    if (typeof ns !== "string" || ns === "") {
      throw new AerospikeError("Namespace must be a non-empty string", undefined, status.ERR_PARAM);
    }
    this.client = client;
    this.ns = ns;
    this.set = set;
    const o = options ?? {};
    if (o.filters) this.filters = [...o.filters];
    if (o.select) this.selected = [...o.select];
    if (o.nobins) this.nobins = true;
    if (typeof o.maxRecords === "number") this.maxRecords = o.maxRecords;
    if (o.paginate) this.paginate = true;
  }
  /** Adds an index filter. */
  where(filter: QueryFilter): this {
    this.filters.push(filter);
    return this;
  }
  /** Selects bins (`select("a", "b")` or `select(["a", "b"])`). */
  select(...bins: (string | string[])[]): this {
    this.selected = bins.flat();
    return this;
  }
  /** Sets the record UDF of a background job. */
  setUdf(module: string, funcname: string, args?: unknown[]): this {
    this.udf = { module, funcname, ...(args ? { args } : {}) };
    return this;
  }
  /** Whether a paginated query has more pages. */
  hasNextPage(): boolean {
    return this.queryState !== undefined && !this.queryState.done;
  }
  /** Sets the cursor the next page starts from. */
  nextPage(state: PartitionStatus | undefined): void {
    this.queryState = state;
  }

  #options(policy: unknown): QueryOptions {
    const o: QueryOptions = {};
    if (this.filters.length > 0 && this.filters[0]) o.filter = this.filters[0];
    if (this.selected) o.bins = this.selected;
    if (this.nobins) o.includeBinData = false;
    if (this.maxRecords) o.maxRecords = this.maxRecords;
    if (this.paginate && this.queryState) o.cursor = this.queryState;
    const p = readPolicy(policy);
    const f = filterOf((policy as { filterExpression?: unknown } | undefined)?.filterExpression);
    if (f) o.expression = f;
    const pol: { totalTimeout?: number; socketTimeout?: number } = {};
    if (p.totalTimeout !== undefined) pol.totalTimeout = p.totalTimeout;
    if (p.socketTimeout !== undefined) pol.socketTimeout = p.socketTimeout;
    if (Object.keys(pol).length > 0) o.policy = pol;
    return o;
  }

  #stream(policy: unknown): AeroStream {
    return this.client.aerolite.query(this.ns, this.set, this.#options(policy));
  }

  #record = (r: QueryRecord): Record => {
    const k = fromAeroKey(r.key);
    if (k && this.set && !k.set) k.set = this.set;
    return new Record(k, fromAeroBins(r.bins), { ttl: r.ttl, gen: r.generation });
  };

  /** Streams the records: `foreach(policy?, dataCb?, errorCb?, endCb?)`. */
  foreach(policy?: unknown, dataCb?: Listener, errorCb?: Listener, endCb?: Listener): RecordStream {
    const s = new RecordStream();
    if (dataCb) s.on("data", dataCb);
    if (errorCb) s.on("error", errorCb);
    if (endCb) s.on("end", endCb);
    queueMicrotask(() => {
      let st: AeroStream;
      try {
        st = this.#stream(policy);
      } catch (e) {
        s.emit("error", toCompatError(e));
        return;
      }
      void s.run(st, this.#record);
    });
    return s;
  }

  /** All records (one page when paginating). */
  async results(policy?: unknown): Promise<Record[]> {
    try {
      const st = this.#stream(policy);
      const out: Record[] = [];
      for await (const r of st) out.push(this.#record(r));
      if (this.paginate) this.queryState = st.cursor();
      return out;
    } catch (e) {
      throw toCompatError(e);
    }
  }

  /** Runs a record UDF on every matching record in the background → `Job`. */
  async background(module: string, fn: string, args?: unknown[], policy?: unknown): Promise<Job> {
    try {
      const o = this.#options(policy);
      const j = await this.client.aerolite.queryBackground(this.ns, this.set, {
        ...(o.filter ? { filter: o.filter } : {}),
        ...(o.expression ? { expression: o.expression } : {}),
        udf: { module, fn, args: (args ?? []).map(toAeroValue) },
      });
      return jobOf(j, "query");
    } catch (e) {
      throw toCompatError(e);
    }
  }

  /** Runs write operations on every matching record in the background → `Job`. */
  async operate(operations: unknown[], policy?: unknown): Promise<Job> {
    try {
      const o = this.#options(policy);
      const j = await this.client.aerolite.queryBackground(this.ns, this.set, {
        ...(o.filter ? { filter: o.filter } : {}),
        ...(o.expression ? { expression: o.expression } : {}),
        ops: buildOps(operations),
      });
      return jobOf(j, "query");
    } catch (e) {
      throw toCompatError(e);
    }
  }
}

/** A scan: a query without index filter. */
export class Scan extends Query {
  /** Accepted (aerolite scans partitions concurrently). */
  concurrent = true;
  /** Runs a record UDF on every record in the background → `Job`. */
  override background(module: string, fn: string, args?: unknown[], policy?: unknown): Promise<Job> {
    return super.background(module, fn, args, policy);
  }
}
