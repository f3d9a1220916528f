/**
 * Bookkeeping every `Conn` implementation needs the same way (Deno, Bun, Node, memory): the
 * `onClose` handlers fired once after release, the conns a listener accepted and waits for on
 * `close()`, and the errors a failed connect reports. Runtime-free; the runtime modules only
 * decide *when* to call these.
 * @module
 */

import { type Conn, type ConnectOptions, toTransportError, TransportError } from "./transport.ts";

/**
 * The `onClose` side of a conn: handlers added before the socket is released wait for
 * {@linkcode CloseHandlers.release}; handlers added afterwards run in a microtask. Each runs once.
 * @example
 * ```ts
 * import type { Conn } from "./transport.ts";
 * declare const conn: Conn, listenerForgets: (c: Conn) => void;
 * const closers = new CloseHandlers(() => listenerForgets(conn));
 * closers.add((err) => console.log("closed", err?.code));
 * closers.release(undefined); // after a local close()
 * ```
 */
export class CloseHandlers {
  #handlers: ((err?: TransportError) => void)[] = [];
  #released = false;
  #error: TransportError | undefined;
  #onRelease: (() => void) | undefined;

  /**
   * Creates the handler list.
   * @param onRelease called once on release, before the handlers (a listener's own bookkeeping)
   */
  constructor(onRelease?: () => void) {
    this.#onRelease = onRelease;
  }

  /** True once the socket was released. */
  get released(): boolean {
    return this.#released;
  }

  /** Adds a handler: kept until release, or called in a microtask if that already happened. */
  add(cb: (err?: TransportError) => void): void {
    if (this.#released) queueMicrotask(() => cb(this.#error));
    else this.#handlers.push(cb);
  }

  /**
   * Marks the socket released with `err` (undefined after a local `close()`) and calls
   * `onRelease`, without running the handlers yet (for a runtime that fires them a tick later).
   * Idempotent; returns false when it was already released.
   */
  markReleased(err: TransportError | undefined): boolean {
    if (this.#released) return false;
    this.#released = true;
    this.#error = err;
    this.#onRelease?.();
    return true;
  }

  /** Calls every waiting handler once with the release error. */
  fire(): void {
    const handlers = this.#handlers;
    this.#handlers = [];
    for (const cb of handlers) cb(this.#error);
  }

  /** `markReleased(err)` and, the first time, `fire()`. */
  release(err: TransportError | undefined): void {
    if (this.markReleased(err)) this.fire();
  }
}

/**
 * The conns a listener accepted: each leaves the set when its socket is released, and
 * `closeAll()` closes the rest and waits until every one is released.
 * @example
 * ```ts
 * import type { Conn, ListenOptions } from "./transport.ts";
 * declare const options: ListenOptions, socket: unknown;
 * declare const MyConn: new (socket: unknown, onRelease: () => void) => Conn;
 * const accepted = new AcceptedConns<Conn>();
 * options.onConn(accepted.add((onRelease) => new MyConn(socket, onRelease)));
 * await accepted.closeAll();
 * ```
 */
export class AcceptedConns<C extends Conn> {
  #conns = new Set<C>();
  #released = new Set<Promise<void>>();

  /**
   * Creates a conn through `make` and tracks it until it calls the `onRelease` it was given.
   * @param make builds the conn; must call `onRelease` once its socket is released
   */
  add(make: (onRelease: () => void) => C): C {
    let release!: () => void;
    const done = new Promise<void>((r) => release = r);
    this.#released.add(done);
    const conn: C = make(() => {
      this.#conns.delete(conn);
      this.#released.delete(done);
      release();
    });
    this.#conns.add(conn);
    return conn;
  }

  /** Closes every tracked conn and resolves once all of them are released. */
  async closeAll(): Promise<void> {
    for (const c of this.#conns) c.close();
    await Promise.all(this.#released);
  }
}

/** `ETIMEDOUT` for a connect (TCP plus TLS handshake) that did not finish within `timeoutMs`. */
export function connectTimedOut(options: ConnectOptions, cause?: unknown): TransportError {
  const { host, port, timeoutMs } = options;
  return new TransportError("ETIMEDOUT", `connect to ${host}:${port} timed out after ${timeoutMs} ms`, cause);
}

/**
 * A failed connect, translated, with the address in the message. Unrecognised errors count as
 * `ETLS` on a TLS connect (most are certificate or handshake problems), else `EIO`. A TLS failure
 * says which name was checked and what to look at (the trusted CA, the TLS name).
 */
export function connectFailed(options: ConnectOptions, err: unknown): TransportError {
  const e = toTransportError(err, options.tls === undefined ? "EIO" : "ETLS");
  const target = `${options.host}:${options.port}`;
  if (options.tls === undefined || e.code !== "ETLS") {
    return new TransportError(e.code, `connect to ${target} failed: ${e.message}`, err);
  }
  const name = options.tls.serverName ?? options.host;
  return new TransportError(
    "ETLS",
    `TLS handshake with ${target} (TLS name "${name}") failed: ${tlsHint(err, e)}`,
    err,
  );
}

// The runtime's certificate error codes (Node's, which Deno's node:tls and Bun share).
const UNTRUSTED =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_(GET_ISSUER_CERT|VERIFY_LEAF)|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)/;

function tlsHint(raw: unknown, e: TransportError): string {
  const code = (raw as { code?: unknown } | null)?.code;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return `the server certificate does not match the TLS name (${e.message}); ` +
      `check the host's tlsName or tls.serverName`;
  }
  if (typeof code === "string" && UNTRUSTED.test(code)) {
    return `the server certificate is not signed by a trusted CA (${e.message}); check tls.ca`;
  }
  if (typeof code === "string" && /^CERT_(HAS_EXPIRED|NOT_YET_VALID)/.test(code)) {
    return `the server certificate is outside its validity period (${e.message})`;
  }
  return e.message;
}
