/**
 * The official job objects: `Job` (a background scan or query, by id), `IndexJob` (an index being
 * built, polled with `sindex/<ns>/<name>` on every node) and `UdfJob` (a module being registered
 * or removed, polled with `udf-list`). Each answers `info()`, `checkStatus()` and
 * `wait(pollInterval?, callback?)` as the official classes do.
 * @module
 */
import type { Job as AeroJob } from "../../mod.ts";
import { jobStatus, status } from "./constants.ts";
import { AerospikeError, toCompatError } from "./errors.ts";
import { parse } from "./info.ts";

/** What a job needs from the compat client: `infoAll` (index and UDF jobs). */
export interface JobClient {
  /** One info request on every node. */
  infoAll(request: string): Promise<{ host: { node_id: string }; info: string }[]>;
}

/** What `Job#info()` resolves for a scan or query job. */
export interface JobInfo {
  /** `jobStatus.INPROGRESS` or `jobStatus.COMPLETED`. */
  status: number;
  /** The least progress of the nodes, 0-100. */
  progressPct: number;
  /** Records processed, summed over the nodes. */
  recordsRead: number;
}

const DEFAULT_POLL_INTERVAL = 1000;
const aeroJobs = new WeakMap<Job, AeroJob>();

/** A background scan or query job, polled by id. */
export class Job {
  /** The client that started the job. */
  client: unknown;
  /** Job id. */
  jobID: number | bigint | undefined;
  /** `"scan"` or `"query"`. */
  module: string | undefined;

  /** Wraps a job id (as the official class: `new Job(client, jobID, module)`). */
  constructor(client: unknown, jobID?: number | bigint, module?: string) {
    this.client = client;
    this.jobID = jobID;
    this.module = module;
  }

  /** A random id below 2^53. */
  static safeRandomJobID(): number {
    return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
  }

  /** Calls `statusFunction` every `pollInterval` ms (default 1000) until it resolves true; rejects with its error. */
  static async pollUntilDone(
    statusFunction: () => Promise<boolean>,
    pollInterval?: number | null,
  ): Promise<void> {
    const every = pollInterval || DEFAULT_POLL_INTERVAL;
    while (!(await statusFunction())) await new Promise((resolve) => setTimeout(resolve, every));
  }

  /** Whether an `info()` answer means done. */
  hasCompleted(info: unknown): boolean {
    return (info as JobInfo | undefined)?.status === jobStatus.COMPLETED;
  }

  /** Whether the job is done. */
  async checkStatus(): Promise<boolean> {
    return this.hasCompleted(await this.info());
  }

  /** Progress (`{ status, progressPct, recordsRead }`), as a promise or `info(policy?, callback)`. */
  info(policy?: unknown, callback?: (e: AerospikeError | null, info?: unknown) => void): Promise<unknown> {
    const cb = typeof policy === "function" ? policy as typeof callback : callback;
    const p = this.fetchInfo().catch((e) => Promise.reject(toCompatError(e)));
    if (cb) {
      p.then((i) => queueMicrotask(() => cb(null, i)), (e) => queueMicrotask(() => cb(e as AerospikeError)));
    }
    return p;
  }

  /** The job's progress; subclasses ask the cluster their own way. */
  protected async fetchInfo(): Promise<unknown> {
    const j = aeroJobs.get(this);
    if (j === undefined) {
      throw new AerospikeError(
        `job ${String(this.jobID)} is not known to this client`,
        undefined,
        status.ERR_PARAM,
      );
    }
    const i = await j.info();
    return {
      status: i.status === "done" ? jobStatus.COMPLETED : jobStatus.INPROGRESS,
      progressPct: i.progressPct,
      recordsRead: i.recordsRead,
    } satisfies JobInfo;
  }

  /** Resolves once the job is done, polling every `pollInterval` ms (or calls `callback(error)`). */
  wait(
    pollInterval?: number | null | ((e: unknown) => void),
    callback?: (e: unknown) => void,
  ): Promise<void> | undefined {
    const cb = typeof pollInterval === "function" ? pollInterval : callback;
    const every = typeof pollInterval === "number" ? pollInterval : undefined;
    const p = Job.pollUntilDone(() => this.checkStatus(), every);
    if (cb) {
      p.then(() => queueMicrotask(() => cb(null)), (e) => queueMicrotask(() => cb(e)));
      return undefined;
    }
    return p;
  }

  /** Same as `wait`. */
  waitUntilDone(
    pollInterval?: number | null | ((e: unknown) => void),
    callback?: (e: unknown) => void,
  ): Promise<void> | undefined {
    return this.wait(pollInterval, callback);
  }
}

/** A `Job` for an aerolite background job. */
export function jobOf(client: unknown, j: AeroJob, module: string): Job {
  const job = new Job(client, j.id, module);
  aeroJobs.set(job, j);
  return job;
}

function checkedInfoAll(
  client: unknown,
  request: string,
): Promise<{ host: { node_id: string }; info: string }[]> {
  const c = client as Partial<JobClient> | null | undefined;
  if (typeof c?.infoAll !== "function") {
    return Promise.reject(new AerospikeError("Not connected.", undefined, status.ERR_CLIENT));
  }
  return c.infoAll(request);
}

/** An index being built: done once every node reports `load_pct=100`. */
export class IndexJob extends Job {
  /** Namespace. */
  namespace: string;
  /** Index name. */
  indexName: string;
  /** As the official class: `new IndexJob(client, namespace, indexName)`. */
  constructor(client: unknown, namespace: string, indexName: string) {
    super(client);
    this.namespace = namespace;
    this.indexName = indexName;
  }
  /** Done when every node's `sindex` stats say `load_pct=100`. */
  override hasCompleted(sindexInfo: unknown): boolean {
    const list = sindexInfo as { load_pct?: unknown }[];
    return Array.isArray(list) && list.length > 0 && list.every((i) => i.load_pct === 100);
  }
  /** Each node's stats of the index (`{ load_pct: 0 }` where it is not known yet). */
  protected override async fetchInfo(): Promise<unknown> {
    const sindex = `sindex/${this.namespace}/${this.indexName}`;
    let answers: { info: string }[];
    try {
      answers = await checkedInfoAll(this.client, sindex);
    } catch (e) {
      if ((e as { code?: unknown }).code === status.ERR_INDEX_NOT_FOUND) return [{ load_pct: 0 }];
      throw e;
    }
    return answers.map((a) => {
      const v = parse(a.info)[sindex];
      return v !== null && typeof v === "object" && !Array.isArray(v) ? v : { load_pct: 0 };
    });
  }
}

/** A UDF module being registered or removed: done once every node lists it (or none does). */
export class UdfJob extends Job {
  /** `"register"`. */
  static REGISTER = "register";
  /** `"unregister"`. */
  static UNREGISTER = "unregister";
  /** Module file name. */
  udfModule: string;
  /** `UdfJob.REGISTER` or `UdfJob.UNREGISTER`. */
  command: string;
  /** As the official class: `new UdfJob(client, udfModule, command)`. */
  constructor(client: unknown, udfModule: string, command: string) {
    super(client);
    this.udfModule = udfModule;
    this.command = command;
  }
  /** Done when the module's presence on every node matches the command. */
  override hasCompleted(info: unknown): boolean {
    const expected = this.command === UdfJob.REGISTER;
    const perNode = Object.values(info as { [node: string]: { "udf-list"?: unknown } });
    return perNode.every((n) => {
      const list = Array.isArray(n["udf-list"]) ? n["udf-list"] as { filename?: unknown }[] : [];
      return list.some((m) => m.filename === this.udfModule) === expected;
    });
  }
  /** Each node's parsed `udf-list`, by node id. */
  protected override async fetchInfo(): Promise<unknown> {
    const out: { [node: string]: unknown } = {};
    for (const a of await checkedInfoAll(this.client, "udf-list")) out[a.host.node_id] = parse(a.info);
    return out;
  }
}
