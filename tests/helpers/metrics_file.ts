/**
 * Reads an extended-metrics file (header(2) layout, see src/observe/metrics_format.ts) back into
 * numbers, written independently of the formatter: a small bracket parser, then the fields by
 * the positions the header names. Used to check that a file written during a load run holds the
 * command counts the load issued.
 */

/** A parsed bracket item: a scalar, a list, or a named list (`conn[1,2]`). */
type Item = string | Item[] | { name: string; items: Item[] };

/** One namespace entry of a node record. */
export interface ParsedNamespace {
  name: string;
  errors: number;
  timeouts: number;
  keyBusy: number;
  bytesIn: number;
  bytesOut: number;
  latency: Record<string, number[]>;
}

/** One node record. */
export interface ParsedNode {
  name: string;
  address: string;
  port: number;
  syncConn: number[];
  asyncConn: number[];
  namespaces: ParsedNamespace[];
}

/** One cluster record. */
export interface ParsedCluster {
  time: string;
  name: string;
  clientType: string;
  clientVersion: string;
  appId: string;
  labels: [string, string][];
  cpu: number;
  mem: number;
  invalidNodeCount: number;
  commandCount: number;
  retryCount: number;
  delayQueueTimeoutCount: number;
  eventLoops: number[][];
  nodes: ParsedNode[];
}

/** A whole file. */
export interface ParsedMetricsFile {
  version: number;
  latencyColumns: number;
  latencyShift: number;
  clusters: ParsedCluster[];
  nodeCloses: ParsedNode[];
}

const LINE_RE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (.*)$/;

/** Parses the text of a metrics file; throws on anything malformed. */
export function parseMetricsFile(text: string): ParsedMetricsFile {
  const lines = text.split("\n");
  if (lines.at(-1) !== "") throw new Error("the file does not end with a newline");
  lines.pop();
  const head = LINE_RE.exec(lines[0] ?? "");
  const shape = head && /^header\((\d+)\) .* latency\((\d+),(\d+)\)\[type\[l1,l2,l3\.\.\.\]\]$/.exec(head[2]);
  if (!shape) throw new Error(`not a metrics header: ${lines[0]}`);
  const out: ParsedMetricsFile = {
    version: Number(shape[1]),
    latencyColumns: Number(shape[2]),
    latencyShift: Number(shape[3]),
    clusters: [],
    nodeCloses: [],
  };
  for (const line of lines.slice(1)) {
    const m = LINE_RE.exec(line);
    if (!m) throw new Error(`no timestamp: ${line}`);
    const item = parseItem(m[2]);
    if (Array.isArray(item)) out.nodeCloses.push(node(item, out.latencyColumns));
    else if (typeof item === "object" && item.name === "cluster") {
      out.clusters.push(cluster(m[1], item.items, out.latencyColumns));
    } else throw new Error(`unknown record: ${line}`);
  }
  return out;
}

function cluster(time: string, f: Item[], columns: number): ParsedCluster {
  if (f.length !== 13) throw new Error(`a cluster record has 13 fields, got ${f.length}`);
  return {
    time,
    name: str(f[0]),
    clientType: str(f[1]),
    clientVersion: str(f[2]),
    appId: str(f[3]),
    labels: list(f[4]).map((l) => {
      const pair = list(l);
      if (pair.length !== 2) throw new Error("a label is [name,value]");
      return [str(pair[0]), str(pair[1])];
    }),
    cpu: num(f[5]),
    mem: num(f[6]),
    invalidNodeCount: num(f[7]),
    commandCount: num(f[8]),
    retryCount: num(f[9]),
    delayQueueTimeoutCount: num(f[10]),
    eventLoops: list(f[11]).map((e) => list(e).map(num)),
    nodes: list(f[12]).map((n) => node(list(n), columns)),
  };
}

function node(f: Item[], columns: number): ParsedNode {
  if (f.length !== 16) throw new Error(`a node record has 16 fields, got ${f.length}`);
  const nsItems = list(f[15]);
  if (nsItems.length % 7 !== 0) throw new Error("a namespace entry has 7 fields");
  const namespaces: ParsedNamespace[] = [];
  for (let i = 0; i < nsItems.length; i += 7) {
    const latency: Record<string, number[]> = {};
    for (const t of list(nsItems[i + 6])) {
      if (typeof t !== "object" || Array.isArray(t)) throw new Error("a latency entry is type[...]");
      const buckets = t.items.map(num);
      if (buckets.length !== columns) {
        throw new Error(`${t.name} has ${buckets.length} buckets, not ${columns}`);
      }
      latency[t.name] = buckets;
    }
    namespaces.push({
      name: str(nsItems[i]),
      errors: num(nsItems[i + 1]),
      timeouts: num(nsItems[i + 2]),
      keyBusy: num(nsItems[i + 3]),
      bytesIn: num(nsItems[i + 4]),
      bytesOut: num(nsItems[i + 5]),
      latency,
    });
  }
  return {
    name: str(f[0]),
    address: str(f[1]),
    port: num(f[2]),
    syncConn: f.slice(3, 9).map(num),
    asyncConn: f.slice(9, 15).map(num),
    namespaces,
  };
}

function str(i: Item): string {
  if (typeof i !== "string") throw new Error(`expected a scalar, got ${JSON.stringify(i)}`);
  return i;
}

function num(i: Item): number {
  const s = str(i);
  if (!/^-?\d+$/.test(s)) throw new Error(`expected an integer, got ${s}`);
  return Number(s);
}

function list(i: Item): Item[] {
  if (!Array.isArray(i)) throw new Error(`expected a list, got ${JSON.stringify(i)}`);
  return i;
}

/** Parses `name[...]`, `[...]` or a scalar, the whole text. */
function parseItem(text: string): Item {
  let pos = 0;
  const items = (): Item[] => {
    const out: Item[] = [];
    if (text[pos] === "]") {
      pos++;
      return out;
    }
    for (;;) {
      out.push(item());
      const c = text[pos++];
      if (c === "]") return out;
      if (c !== ",") throw new Error(`expected , or ] at ${pos - 1} in ${text}`);
    }
  };
  const item = (): Item => {
    let word = "";
    while (pos < text.length && !",[]".includes(text[pos])) word += text[pos++];
    if (text[pos] !== "[") return word;
    pos++;
    const inner = items();
    return word === "" ? inner : { name: word, items: inner };
  };
  const out = item();
  if (pos !== text.length) throw new Error(`trailing text at ${pos} in ${text}`);
  return out;
}
