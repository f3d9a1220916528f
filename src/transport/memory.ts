/**
 * In-process transport for tests: a duplex pair of `Conn`s and a `MemoryNetwork` connector with a
 * listener registry. Chunks are delivered asynchronously (queueMicrotask), optionally cut into
 * small pieces to exercise frame reassembly.
 *
 * Flow control is modelled like a socket pair: between the two ends sits a bounded buffer (the
 * "kernel", {@linkcode MEMORY_PIPE_CAPACITY} bytes per direction). A write moves what fits into
 * it and keeps the rest in the writer's queue (`bufferedAmount`); the reader drains it as it
 * consumes, so a paused reader (or one without `onData`) backs the writer up.
 * @module
 */

import {
  type Conn,
  type ConnectOptions,
  type Connector,
  DrainGate,
  type Listener,
  type ListenOptions,
  TransportError,
} from "./transport.ts";
import { AcceptedConns, CloseHandlers, connectTimedOut } from "./shared.ts";

/** Bytes the in-between buffer of each direction holds (like a socket's kernel buffers). */
export const MEMORY_PIPE_CAPACITY = 64 * 1024;

/** How a memory pair delivers bytes. */
export interface MemoryOptions {
  /**
   * Cut every written chunk into pieces of at most this many bytes (1 = byte by byte), or
   * `"random"` for random piece sizes from 1 byte up. @default undefined (chunks kept whole)
   */
  split?: number | "random";
}

/** A FIFO of byte chunks with a byte count; O(1) at both ends even with many tiny chunks. */
class Chunks {
  #items: Uint8Array[] = [];
  #head = 0;
  /** Bytes held. */
  bytes = 0;

  get empty(): boolean {
    return this.#head === this.#items.length;
  }

  push(chunk: Uint8Array): void {
    this.#items.push(chunk);
    this.bytes += chunk.length;
  }

  /** Removes and returns up to `max` bytes from the front (part of the first chunk at most). */
  take(max: number): Uint8Array {
    const head = this.#items[this.#head];
    let out = head;
    if (head.length > max) {
      out = head.subarray(0, max);
      this.#items[this.#head] = head.subarray(max);
    } else if (++this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    this.bytes -= out.length;
    return out;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.bytes = 0;
  }
}

class MemoryConn implements Conn {
  peer!: MemoryConn;
  #split: number | "random" | undefined;
  // "ending": `end()` was called, the outbox drains into the peer's pipe before the close.
  #state: "open" | "ending" | "closed" = "open";
  // Write side: bytes written and not yet moved into the peer's pipe.
  #outbox = new Chunks();
  #drain = new DrainGate();
  // Read side: the pipe (bounded by MEMORY_PIPE_CAPACITY), then EOF once `#eof` is set.
  #pipe = new Chunks();
  #eof = false;
  #paused = false;
  #delivering = false;
  #onData: ((chunk: Uint8Array) => void) | undefined;
  #closers: CloseHandlers;

  constructor(split: number | "random" | undefined, onRelease?: () => void) {
    this.#split = split;
    this.#closers = new CloseHandlers(onRelease);
  }

  get closed(): boolean {
    return this.#state !== "open";
  }

  get bufferedAmount(): number {
    return this.#outbox.bytes;
  }

  write(data: Uint8Array): void {
    if (this.#state !== "open") throw new TransportError("ECLOSED", "write on a closed connection");
    // Copy: like a socket, the bytes on the far side do not alias the writer's buffer.
    const bytes = data.slice();
    if (bytes.length === 0) return;
    this.#outbox.push(bytes);
    this.#drain.update(this.#outbox.bytes);
    this.#pump();
  }

  whenDrained(): Promise<void> {
    return this.#drain.wait();
  }

  close(): void {
    if (this.#state === "closed") return;
    this.#end(undefined);
    this.peer.#hangUp(); // The peer sees EOF after the bytes already in its pipe.
  }

  end(): void {
    if (this.#state !== "open") return;
    if (this.#outbox.bytes === 0) return this.close();
    this.#state = "ending"; // `#pump` closes once the outbox is empty.
  }

  onData(cb: (chunk: Uint8Array) => void): void {
    this.#onData = cb;
    this.#scheduleDelivery();
  }

  onClose(cb: (err?: TransportError) => void): void {
    this.#closers.add(cb);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#scheduleDelivery();
  }

  /** Moves what fits from our outbox into the peer's pipe. */
  #pump(): void {
    const peer = this.peer;
    if (peer.#state === "closed") {
      // The peer is gone: nobody will ever read these bytes.
      this.#outbox.clear();
    }
    const moved = peer.#pipe.bytes < MEMORY_PIPE_CAPACITY && !this.#outbox.empty;
    while (!this.#outbox.empty && peer.#pipe.bytes < MEMORY_PIPE_CAPACITY) {
      peer.#pipe.push(this.#outbox.take(MEMORY_PIPE_CAPACITY - peer.#pipe.bytes));
    }
    if (moved) peer.#scheduleDelivery();
    this.#drain.update(this.#outbox.bytes);
    if (this.#state === "ending" && this.#outbox.empty) this.close();
  }

  #scheduleDelivery(): void {
    if (this.#delivering) return;
    this.#delivering = true;
    queueMicrotask(() => this.#deliver());
  }

  #deliver(): void {
    this.#delivering = false;
    // Only "open" reads: `end()` stops reading at once (its pipe waits for the close).
    const split = this.#split;
    while (this.#state === "open" && !this.#paused && this.#onData !== undefined && !this.#pipe.empty) {
      // The `split` option cuts here, on the way out of the pipe.
      const max = split === undefined
        ? Infinity
        : split === "random"
        ? 1 + Math.floor(Math.random() * 64)
        : split;
      this.#onData(this.#pipe.take(max));
    }
    if (this.#state !== "open" || this.#paused || this.#onData === undefined) return;
    if (this.#eof) this.#end(new TransportError("ECLOSED", "connection closed by peer"));
    else if (this.peer.#state !== "closed") this.peer.#pump(); // Room again: let the writer go on.
  }

  /** The peer closed: EOF once our pipe is consumed. */
  #hangUp(): void {
    this.#eof = true;
    if (this.#state === "ending") this.#pump(); // Our unsent bytes have nowhere to go: close.
    else this.#scheduleDelivery();
  }

  #end(err: TransportError | undefined): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#pipe.clear();
    this.#outbox.clear();
    this.#drain.open();
    queueMicrotask(() => this.#closers.release(err));
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
        setTimeout(() => reject(connectTimedOut(options)), options.timeoutMs)
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
    const accepted = new AcceptedConns<MemoryConn>();
    this.#listeners.set(addr, (client) => {
      const server = accepted.add((onRelease) => new MemoryConn(this.#options.split, onRelease));
      client.peer = server;
      server.peer = client;
      options.onConn(server);
    });
    const listeners = this.#listeners;
    return Promise.resolve({
      port,
      async close(): Promise<void> {
        listeners.delete(addr);
        await accepted.closeAll();
      },
    });
  }
}
