/**
 * The client's `tls` option: what users write (`ca`, `cert`, `key`, ...) checked and turned into
 * the transport's {@linkcode TlsOptions}, once, before any I/O.
 * @module
 */
import type { TlsOptions } from "../transport/transport.ts";

/**
 * TLS for every connection of the client (tending, commands, info). All certificates and keys
 * are PEM text: reading files is the caller's job. Verification is on by default: a server
 * whose certificate does not chain to `ca` or does not carry the node's TLS name is refused
 * with a `ConnectionError` naming the host and the reason.
 *
 * The name checked per node is, in order: the seed's `tlsName` (`"host:tlsName:port"` or
 * `{ host, tlsName }`), the TLS name a node announces for its peers (`peers-tls-std`),
 * `serverName`, and finally the host itself.
 * @example
 * ```ts
 * import { Client } from "@aerolite/client";
 * const client = await Client.connect({
 *   hosts: "10.0.0.1:db-a:4333",
 *   tls: {
 *     ca: await Deno.readTextFile("/etc/aerospike/ca.pem"),
 *     // Mutual TLS (optional):
 *     cert: await Deno.readTextFile("/etc/aerospike/client.pem"),
 *     key: await Deno.readTextFile("/etc/aerospike/client.key"),
 *   },
 * });
 * ```
 */
export interface TlsConfig {
  /**
   * Trusted CA certificates, PEM (one string may hold several). When given they replace the
   * runtime's trust store.
   * @default the runtime's trust store
   */
  ca?: string | string[];
  /**
   * Client certificate chain for mutual TLS, PEM (needs `key`).
   * @default undefined (no client certificate)
   */
  cert?: string;
  /**
   * Private key of `cert`, PEM (unencrypted). Never logged nor put into errors.
   * @default undefined
   */
  key?: string;
  /**
   * TLS name to verify when a host has none of its own.
   * @default undefined (the host name or IP address)
   */
  serverName?: string;
  /**
   * Verify the server certificate (chain and name). Turn off only for a test setup.
   * @default true
   */
  rejectUnauthorized?: boolean;
}

function pem(value: unknown, name: string): string {
  if (typeof value !== "string" || !value.includes("-----BEGIN ")) {
    // Never echo the value: it may be a key.
    throw new TypeError(`tls.${name} must be PEM text (a string with "-----BEGIN ..."); read the file first`);
  }
  return value;
}

/**
 * Checks the `tls` option and converts it for the transports; undefined stays undefined (plain
 * TCP). Throws `TypeError` on a malformed option, without quoting its content.
 * @param config the user's option
 * @example
 * ```ts
 * const caPem = await Deno.readTextFile("ca.pem");
 * const tls = resolveTls({ ca: caPem, serverName: "db" }); // { caCerts: [caPem], serverName: "db", ... }
 * ```
 */
export function resolveTls(config: TlsConfig | undefined): TlsOptions | undefined {
  if (config === undefined) return undefined;
  if (config === null || typeof config !== "object") throw new TypeError("tls must be an object");
  const out: TlsOptions = { rejectUnauthorized: config.rejectUnauthorized ?? true };
  if (typeof out.rejectUnauthorized !== "boolean") {
    throw new TypeError("tls.rejectUnauthorized must be a boolean");
  }
  if (config.ca !== undefined) {
    const list = Array.isArray(config.ca) ? config.ca : [config.ca];
    out.caCerts = list.map((c) => pem(c, "ca"));
  }
  if ((config.cert === undefined) !== (config.key === undefined)) {
    throw new TypeError("tls.cert and tls.key go together (mutual TLS needs both)");
  }
  if (config.cert !== undefined) out.certChain = pem(config.cert, "cert");
  if (config.key !== undefined) out.privateKey = pem(config.key, "key");
  if (config.serverName !== undefined) {
    if (typeof config.serverName !== "string" || config.serverName.length === 0) {
      throw new TypeError("tls.serverName must be a non-empty string");
    }
    out.serverName = config.serverName;
  }
  return out;
}

/**
 * The TLS settings for one host: its own TLS name (seed or peers list) wins over `serverName`.
 * @param tls the cluster's settings (undefined: plain TCP)
 * @param host the node's address
 * @example
 * ```ts
 * declare const ca: string;
 * const seed = { host: "10.0.0.1", port: 4333, tlsName: "db-a" };
 * hostTls({ caCerts: [ca] }, seed); // serverName "db-a"
 * ```
 */
export function hostTls(tls: TlsOptions | undefined, host: { tlsName?: string }): TlsOptions | undefined {
  return tls === undefined ? undefined : { ...tls, serverName: host.tlsName ?? tls.serverName };
}
