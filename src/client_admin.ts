/**
 * Info and management commands of `Client`: raw `info`/`infoAll`, secondary index create/drop
 * (waiting until every node reports the index ready / gone), namespace and set listings.
 * @module
 */
import {
  checkInfo,
  infoChecked,
  type InfoCluster,
  infoEach,
  type InfoNode,
  infoRaw,
  pickNode,
  poll,
  type PollOptions,
} from "./commands/info.ts";
import { parseInfoError, parseKeyValues } from "./wire/info.ts";
import type { IndexCollection } from "./query/filter.ts";
import type { CdtContext } from "./ops/ctx.ts";
import { toBase64 } from "./ops/ctx_base64.ts";
import type { FilterExpression } from "./policy.ts";

function base64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}

/** What `createIndex` needs. */
export interface IndexSpec {
  /** Namespace. */
  ns: string;
  /** Set (omit for the whole namespace). @default undefined */
  set?: string;
  /** Indexed bin (omit for an expression index). */
  bin?: string;
  /** Index name, unique per namespace. */
  name: string;
  /** Value type indexed. */
  type: "numeric" | "string" | "blob" | "geo2dsphere";
  /** Index the elements of a list, or a map's keys or values. @default undefined (the bin itself) */
  collection?: IndexCollection;
  /**
   * Index the element this CDT context selects inside the bin (sent as `context=<base64>`); query
   * it with `Filter.*(bin, ..., { ctx })` or `Filter.withIndexName`.
   * @default undefined (the bin itself)
   */
  ctx?: readonly CdtContext[];
  /**
   * Index the value of this expression instead of a bin (server 8.1, sent as `exp=<base64>`):
   * `bin` is then omitted; query it with `Filter.withExp` or `Filter.withIndexName`.
   * @default undefined
   */
  exp?: FilterExpression;
}

/** Info settings of the client. */
export interface AdminContext {
  /** Nodes. */
  cluster: InfoCluster;
  /** Per-request timeout in ms. */
  infoTimeout: number;
}

const TYPES: Record<IndexSpec["type"], string> = {
  numeric: "NUMERIC",
  string: "STRING",
  blob: "BLOB",
  geo2dsphere: "GEO2DSPHERE",
};
const COLLECTIONS: Record<IndexCollection, string> = {
  list: "LIST",
  mapKeys: "MAPKEYS",
  mapValues: "MAPVALUES",
};

// A namespace also goes into `sets/<ns>` and `sindex/<ns>/<name>`, where "/" separates the parts.
function nsName(v: unknown): string {
  if (typeof v !== "string" || v.length === 0 || /[;:=,\t\n/]/.test(v)) {
    throw new TypeError("ns must be a non-empty string without ; : = , / tabs or newlines");
  }
  return v;
}

// A set, index or bin name is one `key=value` parameter of an info command: ";" ends the parameter,
// newline ends the command and tab separates the answer, so those cannot be carried. Everything else
// can: a CE 8.1 node creates, lists, reports (`sindex/<ns>/<name>` takes the rest after the
// namespace) and deletes indexes whose set, name and bin hold "/", ",", ":", "=" or spaces, and the
// official clients send such names as they are (their suite uses sets named "test/query-<n>").
function name(what: string, v: unknown): string {
  if (typeof v !== "string" || v.length === 0 || /[;\t\n]/.test(v)) {
    throw new TypeError(`${what} must be a non-empty string without ; tabs or newlines`);
  }
  return v;
}

// An empty request asks a node for its default set of values (build, edition, version, node,
// statistics, ...; CE 8.1 lists 20 or so); they come back as "name\tvalue\n" lines.
async function infoDefaults(n: InfoNode, timeoutMs: number): Promise<string> {
  let out = "";
  for (const [name, value] of await n.info([], timeoutMs)) out += `${name}\t${value}\n`;
  return out;
}

/** One info command on one node (named or any); resolves the raw value ("" → the default set as lines). */
export async function info(
  ctx: AdminContext,
  command: string,
  node?: string,
  timeoutMs?: number,
): Promise<string> {
  const n = pickNode(ctx.cluster, node);
  if (command === "") return await infoDefaults(n, infoTimeout(ctx, timeoutMs));
  return await infoRaw(n, command, infoTimeout(ctx, timeoutMs));
}

/** One info command on every node: node name → raw value ("" → the default set as lines). */
export async function infoAll(
  ctx: AdminContext,
  command: string,
  timeoutMs?: number,
): Promise<Map<string, string>> {
  const ms = infoTimeout(ctx, timeoutMs);
  if (command === "") {
    const nodes = ctx.cluster.nodes;
    if (nodes.length === 0) return await infoEach(ctx.cluster, command, ms); // rejects: no node
    const values = await Promise.all(nodes.map((n) => infoDefaults(n, ms)));
    return new Map(nodes.map((n, i) => [n.name, values[i]]));
  }
  return await infoEach(ctx.cluster, command, ms);
}

// A call's own totalTimeout (checked: a positive number of ms), else the client's info default.
function infoTimeout(ctx: AdminContext, ms: number | undefined): number {
  if (ms === undefined) return ctx.infoTimeout;
  if (!(typeof ms === "number" && Number.isFinite(ms) && ms > 0)) {
    throw new RangeError(`info totalTimeout must be a positive number of ms, got ${String(ms)}`);
  }
  return ms;
}

/** The `sindex-create` command text, as the official clients send it to 8.x servers. */
export function indexCreateCommand(spec: IndexSpec): string {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError("createIndex() needs { ns, set?, bin, name, type }");
  }
  const type = TYPES[spec.type];
  if (type === undefined) throw new TypeError(`unknown index type ${String(spec.type)}`);
  let cmd = `sindex-create:namespace=${nsName(spec.ns)}`;
  if (spec.set !== undefined && spec.set !== "") cmd += `;set=${name("set", spec.set)}`;
  cmd += `;indexname=${name("name", spec.name)}`;
  let indexType = "";
  if (spec.collection !== undefined) {
    const c = COLLECTIONS[spec.collection];
    if (c === undefined) throw new TypeError(`unknown index collection ${String(spec.collection)}`);
    indexType = `;indextype=${c}`;
  }
  // As the C client writes them: an expression index has no bin; a context comes before the type.
  if (spec.exp !== undefined) {
    if (spec.bin !== undefined || spec.ctx !== undefined) {
      throw new TypeError("an expression index takes no bin and no ctx");
    }
    return `${cmd};exp=${base64(spec.exp.bytes)}${indexType};type=${type}`;
  }
  if (spec.ctx !== undefined) cmd += `;context=${toBase64(spec.ctx)}`;
  return `${cmd}${indexType};bin=${name("bin", spec.bin)};type=${type}`;
}

/** Creates a secondary index and resolves once every node reports it fully built (`load_pct=100`). */
export async function createIndex(ctx: AdminContext, spec: IndexSpec, wait: PollOptions = {}): Promise<void> {
  const cmd = indexCreateCommand(spec);
  const node = pickNode(ctx.cluster);
  await infoChecked(node, cmd, ctx.infoTimeout);
  const stat = `sindex/${spec.ns}/${spec.name}`;
  await poll(async () => {
    for (const [, value] of await infoEach(ctx.cluster, stat, ctx.infoTimeout)) {
      if (parseInfoError(value) !== null) return false; // not yet known on that node
      if (parseKeyValues(value).get("load_pct") !== "100") return false;
    }
    return true;
  }, wait);
}

/** Drops a secondary index and resolves once no node knows it any more. */
export async function dropIndex(
  ctx: AdminContext,
  ns: string,
  index: string,
  wait: PollOptions = {},
): Promise<void> {
  const cmd = `sindex-delete:namespace=${nsName(ns)};indexname=${name("name", index)}`;
  await infoChecked(pickNode(ctx.cluster), cmd, ctx.infoTimeout);
  await poll(async () => {
    for (const [, value] of await infoEach(ctx.cluster, `sindex/${ns}/${index}`, ctx.infoTimeout)) {
      if (parseInfoError(value) === null) return false;
    }
    return true;
  }, wait);
}

/** The cluster's namespaces. */
export async function namespaces(ctx: AdminContext): Promise<string[]> {
  const node = pickNode(ctx.cluster);
  const v = checkInfo(await infoRaw(node, "namespaces", ctx.infoTimeout), "namespaces", node.name);
  return v.split(";").filter((s) => s !== "");
}

/**
 * The sets of a namespace (union over the nodes), with their object counts summed over the nodes:
 * each node counts its master and replica copies, so the sum is records × replication factor.
 */
export async function sets(ctx: AdminContext, ns: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [node, value] of await infoEach(ctx.cluster, `sets/${nsName(ns)}`, ctx.infoTimeout)) {
    checkInfo(value, "sets", node);
    for (const entry of value.split(";")) {
      if (entry === "") continue;
      const kv = parseKeyValues(entry, ":", "=");
      const set = kv.get("set");
      if (set === undefined) continue;
      out.set(set, (out.get(set) ?? 0) + Number(kv.get("objects") ?? 0));
    }
  }
  return out;
}
