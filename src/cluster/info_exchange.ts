/**
 * Info requests outside the command path: one request/reply exchange on a connection, and the
 * deadlines of a tend cycle's (or `connect()`'s) exchanges, all on one timer.
 * @module
 */
import { AerospikeError, ConnectionError, ProtocolError, ServerError, TimeoutError } from "../errors.ts";
import type { Connection } from "../net/connection.ts";
import { GRACE_MS, LATE_MS } from "../transport/connect_timer.ts";
import { decodeInfoResponse, encodeInfoRequest } from "../wire/info.ts";
import { PROTO_TYPE_INFO, WireFormatError } from "../wire/proto.ts";
import { ResultCode } from "../wire/result_code.ts";

/**
 * The deadlines of a tend cycle's (or `connect()`'s) info exchanges on ONE timer: each guarded
 * exchange gets `budgetMs` from its start, the timer fires at the earliest deadline, fails what
 * overran and re-arms for the next. So a stalled node costs its own budget but never eats the
 * budget of the requests that follow it in the cycle. Always `clear()` it afterwards.
 */
export class InfoDeadline {
  #budget: number;
  #hardStop: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;
  #entries = new Map<Connection<unknown>, number>();
  #expired = false;
  #graced = 0; // ms of grace given so far

  /**
   * Creates the deadline set; no timer runs until the first `guard()`.
   * @param budgetMs time allowed for each exchange (and each connect)
   * @param totalMs optional cap on everything from now on (connect() uses it for the seeds)
   */
  constructor(budgetMs: number, totalMs?: number) {
    this.#budget = budgetMs;
    this.#hardStop = totalMs === undefined ? Infinity : Date.now() + totalMs;
  }

  /** Budget for an exchange or connect starting now (at least 1 ms). */
  get remaining(): number {
    return Math.max(1, Math.min(this.#budget, this.#hardStop - Date.now()));
  }

  /** Whether the hard stop passed or `expire()` was called. */
  get expired(): boolean {
    return this.#expired || Date.now() >= this.#hardStop;
  }

  /** Runs `fn` (an exchange on `conn`); `conn` is failed with a `TimeoutError` if it overruns. */
  async guard<T>(conn: Connection<unknown>, fn: () => Promise<T>): Promise<T> {
    if (this.expired) throw new TimeoutError(`info deadline passed`);
    this.#entries.set(conn, Date.now() + this.remaining);
    this.#arm();
    try {
      return await fn();
    } finally {
      this.#entries.delete(conn);
    }
  }

  /** Expires now: fails every exchange still waiting (used by `close()`). */
  expire(): void {
    this.#expired = true;
    this.#stopTimer();
    for (const c of this.#entries.keys()) c.fail(new TimeoutError(`info request cancelled: cluster closing`));
    this.#entries.clear();
  }

  /** Stops the timer. */
  clear(): void {
    this.#stopTimer();
    this.#entries.clear();
  }

  #arm(): void {
    let earliest = Infinity;
    for (const at of this.#entries.values()) earliest = Math.min(earliest, at);
    if (earliest === Infinity || earliest >= this.#timerAt) return;
    this.#stopTimer();
    this.#timerAt = earliest;
    this.#timer = setTimeout(() => this.#sweep(), Math.max(0, earliest - Date.now()));
  }

  #sweep(): void {
    const due = this.#timerAt;
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = Date.now();
    if (now - due > LATE_MS && this.#graced < this.#budget) {
      // The timer fired late: the event loop was blocked (a burst of commands issued at once) or
      // starved, so a reply may be waiting unread. Give I/O a short grace before failing anything,
      // again while graces fire late too, at most one budget in all (then exchanges fail anyway).
      this.#graced += GRACE_MS;
      this.#timerAt = now + GRACE_MS;
      this.#timer = setTimeout(() => this.#sweep(), GRACE_MS);
      return;
    }
    for (const [conn, at] of this.#entries) {
      if (at > now) continue;
      this.#entries.delete(conn);
      conn.fail(new TimeoutError(`info request got no answer within ${this.#budget} ms`));
    }
    this.#arm();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }
}

/** Sends one info request on `conn` and decodes the reply; errors become `AerospikeError`s. */
export async function infoExchange(
  conn: Connection<unknown>,
  commands: readonly string[],
  node?: string,
): Promise<Map<string, string>> {
  try {
    const reply = await conn.request(encodeInfoRequest(commands));
    if (reply.type !== PROTO_TYPE_INFO) throw new ProtocolError(`info reply has proto type ${reply.type}`);
    const out = decodeInfoResponse(reply.body);
    // A secured node answers an unauthenticated connection with this one line.
    if (out.has("ERROR:80:not authenticated")) {
      throw new ServerError(
        ResultCode.NOT_AUTHENTICATED,
        "the node requires authentication (user and password)",
      );
    }
    return out;
  } catch (err) {
    if (err instanceof AerospikeError) throw err.annotate({ node });
    if (err instanceof WireFormatError) throw new ProtocolError(err.message, { node, cause: err });
    throw new ConnectionError(`info request failed: ${err instanceof Error ? err.message : String(err)}`, {
      node,
      cause: err,
    });
  }
}
