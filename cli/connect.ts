/**
 * Which cluster the CLI talks to and how patiently: seeds from `-h host[:port][,...]`, else
 * `AEROSPIKE_HOSTS`, else `127.0.0.1:3000`; `--timeout` (ms, default 5000) bounds connecting
 * and each command, so an unreachable host ends the CLI with exit code 3 instead of a hang.
 * @module
 */
import { Client, type ClientOptions, type HostSpec } from "../mod.ts";
import { intFlag, type ParsedArgs, stringFlag } from "./args.ts";
import { UsageError } from "./errors.ts";
import type { Io } from "./io.ts";

/** Seeds used when neither `-h` nor `AEROSPIKE_HOSTS` names any. */
export const DEFAULT_HOSTS = "127.0.0.1:3000";

/** `--timeout` when not given, in ms. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Where and how to connect. */
export interface Target {
  /** The seeds. */
  hosts: HostSpec[];
  /** Connect and command budget in ms. */
  timeout: number;
}

/** One `host`, `host:port`, `[v6]` or `[v6]:port` entry; TLS names are not taken here. */
function parseHost(entry: string): HostSpec {
  const bad = (why: string): never => {
    throw new UsageError(`bad host "${entry}": ${why} (expected host[:port][,host[:port]...])`);
  };
  let host = entry;
  let port = "3000";
  if (entry.startsWith("[")) {
    const end = entry.indexOf("]");
    if (end < 0) bad("missing ]");
    host = entry.slice(1, end);
    const rest = entry.slice(end + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) bad("text after ]");
      port = rest.slice(1);
    }
  } else if (entry.split(":").length === 2) {
    [host, port] = entry.split(":");
  } // more than one colon without brackets: a bare IPv6 address on the default port
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) bad(`port "${port}" is not a number from 1 to 65535`);
  if (host === "") bad("empty host name");
  return { host, port: n };
}

/**
 * The seeds and timeout of a command line.
 * @example `target(parsed, io).hosts; // [{ host: "127.0.0.1", port: 3000 }]`
 */
export function target(args: ParsedArgs, io: Io): Target {
  const text = stringFlag(args.flags, "hosts") ?? io.env("AEROSPIKE_HOSTS") ?? DEFAULT_HOSTS;
  const hosts = text.split(",").map((h) => h.trim()).filter((h) => h !== "").map(parseHost);
  if (hosts.length === 0) throw new UsageError("no hosts given (-h host:port or AEROSPIKE_HOSTS)");
  const timeout = intFlag(args.flags, "timeout", args.command, 1, 3_600_000) ?? DEFAULT_TIMEOUT_MS;
  return { hosts, timeout };
}

/**
 * Client options for a target: quiet (errors are reported by the CLI, once), and every wait
 * bounded by the timeout. A scan or query may run longer as a whole; each of its waits for the
 * server is bounded.
 * @example `await Client.connect(clientOptions({ hosts: [{ host: "127.0.0.1", port: 3000 }], timeout: 5000 }));`
 */
export function clientOptions(t: Target): ClientOptions {
  const each = { totalTimeout: t.timeout, socketTimeout: t.timeout };
  return {
    hosts: t.hosts,
    connectTimeout: t.timeout,
    log: { level: "off" },
    policies: {
      read: each,
      write: each,
      batch: each,
      info: { totalTimeout: t.timeout },
      query: { socketTimeout: t.timeout, totalTimeout: 0 },
    },
  };
}

/**
 * Connects to a target.
 * @example `const client = await connect(target(parsed, io));`
 */
export function connect(t: Target): Promise<Client> {
  return Client.connect(clientOptions(t));
}
