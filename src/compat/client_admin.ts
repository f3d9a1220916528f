/**
 * Info, UDF and index commands of the official client; they resolve job objects (`IndexJob`,
 * `UdfJob`, see job.ts) whose `wait()` resolves once the work is done.
 * @module
 */
import type { Client as AeroClient, IndexSpec } from "../../mod.ts";
import { IndexJob, UdfJob } from "./job.ts";
import { indexDataType, indexType, status } from "./constants.ts";
import { AerospikeError } from "./errors.ts";
import { contextItems } from "./context.ts";

/** What the helpers need from the compat client. */
export interface HasAerolite {
  /** The aerolite client. */
  readonly aerolite: AeroClient;
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
  if (reqs.length === 0) reqs.push(""); // no request: every node's default set
  const nodes = c.aerolite.nodes();
  const per = new Map<string, string>(nodes.map((n) => [n.name, ""]));
  for (const r of reqs) {
    for (const [node, v] of await c.aerolite.infoAll(r)) {
      per.set(node, (per.get(node) ?? "") + (r === "" ? v : `${r}\t${v}\n`));
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
  const reqs = requests(request);
  if (reqs.length === 0) return await c.aerolite.info("", { node: node.name });
  let out = "";
  for (const r of reqs) out += `${r}\t${await c.aerolite.info(r, { node: node.name })}\n`;
  return out;
}

/** `udfRegister(path)`: reads the file and registers it under its base name. */
export async function udfRegister(c: HasAerolite, path: string, rest: unknown[]): Promise<UdfJob> {
  // udfRegister(path, udfType?, policy?): Lua (0) is the only language.
  if (typeof rest[0] === "number" && rest[0] !== 0) {
    throw new AerospikeError(`Invalid UDF language: ${rest[0]}`, undefined, status.ERR_PARAM);
  }
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
  return new UdfJob(c, name, UdfJob.REGISTER);
}

/** `udfRemove(module)`: a module that is not registered is no error (servers 4.5.1 and later). */
export async function udfRemove(c: HasAerolite, module: string): Promise<UdfJob> {
  await c.aerolite.udfRemove(module);
  return new UdfJob(c, module, UdfJob.UNREGISTER);
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

/** `createIndex({ ns, set, bin, index, type?, datatype, context? })` → an `IndexJob` (already built). */
export async function createIndex(
  c: HasAerolite,
  options: unknown,
  datatype: number | undefined,
): Promise<IndexJob> {
  const o = (options ?? {}) as {
    ns?: string;
    set?: string;
    bin?: string;
    index?: string;
    type?: number;
    datatype?: number;
    context?: unknown;
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
  const ctx = contextItems(o.context);
  if (ctx && ctx.length > 0) spec.ctx = ctx;
  // aerolite resolves once every node has built the index, so the job is done when it arrives.
  await c.aerolite.createIndex(spec, { pollMs: 10 });
  return new IndexJob(c, o.ns, o.index);
}

/** `indexRemove(ns, name)`. */
export async function indexRemove(c: HasAerolite, ns: string, name: string): Promise<void> {
  await c.aerolite.dropIndex(ns, name);
}
