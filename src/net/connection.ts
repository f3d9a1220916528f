/**
 * One Aerospike connection: a transport `Conn` plus a `FrameReader`, used request/response style.
 * No timers live here: the client's deadline sweeper calls `fail()` on an exchange that overran.
 *
 * Read-side flow control: frames nobody has asked for yet wait in a bounded queue. Once it holds
 * `maxQueuedFrames` frames or `maxQueuedBytes` bytes the transport is paused (the socket is no
 * longer read, the kernel buffers fill and the server's writes back up); it resumes once
 * `readFrame()` has taken the queue down to half of both bounds. The queue can exceed a bound by
 * the frames of the one chunk being parsed when it was reached.
 * @module
 */

import { FrameReader } from "../wire/frame_reader.ts";
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
  /**
   * Largest frame body accepted; a larger declared size (or a compressed frame's declared
   * uncompressed size) fails the connection before any allocation.
   * @default DEFAULT_MAX_FRAME_SIZE (128 MiB)
   */
  maxBody?: number;
  /** Unread frames queued before reading the socket pauses. @default 8 */
  maxQueuedFrames?: number;
  /** Unread frame body bytes queued before reading the socket pauses. @default 4 MiB */
  maxQueuedBytes?: number;
}

/** Default `maxQueuedFrames`. */
export const DEFAULT_MAX_QUEUED_FRAMES = 8;
/** Default `maxQueuedBytes`. */
export const DEFAULT_MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** Whoever waits for the next frame (see `readFrameTo`). */
export interface FrameWaiter {
  /** The frame. */
  resolve(frame: Frame): void;
  /** No frame will come: the connection failed, closed, or the exchange was abandoned. */
  reject(err: Error): void;
}

/**
 * A framed connection. Frames that arrive before anyone asks are queued; `readFrame` calls are
 * served in order. A connection that saw any error is closed and must never be reused.
 * @example
 * ```ts
 * import { frame, PROTO_TYPE_INFO } from "../wire/proto.ts";
 * import { defaultConnector } from "../transport/auto.ts";
 * const connector = defaultConnector();
 * const conn = await Connection.open(connector, { host: "127.0.0.1", port: 3000, timeoutMs: 1000 });
 * const reply = await conn.request(frame(PROTO_TYPE_INFO, new TextEncoder().encode("build\n")));
 * conn.close();
 * ```
 */
export class Connection<N = unknown> {
  /** Opaque tag for the owner (the cluster node this connection belongs to). */
  node: N | undefined;
  /**
   * `Date.now()` of when the connection was opened or last given back to its pool (the pool
   * stamps it), for idle reaping. Not touched per frame: a clock read per send and per reply
   * was a measurable part of a command's cost.
   */
  lastUsed: number;
  /**
   * Pipelined commands using this connection now (kept by the pool's `share()`; 0 while idle or
   * held by one exclusive user). Their replies come back in request order, matched to the
   * `readFrame()` calls each made right after its `send()`.
   */
  users = 0;
  #conn: Conn;
  #reader: FrameReader;
  #frames: Frame[] = [];
  #queuedBytes = 0;
  #maxFrames: number;
  #maxBytes: number;
  #paused = false;
  #waiters: FrameWaiter[] = [];
  // Waiters served by the chunk being parsed, and their frames (see #deliver).
  #readyWaiters: FrameWaiter[] = [];
  #readyFrames: Frame[] = [];
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
   * @param options owner tag, frame size limit and queue bounds
   */
  constructor(conn: Conn, options: ConnectionOptions<N> = {}) {
    this.#conn = conn;
    this.node = options.node;
    this.#maxFrames = Math.max(1, options.maxQueuedFrames ?? DEFAULT_MAX_QUEUED_FRAMES);
    this.#maxBytes = Math.max(1, options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES);
    this.lastUsed = Date.now();
    this.#reader = new FrameReader((type, body) => this.#deliver({ type, body }), options.maxBody);
    conn.onClose((err) => this.#terminate(err ?? new TransportError("ECLOSED", "connection closed"), false));
    conn.onData((chunk) => {
      try {
        this.#reader.push(chunk);
      } catch (err) {
        this.#terminate(err instanceof Error ? err : new Error(String(err)), true);
      }
      this.#handOver();
    });
  }

  /** True once closed, failed, or dropped by the peer. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Closed, or its transport already is while the close has not reached this wrapper yet (a
   * killed node's resets arrive on every socket at once): a pool must not hand it out, its next
   * `send()` would throw.
   */
  get ended(): boolean {
    return this.#closed || this.#conn.closed;
  }

  /** The error that ended the connection (undefined while open or after a plain `close()`). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Frames received and not yet taken by `readFrame()`. */
  get queuedFrames(): number {
    return this.#frames.length;
  }

  /** Body bytes of those frames. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /**
   * True when nothing unread is buffered: no queued frame and no partial one. A pooled connection
   * that is not quiet received bytes nobody asked for, which the next request would take as its reply.
   */
  get quiet(): boolean {
    return this.#frames.length === 0 && this.#reader.idle;
  }

  /** True while reading the socket is paused because the queue reached a bound. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Bytes sent and not yet handed to the kernel (see `Conn.bufferedAmount`). */
  get bufferedAmount(): number {
    return this.#conn.bufferedAmount;
  }

  /**
   * Resolves when the send queue is under the transport's high-water mark (at once if it is) or
   * the connection closed; never rejects. For callers that send a lot without awaiting replies.
   */
  whenDrained(): Promise<void> {
    return this.#conn.whenDrained();
  }

  /** Sends one complete frame (header included); throws `TransportError("ECLOSED")` when closed. */
  send(frame: Uint8Array): void {
    if (this.#closed) throw this.#error ?? new TransportError("ECLOSED", "connection closed");
    this.#conn.write(frame);
  }

  /** Resolves the next frame; rejects once the connection is closed and no frame is left. */
  readFrame(): Promise<Frame> {
    if (this.#frames.length > 0) return Promise.resolve(this.#take());
    if (this.#closed) {
      return Promise.reject(this.#error ?? new TransportError("ECLOSED", "connection closed"));
    }
    return new Promise<Frame>((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /**
   * Hands the next frame to `waiter` (or the reason none will come), as `readFrame()` resolves
   * it, without a promise: for a caller that waits as an object of its own. Never calls back
   * from inside this call.
   */
  readFrameTo(waiter: FrameWaiter): void {
    if (this.#frames.length > 0 || this.#closed) {
      this.readFrame().then((frame) => waiter.resolve(frame), (err) => waiter.reject(err));
      return;
    }
    this.#waiters.push(waiter);
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

  /**
   * Rejects the pending reads with `err` but keeps the connection open: the reply still owed is
   * read later by whoever drains it (`timeoutDelay`).
   */
  abandon(err: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(err);
  }

  /** Aborts the in-flight exchange with `err` (e.g. a deadline) and closes the connection. */
  fail(err: Error): void {
    this.#terminate(err, true);
  }

  // A frame someone waits for is handed over once the whole chunk is parsed (#handOver), never
  // from inside the parse: a waiter that gives the connection back to its pool then finds every
  // frame of the chunk accounted for (an extra frame queued, so the connection is not `quiet` and
  // is closed, never pooled), as a waiter resuming from a promise always did.
  #deliver(frame: Frame): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      this.#readyWaiters.push(waiter);
      this.#readyFrames.push(frame);
      return;
    }
    this.#frames.push(frame);
    this.#queuedBytes += frame.body.length;
    if (
      !this.#paused && !this.#closed &&
      (this.#frames.length >= this.#maxFrames || this.#queuedBytes >= this.#maxBytes)
    ) {
      this.#paused = true;
      this.#conn.pause();
    }
  }

  // Hands the frames of the chunk just parsed to their waiters, in order; the arrays are reused.
  #handOver(): void {
    const waiters = this.#readyWaiters;
    const n = waiters.length;
    if (n === 0) return;
    const frames = this.#readyFrames;
    let failure: unknown;
    for (let i = 0; i < n; i++) {
      try {
        waiters[i].resolve(frames[i]);
      } catch (err) {
        failure ??= err; // every other waiter still gets its frame
      }
    }
    waiters.length = 0;
    frames.length = 0;
    // A waiter that throws broke its exchange, as a throwing frame handler always did.
    if (failure !== undefined) {
      this.#terminate(failure instanceof Error ? failure : new Error(String(failure)), true);
    }
  }

  #take(): Frame {
    const frame = this.#frames.shift()!;
    this.#queuedBytes -= frame.body.length;
    // Resume at half the bounds, so a consumer at the edge does not toggle on every frame.
    if (
      this.#paused && !this.#closed &&
      this.#frames.length <= this.#maxFrames >> 1 && this.#queuedBytes <= this.#maxBytes / 2
    ) {
      this.#paused = false;
      this.#conn.resume();
    }
    return frame;
  }

  // `local`: closed by our side, so frames already queued are dropped; after a peer close they
  // stay readable (a last reply may have arrived just before the peer hung up).
  #terminate(err: Error, local: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = err;
    if (local) {
      this.#frames = [];
      this.#queuedBytes = 0;
    }
    this.#paused = false;
    this.#conn.close();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(err);
  }
}
