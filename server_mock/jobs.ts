/**
 * Scan/query jobs one mock node has run, for the monitoring info commands clients poll
 * (`query-show:trid=<id>` as the Go/Java clients send it, `query-show:id=<id>` as the C client
 * does, `scan-show:`, `jobs:module=query;cmd=get-job;trid=<id>`), in a CE 8.1 node's format
 * (tests/fixtures/vectors/more/info.json). Unknown ids answer `ERROR:2:job not found`, which
 * clients read as "already finished".
 * @module
 */

/** One job's state. */
export interface JobInfo {
  /** Transaction id the client chose (decimal text of the u64). */
  trid: string;
  /** Namespace. */
  ns: string;
  /** Set ("" for all). */
  set: string;
  /** Index name ("" for a scan). */
  sindex: string;
  /** `basic`, `background-ops` or `background-udf`. */
  type: string;
  /** `active(ok)` while running, then `done(ok)`, `done(abandoned-...)` or `done(error)`. */
  status: string;
  /** Records returned or changed. */
  succeeded: number;
  /** Records that failed. */
  failed: number;
  /** Start, ms since the Unix epoch. */
  startMs: number;
  /** End, ms (0 while running). */
  doneMs: number;
}

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
  start(job: Omit<JobInfo, "status" | "succeeded" | "failed" | "doneMs">): JobInfo {
    const full: JobInfo = { ...job, status: "active(ok)", succeeded: 0, failed: 0, doneMs: 0 };
    this.#jobs.delete(job.trid);
    this.#jobs.set(job.trid, full);
    if (this.#jobs.size > MAX_JOBS) this.#jobs.delete(this.#jobs.keys().next().value!);
    return full;
  }

  /** A job by id. */
  get(trid: string): JobInfo | undefined {
    return this.#jobs.get(trid);
  }

  /** Answers a job monitoring command, or undefined when `cmd` is not one. */
  info(cmd: string, nowMs: number): string | undefined {
    const show = /^(query|scan)-show(:|$)/.test(cmd);
    const getJob = cmd.startsWith("jobs:");
    if (!show && !getJob) return undefined;
    const id = /(?:^|[:;])(?:trid|id)=(\d+)/.exec(cmd)?.[1];
    if (id === undefined) {
      if (getJob && !cmd.includes("cmd=get-job")) {
        return [...this.#jobs.values()].map((j) => this.#describe(j, nowMs)).join(";");
      }
      return show
        ? [...this.#jobs.values()].map((j) => this.#describe(j, nowMs)).join(";")
        : "ERROR:4:missing trid";
    }
    const job = this.#jobs.get(id);
    return job === undefined ? "ERROR:2:job not found" : this.#describe(job, nowMs);
  }

  #describe(j: JobInfo, nowMs: number): string {
    const end = j.doneMs === 0 ? nowMs : j.doneMs;
    const done = j.doneMs !== 0;
    return [
      `trid=${j.trid}`,
      `ns=${j.ns}`,
      `set=${j.set}`,
      `sindex-name=${j.sindex}`,
      "rps=0",
      "active-threads=0",
      `status=${j.status}`,
      `job-progress=${done ? "100.00" : "0.00"}`,
      `run-time=${end - j.startMs}`,
      `time-since-done=${done ? nowMs - j.doneMs : 0}`,
      "recs-throttled=0",
      "recs-filtered-meta=0",
      "recs-filtered-bins=0",
      `recs-succeeded=${j.succeeded}`,
      `recs-failed=${j.failed}`,
      `job-type=${j.type}`,
    ].join(":");
  }
}
