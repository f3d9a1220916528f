/**
 * A bare request/reply connection for tests of the mock: sends whole frames, collects whole
 * reply frames (header included) with the real transport and frame reader.
 */
import { FrameReader } from "../../src/wire/frame_reader.ts";
import { defaultConnector } from "../../src/transport/auto.ts";
import type { Conn } from "../../src/transport/transport.ts";
import { frame } from "../../src/wire/proto.ts";

/** One connection that answers `request(frame)` with the next whole reply frame. */
export class RawConn {
  #conn: Conn;
  #frames: Uint8Array[] = [];
  #waiters: ((f: Uint8Array | null) => void)[] = [];
  #closed = false;
  /** Raw bytes received, for fault tests that look below the framing. */
  received: Uint8Array[] = [];
  /** Resolves when the peer (or we) closed the connection. */
  readonly closedPromise: Promise<void>;

  private constructor(conn: Conn) {
    this.#conn = conn;
    const reader = new FrameReader((type, body) => this.#deliver(frame(type, body.slice())));
    let done!: () => void;
    this.closedPromise = new Promise((r) => (done = r));
    conn.onClose(() => {
      this.#closed = true;
      for (const w of this.#waiters.splice(0)) w(null);
      done();
    });
    conn.onData((chunk) => {
      this.received.push(chunk.slice());
      try {
        reader.push(chunk);
      } catch {
        // Garbage: the test inspects `received`.
      }
    });
  }

  /** Connects to 127.0.0.1:port. */
  static async open(port: number): Promise<RawConn> {
    const conn = await defaultConnector().connect({ host: "127.0.0.1", port, timeoutMs: 2000 });
    return new RawConn(conn);
  }

  #deliver(f: Uint8Array): void {
    const w = this.#waiters.shift();
    if (w) w(f);
    else this.#frames.push(f);
  }

  /** Sends raw bytes. */
  send(bytes: Uint8Array): void {
    this.#conn.write(bytes);
  }

  /** The next whole frame, or null when the connection closed first. */
  next(): Promise<Uint8Array | null> {
    const f = this.#frames.shift();
    if (f) return Promise.resolve(f);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((r) => this.#waiters.push(r));
  }

  /** Sends a frame and waits for the reply frame. */
  async request(bytes: Uint8Array): Promise<Uint8Array | null> {
    this.send(bytes);
    return await this.next();
  }

  /** Whether the connection is closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Closes and waits until the socket is released. */
  async close(): Promise<void> {
    this.#conn.close();
    await this.closedPromise;
  }
}
