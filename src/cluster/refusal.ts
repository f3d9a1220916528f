/**
 * Telling a node whose process is gone from one that is merely slow. A connect that the peer
 * refuses (ECONNREFUSED), or resets before it completes, means nothing listens at the node's
 * address: the server stopped or crashed. A connect or a request that times out says nothing of
 * the kind (a busy or paused node, a full accept queue), so it never counts here.
 * @module
 */
import { AerospikeError } from "../errors.ts";
import { TransportError } from "../transport/transport.ts";

/**
 * Whether `err`, the failure of a connect, says nothing listens at the address: a
 * `TransportError` ECONNREFUSED or ECONNRESET, found as `err` itself or as the `cause` of the
 * `AerospikeError` wrapping it (at most three levels deep).
 * @example
 * ```ts
 * import { TransportError } from "../transport/transport.ts";
 * refusedConnect(new TransportError("ECONNREFUSED", "connection refused")); // true
 * refusedConnect(new TransportError("ETIMEDOUT", "connect timed out")); // false
 * ```
 */
export function refusedConnect(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e !== undefined; depth++) {
    if (e instanceof TransportError) return e.code === "ECONNREFUSED" || e.code === "ECONNRESET";
    e = e instanceof AerospikeError ? e.cause : undefined;
  }
  return false;
}
