/**
 * One Aerospike connection: a transport `Conn` plus a `FrameReader`, used request/response style.
 * No timers live here: the client's deadline sweeper calls `fail()` on an exchange that overran.
 * @module
 */

import { FrameReader } from "./frame_reader.ts";
import { type Conn, type ConnectOptions, type Connector, TransportError } from "../transport/transport.ts";

/** One proto frame: its type (`PROTO_TYPE_*`) and its body (header stripped, owned by the reader). */
export interface Frame {
  /** Proto type from the header. */
  type: number;
  /** The body bytes. */
  body: Uint8Array;
}

/** Options for a `Connection`. */
export interface ConnectionOptions<N = unknown> {
  /** Opaque owner tag (the cluster node). @default undefined */
  node?: N;
  /** Largest frame body accepted. @default PROTO_MAX_BODY */
  maxBody?: number;
}

interface Waiter {
  resolve: (frame: Frame) => void;
  reject: (err: Error) => void;
}

/**
 * A framed connection. Frames that arrive before anyone asks are queued; `readFrame` calls are
 * served in order. A connection that saw any error is closed and must never be reused.
 * @example
 * ```ts
 * const conn = await Connection.open(connector, { host: "127.0.0.1", port: 3000, timeoutMs: 1000 });
 * const reply = await conn.request(frame(PROTO_TYPE_INFO, new TextEncoder().encode("build\n")));
 * conn.close();
 * ```
 */
export class Connection<N = unknown> {
  /** Opaque tag for the owner (the cluster node this connection belongs to). */
  node: N | undefined;
  /** `Date.now()` of the last send or received frame, for idle reaping. */
  lastUsed: number;
  #conn: Conn;
  #reader: FrameReader;
  #frames: Frame[] = [];
  #waiters: Waiter[] = [];
  #closed = false;
  #error: Error | undefined;

  /**
   * Opens a transport connection and wraps it.
   * @param connector the runtime's connector
   * @param options where to connect plus connection options
   */
  static async open<N = unknown>(
    connector: Connector,
    options: ConnectOptions & ConnectionOptions<N>,
  ): Promise<Connection<N>> {
    const conn = await connector.connect(options);
    return new Connection<N>(conn, options);
  }

  /**
   * Wraps an open transport connection and starts reading frames from it.
   * @param conn an open transport connection (this object takes it over)
   * @param options owner tag and frame size limit
   */
  constructor(conn: Conn, options: ConnectionOptions<N> = {}) {
    this.#conn = conn;
    this.node = options.node;
    this.lastUsed = Date.now();
    this.#reader = new FrameReader((type, body) => this.#deliver({ type, body }), options.maxBody);
    conn.onClose((err) => this.#terminate(err ?? new TransportError("ECLOSED", "connection closed"), false));
    conn.onData((chunk) => {
      try {
        this.#reader.push(chunk);
      } catch (err) {
        this.#terminate(err instanceof Error ? err : new Error(String(err)), true);
      }
    });
  }

  /** True once closed, failed, or dropped by the peer. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The error that ended the connection (undefined while open or after a plain `close()`). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Sends one complete frame (header included); throws `TransportError("ECLOSED")` when closed. */
  send(frame: Uint8Array): void {
    if (this.#closed) throw this.#error ?? new TransportError("ECLOSED", "connection closed");
    this.lastUsed = Date.now();
    this.#conn.write(frame);
  }

  /** Resolves the next frame; rejects once the connection is closed and no frame is left. */
  readFrame(): Promise<Frame> {
    if (this.#frames.length > 0) return Promise.resolve(this.#frames.shift()!);
    if (this.#closed) {
      return Promise.reject(this.#error ?? new TransportError("ECLOSED", "connection closed"));
    }
    return new Promise<Frame>((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Sends `frame` and resolves the first reply frame. */
  request(frame: Uint8Array): Promise<Frame> {
    try {
      this.send(frame);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.readFrame();
  }

  /** Closes the connection; pending and later reads reject with `err` (default `ECLOSED`). */
  close(err?: Error): void {
    this.#terminate(err ?? new TransportError("ECLOSED", "connection closed"), true);
    if (err === undefined) this.#error = undefined;
  }

  /** Aborts the in-flight exchange with `err` (e.g. a deadline) and closes the connection. */
  fail(err: Error): void {
    this.#terminate(err, true);
  }

  #deliver(frame: Frame): void {
    this.lastUsed = Date.now();
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter.resolve(frame);
    else this.#frames.push(frame);
  }

  // `local`: closed by our side, so frames already queued are dropped; after a peer close they
  // stay readable (a last reply may have arrived just before the peer hung up).
  #terminate(err: Error, local: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = err;
    if (local) this.#frames = [];
    this.#conn.close();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(err);
  }
}
