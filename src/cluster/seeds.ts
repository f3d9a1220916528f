/**
 * Seed host parsing: the `hosts` option as a string (`"h1:3000,h2"`, Aerospike's
 * `host[:tlsName][:port]` form, IPv6 in brackets) or as a list of `{ host, port?, tlsName? }`.
 * @module
 */

/** Port used when a host names none (the server's default service port). */
export const DEFAULT_PORT = 3000;

/** One seed as given by the user. */
export interface HostSpec {
  /** Host name, IPv4 address, or IPv6 address (brackets optional). */
  host: string;
  /**
   * Service port.
   * @default 3000
   */
  port?: number;
  /**
   * Name the node's TLS certificate carries.
   * @default undefined (the host name)
   */
  tlsName?: string;
}

/** A seed with every field resolved. */
export interface SeedHost {
  /** Host name or address, IPv6 without brackets. */
  host: string;
  /** Service port. */
  port: number;
  /** TLS name, when one was given. */
  tlsName?: string;
}

function checkPort(port: number, source: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`invalid port in host ${JSON.stringify(source)}: must be an integer 1..65535`);
  }
  return port;
}

function parsePort(text: string, source: string): number {
  if (!/^\d{1,5}$/.test(text)) {
    throw new RangeError(`invalid port ${JSON.stringify(text)} in host ${JSON.stringify(source)}`);
  }
  return checkPort(Number(text), source);
}

// One `host[:tlsName][:port]` entry; IPv6 addresses must be bracketed when anything follows them.
function parseOne(entry: string, defaultPort: number): SeedHost {
  const source = entry;
  let host: string;
  let rest: string[];
  if (entry.startsWith("[")) {
    const close = entry.indexOf("]");
    if (close < 0) throw new RangeError(`unterminated IPv6 address in host ${JSON.stringify(source)}`);
    host = entry.slice(1, close);
    const tail = entry.slice(close + 1);
    if (tail.length > 0 && !tail.startsWith(":")) {
      throw new RangeError(`unexpected text after "]" in host ${JSON.stringify(source)}`);
    }
    rest = tail.length > 0 ? tail.slice(1).split(":") : [];
  } else {
    const parts = entry.split(":");
    if (parts.length > 3) {
      // A bare IPv6 address such as ::1: no port or TLS name can follow it unbracketed.
      return { host: entry, port: defaultPort };
    }
    host = parts[0];
    rest = parts.slice(1);
  }
  if (host.length === 0) throw new RangeError(`empty host name in ${JSON.stringify(source)}`);
  if (rest.length === 0) return { host, port: defaultPort };
  if (rest.length === 1) {
    // `host:3000` is a port; `host:name` a TLS name with the default port.
    if (/^\d+$/.test(rest[0])) return { host, port: parsePort(rest[0], source) };
    if (rest[0].length === 0) throw new RangeError(`empty port in host ${JSON.stringify(source)}`);
    return { host, port: defaultPort, tlsName: rest[0] };
  }
  if (rest.length === 2 && rest[0].length > 0) {
    return { host, port: parsePort(rest[1], source), tlsName: rest[0] };
  }
  throw new RangeError(`cannot parse host ${JSON.stringify(source)}; expected host[:tlsName][:port]`);
}

/**
 * Resolves the `hosts` option into seeds, rejecting malformed input with a `RangeError` (and a
 * wrong type with a `TypeError`) before any I/O.
 * @param hosts `"h1:3000,h2"`, `"[::1]:3000"`, `"h1:tls-name:4333"`, or a list of `HostSpec`
 * @param defaultPort port for entries without one
 * @example
 * ```ts
 * parseHosts("10.0.0.1:3100,10.0.0.2"); // [{ host: "10.0.0.1", port: 3100 }, { host: "10.0.0.2", port: 3000 }]
 * ```
 */
export function parseHosts(
  hosts: string | readonly HostSpec[],
  defaultPort: number = DEFAULT_PORT,
): SeedHost[] {
  const out: SeedHost[] = [];
  if (typeof hosts === "string") {
    for (const raw of hosts.split(",")) {
      const entry = raw.trim();
      if (entry.length === 0) continue;
      out.push(parseOne(entry, defaultPort));
    }
  } else if (Array.isArray(hosts)) {
    for (const spec of hosts) {
      if (spec === null || typeof spec !== "object" || typeof spec.host !== "string") {
        throw new TypeError(`each host must be an object { host: string, port?: number, tlsName?: string }`);
      }
      let host = spec.host.trim();
      if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
      if (host.length === 0) throw new RangeError(`empty host name`);
      const port = spec.port === undefined ? defaultPort : checkPort(spec.port, host);
      const seed: SeedHost = { host, port };
      if (spec.tlsName !== undefined) seed.tlsName = spec.tlsName;
      out.push(seed);
    }
  } else {
    throw new TypeError(`hosts must be a string like "h1:3000,h2" or a list of { host, port }`);
  }
  if (out.length === 0) throw new RangeError(`no seed hosts given`);
  return out;
}

/** `host:port`, with brackets around an IPv6 address; the key nodes and seeds are known by. */
export function formatAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
