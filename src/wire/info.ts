/**
 * The info text protocol (proto type 1): requests are command names each followed by `\n`;
 * replies are lines `name\tvalue\n`. Also the parsers (and, for the mock, encoders) of the values
 * tending relies on: `replicas` and `peers-clear-std`.
 * @module
 */
import { frame, PROTO_TYPE_INFO, WireFormatError } from "./proto.ts";
import { ResultCode } from "./result_code.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A whole type-1 frame asking `commands`; an empty list sends an empty body, which a real node
 * answers with its default set (features, node, build, statistics, ...).
 * @example
 * ```ts
 * import type { Conn } from "../transport/transport.ts";
 * declare const conn: Conn;
 * conn.write(encodeInfoRequest(["node", "partition-generation"]));
 * ```
 */
export function encodeInfoRequest(commands: readonly string[]): Uint8Array {
  let text = "";
  for (const c of commands) {
    if (c.length === 0 || c.includes("\n")) {
      throw new RangeError(`info command must be non-empty and without newline: ${JSON.stringify(c)}`);
    }
    text += c + "\n";
  }
  return frame(PROTO_TYPE_INFO, encoder.encode(text));
}

/**
 * The commands of a type-1 request body (the mock's side). A last command without its `\n` is kept.
 * @example
 * ```ts
 * decodeInfoRequest(new TextEncoder().encode("node\nbuild\n")); // ["node", "build"]
 * ```
 */
export function decodeInfoRequest(body: Uint8Array): string[] {
  return decoder.decode(body).split("\n").filter((c) => c.length > 0);
}

/**
 * The name -> value map of a type-1 reply body. A value may itself contain tabs: only the first
 * tab separates; a line without a tab maps to "". A repeated name keeps its last value.
 * @example
 * ```ts
 * declare const body: Uint8Array;
 * decodeInfoResponse(body).get("node"); // "BB9020011AC4202"
 * ```
 */
export function decodeInfoResponse(body: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of decoder.decode(body).split("\n")) {
    if (line.length === 0) continue;
    const tab = line.indexOf("\t");
    if (tab < 0) out.set(line, "");
    else out.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return out;
}

/**
 * A whole type-1 reply frame (the mock's side), byte-identical to what a real node sends.
 * @example
 * ```ts
 * encodeInfoResponse([["node", "A1"]]); // frame of "node\tA1\n"
 * ```
 */
export function encodeInfoResponse(
  entries: Iterable<readonly [string, string]> | ReadonlyMap<string, string>,
): Uint8Array {
  let text = "";
  for (const [name, value] of entries) {
    if (name.includes("\n") || name.includes("\t") || value.includes("\n")) {
      throw new RangeError(`info reply line would break framing: ${JSON.stringify(name)}`);
    }
    text += `${name}\t${value}\n`;
  }
  return frame(PROTO_TYPE_INFO, encoder.encode(text));
}

/**
 * Splits `a=1;b=2` style values into a map; only the first `kvSep` of a pair separates, empty
 * pairs are skipped, a pair without `kvSep` maps to "".
 * @example
 * ```ts
 * parseKeyValues("objects=15;tombstones=0").get("objects"); // "15"
 * parseKeyValues("ns=test:set=vec", ":", "=").get("set"); // "vec"
 * ```
 */
export function parseKeyValues(s: string, pairSep = ";", kvSep = "="): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of s.split(pairSep)) {
    if (pair.length === 0) continue;
    const at = pair.indexOf(kvSep);
    if (at < 0) out.set(pair, "");
    else out.set(pair.slice(0, at), pair.slice(at + kvSep.length));
  }
  return out;
}

/** An error answered in place of an info value. */
export interface InfoError {
  /** The server's result code; SERVER_ERROR when it gave none. */
  code: number;
  /** The server's text (may be empty). */
  message: string;
}

/**
 * Recognises `ERROR:4:unrecognized command` (and `FAIL:...`) answers; null for a normal value.
 * @example
 * ```ts
 * parseInfoError("ERROR:25:enterprise only"); // { code: 25, message: "enterprise only" }
 * ```
 */
export function parseInfoError(value: string): InfoError | null {
  const m = /^(?:ERROR|FAIL)(?::([^:]*))?(?::(.*))?$/s.exec(value.trim());
  if (m === null) return null;
  const raw = m[1] ?? "";
  if (/^-?\d+$/.test(raw.trim())) return { code: Number(raw.trim()), message: m[2] ?? "" };
  // No numeric code (`ERROR`, `ERROR::text`, `ERROR:text`): keep all the text as the message.
  const message = raw === "" ? (m[2] ?? "") : m[2] === undefined ? raw : `${raw}:${m[2]}`;
  return { code: ResultCode.SERVER_ERROR, message };
}

// ---------------------------------------------------------------- replicas

/** Partitions per namespace. */
export const PARTITION_COUNT = 4096;
/** Bytes of one replica bitmap (one bit per partition). */
export const PARTITION_BITMAP_BYTES = PARTITION_COUNT / 8;

/** One namespace of a `replicas` value. */
export interface NamespaceReplicas {
  /** SC regime (0 for AP namespaces); a newer regime wins over an older one. */
  regime: number;
  /** One bitmap per replica index: [0] master, [1] first prole, ... */
  replicas: Uint8Array[];
}

/**
 * Whether bit `pid` is set. Bits are most-significant first: partition 0 is 0x80 of byte 0.
 * @example
 * ```ts
 * declare const replicas: Map<string, NamespaceReplicas>;
 * ownsPartition(replicas.get("test")!.replicas[0], 17);
 * ```
 */
export function ownsPartition(bitmap: Uint8Array, pid: number): boolean {
  if (!Number.isInteger(pid) || pid < 0 || pid >= bitmap.length * 8) {
    throw new RangeError(`partition id ${pid} out of range`);
  }
  return (bitmap[pid >> 3] & (0x80 >> (pid & 7))) !== 0;
}

/** Sets bit `pid` of a bitmap (same bit order as `ownsPartition`). */
export function setPartition(bitmap: Uint8Array, pid: number): void {
  if (!Number.isInteger(pid) || pid < 0 || pid >= bitmap.length * 8) {
    throw new RangeError(`partition id ${pid} out of range`);
  }
  bitmap[pid >> 3] |= 0x80 >> (pid & 7);
}

function base64ToBytes(s: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    throw new WireFormatError(`replicas: bad base64 bitmap`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(b: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < b.length; i++) bin += String.fromCharCode(b[i]);
  return btoa(bin);
}

/**
 * Parses the modern `replicas` value: `<ns>:<regime>,<count>,<b64>,...;<ns>:...`.
 * @example
 * ```ts
 * declare const info: Map<string, string>;
 * const map = parseReplicas(info.get("replicas")!);
 * map.get("test")!.replicas.length; // the replication factor
 * ```
 */
export function parseReplicas(value: string): Map<string, NamespaceReplicas> {
  const out = new Map<string, NamespaceReplicas>();
  for (const entry of value.split(";")) {
    if (entry.length === 0) continue;
    const colon = entry.indexOf(":");
    if (colon <= 0 || colon >= 32) {
      throw new WireFormatError(`replicas: bad namespace in ${entry.slice(0, 40)}`);
    }
    const ns = entry.slice(0, colon);
    const parts = entry.slice(colon + 1).split(",");
    if (parts.length < 2 || !/^\d+$/.test(parts[0]) || !/^\d+$/.test(parts[1])) {
      throw new WireFormatError(`replicas: bad regime or replica count for ${ns}`);
    }
    const regime = Number(parts[0]);
    const count = Number(parts[1]);
    if (parts.length !== 2 + count) {
      throw new WireFormatError(`replicas: ${ns} declares ${count} replicas but has ${parts.length - 2}`);
    }
    const replicas = parts.slice(2).map((b64) => {
      const bitmap = base64ToBytes(b64);
      if (bitmap.length !== PARTITION_BITMAP_BYTES) {
        throw new WireFormatError(`replicas: ${ns} bitmap of ${bitmap.length} bytes, expected 512`);
      }
      return bitmap;
    });
    out.set(ns, { regime, replicas });
  }
  return out;
}

/**
 * The `replicas` value for a node (the mock's side), in the form `parseReplicas` reads.
 * @example
 * ```ts
 * declare const master: Uint8Array, prole: Uint8Array;
 * encodeReplicas(new Map([["test", { regime: 0, replicas: [master, prole] }]]));
 * ```
 */
export function encodeReplicas(namespaces: ReadonlyMap<string, NamespaceReplicas>): string {
  const parts: string[] = [];
  for (const [ns, { regime, replicas }] of namespaces) {
    for (const b of replicas) {
      if (b.length !== PARTITION_BITMAP_BYTES) throw new RangeError(`bitmap must be 512 bytes`);
    }
    parts.push(`${ns}:${regime},${replicas.length}${replicas.map((b) => "," + bytesToBase64(b)).join("")}`);
  }
  return parts.join(";");
}

// ---------------------------------------------------------------- peers

/** One address of a peer. */
export interface PeerHost {
  /** IPv4 address, IPv6 address (without brackets) or name. */
  host: string;
  /** Port: the one given, else the list's default port. */
  port: number;
}

/** One peer node. */
export interface Peer {
  /** Node id, e.g. `BB9020011AC4202`. */
  nodeId: string;
  /** TLS name ("" on clear connections). */
  tlsName: string;
  /** Addresses to reach the node at. */
  hosts: PeerHost[];
}

/** A decoded `peers-clear-std` (or `-alt`, `peers-tls-*`) value. */
export interface PeersInfo {
  /** peers-generation: changes when the peer list does. */
  generation: number;
  /** Port of addresses written without one. */
  defaultPort: number;
  /** The other nodes of the cluster. */
  peers: Peer[];
}

/**
 * Parses `peers-clear-std` and friends: `<gen>,<default port>,[[<nodeId>,<tlsName>,[<addr>[:<port>],...]],...]`.
 * An address without a port uses the default port; IPv6 addresses come in brackets.
 * @example
 * ```ts
 * parsePeers("2,3000,[[C2,,[127.0.0.1:3100]]]").peers[0].hosts; // [{ host: "127.0.0.1", port: 3100 }]
 * ```
 */
export function parsePeers(value: string): PeersInfo {
  let pos = 0;
  const fail = (what: string): never => {
    throw new WireFormatError(`peers: ${what} at offset ${pos} of ${JSON.stringify(value.slice(0, 200))}`);
  };
  const expect = (ch: string): void => {
    if (value[pos] !== ch) fail(`expected '${ch}'`);
    pos++;
  };
  const readUntil = (stops: string): string => {
    const begin = pos;
    while (pos < value.length && !stops.includes(value[pos])) pos++;
    return value.slice(begin, pos);
  };
  const readPort = (s: string): number => {
    if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) fail(`bad port ${JSON.stringify(s)}`);
    return Number(s);
  };
  // A list `[item,item,...]`; `item` parses one element at `pos`.
  const readList = <T>(item: () => T): T[] => {
    expect("[");
    const out: T[] = [];
    if (value[pos] === "]") {
      pos++;
      return out;
    }
    for (;;) {
      out.push(item());
      if (value[pos] === ",") pos++;
      else break;
    }
    expect("]");
    return out;
  };

  const genText = readUntil(",");
  if (!/^\d+$/.test(genText)) fail("bad generation");
  expect(",");
  const portText = readUntil(",");
  // The default port may be empty when every address carries its own.
  const defaultPort = portText === "" ? 0 : readPort(portText);
  expect(",");
  const readHost = (): PeerHost => {
    let host: string;
    if (value[pos] === "[") {
      pos++;
      host = readUntil("]");
      expect("]");
    } else {
      host = readUntil(":,]");
    }
    if (host.length === 0) fail("empty address");
    let port = defaultPort;
    if (value[pos] === ":") {
      pos++;
      port = readPort(readUntil(",]"));
    } else if (port === 0) {
      fail(`address ${host} without port and no default port`);
    }
    return { host, port };
  };
  const readPeer = (): Peer => {
    expect("[");
    const nodeId = readUntil(",]");
    if (nodeId.length === 0) fail("empty node id");
    expect(",");
    const tlsName = readUntil(",]");
    expect(",");
    const hosts = readList(readHost);
    expect("]");
    return { nodeId, tlsName, hosts };
  };
  const peers = readList(readPeer);
  if (pos !== value.length) fail("trailing characters");
  return { generation: Number(genText), defaultPort, peers };
}

/**
 * The `peers-clear-std` value a node would send (the mock's side): ports equal to the default
 * port are left out, IPv6 addresses are bracketed, as a real node does.
 * @example
 * ```ts
 * encodePeers({ generation: 2, defaultPort: 3000, peers: [{ nodeId: "C1", tlsName: "",
 *   hosts: [{ host: "127.0.0.1", port: 3000 }] }] }); // "2,3000,[[C1,,[127.0.0.1]]]"
 * ```
 */
export function encodePeers(info: PeersInfo): string {
  const host = (h: PeerHost): string => {
    const addr = h.host.includes(":") ? `[${h.host}]` : h.host;
    return h.port === info.defaultPort ? addr : `${addr}:${h.port}`;
  };
  const peers = info.peers.map((p) => `[${p.nodeId},${p.tlsName},[${p.hosts.map(host).join(",")}]]`);
  return `${info.generation},${info.defaultPort},[${peers.join(",")}]`;
}
