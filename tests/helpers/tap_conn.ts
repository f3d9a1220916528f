/**
 * A `Conn` that forwards everything to another one and lets a test look at the bytes on the way:
 * every frame written and every chunk received. For connectors that count or record traffic.
 */
import type { Conn } from "../../src/transport/transport.ts";

/** What a tap sees; both are called before the bytes move on. */
export interface Taps {
  /** Each `write(data)` of the client. */
  write?: (data: Uint8Array) => void;
  /** Each chunk received, before the client's own reader gets it. */
  data?: (chunk: Uint8Array) => void;
}

/** Wraps `conn` so that `taps` see its writes and received chunks. */
export function tapConn(conn: Conn, taps: Taps): Conn {
  const { write, data } = taps;
  return {
    write(d: Uint8Array): void {
      write?.(d);
      conn.write(d);
    },
    close: () => conn.close(),
    end: () => conn.end(),
    get closed(): boolean {
      return conn.closed;
    },
    onData: (cb) =>
      conn.onData((chunk) => {
        data?.(chunk);
        cb(chunk);
      }),
    onClose: (cb) => conn.onClose(cb),
    get bufferedAmount(): number {
      return conn.bufferedAmount;
    },
    whenDrained: () => conn.whenDrained(),
    pause: () => conn.pause(),
    resume: () => conn.resume(),
  };
}
