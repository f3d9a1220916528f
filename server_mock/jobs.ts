/**
 * Scan/query jobs one mock node has run, for the monitoring info command clients poll:
 * `query-show:trid=<id>` as the Go/Java clients send it, `query-show:id=<id>` as the C client does,
 * and `query-show` / `query-show:` for every job, newest first. Each job reads as a CE 8.1.2.0
 * node shows it (asked on a real node, also tests/fixtures/vectors/more/info.json), with the same
 * fields in the same order:
 *
 * `trid=..:ns=..[:set=..][:sindex-name=..][:n-pids-requested=..:n-keyds-requested=..]:rps=..:`
 * `active-threads=..:status=..:job-progress=..:run-time=..:time-since-done=..:recs-throttled=..:`
 * `recs-filtered-meta=..:recs-filtered-bins=..:recs-succeeded=..:recs-failed=..:job-type=..:`
 * `net-io-bytes=..[:net-io-time=..]:socket-timeout=..` then `:ops-active=0` for background ops or
 * `:udf-filename=..:udf-function=..:udf-active=0` for a background UDF.
 *
 * `set` is left out for a scan of the whole namespace, `sindex-name` when no index is used, the
 * partition counts for all but foreground (`basic`) jobs, `net-io-time` for background jobs. `rps`
 * is the request's (0: unthrottled), 10000 for a background job that asked none (the node's
 * `background-query-max-rps`). `socket-timeout` is the request's SOCKET_TIMEOUT field (10000 without
 * one), always 10000 for background jobs. A real node also shows `from=<client ip>+<port>` before
 * `job-type`; the mock leaves it out, its connections do not know their peer. Unknown ids answer
 * `ERROR:2:job not found`, which clients read as "already finished"; an id that is not a number
 * `ERROR:4:bad id`. `scan-show` and `jobs:` are gone in 8.1 (`ERROR:4:unrecognized command`).
 * @module
 */

/** Kinds of job, as `job-type` names them. */
export type JobType = "basic" | "aggregation" | "background-ops" | "background-udf";

/** What a job is, fixed when it starts. */
export interface JobSpec {
  /** Transaction id the client chose (decimal text of the u64). */
  trid: string;
  /** Namespace. */
  ns: string;
  /** Set ("" for the whole namespace). */
  set: string;
  /** Name of the index the query uses ("" for a scan). */
  sindex: string;
  /** What the job does. */
  type: JobType;
  /** Records per second shown (the request's, or the background default). */
  rps: number;
  /** Partitions requested whole (PID_ARRAY). */
  pids: number;
  /** Partitions requested from a digest on (DIGEST_ARRAY). */
  keyds: number;
  /** Socket timeout shown, ms. */
  socketTimeoutMs: number;
  /** Module and function of a background UDF. */
  udf?: { module: string; fn: string };
  /** Start, ms since the Unix epoch. */
  startMs: number;
}

/** One job's state: its spec and what it has done so far. */
export interface JobInfo extends JobSpec {
  /** `active(ok)` while running, then `done(ok)`, `done(abandoned-...)` or `done(error)`. */
  status: string;
  /** Records returned or changed. */
  succeeded: number;
  /** Records that failed. */
  failed: number;
  /** Records the filter expression ruled out on metadata alone. */
  filteredMeta: number;
  /** Records the filter expression ruled out once their bins were read. */
  filteredBins: number;
  /** Records that went through the rps throttle (every record looked at, when rps > 0). */
  throttled: number;
  /** Partitions finished, for `job-progress` while running. */
  partsDone: number;
  /** Bytes sent to the client. */
  netBytes: number;
  /** End, ms (0 while running). */
  doneMs: number;
}

/** The 30-byte LAST reply a background job sends: all its `net-io-bytes`. */
const BACKGROUND_REPLY_BYTES = 30;

const MAX_JOBS = 100;

/**
 * The jobs of one node (the most recent 100 are kept, as a node's job monitor does).
 * @example
 * ```ts
 * const jobs = new JobRegistry();
 * jobs.info("query-show:trid=1", Date.now()); // "ERROR:2:job not found"
 * ```
 */
export class JobRegistry {
  #jobs = new Map<string, JobInfo>();

  /** Starts tracking a job. */
  start(spec: JobSpec): JobInfo {
    const background = spec.type === "background-ops" || spec.type === "background-udf";
    const full: JobInfo = {
      ...spec,
      status: "active(ok)",
      succeeded: 0,
      failed: 0,
      filteredMeta: 0,
      filteredBins: 0,
      throttled: 0,
      partsDone: 0,
      netBytes: background ? BACKGROUND_REPLY_BYTES : 0,
      doneMs: 0,
    };
    this.#jobs.delete(spec.trid);
    this.#jobs.set(spec.trid, full);
    if (this.#jobs.size > MAX_JOBS) this.#jobs.delete(this.#jobs.keys().next().value!);
    return full;
  }

  /** A job by id. */
  get(trid: string): JobInfo | undefined {
    return this.#jobs.get(trid);
  }

  /** Answers a job monitoring command, or undefined when `cmd` is not one. */
  info(cmd: string, nowMs: number): string | undefined {
    if (!/^query-show(:|$)/.test(cmd)) return undefined;
    const id = /(?:^|[:;])(?:trid|id)=([^;:]*)/.exec(cmd)?.[1];
    if (id === undefined) {
      return [...this.#jobs.values()].reverse().map((j) => this.#describe(j, nowMs)).join(";");
    }
    if (!/^\d+$/.test(id)) return "ERROR:4:bad id";
    const job = this.#jobs.get(BigInt(id).toString());
    return job === undefined ? "ERROR:2:job not found" : this.#describe(job, nowMs);
  }

  #describe(j: JobInfo, nowMs: number): string {
    const done = j.doneMs !== 0;
    const progress = done ? 100 : j.pids + j.keyds === 0 ? 0 : (j.partsDone * 100) / (j.pids + j.keyds);
    const out = [`trid=${j.trid}`, `ns=${j.ns}`];
    if (j.set !== "") out.push(`set=${j.set}`);
    if (j.sindex !== "") out.push(`sindex-name=${j.sindex}`);
    if (j.type === "basic") out.push(`n-pids-requested=${j.pids}`, `n-keyds-requested=${j.keyds}`);
    out.push(
      `rps=${j.rps}`,
      `active-threads=${done ? 0 : 1}`,
      `status=${j.status}`,
      `job-progress=${progress.toFixed(2)}`,
      `run-time=${(done ? j.doneMs : nowMs) - j.startMs}`,
      `time-since-done=${done ? nowMs - j.doneMs : 0}`,
      `recs-throttled=${j.throttled}`,
      `recs-filtered-meta=${j.filteredMeta}`,
      `recs-filtered-bins=${j.filteredBins}`,
      `recs-succeeded=${j.succeeded}`,
      `recs-failed=${j.failed}`,
      `job-type=${j.type}`,
      `net-io-bytes=${j.netBytes}`,
    );
    if (j.type === "basic" || j.type === "aggregation") out.push("net-io-time=0");
    out.push(`socket-timeout=${j.socketTimeoutMs}`);
    if (j.type === "background-ops") out.push("ops-active=0");
    if (j.type === "background-udf") {
      out.push(`udf-filename=${j.udf?.module ?? ""}`, `udf-function=${j.udf?.fn ?? ""}`, "udf-active=0");
    }
    return out.join(":");
  }
}
