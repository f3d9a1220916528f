/**
 * A TCP proxy in front of a mock node that can corrupt the node's replies: info frames (tending)
 * pass untouched; the next record reply after `corruptNext()` is replaced by what the test's
 * `corrupt` callback returns (mutated bytes, nothing at all, or a cut followed by a close). It
 * numbers every request frame and remembers which client connection carried it, so a test can
 * tell whether a connection was used again after a corrupted reply.
 * @module
 */
import { FrameReader } from "../../src/wire/frame_reader.ts";
import { defaultConnector } from "../../src/transport/auto.ts";
import type { Conn, Listener } from "../../src/transport/transport.ts";
import { frame, PROTO_MAX_BODY, PROTO_TYPE_INFO } from "../../src/wire/proto.ts";

/** What to send instead of a reply: bytes, then optionally close the client connection. */
export interface Corruption {
  /** Bytes written in place of the reply (empty: nothing, the reply is swallowed). */
  bytes: Uint8Array;
  /** Close the client connection after writing. */
  close: boolean;
}

/** One request frame seen by the proxy. */
export interface SeenRequest {
  /** Sequence number over all connections. */
  seq: number;
  /** Client connection number. */
  conn: number;
  /** Proto type. */
  type: number;
}

/**
 * The proxy.
 * @example
 * ```ts
 * const proxy = await CorruptingProxy.start(mock.nodes[0].port, (f) => ({ bytes: f.subarray(0, 5), close: false }));
 * ```
 */
export class CorruptingProxy {
  /** Every request frame, in arrival order. */
  readonly requests: SeenRequest[] = [];
  #listener!: Listener;
  #armed = false;
  #corrupt: (reply: Uint8Array) => Corruption;
  #conns = new Set<Conn>();
  #nextConn = 0;

  private constructor(corrupt: (reply: Uint8Array) => Corruption) {
    this.#corrupt = corrupt;
  }

  /** Starts listening on 127.0.0.1, port 0, in front of `upstreamPort`. */
  static async start(
    upstreamPort: number,
    corrupt: (reply: Uint8Array) => Corruption,
  ): Promise<CorruptingProxy> {
    const p = new CorruptingProxy(corrupt);
    p.#listener = await defaultConnector().listen({
      host: "127.0.0.1",
      port: 0,
      onConn: (c) => p.#accept(c, upstreamPort),
    });
    return p;
  }

  /** The proxy's port. */
  get port(): number {
    return this.#listener.port;
  }

  /** Corrupts the next record reply (type 3 or 4) on any connection. */
  corruptNext(): void {
    this.#armed = true;
  }

  /** The last request frame of type 3/4 seen (the one a just-finished command sent). */
  lastRecordRequest(): SeenRequest | undefined {
    for (let i = this.requests.length - 1; i >= 0; i--) {
      if (this.requests[i].type !== PROTO_TYPE_INFO) return this.requests[i];
    }
    return undefined;
  }

  #accept(client: Conn, upstreamPort: number): void {
    const id = this.#nextConn++;
    this.#conns.add(client);
    const pending: Uint8Array[] = [];
    let upstream: Conn | undefined;
    const fromClient = new FrameReader((type) => {
      this.requests.push({ seq: this.requests.length, conn: id, type });
    }, PROTO_MAX_BODY);
    const fromServer = new FrameReader((type, body) => {
      if (client.closed) return;
      const whole = frame(type, body);
      if (type === PROTO_TYPE_INFO || !this.#armed) return client.write(whole);
      this.#armed = false;
      const c = this.#corrupt(whole);
      if (c.bytes.length > 0) client.write(c.bytes);
      if (c.close) client.close();
    }, PROTO_MAX_BODY);
    client.onClose(() => {
      this.#conns.delete(client);
      upstream?.close();
    });
    client.onData((chunk) => {
      try {
        fromClient.push(chunk);
      } catch {
        // the proxy only counts requests; the node judges them
      }
      if (upstream === undefined) pending.push(chunk);
      else if (!upstream.closed) upstream.write(chunk);
    });
    defaultConnector().connect({ host: "127.0.0.1", port: upstreamPort, timeoutMs: 2000 }).then((u) => {
      if (client.closed) return u.close();
      upstream = u;
      this.#conns.add(u);
      u.onClose(() => {
        this.#conns.delete(u);
        client.close();
      });
      u.onData((chunk) => fromServer.push(chunk));
      for (const c of pending.splice(0)) u.write(c);
    }, () => client.close());
  }

  /** Closes the listener and every connection. */
  async close(): Promise<void> {
    for (const c of this.#conns) c.close();
    await this.#listener.close();
  }
}
