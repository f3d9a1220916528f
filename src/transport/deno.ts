/**
 * Deno transport: `Deno.connect` and `Deno.listen` for plain TCP. TLS client connections go
 * through `node:tls` (see `connect`). Safe to import on any runtime: `Deno` is only touched when
 * a function is called.
 * @module
 */

import { nodeConnector } from "./node.ts";
import {
  concatBytes,
  type Conn,
  type ConnectOptions,
  type Connector,
  DrainGate,
  type Listener,
  type ListenOptions,
  toTransportError,
  TransportError,
} from "./transport.ts";
import { AcceptedConns, CloseHandlers, connectFailed, connectTimedOut } from "./shared.ts";
import { ConnectTimer } from "./connect_timer.ts";

/**
 * Reads land in an arena: each read fills the arena's free tail and the chunk handed to `onData`
 * is a view of the bytes it got. Bytes are never overwritten, so the consumer owns its chunk
 * without a copy. (A copy per read meant an ArrayBuffer allocation per read, which costs V8 more
 * than the read itself.)
 *
 * The arena is sized to the connection's reads: one of `READ_ARENA_MIN` (16 KiB) while they are
 * small (single-record replies of ~100 bytes), up to `READ_ARENA_MAX` (64 KiB) for a connection
 * whose reads are large (batch replies, scans). A new arena starts once the free tail is smaller
 * than the largest read into the current one (or `READ_MIN_SPACE`), so a reply of the usual size
 * is rarely cut in two (a cut frame costs the frame reader a copy), and it is made big enough for
 * `READ_ARENA_READS` such reads. A fixed 64 KiB arena per connection was 16 MiB of arenas with
 * 256 connections open, most of it never written to.
 */
const READ_ARENA_MIN = 16 * 1024;
const READ_ARENA_MAX = 64 * 1024;
const READ_MIN_SPACE = 2 * 1024;
const READ_ARENA_READS = 3;

/** Size of the next arena after one whose largest read was `largest` bytes. */
export function nextArenaSize(largest: number): number {
  let size = READ_ARENA_MIN;
  while (size < READ_ARENA_MAX && size < largest * READ_ARENA_READS) size *= 2;
  return size;
}

/**
 * The slice of Deno's API this transport uses, declared here rather than taken from the `Deno`
 * namespace: the module is compiled for Node too (the npm build), where no such namespace exists,
 * and its declarations must not name one.
 */
interface DenoTcpConn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
  setNoDelay(noDelay?: boolean): void;
}
interface DenoTcpListener {
  readonly addr: { readonly port?: number };
  accept(): Promise<DenoTcpConn>;
  close(): void;
}
interface DenoNet {
  connect(options: { hostname: string; port: number; signal?: AbortSignal }): Promise<DenoTcpConn>;
  listen(options: { hostname: string; port: number }): DenoTcpListener;
}

/** Deno's namespace, looked up when a connection is made (never at import). */
function deno(): DenoNet {
  const api = (globalThis as { Deno?: DenoNet }).Deno;
  if (api === undefined) throw new TransportError("EIO", "the Deno transport needs the Deno runtime");
  return api;
}

/** A `Conn` over a Deno TCP stream. */
class DenoConn implements Conn {
  #conn: DenoTcpConn;
  // "ending": `end()` was called, the write queue drains before the resource is closed.
  #state: "open" | "ending" | "closed" = "open";
  #error: TransportError | undefined;
  #onData: ((chunk: Uint8Array) => void) | undefined;
  #closers: CloseHandlers;
  #queue: Uint8Array[] = [];
  // Bytes in `#queue` plus what the in-flight `conn.write` loop has not written yet.
  #buffered = 0;
  #drain = new DrainGate();
  // The `conn.write` in flight (settles once its handler ran; undefined while none is) and the
  // bytes it writes: one write at a time, through two handlers made once per connection, so a
  // write costs no async function, closure or view of its own.
  #writing: Promise<void> | undefined;
  #sending: Uint8Array | undefined;
  #reading: Promise<void> | undefined;
  // Set while paused: the read loop awaits it before its next read; `resume()`/close resolve it.
  #paused: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(conn: DenoTcpConn, onRelease?: () => void) {
    this.#conn = conn;
    this.#closers = new CloseHandlers(onRelease);
  }

  get closed(): boolean {
    return this.#state !== "open";
  }

  write(data: Uint8Array): void {
    if (this.#state !== "open") throw new TransportError("ECLOSED", "write on a closed connection");
    this.#buffered += data.length;
    this.#drain.update(this.#buffered);
    // What comes while a write is in flight waits in the queue and goes out next as one buffer
    // (fewer syscalls for pipelined frames).
    if (this.#writing !== undefined) this.#queue.push(data);
    else this.#send(data);
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  whenDrained(): Promise<void> {
    return this.#drain.wait();
  }

  pause(): void {
    if (this.#paused !== undefined || this.#state === "closed") return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => resolve = r);
    this.#paused = { promise, resolve };
  }

  resume(): void {
    const paused = this.#paused;
    this.#paused = undefined;
    paused?.resolve();
  }

  close(): void {
    this.#shutdown(undefined);
  }

  end(): void {
    if (this.#state !== "open") return;
    if (this.#writing === undefined) return this.#shutdown(undefined);
    this.#state = "ending"; // `#flush` shuts down once the queue is empty.
  }

  onData(cb: (chunk: Uint8Array) => void): void {
    this.#onData = cb;
    if (this.#reading === undefined && this.#state === "open") this.#reading = this.#readLoop();
  }

  onClose(cb: (err?: TransportError) => void): void {
    this.#closers.add(cb);
  }

  async #readLoop(): Promise<void> {
    let arena = new Uint8Array(READ_ARENA_MIN);
    let used = 0;
    let largest = 0; // the largest read into this arena
    try {
      while (this.#state !== "closed") {
        if (this.#paused !== undefined) {
          await this.#paused.promise;
          continue;
        }
        const free = arena.length - used;
        if (free < READ_MIN_SPACE || free < largest) {
          arena = new Uint8Array(nextArenaSize(largest));
          used = 0;
          largest = 0;
        }
        const n = await this.#conn.read(arena.subarray(used));
        if (this.#isClosed()) return; // Closed while the read was pending.
        if (n === null) {
          this.#shutdown(new TransportError("ECLOSED", "connection closed by peer"));
          return;
        }
        const chunk = arena.subarray(used, used + n);
        used += n;
        if (n > largest) largest = n;
        if (this.#state === "open") this.#onData!(chunk);
      }
    } catch (err) {
      if (this.#state !== "closed") this.#shutdown(toTransportError(err, "ECONNRESET"));
    }
  }

  // Starts writing `data`; the handlers go on with its rest and then the queue.
  #send(data: Uint8Array): void {
    this.#sending = data;
    try {
      this.#writing = this.#conn.write(data).then(this.#written, this.#writeFailed);
    } catch (err) {
      this.#writeFailed(err);
    }
  }

  #written = (n: number): void => {
    if (this.#state === "closed") return this.#writeDone();
    const data = this.#sending!;
    this.#buffered -= n;
    this.#drain.update(this.#buffered);
    if (n < data.length) return this.#send(data.subarray(n));
    if (this.#queue.length > 0) {
      const next = concatBytes(this.#queue);
      this.#queue.length = 0; // the array is reused: no allocation per write
      return this.#send(next);
    }
    this.#writeDone();
    if (this.#state === "ending") this.#shutdown(undefined);
  };

  #writeFailed = (err: unknown): void => {
    this.#writeDone();
    if (this.#state !== "closed") this.#shutdown(toTransportError(err, "EPIPE"));
  };

  #writeDone(): void {
    this.#writing = undefined;
    this.#sending = undefined;
  }

  // A method, so TypeScript does not narrow `#state` across an await.
  #isClosed(): boolean {
    return this.#state === "closed";
  }

  #shutdown(err: TransportError | undefined): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#error = err;
    this.#queue = [];
    this.#buffered = 0;
    this.#drain.open();
    this.resume();
    try {
      this.#conn.close();
    } catch {
      // Already closed by the runtime.
    }
    // Closing the resource makes the pending read/write ops settle; report once they have.
    const pending = [this.#reading, this.#writing].filter((p) => p !== undefined);
    Promise.all(pending).then(() => this.#closers.release(this.#error));
  }
}

/**
 * Plain TCP uses `Deno.connect`. TLS goes through `node:tls`, which Deno provides: with Deno 2.9
 * a `Deno.connectTls`/`startTls` connection whose handshake is pending cannot be aborted (closing
 * it leaves the TCP socket open until the peer answers), while a `node:tls` socket is destroyed
 * at once on timeout; it also takes client certificates (mutual TLS).
 */
async function connect(options: ConnectOptions): Promise<Conn> {
  if (options.tls !== undefined) return await nodeConnector.connect(options);
  const { host, port, timeoutMs } = options;
  const abort = new AbortController();
  let timedOut = false;
  const timer = new ConnectTimer(timeoutMs, () => {
    timedOut = true;
    abort.abort();
  });
  try {
    const tcp = await deno().connect({ hostname: host, port, signal: abort.signal });
    tcp.setNoDelay(true);
    return new DenoConn(tcp);
  } catch (err) {
    throw timedOut ? connectTimedOut(options, err) : connectFailed(options, err);
  } finally {
    timer.cancel();
  }
}

function listen(options: ListenOptions): Promise<Listener> {
  if (options.tls !== undefined) return nodeConnector.listen(options); // see ListenOptions.tls
  let listener: DenoTcpListener;
  try {
    listener = deno().listen({ hostname: options.host, port: options.port });
  } catch (err) {
    return Promise.reject(toTransportError(err));
  }
  const accepted = new AcceptedConns<DenoConn>();
  let stopped = false;
  const accepting = (async () => {
    while (!stopped) {
      let c: DenoTcpConn;
      try {
        c = await listener.accept();
      } catch {
        return; // The listener was closed.
      }
      if (stopped) {
        c.close();
        return;
      }
      c.setNoDelay(true);
      options.onConn(accepted.add((onRelease) => new DenoConn(c, onRelease)));
    }
  })();
  const port = listener.addr.port ?? 0;
  return Promise.resolve({
    port,
    async close(): Promise<void> {
      if (!stopped) {
        stopped = true;
        listener.close();
      }
      await accepting;
      await accepted.closeAll();
    },
  });
}

/**
 * The Deno connector (TCP_NODELAY on, owned chunks, serialized writes).
 * @example
 * ```ts
 * const conn = await denoConnector.connect({ host: "127.0.0.1", port: 3000, timeoutMs: 1000 });
 * ```
 */
export const denoConnector: Connector = { connect, listen };
