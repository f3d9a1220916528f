/**
 * Deno transport: `Deno.connect` (+ `Deno.startTls`) and `Deno.listen`. Safe to import on any
 * runtime: `Deno` is only touched when a function is called.
 * @module
 */

import {
  concatBytes,
  type Conn,
  type ConnectOptions,
  type Connector,
  type Listener,
  type ListenOptions,
  toTransportError,
  TransportError,
} from "./transport.ts";

/** Size of the reused read buffer; each chunk is copied out of it, so it can be generous. */
const READ_BUFFER_SIZE = 64 * 1024;

/** A `Conn` over a Deno TCP or TLS stream. */
class DenoConn implements Conn {
  #conn: Deno.Conn;
  // "ending": `end()` was called, the write queue drains before the resource is closed.
  #state: "open" | "ending" | "closed" = "open";
  #error: TransportError | undefined;
  #onData: ((chunk: Uint8Array) => void) | undefined;
  #onClose: ((err?: TransportError) => void)[] = [];
  #onRelease: (() => void) | undefined;
  #queue: Uint8Array[] = [];
  #writing: Promise<void> | undefined;
  #reading: Promise<void> | undefined;
  #released = false;

  constructor(conn: Deno.Conn, onRelease?: () => void) {
    this.#conn = conn;
    this.#onRelease = onRelease;
  }

  get closed(): boolean {
    return this.#state !== "open";
  }

  write(data: Uint8Array): void {
    if (this.#state !== "open") throw new TransportError("ECLOSED", "write on a closed connection");
    this.#queue.push(data);
    this.#writing ??= this.#flush();
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
    if (this.#released) queueMicrotask(() => cb(this.#error));
    else this.#onClose.push(cb);
  }

  async #readLoop(): Promise<void> {
    const buf = new Uint8Array(READ_BUFFER_SIZE);
    try {
      while (this.#state !== "closed") {
        const n = await this.#conn.read(buf);
        if (this.#isClosed()) return; // Closed while the read was pending.
        if (n === null) {
          this.#shutdown(new TransportError("ECLOSED", "connection closed by peer"));
          return;
        }
        // Copy out: the consumer owns the chunk, the buffer is reused for the next read.
        if (this.#state === "open") this.#onData!(buf.slice(0, n));
      }
    } catch (err) {
      if (this.#state !== "closed") this.#shutdown(toTransportError(err, "ECONNRESET"));
    }
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0 && this.#state !== "closed") {
        // Everything queued so far goes out as one buffer: fewer syscalls for pipelined frames.
        const data = concatBytes(this.#queue);
        this.#queue = [];
        let off = 0;
        while (off < data.length) off += await this.#conn.write(data.subarray(off));
      }
    } catch (err) {
      if (this.#state !== "closed") this.#shutdown(toTransportError(err, "EPIPE"));
    } finally {
      this.#writing = undefined;
      if (this.#state === "ending") this.#shutdown(undefined);
    }
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
    try {
      this.#conn.close();
    } catch {
      // Already closed by the runtime.
    }
    // Closing the resource makes the pending read/write ops settle; report once they have.
    const pending = [this.#reading, this.#writing].filter((p) => p !== undefined);
    Promise.all(pending).then(() => {
      this.#released = true;
      this.#onRelease?.();
      this.#fireClose();
    });
  }

  #fireClose(): void {
    const handlers = this.#onClose;
    this.#onClose = [];
    for (const cb of handlers) cb(this.#error);
  }
}

async function connect(options: ConnectOptions): Promise<Conn> {
  const { host, port, timeoutMs, tls } = options;
  const abort = new AbortController();
  let tlsConn: Deno.TlsConn | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
    try {
      tlsConn?.close();
    } catch {
      // The handshake failure already closed it.
    }
  }, timeoutMs);
  let tcp: Deno.TcpConn | undefined;
  try {
    tcp = await Deno.connect({ hostname: host, port, signal: abort.signal });
    tcp.setNoDelay(true);
    if (tls === undefined) return new DenoConn(tcp);
    if (tls.certChain !== undefined || tls.privateKey !== undefined) {
      throw new TransportError("ETLS", "client certificates are not supported by the Deno transport");
    }
    const serverName = tls.serverName ?? host;
    tlsConn = await Deno.startTls(tcp, { hostname: serverName, caCerts: tls.caCerts });
    // The handshake is lazy in Deno; run it now so the timeout covers it and errors surface here.
    await tlsConn.handshake();
    return new DenoConn(tlsConn);
  } catch (err) {
    try {
      (tlsConn ?? tcp)?.close();
    } catch {
      // Already closed.
    }
    if (timedOut) {
      throw new TransportError(
        "ETIMEDOUT",
        `connect to ${host}:${port} timed out after ${timeoutMs} ms`,
        err,
      );
    }
    const e = toTransportError(err, tlsConn === undefined ? "EIO" : "ETLS");
    throw new TransportError(e.code, `connect to ${host}:${port} failed: ${e.message}`, err);
  } finally {
    clearTimeout(timer);
  }
}

function listen(options: ListenOptions): Promise<Listener> {
  let listener: Deno.TcpListener;
  try {
    listener = Deno.listen({ hostname: options.host, port: options.port });
  } catch (err) {
    return Promise.reject(toTransportError(err));
  }
  const conns = new Set<DenoConn>();
  const released = new Set<Promise<void>>();
  let stopped = false;
  const accepting = (async () => {
    while (!stopped) {
      let c: Deno.TcpConn;
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
      let release!: () => void;
      const done = new Promise<void>((r) => release = r);
      released.add(done);
      const conn: DenoConn = new DenoConn(c, () => {
        conns.delete(conn);
        released.delete(done);
        release();
      });
      conns.add(conn);
      options.onConn(conn);
    }
  })();
  const port = (listener.addr as Deno.NetAddr).port;
  return Promise.resolve({
    port,
    async close(): Promise<void> {
      if (!stopped) {
        stopped = true;
        listener.close();
      }
      await accepting;
      for (const c of conns) c.close();
      await Promise.all(released);
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
