/**
 * `timeoutDelay`, as in the official clients: when a single-record command times out on the
 * client, its connection is not closed at once. The late reply is read (and thrown away) for up
 * to `timeoutDelay` ms, and the connection then goes back to the pool; only when nothing comes
 * in that time is it closed. That spares a reconnect (and a login, with security) per timeout,
 * which matters when a burst of timeouts would otherwise churn every connection of a node.
 * @module
 */
import type { Connection } from "../net/connection.ts";

/**
 * Whether a timed-out attempt's connection can be drained instead of closed: a positive delay,
 * a connection not shared by pipelined commands, and a one-frame reply (batches and queries
 * stream several frames and are closed as before).
 * @param delayMs the policy's `timeoutDelay`
 * @param depth commands sharing the connection (1: exclusive)
 * @param multiFrame whether the reply may span several frames
 * @example
 * ```ts
 * drainable(500, 1, false); // true
 * ```
 */
export function drainable(delayMs: number | undefined, depth: number, multiFrame: boolean): number {
  return delayMs !== undefined && delayMs > 0 && depth === 1 && !multiFrame ? delayMs : 0;
}

/**
 * Reads the one reply still owed on `conn` by a command that timed out, for up to `delayMs`.
 * Resolves true when it came (the connection is clean again and may be pooled), false when it
 * did not or the connection broke (the connection is then closed). Never rejects.
 * @param conn the timed-out command's connection, its reply not yet read
 * @param delayMs how long to wait for the late reply
 * @example
 * ```ts
 * import type { Connection } from "../net/connection.ts";
 * declare const conn: Connection, release: (conn: Connection, reusable: boolean) => void;
 * drainLate(conn, 1000).then((clean) => release(conn, clean));
 * ```
 */
export function drainLate(conn: Connection<unknown>, delayMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      conn.close();
      resolve(false);
    }, delayMs);
    conn.readFrame().then(
      () => {
        clearTimeout(timer);
        resolve(!conn.closed);
      },
      () => {
        clearTimeout(timer);
        conn.close();
        resolve(false);
      },
    );
  });
}
