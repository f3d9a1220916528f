/**
 * The scan/query side of `Client`: `query()` (a scan without a filter) returning a
 * `RecordStream`, background queries returning a `Job`, and `truncate()`.
 * @module
 */
import { type BackgroundWork, buildBackgroundQuery, newTaskId } from "./commands/query.ts";
import { checkInfo, type InfoCluster, infoEach, pickNode, poll, type PollOptions } from "./commands/info.ts";
import type { ExecNode, ExecPolicy, Executor, Lease } from "./commands/execute.ts";
import { MAX_REROUTES, unsentReroute, within } from "./commands/run.ts";
import { messageBody, setTransactionTtl } from "./commands/command.ts";
import { explainRefusal, outgoing } from "./commands/compress.ts";
import { AerospikeError, ServerError } from "./errors.ts";
import type { Operation } from "./ops/scalar.ts";
import { type BasePolicy, type FilterExpression, mergePolicies, type WritePolicy } from "./policy.ts";
import { writeAttrs } from "./commands/single.ts";
import { isWriteOp } from "./wire/operations.ts";
import type { QueryFilter } from "./query/filter.ts";
import {
  initialPartitions,
  type PartitionFilter,
  type PartitionStatus,
  PartitionTracker,
} from "./query/partition_tracker.ts";
import { RecordStream } from "./query/record_stream.ts";
import type { Value } from "./values.ts";
import { checkOptions } from "./validate.ts";
import { BACKGROUND_QUERY_OPTIONS, QUERY_OPTIONS, QUERY_POLICY, WRITE_POLICY } from "./validate_shapes.ts";
import { readMessageHeader } from "./wire/message.ts";
import { ResultCode } from "./wire/result_code.ts";

/** Options of `client.query()`. */
export interface QueryOptions {
  /** Secondary-index filter (`Filter.*`); omit for a scan. @default undefined */
  filter?: QueryFilter;
  /** Bins to return. @default all bins */
  bins?: readonly string[];
  /** Filter expression evaluated on each record. @default undefined */
  expression?: FilterExpression;
  /** Records this page returns at most (0: all); resume with `cursor()`. @default 0 */
  maxRecords?: number;
  /** Partitions to read: a range, or the partition of a key/digest (after it). @default all */
  partitions?: PartitionFilter;
  /** Per-node throttle the server applies (0: none). @default 0 */
  recordsPerSecond?: number;
  /** Resume from a previous stream's `cursor()`. @default undefined */
  cursor?: PartitionStatus;
  /** Return bins (false: keys and metadata only). @default true */
  includeBinData?: boolean;
  /** Records parsed ahead of the consumer before reading pauses. @default 256 */
  highWaterMark?: number;
  /** Timeouts, retries of failed rounds and abort. @default client policies.query */
  policy?: BasePolicy;
  /**
   * Read operations run on each record instead of returning its bins (the official clients'
   * foreground query with operations): `ops.read`, `exp.read`, list/map/bit/HLL reads. Not with
   * `bins`.
   * @default undefined
   */
  ops?: readonly Operation[];
  /**
   * How long the query is expected to run, as the server plans it: `long` (the default), `short`
   * (`INFO1_SHORT_QUERY`: a few records, run in the server's short-query path) or `longRelaxAP`
   * (`INFO2_RELAX_AP_LONG_QUERY`: long, with relaxed read consistency during migrations).
   * @default "long"
   */
  expectedDuration?: QueryDuration;
}

/** The official clients' `QueryDuration`: `long`, `short` or `longRelaxAP`. */
export type QueryDuration = "long" | "short" | "longRelaxAP";

/** What the query functions need from the client. */
export interface QueryContext {
  /** Slots, connections, the one execute loop. */
  executor: Executor;
  /** Routing and info. */
  cluster: InfoCluster & {
    nodeFor(
      ns: string,
      pid: number,
      replica: "master",
      attempt: number,
      write: boolean,
    ): ExecNode | undefined;
    /** Refreshes the partition map ahead of the tend interval (see `Cluster.refresh`). Optional. */
    refresh?(reason: string): Promise<void>;
  };
  /** Resolved query defaults. */
  policy: ExecPolicy & BasePolicy;
  /** Resolved scan defaults (`policies.scan` over the query defaults). */
  scanPolicy: ExecPolicy & BasePolicy;
  /** Resolved write defaults (the base of a background query's `writePolicy`). */
  write: WritePolicy;
  /** Info timeout in ms. */
  infoTimeout: number;
}

/** Query defaults: no total limit, 30 s per read, 5 retries of a round. */
export const DEFAULT_QUERY_POLICY: Readonly<ExecPolicy & BasePolicy> = Object.freeze({
  socketTimeout: 30_000,
  totalTimeout: 0,
  maxRetries: 5,
  sleepBetweenRetries: 100,
  replica: "master",
});

function checkName(what: string, v: unknown, optional = false): string {
  if (optional && (v === undefined || v === null || v === "")) return "";
  if (typeof v !== "string" || v.length === 0 || /[;:=\t\n]/.test(v)) {
    throw new TypeError(`${what} must be a non-empty string without ; : = tabs or newlines`);
  }
  return v;
}

/** Starts a scan (no filter) or query; nothing is sent until the stream is iterated. */
export function query(
  ctx: QueryContext,
  ns: string,
  set: string | undefined,
  options: QueryOptions = {},
): RecordStream {
  checkName("namespace", ns);
  checkOptions(options, QUERY_OPTIONS, "query()");
  const base = options.filter === undefined ? ctx.scanPolicy : ctx.policy;
  const policy = mergePolicies<ExecPolicy & BasePolicy>(QUERY_POLICY, "query()", base, options.policy);
  const max = options.maxRecords ?? 0;
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError("maxRecords must be an integer >= 0");
  const rps = options.recordsPerSecond ?? 0;
  if (!Number.isInteger(rps) || rps < 0 || rps > 0xffff_ffff) {
    throw new RangeError("recordsPerSecond must be an integer >= 0");
  }
  const hwm = options.highWaterMark ?? 256;
  if (!Number.isInteger(hwm) || hwm < 1) throw new RangeError("highWaterMark must be an integer >= 1");
  if (options.bins !== undefined && !options.bins.every((b) => typeof b === "string" && b.length > 0)) {
    throw new TypeError("bins must be non-empty strings");
  }
  const ops = readOps(options.ops, options.bins);
  const parts = options.cursor !== undefined
    ? options.cursor.partitions.map((p) => ({ ...p }))
    : initialPartitions(options.partitions);
  const tracker = new PartitionTracker(parts, max);
  const req = {
    ns,
    set: set ?? "",
    filter: options.filter,
    expression: options.expression,
    bins: options.bins,
    includeBinData: options.includeBinData ?? true,
    recordsPerSecond: rps,
    socketTimeout: policy.socketTimeout,
    taskId: newTaskId(),
    compress: policy.compress === true,
    compressionThreshold: policy.compressionThreshold,
    ops,
    duration: options.expectedDuration,
  };
  const masterOf = (n: string, pid: number): ExecNode | undefined =>
    ctx.cluster.nodeFor(n, pid, "master", 0, false);
  const cluster = ctx.cluster;
  const refresh = cluster.refresh === undefined
    ? undefined
    : (reason: string): Promise<void> => cluster.refresh!(reason);
  return new RecordStream({ executor: ctx.executor, masterOf, refresh }, req, tracker, policy, hwm);
}

/** Checks a foreground query's operations: reads only, and not together with `bins`. */
function readOps(ops: readonly Operation[] | undefined, bins: readonly string[] | undefined) {
  if (ops === undefined) return undefined;
  if (bins !== undefined) throw new TypeError("a query takes bins or ops, not both");
  if (!Array.isArray(ops) || ops.length === 0) throw new TypeError("query ops must be a non-empty array");
  return ops.map((o, i) => {
    if (o === null || typeof o !== "object" || typeof o.op !== "number" || !(o.data instanceof Uint8Array)) {
      throw new TypeError(`query op ${i} is not an operation built with ops/lists/maps/...`);
    }
    if (isWriteOp(o.op)) {
      throw new TypeError(`query op ${i} writes: a foreground query takes read operations`);
    }
    return { op: o.op, particleType: o.particleType, name: o.bin, data: o.data };
  });
}

/** Options of `client.queryBackground()`: a filter plus write operations or a record UDF. */
export type BackgroundQueryOptions =
  & {
    filter?: QueryFilter;
    expression?: FilterExpression;
    recordsPerSecond?: number;
    policy?: BasePolicy;
    /**
     * How each record is written (the official clients' write policy of `execute()` /
     * `background()`): `ttl`, `durableDelete`, `commitLevel`, `exists`, `generation` and
     * `generationPolicy` go in the request header (`sendKey` has no key to send here).
     * @default the client's write defaults
     */
    writePolicy?: BackgroundWritePolicy;
  }
  & ({ ops: readonly Operation[] } | { udf: { module: string; fn: string; args?: readonly Value[] } });

/** The write fields a background query applies to every record it writes. */
export type BackgroundWritePolicy = Pick<
  WritePolicy,
  "ttl" | "durableDelete" | "sendKey" | "commitLevel" | "exists" | "generation" | "generationPolicy"
>;

/** What `Job.info()` reports, over every node. */
export interface JobInfo {
  /** "done" once every node finished the job. */
  status: "done" | "inProgress";
  /** The least progress percentage over the nodes (0-100). */
  progressPct: number;
  /** Records the job wrote (or ran its UDF on) successfully, summed over the nodes. */
  recordsRead: number;
  /** Records it failed on. */
  recordsFailed: number;
  /** Records a filter (metadata or bins) left out. */
  recordsFiltered: number;
}

/**
 * A background job (a query that runs ops or a UDF on every matching record, on every node).
 * @example
 * ```ts
 * import { Client, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const job = await client.queryBackground("test", "demo", { ops: [ops.write("seen", true)] });
 * await job.wait();
 * ```
 */
export class Job {
  /** The job's transaction id (`trid`). */
  readonly id: bigint;
  #ctx: QueryContext;

  /**
   * Wraps a started job.
   * @param ctx the client's query context
   * @param id the job's trid
   */
  constructor(ctx: QueryContext, id: bigint) {
    this.#ctx = ctx;
    this.id = id;
  }

  /**
   * Status on every node (`query-show:trid=<id>`): "done" when every node reports `status=done...`
   * (a node that no longer knows the job counts as done), else "inProgress".
   */
  async status(): Promise<"done" | "inProgress"> {
    const answers = await infoEach(this.#ctx.cluster, `query-show:trid=${this.id}`, this.#ctx.infoTimeout);
    for (const [node, value] of answers) {
      if (value.startsWith("ERROR:2")) continue; // not found: finished and forgotten (or never ran there)
      checkInfo(value, "query-show", node);
      const m = /status=([^:;]*)/.exec(value);
      if (m === null || !m[1].toLowerCase().startsWith("done")) return "inProgress";
    }
    return "done";
  }

  /**
   * Progress over every node (`query-show:trid=<id>`), as the official clients' `job.info()` /
   * `queryStatus()`: the status ("done" once every node is done; a node that forgot the job counts
   * as done), the least `job-progress` percentage of the nodes, and the records written
   * (`recs-succeeded`), failed and filtered out, summed.
   * @example
   * ```ts
   * import type { Job } from "@aerolite/client";
   * declare const job: Job;
   * const { status, progressPct, recordsRead } = await job.info();
   * ```
   */
  async info(): Promise<JobInfo> {
    const answers = await infoEach(this.#ctx.cluster, `query-show:trid=${this.id}`, this.#ctx.infoTimeout);
    const out: JobInfo = {
      status: "done",
      progressPct: 100,
      recordsRead: 0,
      recordsFailed: 0,
      recordsFiltered: 0,
    };
    for (const [node, value] of answers) {
      if (value.startsWith("ERROR:2")) continue;
      checkInfo(value, "query-show", node);
      const field = (name: string): string | undefined =>
        new RegExp(`(?:^|:)${name}=([^:;]*)`).exec(value)?.[1];
      const num = (name: string): number => Number(field(name) ?? 0) || 0;
      if (!(field("status") ?? "").toLowerCase().startsWith("done")) out.status = "inProgress";
      out.progressPct = Math.min(out.progressPct, num("job-progress"));
      out.recordsRead += num("recs-succeeded");
      out.recordsFailed += num("recs-failed");
      out.recordsFiltered += num("recs-filtered-meta") + num("recs-filtered-bins");
    }
    return out;
  }

  /** Resolves once the job is done on every node. */
  wait(options: PollOptions = {}): Promise<void> {
    return poll(async () => (await this.status()) === "done", options);
  }
}

/**
 * Starts a background query on every node and returns its job.
 *
 * The job goes out once a connection to every node is in hand. When a node cannot be reached
 * without anything being sent to it (its connect refused, its node removed, a circuit breaker's
 * refusal: see `unsentReroute`), nothing is sent to any node: within the `totalTimeout`, after
 * the partition map refresh (or the breaker's closing) that failure calls for, the job goes to the
 * nodes of the refreshed cluster, at most `MAX_REROUTES` times, not counted against `maxRetries`.
 * Sending to the others first would leave the unreached node's partitions out: a node runs a
 * background job over the partitions it holds when it gets it (it ignores a partition list), and
 * it refuses a job id it already had (PARAMETER_ERROR, even once the job is done).
 */
export async function queryBackground(
  ctx: QueryContext,
  ns: string,
  set: string | undefined,
  options: BackgroundQueryOptions,
): Promise<Job> {
  checkName("namespace", ns);
  if (options === undefined) throw new TypeError("queryBackground() needs options with ops or udf");
  checkOptions(options, BACKGROUND_QUERY_OPTIONS, "queryBackground()");
  const policy = mergePolicies<ExecPolicy & BasePolicy>(
    QUERY_POLICY,
    "queryBackground()",
    ctx.policy,
    { totalTimeout: 10_000 },
    options.policy,
  );
  let work: BackgroundWork;
  if ("udf" in options && options.udf !== undefined) work = { udf: options.udf };
  else if ("ops" in options && Array.isArray(options.ops) && options.ops.length > 0) {
    work = { ops: options.ops };
  } else throw new TypeError("queryBackground() needs ops or udf");
  const wp = options.writePolicy === undefined ? ctx.write : mergePolicies<WritePolicy>(
    WRITE_POLICY,
    "queryBackground() writePolicy",
    ctx.write,
    options.writePolicy,
  );
  const id = newTaskId();
  const frame = buildBackgroundQuery(
    {
      ns,
      set: set ?? "",
      filter: options.filter,
      expression: options.expression,
      recordsPerSecond: options.recordsPerSecond ?? 0,
      socketTimeout: policy.socketTimeout,
      taskId: id,
    },
    work,
    0,
    writeAttrs(wp),
  );
  const cluster = ctx.cluster;
  const end = policy.totalTimeout > 0 ? Date.now() + policy.totalTimeout : Infinity;
  for (let reroutes = 0;; reroutes++) {
    const nodes = cluster.nodes as unknown as ExecNode[];
    if (nodes.length === 0) throw new AerospikeError(ResultCode.INVALID_NODE_ERROR, "no node is available");
    // Every node's connection first: the job goes out only once each node has one.
    const left = end === Infinity ? 0 : Math.max(1, end - Date.now());
    const leased = await Promise.allSettled(
      nodes.map((node) => ctx.executor.lease(node, { ...policy, totalTimeout: left }, ns, set)),
    );
    const leases: Lease[] = [];
    const unsent: {
      error: AerospikeError;
      how: "now" | "refresh" | "breaker" | undefined;
      node: ExecNode;
    }[] = [];
    leased.forEach((r, i) => {
      if (r.status === "fulfilled") leases.push(r.value);
      else {
        const error = r.reason instanceof AerospikeError
          ? r.reason
          : new AerospikeError(ResultCode.COMMON_ERROR, String(r.reason));
        unsent.push({ error, how: unsentReroute(error, nodes[i]), node: nodes[i] });
      }
    });
    if (unsent.length === 0) {
      await Promise.all(leases.map((lease) => startOn(lease, frame, policy)));
      return new Job(ctx, id);
    }
    // A node was not reached: nothing is sent anywhere this round.
    const first = unsent[0].error;
    const held = new AerospikeError(
      ResultCode.QUERY_TERMINATED,
      `background query not sent: node ${unsent[0].node.name} was not reached (${first.detail})`,
    );
    for (const lease of leases) lease.end(true, held);
    const moves = reroutes < MAX_REROUTES && Date.now() < end &&
      unsent.every((u) =>
        u.how === "now" || u.how === "breaker" || (u.how === "refresh" && cluster.refresh !== undefined)
      );
    if (!moves) throw first;
    const waits: Promise<unknown>[] = [];
    const refresh = unsent.find((u) => u.how === "refresh");
    if (refresh !== undefined) {
      waits.push(
        cluster.refresh!(`a background query could not reach ${refresh.node.name} (${refresh.error.detail})`),
      );
    }
    for (const u of unsent) if (u.how === "breaker") waits.push(u.node.errorRate!.whenClosed!());
    await within(waits, end);
  }
}

// Sends the job's request on `lease` and reads the node's one-message answer.
async function startOn(lease: Lease, frame: Uint8Array, policy: ExecPolicy): Promise<void> {
  let ok = false;
  try {
    const f = frame.slice();
    setTransactionTtl(f, policy.totalTimeout);
    // The request only: the one-message answer is not worth a compressed reply.
    const out = outgoing(f, policy.compress === true, policy.compressionThreshold);
    lease.conn.send(out);
    lease.arm(policy.socketTimeout);
    const reply = await lease.wait(lease.conn.readFrame());
    const code = readMessageHeader(messageBody(reply.type, reply.body), 0).resultCode;
    ok = true;
    // A node that has no record of the set answers KEY_NOT_FOUND_ERROR (2): nothing to do there,
    // as the official clients read it (not an error).
    if (code !== ResultCode.OK && code !== ResultCode.KEY_NOT_FOUND_ERROR) {
      throw explainRefusal(new ServerError(code, undefined, { node: lease.node.name }), out !== f);
    }
  } finally {
    lease.end(ok);
  }
}

/**
 * Removes every record of a namespace or set (last-updated before `beforeNanos`, when given), via
 * info on one node: the server spreads it to the whole cluster.
 */
export async function truncate(
  ctx: QueryContext,
  ns: string,
  set?: string,
  beforeNanos?: bigint | number,
): Promise<void> {
  checkName("namespace", ns);
  const s = checkName("set", set, true);
  let cmd = s !== "" ? `truncate:namespace=${ns};set=${s}` : `truncate-namespace:namespace=${ns}`;
  if (beforeNanos !== undefined) {
    if ((typeof beforeNanos !== "bigint" && !Number.isSafeInteger(beforeNanos)) || beforeNanos <= 0) {
      throw new RangeError("beforeNanos must be a positive integer of nanoseconds since the Unix epoch");
    }
    cmd += `;lut=${beforeNanos}`;
  }
  const node = pickNode(ctx.cluster);
  const answers = await node.info([cmd], ctx.infoTimeout);
  const value = checkInfo(answers.get(cmd) ?? "", cmd, node.name);
  if (value.trim().toLowerCase() !== "ok") {
    throw new ServerError(ResultCode.SERVER_ERROR, `truncate failed: ${value}`, { node: node.name });
  }
}
