/**
 * Node transport: `node:net` and `node:tls`. Also works under Deno and Bun, which provide both;
 * their own transports use it for TLS listeners (and Deno's for TLS connects).
 * @module
 */

import * as net from "node:net";
import process from "node:process";
import * as tls from "node:tls";
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

// Write ticks: `tick` changes once per event-loop tick in which something was written (from a
// nextTick, which runs after the tick's promise callbacks), so a conn can tell a second write in
// the same tick; the conns corked in this tick are uncorked together at its end.
let tick = 0;
let tickScheduled = false;
const corked: NodeConn[] = [];

function nextTick(): void {
  tick++;
  tickScheduled = false;
}

function uncorkAll(): void {
  const conns = corked.splice(0);
  for (const c of conns) c.uncork();
}

/** A `Conn` over a `net.Socket` (or `tls.TLSSocket`). */
class NodeConn implements Conn {
  #socket: net.Socket;
  #closed = false;
  #error: TransportError | undefined;
  #closers: CloseHandlers;
  // Blocked when `socket.write` returned false (Node's queue is over its mark), open on 'drain'.
  #drain = new DrainGate();
  // The tick of the last write, and whether the socket is corked until the end of this one.
  #tick = -1;
  #corked = false;

  constructor(socket: net.Socket, onRelease?: () => void) {
    this.#socket = socket;
    this.#closers = new CloseHandlers(onRelease);
    socket.on("drain", () => this.#drain.open());
    socket.on("error", (err: Error) => this.#shutdown(toTransportError(err, "ECONNRESET")));
    socket.on("end", () => this.#shutdown(new TransportError("ECLOSED", "connection closed by peer")));
    socket.on("close", () => {
      this.#shutdown(new TransportError("ECLOSED", "connection closed"));
      this.#drain.open();
      this.#closers.release(this.#error);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  write(data: Uint8Array): void {
    if (this.#closed) throw new TransportError("ECLOSED", "write on a closed connection");
    // A second write in the same tick (pipelined commands) corks the socket until the tick ends,
    // so the frames leave in one writev instead of one syscall each; a lone write goes at once.
    const socket = this.#socket;
    if (this.#tick === tick && !this.#corked) {
      this.#corked = true;
      socket.cork();
      corked.push(this);
      if (corked.length === 1) process.nextTick(uncorkAll);
    }
    this.#tick = tick;
    // net.Socket keeps its own ordered queue: no interleaving, partial writes handled by Node.
    if (!socket.write(data)) this.#drain.block();
    if (!tickScheduled) {
      tickScheduled = true;
      process.nextTick(nextTick);
    }
  }

  /** Ends the tick's cork (see `write`). */
  uncork(): void {
    this.#corked = false;
    if (!this.#closed) this.#socket.uncork();
  }

  get bufferedAmount(): number {
    return this.#closed ? 0 : this.#socket.writableLength;
  }

  whenDrained(): Promise<void> {
    return this.#drain.wait();
  }

  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    if (!this.#closed) this.#socket.resume();
  }

  close(): void {
    this.#shutdown(undefined);
  }

  end(): void {
    if (this.#closed) return;
    this.#closed = true;
    // 'finish' fires once Node has handed every written byte to the kernel.
    this.#socket.end(() => this.#socket.destroy());
  }

  onData(cb: (chunk: Uint8Array) => void): void {
    this.#socket.removeAllListeners("data");
    // A plain Uint8Array view over the Buffer's memory: no copy, and no Buffer leaks into our types.
    this.#socket.on("data", (b: Uint8Array) => {
      if (!this.#closed) cb(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    });
  }

  onClose(cb: (err?: TransportError) => void): void {
    this.#closers.add(cb);
  }

  #shutdown(err: TransportError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = err;
    this.#socket.destroy();
    this.#drain.open();
  }
}

function connect(options: ConnectOptions): Promise<Conn> {
  const { host, port, timeoutMs } = options;
  return new Promise<Conn>((resolve, reject) => {
    let socket: net.Socket;
    const t = options.tls;
    if (t === undefined) {
      socket = net.connect({ host, port, noDelay: true });
    } else {
      const serverName = t.serverName ?? (net.isIP(host) === 0 ? host : undefined);
      socket = tls.connect({
        host,
        port,
        servername: serverName,
        ca: t.caCerts,
        cert: t.certChain,
        key: t.privateKey,
        rejectUnauthorized: t.rejectUnauthorized ?? true,
      });
      socket.setNoDelay(true);
    }
    const settle = (err?: TransportError): void => {
      timer.cancel();
      socket.removeListener("error", onError);
      socket.removeListener(t === undefined ? "connect" : "secureConnect", onConnect);
      if (err === undefined) {
        resolve(new NodeConn(socket));
        return;
      }
      socket.destroy();
      reject(err);
    };
    const onError = (err: Error): void => settle(connectFailed(options, err));
    const onConnect = (): void => settle();
    const timer = new ConnectTimer(timeoutMs, () => settle(connectTimedOut(options)));
    socket.once("error", onError);
    socket.once(t === undefined ? "connect" : "secureConnect", onConnect);
  });
}

function listen(options: ListenOptions): Promise<Listener> {
  const accepted = new AcceptedConns<NodeConn>();
  const onSocket = (socket: net.Socket): void => {
    socket.setNoDelay(true);
    options.onConn(accepted.add((onRelease) => new NodeConn(socket, onRelease)));
  };
  const t = options.tls;
  let server: net.Server;
  if (t === undefined) server = net.createServer({ noDelay: true }, onSocket);
  else {
    // Called once the handshake succeeded; a failed one is destroyed by node:tls ('tlsClientError').
    server = tls.createServer({
      cert: t.cert,
      key: t.key,
      ca: t.ca,
      requestCert: t.requestClientCert === true,
      rejectUnauthorized: t.requestClientCert === true,
    }, onSocket);
    server.on("tlsClientError", () => {});
  }
  return new Promise<Listener>((resolve, reject) => {
    server.once("error", (err: Error) => reject(toTransportError(err)));
    server.listen(options.port, options.host, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        close(): Promise<void> {
          return new Promise<void>((done) => {
            // The server's callback fires once every accepted socket is gone.
            server.close(() => done());
            void accepted.closeAll();
          });
        },
      });
    });
  });
}

/**
 * The `node:net`/`node:tls` connector.
 * @example
 * ```ts
 * const conn = await nodeConnector.connect({ host: "127.0.0.1", port: 3000, timeoutMs: 1000 });
 * ```
 */
export const nodeConnector: Connector = { connect, listen };
