/**
 * The official clients' extended-metrics file format, version 2 (the layout the C client and the
 * clients built on it, the official Node.js one included, write): one header line naming the
 * record layout, then one `cluster[...]` line per snapshot and one bare node record (`[...]`)
 * for a node that leaves the cluster. Pure: snapshot objects in, lines out; no I/O.
 *
 * ```
 * 2026-12-07 09:30:00.123 header(2) cluster[name,clientType,clientVersion,appId,label[],cpu,mem,...] ...
 * 2026-12-07 09:30:30.125 cluster[,typescript,0.1.0,,[[app,web]],3,18446744,0,1200,0,0,[[0,0]],[[BB9...,127.0.0.1,3000,0,0,0,0,0,0,...]]]
 * ```
 * Every count is cumulative since `enableMetrics()` (never reset per interval), as in the
 * official clients; a reader takes differences between snapshots.
 * @module
 */

/** Command groups with their own latency histogram, in the file's order (the official `LatencyType`). */
export const LATENCY_TYPES = ["conn", "write", "read", "batch", "query"] as const;

/** One command group of {@linkcode LATENCY_TYPES}. */
export type LatencyType = typeof LATENCY_TYPES[number];

/** Index of each latency type in a histogram table (`LATENCY_TYPES.indexOf`). */
export const LATENCY_INDEX: Readonly<Record<LatencyType, number>> = {
  conn: 0,
  write: 1,
  read: 2,
  batch: 3,
  query: 4,
};

/** Connection counters of one node (`conn[inUse,inPool,opened,closed,recovered,aborted]`). */
export interface ConnMetrics {
  /** Connections handed out now. */
  inUse: number;
  /** Idle connections in the pool now. */
  inPool: number;
  /** Connections opened (cumulative). */
  opened: number;
  /** Connections closed (cumulative). */
  closed: number;
  /** Connections recovered after a timeout (cumulative; aerolite closes them instead: 0). */
  recovered: number;
  /** Connections aborted while being recovered (cumulative; 0). */
  aborted: number;
}

/** What one node did for one namespace (`namespace[name,errors,timeouts,keyBusy,bytesIn,bytesOut,latency[]]`). */
export interface NamespaceMetrics {
  /** Namespace name; `""` for commands without one (batch, info). */
  name: string;
  /** Failed commands, timeouts excluded (cumulative). */
  errors: number;
  /** Timed-out attempts (cumulative). */
  timeouts: number;
  /** KEY_BUSY (14) replies (cumulative). */
  keyBusy: number;
  /** Reply bytes received, proto headers included (cumulative; single-record and batch commands). */
  bytesIn: number;
  /** Request bytes sent, proto headers included (cumulative; single-record and batch commands). */
  bytesOut: number;
  /** Latency bucket counts per type (each `latencyColumns` long, cumulative). */
  latency: Readonly<Record<LatencyType, readonly number[]>>;
}

/** One node's record (`node[name,address,port,syncConn,asyncConn,namespace[]]`). */
export interface NodeMetrics {
  /** Node name. */
  name: string;
  /** IP address or host name the node is reached at. */
  address: string;
  /** Port. */
  port: number;
  /** Blocking-call connections: aerolite has none, all zero. */
  syncConn: ConnMetrics;
  /** The node's connection pool. */
  asyncConn: ConnMetrics;
  /** Per-namespace counters and histograms (namespaces the node has served). */
  namespaces: NamespaceMetrics[];
}

/** One snapshot of the whole client (the `cluster[...]` record). */
export interface MetricsSnapshot {
  /** When it was taken (ms since the epoch). */
  time: number;
  /** `clusterName` option, `""` when unset. */
  name: string;
  /** Client language as the file names it. */
  clientType: string;
  /** Client version. */
  clientVersion: string;
  /** Application id (`""` when unset). */
  appId: string;
  /** User labels, in insertion order. */
  labels: readonly (readonly [string, string])[];
  /** Process CPU use since the previous snapshot, percent of one core (rounded). */
  cpu: number;
  /** Process memory in use, bytes (the JavaScript heap). */
  mem: number;
  /** Seeds or peers that could not be validated as nodes (cumulative). */
  invalidNodeCount: number;
  /** Commands run (cumulative). */
  commandCount: number;
  /** Retries (cumulative). */
  retryCount: number;
  /** Commands that timed out while queued for a slot (cumulative). */
  delayQueueTimeoutCount: number;
  /** Event loops: one, with commands in flight (`processSize`) and queued (`queueSize`). */
  eventLoops: readonly { processSize: number; queueSize: number }[];
  /** Every active node. */
  nodes: NodeMetrics[];
}

/** Name of a metrics file opened at `time`: `metrics-YYYYMMDDHHmmss.log` (local time). */
export function metricsFileName(time: number): string {
  const d = new Date(time);
  return `metrics-${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}` +
    `${p2(d.getHours())}${p2(d.getMinutes())}${p2(d.getSeconds())}.log`;
}

/** A line's timestamp: `YYYY-MM-DD HH:mm:ss.SSS` (local time). */
export function metricsTimestamp(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ` +
    `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${
      String(d.getMilliseconds()).padStart(3, "0")
    }`;
}

/** The header line (without newline) naming every record's fields and the histogram shape. */
export function metricsHeader(time: number, latencyColumns: number, latencyShift: number): string {
  return `${metricsTimestamp(time)} header(2)` +
    " cluster[name,clientType,clientVersion,appId,label[],cpu,mem,invalidNodeCount,commandCount," +
    "retryCount,delayQueueTimeoutCount,eventloop[],node[]]" +
    " label[name,value] eventloop[processSize,queueSize]" +
    " node[name,address,port,syncConn,asyncConn,namespace[]]" +
    " conn[inUse,inPool,opened,closed,recovered,aborted]" +
    " namespace[name,errors,timeouts,keyBusy,bytesIn,bytesOut,latency[]]" +
    ` latency(${latencyColumns},${latencyShift})[type[l1,l2,l3...]]`;
}

/** One snapshot as a `cluster[...]` line (without newline). */
export function formatCluster(s: MetricsSnapshot): string {
  let out = `${metricsTimestamp(s.time)} cluster[${s.name},${s.clientType},${s.clientVersion},${s.appId},[`;
  for (let i = 0; i < s.labels.length; i++) {
    if (i > 0) out += ",";
    out += `[${s.labels[i][0]},${s.labels[i][1]}]`;
  }
  out += `],${s.cpu},${s.mem},${s.invalidNodeCount},${s.commandCount},${s.retryCount},` +
    `${s.delayQueueTimeoutCount},[`;
  for (let i = 0; i < s.eventLoops.length; i++) {
    if (i > 0) out += ",";
    out += `[${s.eventLoops[i].processSize},${s.eventLoops[i].queueSize}]`;
  }
  out += "],[";
  for (let i = 0; i < s.nodes.length; i++) {
    if (i > 0) out += ",";
    out += formatNode(s.nodes[i]);
  }
  return out + "]]";
}

/** A node's record `[name,address,port,<6 sync conn>,<6 pool conn>,[namespaces]]`. */
export function formatNode(n: NodeMetrics): string {
  let out = `[${n.name},${n.address},${n.port},${formatConn(n.syncConn)},${formatConn(n.asyncConn)},[`;
  for (let i = 0; i < n.namespaces.length; i++) {
    const ns = n.namespaces[i];
    if (i > 0) out += ",";
    out += `${ns.name},${ns.errors},${ns.timeouts},${ns.keyBusy},${ns.bytesIn},${ns.bytesOut},[`;
    for (let t = 0; t < LATENCY_TYPES.length; t++) {
      if (t > 0) out += ",";
      out += `${LATENCY_TYPES[t]}[${ns.latency[LATENCY_TYPES[t]].join(",")}]`;
    }
    out += "]";
  }
  return out + "]]";
}

/** A node that left, as its own line: timestamp, space, node record (without newline). */
export function formatNodeClose(time: number, n: NodeMetrics): string {
  return `${metricsTimestamp(time)} ${formatNode(n)}`;
}

function formatConn(c: ConnMetrics): string {
  return `${c.inUse},${c.inPool},${c.opened},${c.closed},${c.recovered},${c.aborted}`;
}

function p2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
