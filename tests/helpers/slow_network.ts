/**
 * A connector whose sockets hold received bytes back on the client's side of the socket, so that
 * a reply arrives late on the mock and on a real server alike (a server-side delay would not do:
 * both answer TIMEOUT at the transaction ttl the client sends).
 */
import type { Conn, ConnectOptions, Connector, Listener, ListenOptions } from "../../mod.ts";
import { defaultConnector } from "../../src/transport/auto.ts";

/** A connector whose sockets deliver received bytes `delayMs` late while `armed`. */
export class SlowNetwork implements Connector {
  armed = false;
  #inner = defaultConnector();
  #chains: Promise<void>[] = [];
  constructor(readonly delayMs: number) {}

  async connect(options: ConnectOptions): Promise<Conn> {
    const conn = await this.#inner.connect(options);
    let chain = Promise.resolve();
    return {
      write: (d) => conn.write(d),
      close: () => conn.close(),
      end: () => conn.end(),
      get closed(): boolean {
        return conn.closed;
      },
      onData: (cb) =>
        conn.onData((chunk) => {
          const copy = chunk.slice();
          const wait = this.armed ? new Promise<void>((r) => setTimeout(r, this.delayMs)) : undefined;
          chain = chain.then(() => wait).then(() => cb(copy));
          this.#chains.push(chain);
        }),
      onClose: (cb) => conn.onClose((err) => void chain.then(() => cb(err))),
      get bufferedAmount(): number {
        return conn.bufferedAmount;
      },
      whenDrained: () => conn.whenDrained(),
      pause: () => conn.pause(),
      resume: () => conn.resume(),
    };
  }

  /** Resolves once every held-back chunk was delivered (no timer left behind). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#chains);
  }

  listen(options: ListenOptions): Promise<Listener> {
    return this.#inner.listen(options);
  }
}
