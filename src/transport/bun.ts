/**
 * Bun transport: `Bun.connect` and `Bun.listen` with socket handlers. Reached through
 * `globalThis.Bun`, so the module is safe to import (and type-check) on any runtime.
 * @module
 */

import { nodeConnector } from "./node.ts";
import {
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

// The slice of Bun's socket API we use (no dependency on bun-types).
interface BunSocket {
  data: BunConn | undefined;
  write(data: Uint8Array): number;
  end(): void;
  setNoDelay?(noDelay: boolean): boolean;
  // Bun 1.4 has both; older versions lack them (then `pause()` only holds chunks back, see `BunConn`).
  pause?(): void;
  resume?(): void;
}
interface BunHandlers {
  open?(s: BunSocket): void;
  data(s: BunSocket, d: Uint8Array): void;
  drain(s: BunSocket): void;
  close(s: BunSocket, err?: Error): void;
  error(s: BunSocket, err: Error): void;
  end?(s: BunSocket): void;
  connectError?(s: BunSocket, err: Error): void;
  handshake?(s: BunSocket, success: boolean, err: Error | null): void;
}
interface BunTls {
  serverName?: string;
  ca?: string[];
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}
interface BunApi {
  connect(o: { hostname: string; port: number; tls?: BunTls; socket: BunHandlers }): Promise<BunSocket>;
  listen(
    o: { hostname: string; port: number; socket: BunHandlers },
  ): { port: number; stop(all?: boolean): void };
}

function bun(): BunApi {
  const api = (globalThis as { Bun?: BunApi }).Bun;
  if (api === undefined) throw new TransportError("EIO", "the Bun transport needs the Bun runtime");
  return api;
}

// Received chunks up to ARENA_MAX_COPY bytes are copied into ARENA_SIZE arenas (see `received`),
// one arena at a time for every connection of the process: an arena per connection spread each
// reply over a fresh region of its own 64 KiB (several MiB cycled through with a few hundred
// connections, none of it in cache, and that much resident), where one shared arena fills
// sequentially. A chunk is a view of the arena and never overwritten; an arena is freed once no
// chunk of it is referenced.
const ARENA_SIZE = 64 * 1024;
const ARENA_MAX_COPY = 16 * 1024;
let arena = new Uint8Array(0);
let arenaUsed = 0;

/** A `Conn` over a Bun socket; our own queue holds what `socket.write` did not take yet. */
class BunConn implements Conn {
  #socket: BunSocket;
  // "ending": `end()` was called, the queue drains on `drain` before the socket is ended.
  #state: "open" | "ending" | "closed" = "open";
  #error: TransportError | undefined;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #drain = new DrainGate();
  // Chunks received before `onData` or while paused (at most one once Bun's `pause()` took effect).
  #inbox: Uint8Array[] = [];
  #paused = false;
  #onData: ((chunk: Uint8Array) => void) | undefined;
  #closers: CloseHandlers;

  constructor(socket: BunSocket, onRelease?: () => void) {
    this.#socket = socket;
    this.#closers = new CloseHandlers(onRelease);
    socket.data = this;
    socket.setNoDelay?.(true);
  }

  get closed(): boolean {
    return this.#state !== "open";
  }

  write(data: Uint8Array): void {
    if (this.#state !== "open") throw new TransportError("ECLOSED", "write on a closed connection");
    if (this.#queue.length > 0) {
      this.#queue.push(data); // Keep order: earlier bytes are still waiting for `drain`.
      this.#queued += data.length;
      this.#drain.update(this.#queued);
      return;
    }
    // Bun does not buffer what `write` did not take: the rest waits in our queue for `drain`.
    const n = this.#socket.write(data);
    if (n < 0) this.shutdown(new TransportError("EPIPE", "socket refused the write"));
    else if (n < data.length) {
      this.#queue.push(data.subarray(n));
      this.#queued += data.length - n;
      this.#drain.update(this.#queued);
    }
  }

  get bufferedAmount(): number {
    return this.#queued;
  }

  whenDrained(): Promise<void> {
    return this.#drain.wait();
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#socket.pause?.();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#state !== "closed") this.#socket.resume?.();
    this.#flushInbox();
  }

  close(): void {
    this.shutdown(undefined);
  }

  end(): void {
    if (this.#state !== "open") return;
    if (this.#queue.length === 0) return this.shutdown(undefined);
    this.#state = "ending";
  }

  onData(cb: (chunk: Uint8Array) => void): void {
    this.#onData = cb;
    this.#flushInbox();
  }

  #flushInbox(): void {
    while (this.#inbox.length > 0 && this.#onData !== undefined && !this.#paused && this.#state === "open") {
      this.#onData(this.#inbox.shift()!);
    }
  }

  onClose(cb: (err?: TransportError) => void): void {
    this.#closers.add(cb);
  }

  /**
   * Handler side: bytes arrived, as a Buffer. Copied into an arena and handed on as a plain
   * Uint8Array view of it (no Buffer in our types): asking a fresh Buffer for its `.buffer`, to
   * make a view of it, costs JavaScriptCore more than copying a reply's bytes.
   */
  received(d: Uint8Array): void {
    if (this.#state !== "open") return;
    const n = d.length;
    let chunk: Uint8Array;
    if (n > ARENA_MAX_COPY) chunk = new Uint8Array(d); // a big chunk: one copy of its own
    else {
      if (arena.length - arenaUsed < n) {
        arena = new Uint8Array(ARENA_SIZE);
        arenaUsed = 0;
      }
      const at = arenaUsed;
      arena.set(d, at);
      arenaUsed = at + n;
      chunk = arena.subarray(at, at + n);
    }
    if (this.#onData === undefined || this.#paused || this.#inbox.length > 0) this.#inbox.push(chunk);
    else this.#onData(chunk);
  }

  /** Handler side: the socket can take more bytes. */
  drained(): void {
    while (this.#queue.length > 0 && this.#state !== "closed") {
      const head = this.#queue[0];
      const n = this.#socket.write(head);
      if (n < 0) return this.shutdown(new TransportError("EPIPE", "socket refused the write"));
      this.#queued -= n;
      this.#drain.update(this.#queued);
      if (n < head.length) {
        this.#queue[0] = head.subarray(n);
        return;
      }
      this.#queue.shift();
    }
    if (this.#state === "ending") this.shutdown(undefined);
  }

  /** Handler side: the socket is gone. */
  released(err?: Error): void {
    this.shutdown(
      err === undefined
        ? new TransportError("ECLOSED", "connection closed by peer")
        : toTransportError(err, "ECONNRESET"),
    );
    if (this.#closers.markReleased(this.#error)) queueMicrotask(() => this.#closers.fire());
  }

  /** Marks the conn closed with `err` (undefined for a local close) and ends the socket. */
  shutdown(err: TransportError | undefined): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#error = err;
    this.#queue = [];
    this.#queued = 0;
    this.#inbox = [];
    this.#socket.end();
    this.#drain.open();
  }
}

const HANDLERS: BunHandlers = {
  data: (s, d) => s.data?.received(d),
  drain: (s) => s.data?.drained(),
  close: (s, err) => s.data?.released(err),
  error: (s, err) => s.data?.shutdown(toTransportError(err, "ECONNRESET")),
  end: (s) => s.data?.shutdown(new TransportError("ECLOSED", "connection closed by peer")),
};

async function connect(options: ConnectOptions): Promise<Conn> {
  const { host, port, timeoutMs, tls } = options;
  let timer: ConnectTimer | undefined;
  let handshake: ((err: Error | null) => void) | undefined;
  const handshakeDone = new Promise<void>((resolve, reject) => {
    handshake = (err) => err === null ? resolve() : reject(err);
  });
  const deadline = new Promise<never>((_, reject) => {
    timer = new ConnectTimer(timeoutMs, () => reject(connectTimedOut(options)));
  });
  const pending = bun().connect({
    hostname: host,
    port,
    tls: tls === undefined ? undefined : {
      serverName: tls.serverName ?? host,
      ca: tls.caCerts,
      cert: tls.certChain,
      key: tls.privateKey,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
    },
    socket: {
      ...HANDLERS,
      // Wrap in `open`, not after the await: data may arrive before our continuation runs.
      open: (s) => void new BunConn(s),
      connectError: () => {}, // The promise rejects too; handled below.
      handshake: (_s, ok, err) =>
        handshake!(ok || tls?.rejectUnauthorized === false ? null : err ?? new Error("TLS")),
    },
  });
  try {
    const socket = await Promise.race([pending, deadline]);
    const conn = socket.data ?? new BunConn(socket);
    if (tls !== undefined) await Promise.race([handshakeDone, deadline]);
    return conn;
  } catch (err) {
    // A socket that connects after the deadline is closed straight away.
    pending.then((s) => s.end(), () => {});
    handshakeDone.catch(() => {});
    const failed = connectFailed(options, err);
    // A timeout (ours or the runtime's) keeps its own message.
    throw failed.code === "ETIMEDOUT" ? toTransportError(err) : failed;
  } finally {
    timer?.cancel();
  }
}

function listen(options: ListenOptions): Promise<Listener> {
  if (options.tls !== undefined) return nodeConnector.listen(options); // see ListenOptions.tls
  const accepted = new AcceptedConns<BunConn>();
  let server: { port: number; stop(all?: boolean): void };
  try {
    server = bun().listen({
      hostname: options.host,
      port: options.port,
      socket: {
        ...HANDLERS,
        open: (s) => options.onConn(accepted.add((onRelease) => new BunConn(s, onRelease))),
      },
    });
  } catch (err) {
    return Promise.reject(toTransportError(err));
  }
  return Promise.resolve({
    port: server.port,
    async close(): Promise<void> {
      server.stop(true);
      await accepted.closeAll();
    },
  });
}

/**
 * The Bun connector.
 * @example
 * ```ts
 * const conn = await bunConnector.connect({ host: "127.0.0.1", port: 3000, timeoutMs: 1000 });
 * ```
 */
export const bunConnector: Connector = { connect, listen };
