/**
 * The info protocol as a Community Edition 8.1 node answers it (formats checked against
 * tests/fixtures/vectors/info_*.json): identity, features, partition map, peers, statistics,
 * sets, truncate (with `lut=`), secondary indexes (sindex.ts), UDF modules (udf.ts) and job
 * monitoring (jobs.ts). Unknown commands answer `ERROR:4:unrecognized command`, enterprise-only ones
 * `ERROR:25:enterprise only`, and an empty request the node's default set.
 * @module
 */
import { encodeReplicas, type NamespaceReplicas, ownsPartition } from "../../src/wire/info.ts";
import type { JobRegistry } from "../jobs.ts";
import type { IndexDef } from "../sindex.ts";
import { serverNow, type Store } from "../store.ts";

/** CE build the mock imitates. */
export const MOCK_BUILD = "8.1.2.0";
/** The `features` value of a CE 8.1 node. */
export const MOCK_FEATURES =
  "batch-any;batch-index;blob-bits;cdt-index;cdt-list;cdt-map;cluster-stable;float;geo;" +
  "sindex-exists;peers;pipelining;pquery;pscans;query-show;relaxed-sc;replicas;replicas-all;replicas-master;" +
  "replicas-max;truncate-namespace;udf";

/** One peer as another node advertises it. */
export interface PeerAddress {
  /** Node id. */
  name: string;
  /** Address. */
  host: string;
  /** Service port. */
  port: number;
}

/** What the info handler needs to know about the node it answers for. */
export interface InfoNodeView {
  /** Node id. */
  readonly name: string;
  /** Service address. */
  readonly host: string;
  /** Service port. */
  readonly port: number;
  /** Cluster name. */
  readonly clusterName: string;
  /** The cluster's records. */
  readonly store: Store;
  /** Bumped whenever this node's partition ownership changes. */
  readonly partitionGeneration: number;
  /** Bumped on every rebalance. */
  readonly rebalanceGeneration: number;
  /** Bumped whenever the peer list changes. */
  readonly peersGeneration: number;
  /** Live nodes in the cluster. */
  readonly clusterSize: number;
  /** Clock in ms. */
  readonly clock: () => number;
  /** Node start time in ms. */
  readonly startedMs: number;
  /** The TLS name the node announces when it serves TLS only; undefined for a clear node. */
  readonly tlsName: string | undefined;
  /** The edition the node reports. @default "community" */
  readonly edition?: "community" | "enterprise";
  /** Live other nodes. */
  peers(): PeerAddress[];
  /** Replica bitmaps per namespace. */
  replicas(): Map<string, NamespaceReplicas>;
  /** Master and replica record counts of a namespace as seen by this node. */
  objectCounts(ns: string): { master: number; prole: number };
  /** The node's scan/query job monitor. */
  readonly jobs: JobRegistry;
}

const ENTERPRISE_ONLY = "ERROR:25:enterprise only";
const UNRECOGNIZED = "ERROR:4:unrecognized command";
const ENTERPRISE_COMMANDS = new Set([
  "peers-tls-std",
  "peers-tls-alt",
  "service-tls-std",
  "service-tls-alt",
  "racks:",
  "racks",
  "rack-ids",
]);

const DEFAULT_SET = [
  "features",
  "node",
  "compatibility-id",
  "edition",
  "build_ee_sha",
  "build_sha",
  "build_arch",
  "build_time",
  "build_os",
  "build",
  "version",
  "statistics",
  "services-alumni",
  "services",
  "partition-generation",
];

function peersValue(v: InfoNodeView, withPeers: boolean): string {
  // Every peer address carries its port, so the default port is only a formality. All nodes
  // share one certificate, so each peer's TLS name is this node's.
  const name = v.tlsName ?? "";
  const list = withPeers ? v.peers().map((p) => `[${p.name},${name},[${p.host}:${p.port}]]`).join(",") : "";
  return `${v.peersGeneration},${v.port},[${list}]`;
}

/**
 * The service and peers commands of a TLS-only node (an Enterprise feature, so only when the mock
 * serves TLS): the `-tls-` ones describe the TLS service, the `-clear-` ones are empty (no clear
 * port, hence no default port either). Undefined for other commands and on clear nodes.
 */
function tlsServiceValue(v: InfoNodeView, cmd: string): string | undefined {
  if (v.tlsName === undefined) return undefined;
  switch (cmd) {
    case "peers-tls-std":
      return peersValue(v, true);
    case "peers-tls-alt":
      return peersValue(v, false);
    case "service-tls-std":
      return `${v.host}:${v.port}`;
    case "peers-clear-std":
    case "peers-clear-alt":
      return `${v.peersGeneration},,[]`;
    case "service-tls-alt":
    case "service-clear-std":
    case "service-clear-alt":
    case "services":
      return "";
  }
  return undefined;
}

function statistics(v: InfoNodeView): string {
  let objects = 0;
  for (const name of v.store.names()) objects += v.store.namespace(name)?.size ?? 0;
  const uptime = Math.max(0, Math.floor((v.clock() - v.startedMs) / 1000));
  return [
    `cluster_size=${v.clusterSize}`,
    `cluster_key=${v.rebalanceGeneration.toString(16).toUpperCase()}`,
    `cluster_generation=${v.rebalanceGeneration}`,
    `cluster_principal=${v.name}`,
    "cluster_integrity=true",
    "cluster_is_member=true",
    `uptime=${uptime}`,
    `objects=${objects}`,
    "tombstones=0",
    "migrate_allowed=true",
    "migrate_partitions_remaining=0",
  ].join(";");
}

function namespaceInfo(v: InfoNodeView, name: string): string {
  const ns = v.store.namespace(name);
  if (ns === undefined) return "type=unknown";
  const counts = v.objectCounts(name);
  const rf = Math.min(ns.replicationFactor, v.clusterSize);
  return [
    `ns_cluster_size=${v.clusterSize}`,
    `effective_replication_factor=${rf}`,
    `objects=${counts.master + counts.prole}`,
    "tombstones=0",
    `master_objects=${counts.master}`,
    `prole_objects=${counts.prole}`,
    "stop_writes=false",
    "hwm_breached=false",
    `current_time=${serverNow(v.clock)}`,
    `default-ttl=${ns.defaultTtl}`,
    "nsup-period=120",
    `replication-factor=${ns.replicationFactor}`,
    `strong-consistency=${ns.strongConsistency}`,
    "storage-engine=memory",
  ].join(";");
}

/**
 * Per-set object counts of the records this node holds, as a node counts them: every partition
 * it has a copy of (master or replica, from its replica bitmaps), so with replication factor 2
 * on two nodes each reports every record, and with one replica each reports its own share.
 */
function setsValue(v: InfoNodeView, only?: string): string {
  let out = "";
  const replicas = v.replicas();
  // `sets/<ns>` or, as a node also takes it, `sets/<ns>/<set>` for one set.
  const [onlyNs, onlySet] = only === undefined ? [] : only.split("/", 2);
  for (const name of v.store.names()) {
    if (onlyNs !== undefined && name !== onlyNs) continue;
    const ns = v.store.namespace(name);
    const maps = replicas.get(name)?.replicas ?? [];
    if (ns === undefined) continue;
    const counts = new Map<string, number>();
    for (let pid = 0; pid < 4096; pid++) {
      if (!maps.some((m) => ownsPartition(m, pid))) continue;
      for (const rec of ns.partition(pid)) counts.set(rec.set, (counts.get(rec.set) ?? 0) + 1);
    }
    // Sets with records only on other nodes are listed with objects=0.
    for (const set of ns.setCounts().keys()) if (!counts.has(set)) counts.set(set, 0);
    for (const [set, count] of counts) {
      if (set === "" || (onlySet !== undefined && set !== onlySet)) continue;
      // One set (`sets/<ns>/<set>`): CE 8.1 answers its fields without the ns= and set= prefix.
      const fields = `objects=${count}:tombstones=0:truncating=false:default-ttl=0;`;
      out += onlySet !== undefined ? fields : `ns=${name}:set=${set}:${fields}`;
    }
  }
  return out;
}

/** Records of the index's namespace (and set) holding its bin: what the index would cover. */
function indexEntries(v: InfoNodeView, d: IndexDef): number {
  const ns = v.store.namespace(d.ns);
  if (ns === undefined) return 0;
  let n = 0;
  for (let pid = 0; pid < 4096; pid++) {
    for (const rec of ns.partition(pid)) {
      if ((d.set === undefined || rec.set === d.set) && rec.bins.has(d.bin)) n++;
    }
  }
  return n;
}

function params(cmd: string): Map<string, string> {
  const out = new Map<string, string>();
  const colon = cmd.indexOf(":");
  if (colon < 0) return out;
  for (const pair of cmd.slice(colon + 1).split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0) out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return out;
}

function truncate(v: InfoNodeView, cmd: string, withSet: boolean): string {
  const p = params(cmd);
  const ns = v.store.namespace(p.get("namespace") ?? "");
  if (ns === undefined) return "ERROR:4:namespace not found";
  const set = p.get("set");
  if (withSet && (set === undefined || set === "")) return "ERROR:4:missing set";
  // lut= is the cut-off as nanoseconds since the Unix epoch: only older records go.
  const lut = p.get("lut");
  let beforeMs: number | undefined;
  if (lut !== undefined) {
    if (!/^\d+$/.test(lut)) return "ERROR:4:bad lut";
    beforeMs = Number(BigInt(lut) / 1_000_000n);
  }
  ns.truncate(withSet ? set : undefined, beforeMs);
  return "ok";
}

function editionName(v: InfoNodeView): string {
  return v.edition === "enterprise" ? "Aerospike Enterprise Edition" : "Aerospike Community Edition";
}

/**
 * The value a node answers for one info command.
 * @example
 * ```ts
 * declare const view: InfoNodeView;
 * infoValue(view, "partition-generation"); // "3"
 * ```
 */
export function infoValue(v: InfoNodeView, cmd: string): string {
  const tls = tlsServiceValue(v, cmd);
  if (tls !== undefined) return tls;
  if (ENTERPRISE_COMMANDS.has(cmd)) return ENTERPRISE_ONLY;
  switch (cmd) {
    case "node":
      return v.name;
    case "build":
      return MOCK_BUILD;
    case "version":
      return `${editionName(v)} build ${MOCK_BUILD}`;
    case "edition":
      return editionName(v);
    case "features":
      return MOCK_FEATURES;
    case "compatibility-id":
      return "15";
    case "build_ee_sha":
      return "";
    case "build_sha":
      return "0000000000000000000000000000000000000000";
    case "build_arch":
      return "x86_64";
    case "build_time":
      return "mock";
    case "build_os":
      return "mock";
    case "cluster-name":
      return v.clusterName;
    case "namespaces":
      return v.store.names().join(";");
    case "partition-generation":
      return String(v.partitionGeneration);
    case "rebalance-generation":
      return String(v.rebalanceGeneration);
    case "replicas":
      return encodeReplicas(v.replicas());
    case "peers-generation":
      return String(v.peersGeneration);
    case "peers-clear-std":
      return peersValue(v, true);
    case "peers-clear-alt":
      return peersValue(v, false);
    case "service-clear-std":
      return `${v.host}:${v.port}`;
    case "service-clear-alt":
    case "services-alumni":
      return "";
    case "services":
      return v.peers().map((p) => `${p.host}:${p.port}`).join(";");
    case "statistics":
      return statistics(v);
    case "sets":
      return setsValue(v);
  }
  const managed = v.store.indexes.info(cmd, (d) => indexEntries(v, d)) ?? v.store.udfs.info(cmd) ??
    v.jobs.info(cmd, v.clock());
  if (managed !== undefined) return managed;
  if (cmd.startsWith("namespace/")) return namespaceInfo(v, cmd.slice("namespace/".length));
  if (cmd.startsWith("sets/")) return setsValue(v, cmd.slice("sets/".length));
  if (cmd.startsWith("truncate-namespace:")) return truncate(v, cmd, false);
  if (cmd.startsWith("truncate:")) return truncate(v, cmd, true);
  if (cmd.startsWith("user-agent-set:")) return "ok";
  return UNRECOGNIZED;
}

/**
 * Answers a list of info commands, in order, as `[name, value]` pairs; an empty list answers the
 * node's default set, as a real node does for an empty request.
 * @example
 * ```ts
 * import { decodeInfoRequest, encodeInfoResponse } from "../../src/wire/info.ts";
 * declare const view: InfoNodeView, body: Uint8Array;
 * encodeInfoResponse(handleInfo(view, decodeInfoRequest(body)));
 * ```
 */
export function handleInfo(v: InfoNodeView, commands: readonly string[]): [string, string][] {
  const asked = commands.length === 0 ? DEFAULT_SET : commands;
  return asked.map((c) => [c, infoValue(v, c)]);
}
