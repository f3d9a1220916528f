/**
 * The native socket of each runtime, reduced to what the raw floor needs: write a frame, hand every
 * received chunk to the lane, report a failure. No queueing beyond a partial write's remainder.
 * @module
 */
import * as net from "node:net";

/** A connected socket. */
export interface RawSocket {
  /** Writes the whole frame (a partial write's remainder goes out when the socket drains). */
  write(frame: Uint8Array): void;
  /** Closes the socket. */
  close(): void;
}

/** The receiving side of a raw socket. */
export interface RawSink {
  /** Called with each chunk, which is only valid during the call. */
  feed(chunk: Uint8Array): void;
  /** Called once when the socket fails or closes. */
  fail(e: Error): void;
}

interface DenoConn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  setNoDelay(noDelay?: boolean): void;
  close(): void;
}
interface BunSocket {
  write(data: Uint8Array): number;
  end(): void;
  setNoDelay?(noDelay: boolean): boolean;
}
interface BunHandlers {
  data(s: BunSocket, d: Uint8Array): void;
  drain(s: BunSocket): void;
  close(s: BunSocket): void;
  error(s: BunSocket, e: Error): void;
}
type G = {
  Deno?: { connect(o: { hostname: string; port: number }): Promise<DenoConn> };
  Bun?: { connect(o: { hostname: string; port: number; socket: BunHandlers }): Promise<BunSocket> };
};

/** Connects with `Deno.connect`, `Bun.connect` or `node:net`, whichever runtime this is. */
export function rawConnect(host: string, port: number, sink: RawSink): Promise<RawSocket> {
  const g = globalThis as G;
  if (g.Bun) return bunConnect(g.Bun, host, port, sink);
  if (g.Deno) return denoConnect(g.Deno, host, port, sink);
  return nodeConnect(host, port, sink);
}

async function denoConnect(
  deno: NonNullable<G["Deno"]>,
  host: string,
  port: number,
  sink: RawSink,
): Promise<RawSocket> {
  const conn = await deno.connect({ hostname: host, port });
  conn.setNoDelay(true);
  let closed = false;
  const closedError = (): Error => new Error("connection closed");
  (async () => {
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      sink.feed(buf.subarray(0, n));
    }
  })().catch(() => {}).finally(() => {
    if (!closed) sink.fail(closedError());
  });
  const write = (frame: Uint8Array): void => {
    conn.write(frame).then((n) => {
      if (n < frame.length) write(frame.subarray(n));
    }, (e: Error) => sink.fail(e));
  };
  return {
    write,
    close: () => {
      closed = true;
      conn.close();
    },
  };
}

async function bunConnect(
  bun: NonNullable<G["Bun"]>,
  host: string,
  port: number,
  sink: RawSink,
): Promise<RawSocket> {
  let rest: Uint8Array | undefined;
  let closed = false;
  const socket = await bun.connect({
    hostname: host,
    port,
    socket: {
      data: (_s, d) => sink.feed(d),
      drain: (s) => {
        if (rest === undefined) return;
        const n = s.write(rest);
        rest = n < rest.length ? rest.subarray(Math.max(0, n)) : undefined;
      },
      close: () => {
        if (!closed) sink.fail(new Error("connection closed"));
      },
      error: (_s, e) => sink.fail(e),
    },
  });
  socket.setNoDelay?.(true);
  return {
    write: (frame) => {
      const n = socket.write(frame);
      if (n < frame.length) rest = frame.subarray(Math.max(0, n));
    },
    close: () => {
      closed = true;
      socket.end();
    },
  };
}

function nodeConnect(host: string, port: number, sink: RawSink): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = net.connect({ host, port, noDelay: true }, () => {
      socket.off("error", reject);
      socket.on("error", (e) => sink.fail(e));
      socket.on("close", () => {
        if (!closed) sink.fail(new Error("connection closed"));
      });
      resolve({
        write: (frame) => void socket.write(frame),
        close: () => {
          closed = true;
          socket.destroy();
        },
      });
    });
    socket.on("error", reject);
    socket.on("data", (chunk: Uint8Array) => sink.feed(chunk));
  });
}
