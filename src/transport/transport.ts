/**
 * The narrow byte-stream interface between the client core and a runtime's sockets. Everything
 * above `src/transport` sees only {@linkcode Connector}, {@linkcode Conn} and
 * {@linkcode TransportError}; the runtime-specific modules (`deno.ts`, `bun.ts`, `node.ts`,
 * `memory.ts`) implement them and translate their runtime's errors here.
 *
 * Contract shared by every implementation:
 * - `onData` chunks are owned by the consumer: it may keep them, the transport never reuses them.
 * - Reading (and with it peer-close detection) starts with the first `onData` call; nothing that
 *   arrives before is lost.
 * - `write` takes ownership of `data` (do not mutate it afterwards) and never interleaves two
 *   writes: bytes go out in `write` order, partial writes are queued by the transport.
 * - `close()` is immediate: `closed` is true at once and bytes not yet written are discarded.
 *   `end()` is the polite variant: `closed` is true at once too, but the bytes already passed to
 *   `write` are sent before the socket is released (a server that replies, then hangs up).
 * - `onClose` handlers (any number) fire exactly once, asynchronously, after the runtime has released the socket:
 *   with no argument after a local `close()`, with a `TransportError` otherwise (`ECLOSED` when
 *   the peer ended the stream).
 *
 * Flow control, so that nothing grows without bound:
 * - Write side: `write` never blocks and never refuses for lack of room; a writer that may
 *   produce a lot checks `bufferedAmount` or awaits `whenDrained()` between writes. Once the
 *   queue reaches the high-water mark, it waits until the queue is empty again; it also
 *   resolves (never rejects) when the conn closes, so check `closed` after it.
 * - Read side: `pause()` stops `onData` deliveries and stops reading the socket, so the kernel
 *   buffers fill up and the peer's writes back up; `resume()` starts again. At most the chunk
 *   being delivered when `pause()` is called still arrives. A paused conn notices a peer close
 *   only once resumed (the close comes after the data, in order).
 * @module
 */

/** Error codes a transport reports; POSIX-like names so they read the same on every runtime. */
export type TransportErrorCode =
  | "ECONNREFUSED"
  | "ETIMEDOUT"
  | "ECONNRESET"
  | "ECLOSED"
  | "EPIPE"
  | "ETLS"
  | "ENOTFOUND"
  | "EADDRINUSE"
  | "EIO";

/**
 * A runtime socket error, translated. The client core maps it to its own `AerospikeError`.
 * @example
 * ```ts
 * import { defaultConnector } from "./auto.ts";
 * const connector = defaultConnector();
 * try { await connector.connect({ host: "127.0.0.1", port: 1, timeoutMs: 100 }); }
 * catch (e) { if (e instanceof TransportError && e.code === "ECONNREFUSED") { } }
 * ```
 */
export class TransportError extends Error {
  /** What went wrong, independent of the runtime. */
  readonly code: TransportErrorCode;
  /**
   * Creates a transport error.
   * @param code the translated error code
   * @param message a human-readable description
   * @param cause the runtime's original error, if any
   */
  constructor(code: TransportErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TransportError";
    this.code = code;
  }
}

/** One established byte stream (client or server side). See the module doc for the contract. */
export interface Conn {
  /** Queues `data` for sending; throws `TransportError("ECLOSED")` once the conn is closed. */
  write(data: Uint8Array): void;
  /** Closes at once and releases the socket, discarding unsent bytes; idempotent. */
  close(): void;
  /** Stops reading and closes once the bytes already written are sent; `close()` still aborts. */
  end(): void;
  /** True from the moment the conn is closed, locally or by the peer or by an error. */
  readonly closed: boolean;
  /** Sets the (single) data handler and starts reading. Chunks are owned by the handler. */
  onData(cb: (chunk: Uint8Array) => void): void;
  /** Adds a close handler; each is called once, after the socket is released (at once if it was). */
  onClose(cb: (err?: TransportError) => void): void;
  /**
   * Bytes passed to `write` and not yet handed to the kernel (for the memory transport: not yet
   * taken into the bounded in-between buffer). 0 once closed.
   */
  readonly bufferedAmount: number;
  /**
   * Resolves at once unless the write queue has reached the transport's high-water mark
   * ({@linkcode WRITE_HIGH_WATER_MARK}; Node's own mark, 16 KiB, for `node:net`) since it was
   * last empty; then once it is empty again. Resolves too when the conn closes (check `closed`
   * before writing again). Never rejects.
   */
  whenDrained(): Promise<void>;
  /** Stops delivering `onData` and stops reading the socket until `resume()`; idempotent. */
  pause(): void;
  /** Undoes `pause()`: delivery and reading start again; idempotent. */
  resume(): void;
}

/** Queued bytes at which `whenDrained()` starts waiting for an empty queue (Deno, Bun, memory). */
export const WRITE_HIGH_WATER_MARK = 64 * 1024;

/**
 * The `whenDrained()` state of one conn, for the transports: it closes when the write queue
 * reaches the high-water mark and opens again only once the queue is empty (like Node's 'drain'),
 * so a writer that awaits it is held back until the peer has really caught up.
 */
export class DrainGate {
  #blocked = false;
  #waiters: (() => void)[] = [];

  /** Call whenever the queue size changed: blocks at the mark, opens at 0. */
  update(queued: number): void {
    if (queued >= WRITE_HIGH_WATER_MARK) this.#blocked = true;
    else if (queued === 0) this.open();
  }

  /** Blocks until `open()` (for a runtime that tells on its own, like Node's `write()` result). */
  block(): void {
    this.#blocked = true;
  }

  /** Opens the gate and resolves every waiter (drained, or the conn closed). */
  open(): void {
    this.#blocked = false;
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves at once while open, else at the next `open()`. */
  wait(): Promise<void> {
    if (!this.#blocked) return Promise.resolve();
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}

/** TLS settings for a client connection. */
export interface TlsOptions {
  /** Name the server certificate must carry (Aerospike's `tlsName`). @default the host */
  serverName?: string;
  /** Trusted roots, PEM; when given they replace the runtime's trust store. @default the runtime's store */
  caCerts?: string[];
  /** Client certificate chain for mutual TLS, PEM. @default none */
  certChain?: string;
  /** Client private key for mutual TLS, PEM. @default none */
  privateKey?: string;
  /** Verify the server certificate (chain and name). @default true */
  rejectUnauthorized?: boolean;
}

/** TLS settings for a listener (the mock cluster's nodes). */
export interface ServerTlsOptions {
  /** Server certificate chain, PEM. */
  cert: string;
  /** Server private key, PEM. */
  key: string;
  /** Roots that client certificates must chain to, PEM. @default the runtime's trust store */
  ca?: string | string[];
  /** Require a client certificate chaining to `ca` (mutual TLS). @default false */
  requestClientCert?: boolean;
}

/** Where and how to connect. */
export interface ConnectOptions {
  /** Host name or IP address. */
  host: string;
  /** TCP port. */
  port: number;
  /** Budget for TCP connect plus TLS handshake, in ms; `ETIMEDOUT` when exceeded. */
  timeoutMs: number;
  /** Use TLS with these settings. @default plain TCP */
  tls?: TlsOptions;
}

/** Where to listen and what to do with accepted connections. */
export interface ListenOptions {
  /** Address to bind, e.g. `"127.0.0.1"`. */
  host: string;
  /** Port to bind; 0 picks a free one (see `Listener.port`). */
  port: number;
  /** Called for each accepted connection (after the TLS handshake, with `tls`). */
  onConn: (conn: Conn) => void;
  /**
   * Serve TLS with these settings. Every connector serves it through `node:tls`, which Deno, Bun
   * and Node all provide; the memory transport ignores it. @default plain TCP
   */
  tls?: ServerTlsOptions;
}

/** A bound server socket. */
export interface Listener {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /** Stops accepting, closes every connection it accepted, and resolves once all are released. */
  close(): Promise<void>;
}

/**
 * Opens connections and listeners on one runtime.
 * @example
 * ```ts
 * import { defaultConnector } from "./auto.ts";
 * const connector = defaultConnector();
 * const conn = await connector.connect({ host: "127.0.0.1", port: 3000, timeoutMs: 1000 });
 * conn.onData((chunk: Uint8Array) => console.log(chunk.length));
 * ```
 */
export interface Connector {
  /** Connects, rejecting with a `TransportError` (`ECONNREFUSED`, `ETIMEDOUT`, ...). */
  connect(options: ConnectOptions): Promise<Conn>;
  /** Binds a listener (used by the in-process mock cluster). */
  listen(options: ListenOptions): Promise<Listener>;
}

// Deno's error classes carry the kind in `name`; Node and Bun set a `code` string.
const NAME_CODES: Record<string, TransportErrorCode> = {
  ConnectionRefused: "ECONNREFUSED",
  ConnectionReset: "ECONNRESET",
  ConnectionAborted: "ECONNRESET",
  BrokenPipe: "EPIPE",
  TimedOut: "ETIMEDOUT",
  AddrInUse: "EADDRINUSE",
  NotConnected: "ECLOSED",
  BadResource: "ECLOSED",
  Interrupted: "ECLOSED",
  UnexpectedEof: "ECLOSED",
  InvalidData: "ETLS",
};

const ERRNO_CODES: Record<string, TransportErrorCode> = {
  ECONNREFUSED: "ECONNREFUSED",
  ECONNRESET: "ECONNRESET",
  ECONNABORTED: "ECONNRESET",
  EPIPE: "EPIPE",
  ETIMEDOUT: "ETIMEDOUT",
  EADDRINUSE: "EADDRINUSE",
  ENOTFOUND: "ENOTFOUND",
  EAI_AGAIN: "ENOTFOUND",
  EAI_NONAME: "ENOTFOUND",
  ERR_SOCKET_CLOSED: "ECLOSED",
  ERR_STREAM_DESTROYED: "ECLOSED",
  ERR_STREAM_WRITE_AFTER_END: "ECLOSED",
  // Bun reports a TLS alert from the peer (e.g. "certificate required") as EPROTO.
  EPROTO: "ETLS",
};

/**
 * Translates any runtime error into a `TransportError` (returned as is if it already is one).
 * @param err what the runtime threw
 * @param fallback code used when nothing more specific is recognised
 */
export function toTransportError(err: unknown, fallback: TransportErrorCode = "EIO"): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === "string" ? e.message : String(err);
  let code: TransportErrorCode | undefined;
  if (typeof e?.code === "string") {
    code = ERRNO_CODES[e.code] ??
      (/^ERR_(SSL|TLS)_|CERT|^DEPTH_ZERO|^UNABLE_TO/.test(e.code) ? "ETLS" : undefined);
  }
  if (code === undefined && typeof e?.name === "string") code = NAME_CODES[e.name];
  if (code === undefined && /lookup|resolve|dns/i.test(message)) code = "ENOTFOUND";
  return new TransportError(code ?? fallback, message, err);
}

/** Concatenates chunks into one new array (a single chunk is returned as is). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
