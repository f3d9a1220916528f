/**
 * Per-node connection pool: idle connections are reused last-in first-out (the warmest socket
 * first, so the coldest ones age out and get reaped), new ones are opened up to a cap, and a
 * connection that saw any error is closed, never handed out again.
 *
 * Pipelining: `share(depth)` hands out a connection that up to `depth` commands use at once
 * (replies come back in request order, so `Connection.readFrame()` calls made right after each
 * send match them). It fills the most recent connection with room first, then joins a connect in
 * progress, then takes an idle one, and opens a new one last, so a burst shares few sockets. A
 * shared connection goes back to the idle stack once its last user releases it; `acquire()`
 * (batch, query, info) only ever gets a connection nobody else uses.
 * @module
 */
import { AerospikeError, ConnectionError, TimeoutError } from "../errors.ts";
import { Connection } from "../net/connection.ts";
import { type Connector, type TlsOptions, TransportError } from "../transport/transport.ts";
import { ResultCode } from "../wire/result_code.ts";

/** Where and how a pool connects. */
export interface PoolOptions<N = unknown> {
  /** Opens the sockets. */
  connector: Connector;
  /** Node host. */
  host: string;
  /** Node port. */
  port: number;
  /** TLS settings. @default plain TCP */
  tls?: TlsOptions;
  /**
   * Budget for opening one connection, ms; a command whose own deadline is further away lends the
   * connect its remaining time (see `acquire(budgetMs)`). @default 1000
   */
  connectTimeout?: number;
  /** Cap on connections open at once (idle + in use + being opened). @default 100 */
  maxConns?: number;
  /** Cap on connects in progress at once; beyond it `acquire()` waits for one to settle. @default unlimited */
  maxOpening?: number;
  /** Owner tag stored on each connection (the cluster node). @default undefined */
  node?: N;
  /** Name used in error messages (the node name). @default host:port */
  label?: string;
  /** Largest reply frame body accepted (see `ClusterOptions.maxFrameSize`). @default 128 MiB */
  maxBody?: number;
  /**
   * Runs on each new connection before anyone uses it (authentication); a rejection closes the
   * connection and fails the acquire with that error. @default undefined
   */
  onOpen?: (conn: Connection<N>) => Promise<void>;
  /**
   * What the pool reports (connects made and failed, the cap reached); the node wires it to its
   * circuit breaker and the client's observers. @default undefined
   */
  events?: PoolEvents;
}

/** What a pool reports to its owner. */
export interface PoolEvents {
  /** Whether `opened` wants connect times (the clock is read only then). */
  readonly timed: boolean;
  /** A connection opened (and logged in) in `ms`. */
  opened(ms: number): void;
  /** A connect (or its login) failed. */
  failed(err: AerospikeError): void;
  /** An acquire found all `maxConnsPerNode` connections in use. */
  exhausted(max: number): void;
}

/**
 * Connections to one node.
 * @example
 * ```ts
 * declare const pool: Pool, bytes: Uint8Array;
 * const conn = await pool.acquire();
 * let ok = false;
 * try { await conn.request(bytes); ok = true; } finally { pool.release(conn, ok); }
 * ```
 */
export class Pool<N = unknown> {
  #opts: PoolOptions<N>;
  #max: number;
  #maxOpening: number;
  #idle: Connection<N>[] = [];
  #all = new Set<Connection<N>>();
  #opening = 0;
  #pending = new Set<Promise<unknown>>();
  // Acquires waiting because maxOpening connects are in flight, first come first served; one is
  // woken per settled connect or returned connection (O(1), no herd).
  #waiters: (() => void)[] = [];
  // Info and admin acquires waiting at the cap (`acquireWithin`): handed a returned connection
  // directly, or called with undefined to try again when a slot frees (or the pool closes).
  #capWaiters: ((conn: Connection<N> | undefined) => void)[] = [];
  // Connections handed out by `acquireWithin`: when one comes back, `#onFree` wakes a data
  // command parked at the cap (the executor's gates only see the connections they hand out).
  #outside = new Set<Connection<N>>();
  #onFree: (() => void) | undefined;
  // Shared connections with users < depth, the most recently filled last.
  #roomy: Connection<N>[] = [];
  // A connect that shared acquirers join until `depth` of them wait on it.
  #joining: { conn: Promise<Connection<N>>; users: number } | undefined;
  #depth = 1;
  // The NO_AVAILABLE_CONNECTIONS_TO_NODE rejection, shared (see #noConnection).
  #atCapError: AerospikeError | undefined;
  #closed = false;
  #retired = false;

  /**
   * Creates an empty pool; nothing is opened until `acquire()` or `warm()`.
   * @param options where to connect, the cap and the owner tag
   */
  constructor(options: PoolOptions<N>) {
    this.#opts = options;
    this.#max = options.maxConns ?? 100;
    if (!Number.isInteger(this.#max) || this.#max < 1) throw new RangeError(`maxConnsPerNode must be >= 1`);
    this.#maxOpening = options.maxOpening ?? Infinity;
  }

  /** Connections it opens at most (`maxConnsPerNode`). */
  get max(): number {
    return this.#max;
  }

  /** Connections open or being opened (idle ones included). */
  get open(): number {
    return this.#all.size + this.#opening;
  }

  /** Connections waiting in the pool. */
  get idle(): number {
    return this.#idle.length;
  }

  /**
   * True when an exclusive acquire would fail at the cap right now (no idle connection, `maxConns`
   * open or opening); reports the exhaustion to the pool's events like a failed acquire. Lets the
   * executor park a command at its gate without building the error `acquire()` rejects with: a
   * burst hits the cap thousands of times.
   */
  atCap(): boolean {
    if (this.#closed || this.#idle.length > 0 || this.open < this.#max) return false;
    this.#opts.events?.exhausted(this.#max);
    return true;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * An idle connection, or a new one while fewer than `maxConns` are open. Beyond the cap it
   * rejects at once with NO_AVAILABLE_CONNECTIONS_TO_NODE; a failed connect rejects with a
   * `ConnectionError`.
   * @param budgetMs the time the caller has left (its command's deadline): a connect opened for it
   *   may take that long when it is more than `connectTimeout` (a saturated event loop can hold a
   *   connect's completion back past a fixed budget while its command still had time). The
   *   connection outlives the command, so a connect is never given less than `connectTimeout`.
   */
  acquire(budgetMs?: number): Promise<Connection<N>> {
    if (this.#closed) return Promise.reject(this.#closedError());
    const ready = this.take(1);
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.open >= this.#max) return Promise.reject(this.#noConnection());
    if (this.#opening >= this.#maxOpening) return this.#afterAConnect(1, budgetMs);
    return this.#connect(budgetMs);
  }

  /**
   * Like `acquire()`, but at the cap waits up to `timeoutMs` for a connection to come back
   * instead of failing at once: for info and admin commands, which have no retry loop of their
   * own. Rejects with a `TimeoutError` when none comes free in time.
   * @param timeoutMs how long to wait at most
   * @param what the command, for the error message
   */
  async acquireWithin(timeoutMs: number, what: string): Promise<Connection<N>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let conn: Connection<N> | undefined;
      try {
        conn = await this.acquire();
      } catch (e) {
        if (!(e instanceof AerospikeError) || e.code !== ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE) throw e;
        conn = await this.#slot(deadline - Date.now(), timeoutMs, what);
      }
      if (conn !== undefined) {
        this.#outside.add(conn);
        return conn;
      }
    }
  }

  /**
   * Sets the callback run when a connection from `acquireWithin` comes back (to the idle stack,
   * or closed so its slot is free): the executor wakes a command waiting at the cap with it.
   */
  onFree(cb: () => void): void {
    this.#onFree = cb;
  }

  #slot(waitMs: number, timeoutMs: number, what: string): Promise<Connection<N> | undefined> {
    return new Promise((resolve, reject) => {
      // Things may have changed since the acquire failed: a connection came back or closed.
      const ready = this.take(1);
      if (ready !== undefined || this.#closed || this.open < this.#max) return resolve(ready);
      const waiter = (conn: Connection<N> | undefined): void => {
        clearTimeout(timer);
        resolve(conn);
      };
      const timer = setTimeout(() => {
        const at = this.#capWaiters.indexOf(waiter);
        if (at >= 0) this.#capWaiters.splice(at, 1);
        reject(
          new TimeoutError(
            `${what}: no connection to ${this.#label()} came free within ${timeoutMs} ms ` +
              `(all ${this.#max} in use, maxConnsPerNode)`,
            { node: this.#labelNode() },
          ),
        );
      }, Math.max(0, waitMs));
      this.#capWaiters.push(waiter);
    });
  }

  /**
   * Returns a connection. `reusable` must be false after any error, timeout or unexpected frame:
   * such a connection is closed.
   */
  release(conn: Connection<N>, reusable: boolean): void {
    if (this.#outside.size > 0 && this.#outside.delete(conn)) {
      this.#release(conn, reusable);
      this.#onFree?.();
      return;
    }
    this.#release(conn, reusable);
  }

  #release(conn: Connection<N>, reusable: boolean): void {
    const users = conn.users;
    if (users > 0) conn.users = users - 1;
    if (!this.#all.has(conn)) {
      conn.close();
      return;
    }
    if (!reusable || conn.closed) {
      this.#all.delete(conn);
      if (users > 0) this.#unroom(conn);
      conn.close();
      this.#capWaiters.shift()?.(undefined); // a slot is free: it may connect
      return;
    }
    if (users > 1) {
      // Still carrying other commands: it has room again if it was full (and the pool is open).
      if (users === this.#depth && !this.#closed) this.#roomy.push(conn);
      return;
    }
    if (users === 1) this.#unroom(conn);
    // A frame left unread (an extra reply) would answer the next request: never pool it.
    if (this.#closed || !conn.quiet) {
      this.#all.delete(conn);
      conn.close();
      this.#capWaiters.shift()?.(undefined);
      return;
    }
    const waiter = this.#capWaiters.shift();
    if (waiter !== undefined) return waiter(conn);
    conn.lastUsed = Date.now();
    this.#idle.push(conn);
    this.#waiters.shift()?.();
  }

  /**
   * A connection for a pipelined command: one that already carries fewer than `depth` commands,
   * else a connect in progress that fewer than `depth` wait for, else like `acquire()`. Release
   * it once per `share()` call. Rejects like `acquire()`.
   * @param depth commands one connection carries at once
   * @param budgetMs the caller's remaining time, as for `acquire()`
   */
  share(depth: number, budgetMs?: number): Promise<Connection<N>> {
    if (depth <= 1) return this.acquire(budgetMs);
    if (this.#closed) return Promise.reject(this.#closedError());
    const ready = this.take(depth);
    if (ready !== undefined) return Promise.resolve(ready);
    const joining = this.#joining;
    if (joining !== undefined && joining.users < depth) {
      joining.users++;
      // Each joiner gets its own error object: the retry loop annotates it.
      return joining.conn.catch((e: unknown) => {
        throw e instanceof AerospikeError
          ? new ConnectionError(e.detail, { code: e.code, node: e.node, cause: e.cause })
          : e;
      });
    }
    if (this.open >= this.#max) return Promise.reject(this.#noConnection());
    if (this.#opening >= this.#maxOpening) return this.#afterAConnect(depth, budgetMs);
    const roomy = this.#roomy;
    const entry = { conn: this.#connect(budgetMs), users: 1 };
    entry.conn = entry.conn.then((conn) => {
      if (this.#joining === entry) this.#joining = undefined;
      conn.users = entry.users;
      if (entry.users < depth) roomy.push(conn);
      return conn;
    }, (e: unknown) => {
      if (this.#joining === entry) this.#joining = undefined;
      throw e;
    });
    this.#joining = entry;
    return entry.conn;
  }

  /**
   * The synchronous part of `acquire()` (depth 1) or `share(depth)`: a connection that is ready
   * now (one with room, then an idle one), or undefined when one must be opened or waited for.
   * A connection it returns is released like one from `acquire()`/`share()`.
   */
  take(depth: number): Connection<N> | undefined {
    if (this.#closed) return undefined;
    if (depth > 1) {
      this.#depth = depth;
      const roomy = this.#roomy;
      while (roomy.length > 0) {
        const conn = roomy[roomy.length - 1];
        if (conn.ended) {
          roomy.pop(); // its users release it and get it closed
          continue;
        }
        if (++conn.users >= depth) roomy.pop();
        return conn;
      }
    }
    for (;;) {
      const conn = this.#idle.pop();
      if (conn === undefined) return undefined;
      if (conn.ended || !conn.quiet) {
        // Dropped by the server while idle, or it sent bytes nobody asked for.
        this.#all.delete(conn);
        conn.close();
        continue;
      }
      if (depth > 1) {
        conn.users = 1;
        this.#roomy.push(conn);
      }
      return conn;
    }
  }

  #unroom(conn: Connection<N>): void {
    const at = this.#roomy.lastIndexOf(conn);
    if (at >= 0) this.#roomy.splice(at, 1);
  }

  /** Opens connections in the background until `count` are open; failures are ignored. */
  warm(count: number): void {
    const n = Math.min(count, this.#max) - this.open;
    for (let i = 0; i < n; i++) {
      this.#connect().then((conn) => this.release(conn, true), () => {});
    }
  }

  /** Closes idle connections unused for longer than `maxIdleMs`, and those the server dropped. */
  reap(maxIdleMs: number, now: number = Date.now()): number {
    let closed = 0;
    // Index 0 is the least recently returned connection (LIFO stack).
    this.#idle = this.#idle.filter((conn) => {
      if (conn.closed || !conn.quiet || now - conn.lastUsed > maxIdleMs) {
        this.#all.delete(conn);
        conn.close();
        closed++;
        return false;
      }
      return true;
    });
    return closed;
  }

  /**
   * Stops handing out connections (acquires reject with INVALID_NODE_ERROR, which a command
   * retries on the partition's new owner) and closes the idle ones; connections in use are
   * closed when released, so commands in flight can finish. For a node that left the cluster;
   * `close()` afterwards still closes whatever is left.
   */
  retire(): void {
    this.#closed = true;
    this.#retired = true;
    for (const conn of this.#idle) {
      this.#all.delete(conn);
      conn.close();
    }
    this.#idle = [];
    this.#roomy = []; // shared connections in use close when their last user releases them
    for (const wake of this.#capWaiters.splice(0)) wake(undefined); // they see the retired pool
  }

  /** Closes every connection, idle or in use; later acquires reject with CLIENT_CLOSED. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#retired = false;
    this.#idle = [];
    this.#roomy = [];
    for (const conn of this.#all) conn.close();
    this.#all.clear();
    for (const wake of this.#waiters.splice(0)) wake(); // they see the closed pool
    for (const wake of this.#capWaiters.splice(0)) wake(undefined);
    this.#outside.clear();
  }

  /** Resolves once no connect attempt is pending (so a closed pool has released every socket). */
  async drained(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  // Too many connects in flight: wait until one settles or a connection comes back, then try
  // again. The caller's deadline bounds the wait.
  async #afterAConnect(depth: number, budgetMs: number | undefined): Promise<Connection<N>> {
    const start = budgetMs === undefined ? 0 : Date.now();
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
    const left = budgetMs === undefined ? undefined : budgetMs - (Date.now() - start);
    return depth > 1 ? this.share(depth, left) : this.acquire(left);
  }

  // The timer of a connect made for a caller with `budgetMs` left (see `acquire`).
  #connectBudget(budgetMs?: number): number {
    const base = this.#opts.connectTimeout ?? 1000;
    return budgetMs !== undefined && budgetMs > base && budgetMs !== Infinity ? budgetMs : base;
  }

  async #connect(budgetMs?: number): Promise<Connection<N>> {
    this.#opening++;
    const events = this.#opts.events;
    const t0 = events !== undefined && events.timed ? performance.now() : 0;
    const attempt = Connection.open<N>(this.#opts.connector, {
      host: this.#opts.host,
      port: this.#opts.port,
      timeoutMs: this.#connectBudget(budgetMs),
      tls: this.#opts.tls,
      node: this.#opts.node,
      maxBody: this.#opts.maxBody,
    }).then((conn) => this.#prepare(conn));
    this.#pending.add(attempt);
    let conn: Connection<N>;
    try {
      conn = await attempt;
    } catch (err) {
      const e = connectError(err, this.#label(), this.#labelNode());
      if (!this.#closed) events?.failed(e);
      throw e;
    } finally {
      this.#opening--;
      this.#pending.delete(attempt);
      this.#waiters.shift()?.();
    }
    if (this.#closed) {
      conn.close();
      throw this.#closedError();
    }
    this.#all.add(conn);
    if (t0 > 0) events!.opened(performance.now() - t0);
    return conn;
  }

  // Connects count as opening until `onOpen` (authentication) is done too.
  async #prepare(conn: Connection<N>): Promise<Connection<N>> {
    if (this.#opts.onOpen === undefined) return conn;
    try {
      await this.#opts.onOpen(conn);
    } catch (err) {
      conn.close();
      throw err;
    }
    return conn;
  }

  #noConnection(): AerospikeError {
    this.#opts.events?.exhausted(this.#max);
    // A burst meets the cap thousands of times and the executor's gate (or acquireWithin)
    // consumes this rejection and never hands it on, so one error per pool serves them all
    // (built once, without a stack trace): a new AerospikeError per rejection was 4% of a
    // fresh client's 20,000-command burst profile.
    if (this.#atCapError !== undefined) return this.#atCapError;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return this.#atCapError = this.#capError();
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  #capError(): AerospikeError {
    return new AerospikeError(
      ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE,
      `all ${this.#max} connections to ${this.#label()} are in use (maxConnsPerNode)`,
      { node: this.#labelNode() },
    );
  }

  #closedError(): AerospikeError {
    if (this.#retired) {
      // The node left the cluster: not the client's end, so the command may try another node.
      return new ConnectionError(`node ${this.#label()} left the cluster; its connection pool is retired`, {
        code: ResultCode.INVALID_NODE_ERROR,
        node: this.#labelNode(),
      });
    }
    return new ConnectionError(`connection pool of ${this.#label()} is closed`, {
      code: ResultCode.CLIENT_CLOSED,
      node: this.#labelNode(),
    });
  }

  #label(): string {
    return this.#opts.label ?? `${this.#opts.host}:${this.#opts.port}`;
  }

  #labelNode(): string | undefined {
    return this.#opts.label;
  }
}

/** Maps a transport failure while connecting to a `ConnectionError` naming the target. */
export function connectError(err: unknown, target: string, node?: string): AerospikeError {
  if (err instanceof AerospikeError) return err;
  const why = err instanceof TransportError ? `${err.code}: ${err.message}` : String(err);
  return new ConnectionError(`cannot connect to ${target} (${why})`, { node, cause: err });
}
