/**
 * In-process transport for tests: a duplex pair of `Conn`s and a `MemoryNetwork` connector with a
 * listener registry. Chunks are delivered asynchronously (queueMicrotask), optionally cut into
 * small pieces to exercise frame reassembly.
 * @module
 */

import {
  type Conn,
  type ConnectOptions,
  type Connector,
  type Listener,
  type ListenOptions,
  TransportError,
} from "./transport.ts";

/** How a memory pair delivers bytes. */
export interface MemoryOptions {
  /**
   * Cut every written chunk into pieces of at most this many bytes (1 = byte by byte), or
   * `"random"` for random piece sizes from 1 byte up. @default undefined (chunks kept whole)
   */
  split?: number | "random";
}

class MemoryConn implements Conn {
  peer!: MemoryConn;
  #split: number | "random" | undefined;
  #closed = false;
  #inbox: Uint8Array[] = [];
  #onData: ((chunk: Uint8Array) => void) | undefined;
  #onClose: ((err?: TransportError) => void)[] = [];
  #closeErr: TransportError | undefined;
  #released = false;
  #onRelease: (() => void) | undefined;

  constructor(split: number | "random" | undefined, onRelease?: () => void) {
    this.#split = split;
    this.#onRelease = onRelease;
  }

  get closed(): boolean {
    return this.#closed;
  }

  write(data: Uint8Array): void {
    if (this.#closed) throw new TransportError("ECLOSED", "write on a closed connection");
    const peer = this.peer;
    // Copy: like a socket, the bytes on the far side do not alias the writer's buffer.
    const bytes = data.slice();
    const split = this.#split;
    if (split === undefined) {
      queueMicrotask(() => peer.#receive(bytes));
      return;
    }
    let off = 0;
    while (off < bytes.length) {
      const n = split === "random" ? 1 + Math.floor(Math.random() * Math.min(64, bytes.length - off)) : split;
      const piece = bytes.subarray(off, off + n);
      off += piece.length;
      queueMicrotask(() => peer.#receive(piece));
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#end(undefined);
    // The peer sees EOF after the bytes already in flight (microtasks run in order).
    const peer = this.peer;
    queueMicrotask(() => peer.#end(new TransportError("ECLOSED", "connection closed by peer")));
  }

  end(): void {
    this.close(); // Bytes already written are in flight as microtasks and arrive before the EOF.
  }

  onData(cb: (chunk: Uint8Array) => void): void {
    this.#onData = cb;
    const held = this.#inbox;
    this.#inbox = [];
    for (const chunk of held) if (!this.#closed) cb(chunk);
  }

  onClose(cb: (err?: TransportError) => void): void {
    if (this.#released) queueMicrotask(() => cb(this.#closeErr));
    else this.#onClose.push(cb);
  }

  #receive(chunk: Uint8Array): void {
    if (this.#closed) return;
    if (this.#onData === undefined) this.#inbox.push(chunk);
    else this.#onData(chunk);
  }

  #end(err: TransportError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeErr = err;
    this.#inbox = [];
    queueMicrotask(() => {
      this.#released = true;
      this.#onRelease?.();
      this.#fireClose();
    });
  }

  #fireClose(): void {
    const handlers = this.#onClose;
    this.#onClose = [];
    for (const cb of handlers) cb(this.#closeErr);
  }
}

/**
 * Two connected in-memory `Conn`s: what one writes, the other receives.
 * @example
 * ```ts
 * const [a, b] = memoryPair({ split: 1 });
 * b.onData((chunk) => console.log(chunk));
 * a.write(new Uint8Array([1, 2, 3]));
 * ```
 */
export function memoryPair(options: MemoryOptions = {}): [Conn, Conn] {
  const a = new MemoryConn(options.split);
  const b = new MemoryConn(options.split);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/**
 * An in-memory network: a `Connector` whose `listen` registers `host:port` and whose `connect`
 * pairs with the registered listener (`ECONNREFUSED` when there is none).
 * @example
 * ```ts
 * const net = new MemoryNetwork({ split: "random" });
 * const listener = await net.listen({ host: "127.0.0.1", port: 0, onConn: (c) => c.onData((d) => c.write(d)) });
 * const conn = await net.connect({ host: "127.0.0.1", port: listener.port, timeoutMs: 100 });
 * ```
 */
export class MemoryNetwork implements Connector {
  #options: MemoryOptions;
  #listeners = new Map<string, (client: MemoryConn) => void>();
  #blackholes = new Set<string>();
  #nextPort = 40000;

  /**
   * Creates an empty network.
   * @param options delivery options for every connection of this network
   */
  constructor(options: MemoryOptions = {}) {
    this.#options = options;
  }

  /**
   * Makes connects to `host:port` hang until their timeout (an unreachable node).
   * @param host address to blackhole
   * @param port port to blackhole
   */
  blackhole(host: string, port: number): void {
    this.#blackholes.add(`${host}:${port}`);
  }

  /** Connects to a registered listener. */
  connect(options: ConnectOptions): Promise<Conn> {
    const addr = `${options.host}:${options.port}`;
    if (this.#blackholes.has(addr)) {
      return new Promise((_, reject) =>
        setTimeout(
          () =>
            reject(
              new TransportError("ETIMEDOUT", `connect to ${addr} timed out after ${options.timeoutMs} ms`),
            ),
          options.timeoutMs,
        )
      );
    }
    const accept = this.#listeners.get(addr);
    if (accept === undefined) {
      return Promise.reject(new TransportError("ECONNREFUSED", `connect to ${addr} refused`));
    }
    const client = new MemoryConn(this.#options.split);
    accept(client);
    return Promise.resolve(client);
  }

  /** Registers a listener; port 0 picks an unused port. */
  listen(options: ListenOptions): Promise<Listener> {
    let port = options.port;
    if (port === 0) {
      while (this.#listeners.has(`${options.host}:${this.#nextPort}`)) this.#nextPort++;
      port = this.#nextPort++;
    }
    const addr = `${options.host}:${port}`;
    if (this.#listeners.has(addr)) {
      return Promise.reject(new TransportError("EADDRINUSE", `${addr} is already in use`));
    }
    const conns = new Set<MemoryConn>();
    const released = new Set<Promise<void>>();
    this.#listeners.set(addr, (client) => {
      let release!: () => void;
      const done = new Promise<void>((r) => release = r);
      released.add(done);
      const server: MemoryConn = new MemoryConn(this.#options.split, () => {
        conns.delete(server);
        released.delete(done);
        release();
      });
      client.peer = server;
      server.peer = client;
      conns.add(server);
      options.onConn(server);
    });
    const listeners = this.#listeners;
    return Promise.resolve({
      port,
      async close(): Promise<void> {
        listeners.delete(addr);
        for (const c of conns) c.close();
        await Promise.all(released);
      },
    });
  }
}
