/**
 * Info, UDF and index commands of the official client, and its job objects (`IndexJob`, `UdfJob`,
 * `Job`) whose `wait()` resolves once the work is done.
 * @module
 */
import type { Client as AeroClient, IndexSpec, Job as AeroJob } from "../../mod.ts";
import { indexDataType, indexType, status } from "./constants.ts";
import { AerospikeError } from "./errors.ts";

/** What the helpers need from the compat client. */
export interface HasAerolite {
  /** The aerolite client. */
  readonly aerolite: AeroClient;
}

/** A job of the official shape: `wait(pollInterval?, callback?)`, `checkStatus()`. */
export class Job {
  /** Job id. */
  jobID: number | bigint | undefined;
  /** Module the job belongs to (`query`/`scan`). */
  module: string | undefined;
  #done: () => Promise<boolean>;
  #wait: () => Promise<void>;
  /** Wraps how to test and wait for completion. */
  constructor(
    done: () => Promise<boolean>,
    wait: () => Promise<void>,
    id?: number | bigint,
    module?: string,
  ) {
    this.#done = done;
    this.#wait = wait;
    this.jobID = id;
    this.module = module;
  }
  /** Calls `statusFunction` every `pollInterval` ms (default 100) until it resolves true; rejects with its error. */
  static async pollUntilDone(statusFunction: () => Promise<boolean>, pollInterval?: number): Promise<void> {
    const every = pollInterval || 100;
    while (!(await statusFunction())) await new Promise((resolve) => setTimeout(resolve, every));
  }
  /** Whether the job is done. */
  checkStatus(): Promise<boolean> {
    return this.#done();
  }
  /** Resolves once the job is done (callback style too). */
  wait(
    pollInterval?: number | ((e: unknown) => void),
    callback?: (e: unknown) => void,
  ): Promise<void> | undefined {
    const cb = typeof pollInterval === "function" ? pollInterval : callback;
    const p = this.#wait();
    if (cb) {
      p.then(() => cb(null), cb);
      return undefined;
    }
    return p;
  }
  /** Same as `wait`. */
  waitUntilDone(pollInterval?: number, callback?: (e: unknown) => void): Promise<void> | undefined {
    return this.wait(pollInterval, callback);
  }
  /** Progress info: `{ status }` (2 = completed). */
  async info(): Promise<{ status: number; progressPct: number; recordsRead: number }> {
    const done = await this.#done();
    return { status: done ? 2 : 1, progressPct: done ? 100 : 0, recordsRead: 0 };
  }
}
/** A finished-on-return job (index and UDF commands already waited in aerolite). */
const doneJob = (): Job => new Job(() => Promise.resolve(true), () => Promise.resolve());
/** Wraps an aerolite background job. */
export function jobOf(j: AeroJob, module: string): Job {
  return new Job(async () => (await j.status()) === "done", () => j.wait(), j.id, module);
}

function requests(request: string | null | undefined): string[] {
  return (request ?? "").split("\n").filter((r) => r !== "");
}

/** `info(request, host?)`: the answer as `name\tvalue\n` lines. */
export async function info(
  c: HasAerolite,
  request: string | null | undefined,
  host: unknown,
): Promise<string> {
  void host;
  const reqs = requests(request);
  if (reqs.length === 0) reqs.push("");
  let out = "";
  for (const r of reqs) {
    const v = await c.aerolite.info(r);
    out += r === "" ? v : `${r}\t${v}\n`;
  }
  return out;
}

/** One node's answer of `infoAll`. */
export interface NodeInfo {
  /** The node. */
  host: { node_id: string; addr: string; port: number };
  /** Its answer. */
  info: string;
}

/** `infoAll(request)`: `[{ host: { node_id }, info }]`. */
export async function infoAll(c: HasAerolite, request: string | undefined): Promise<NodeInfo[]> {
  const reqs = requests(request);
  const nodes = c.aerolite.nodes();
  const per = new Map<string, string>(nodes.map((n) => [n.name, ""]));
  for (const r of reqs) {
    for (const [node, v] of await c.aerolite.infoAll(r)) {
      per.set(node, (per.get(node) ?? "") + `${r}\t${v}\n`);
    }
  }
  return [...per].map(([name, text]) => {
    const addr = nodes.find((n) => n.name === name)?.address ?? "";
    const i = addr.lastIndexOf(":");
    return { host: { node_id: name, addr: addr.slice(0, i), port: Number(addr.slice(i + 1)) }, info: text };
  });
}

/** `infoNode(request, { name })`. */
export async function infoNode(c: HasAerolite, request: string, node: { name: string }): Promise<string> {
  let out = "";
  for (const r of requests(request)) out += `${r}\t${await c.aerolite.info(r, { node: node.name })}\n`;
  return out;
}

/** `udfRegister(path)`: reads the file and registers it under its base name. */
export async function udfRegister(c: HasAerolite, path: string, rest: unknown[]): Promise<Job> {
  void rest;
  if (typeof path !== "string") {
    throw new AerospikeError("UDF path must be a string", undefined, status.ERR_PARAM);
  }
  const fs = await import("node:fs/promises");
  let source: Uint8Array;
  try {
    source = await fs.readFile(path);
  } catch (e) {
    throw new AerospikeError(`cannot read ${path}: ${(e as Error).message}`, undefined, status.ERR_CLIENT);
  }
  const name = path.split(/[\\/]/).pop() ?? path;
  await c.aerolite.udfRegister(name, source);
  return doneJob();
}

/** `udfRemove(module)`: ERR_UDF (100) when not registered, as the official client. */
export async function udfRemove(c: HasAerolite, module: string): Promise<Job> {
  const list = await c.aerolite.udfList();
  if (!list.some((m) => m.name === module)) {
    throw new AerospikeError(`UDF ${module} not found`, undefined, status.ERR_UDF);
  }
  await c.aerolite.udfRemove(module);
  return doneJob();
}

const DATATYPES: { readonly [n: number]: IndexSpec["type"] } = {
  [indexDataType.STRING]: "string",
  [indexDataType.NUMERIC]: "numeric",
  [indexDataType.GEO2DSPHERE]: "geo2dsphere",
  [indexDataType.BLOB]: "blob",
};
const TYPES: { readonly [n: number]: IndexSpec["collection"] } = {
  [indexType.LIST]: "list",
  [indexType.MAPKEYS]: "mapKeys",
  [indexType.MAPVALUES]: "mapValues",
};

/** `createIndex({ ns, set, bin, index, type?, datatype })` → a job (already built). */
export async function createIndex(
  c: HasAerolite,
  options: unknown,
  datatype: number | undefined,
): Promise<Job> {
  const o = (options ?? {}) as {
    ns?: string;
    set?: string;
    bin?: string;
    index?: string;
    type?: number;
    datatype?: number;
  };
  const dt = DATATYPES[datatype ?? o.datatype ?? -1];
  if (
    typeof o.ns !== "string" || typeof o.bin !== "string" || typeof o.index !== "string" || dt === undefined
  ) {
    throw new AerospikeError("Invalid index options", undefined, status.ERR_PARAM);
  }
  const spec: IndexSpec = { ns: o.ns, bin: o.bin, name: o.index, type: dt };
  if (o.set) spec.set = o.set;
  const col = o.type === undefined ? undefined : TYPES[o.type];
  if (col) spec.collection = col;
  await c.aerolite.createIndex(spec);
  return doneJob();
}

/** `indexRemove(ns, name)`. */
export async function indexRemove(c: HasAerolite, ns: string, name: string): Promise<void> {
  await c.aerolite.dropIndex(ns, name);
}
