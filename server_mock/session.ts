/**
 * One client connection of a mock node: frames are read off the connection and served one at a
 * time, in order, as a real node does (a delayed or streaming reply holds back the requests behind
 * it), with the node's faults applied to each command.
 *
 * The plain path (no fault set on the node) is kept short: a request that arrives while nothing is
 * in progress is served at once, and the replies to every request that arrived in one chunk
 * (a pipelining client sends several) leave in one write.
 * @module
 */
import { FrameReader } from "../src/wire/frame_reader.ts";
import type { Conn } from "../src/transport/transport.ts";
import { concatBytes } from "../src/transport/transport.ts";
import { ResultCode } from "../src/wire/result_code.ts";
import {
  type CommandKind,
  type FaultAction,
  GARBAGE_REPLY,
  HUGE_LENGTH_HEADER,
  lastFrameStart,
  NO_FAULT,
  truncatedFrame,
} from "./faults.ts";
import { type NodeHandlerContext, prepare, type Prepared } from "./handlers/dispatch.ts";
import type { ReplySink } from "./handlers/query.ts";
import type { ConnAuthState } from "./security.ts";

/** What a session needs from its node. */
export interface SessionHost {
  /** The node's handler context. */
  readonly context: NodeHandlerContext;
  /**
   * The fault for the next command of `kind` (counted against the node's rules), or undefined
   * when the node has no faults set.
   */
  pickFault(kind: CommandKind): FaultAction | undefined;
  /** Counts a command received. */
  counted(kind: Exclude<CommandKind, "any">): void;
  /** Counts a request that arrived after a fault left the connection's stream broken. */
  reusedAfterFault(): void;
  /** Stops the whole node (the `kill` fault). */
  kill(): void;
  /** Called once when the session ends, before its connection is closed. */
  ended(session: Session): void;
}

/** A transport connection that can tell when its write queue has drained (optional). */
interface DrainableConn {
  whenDrained?: () => Promise<void>;
}

/** One connection of a node. Created by the node for each accepted connection. */
export class Session {
  /** The connection. */
  readonly conn: Conn;
  /** Who logged in on this connection (security on). */
  readonly auth: ConnAuthState = {};
  #host: SessionHost;
  #reader: FrameReader;
  #queue: { type: number; body: Uint8Array }[] = [];
  #busy = false;
  #ended = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Resolves a streaming reply's pending wait (drain or throttle) early, when the session ends. */
  #wake: (() => void) | undefined;
  /** A fault broke this connection's stream; later requests on it are counted. */
  #broken = false;
  /** Replies held back while a chunk is being served (undefined: not corked), written at its end. */
  #out: Uint8Array[] | undefined;

  /**
   * Starts serving `conn`.
   * @param conn the accepted connection
   * @param host the node
   */
  constructor(conn: Conn, host: SessionHost) {
    this.conn = conn;
    this.#host = host;
    this.#reader = new FrameReader((type, body) => this.#arrived(type, body));
    conn.onClose(() => this.drop());
    conn.onData((chunk) => {
      this.#out = [];
      try {
        this.#reader.push(chunk);
      } catch {
        this.drop(); // not the protocol: a real node closes the socket
        return;
      }
      this.#uncork();
    });
  }

  /** True while no request is queued, in progress or partly received. */
  get idle(): boolean {
    return !this.#busy && this.#queue.length === 0 && this.#reader.idle;
  }

  /** Ends the session: writes what is held back, cancels waits, closes the connection. */
  drop(): void {
    if (this.#ended) return;
    this.#uncork();
    this.#ended = true;
    this.#host.ended(this);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
    this.#busy = true;
    this.#queue.length = 0;
    this.conn.close();
  }

  #arrived(type: number, body: Uint8Array): void {
    if (this.#broken) this.#host.reusedAfterFault();
    if (this.#busy || this.#queue.length > 0) this.#queue.push({ type, body });
    else this.#serve(type, body);
  }

  /** Serves queued requests until one leaves the session busy. */
  #pump(): void {
    while (!this.#busy && this.#queue.length > 0) {
      const { type, body } = this.#queue.shift()!;
      this.#serve(type, body);
    }
  }

  #serve(type: number, body: Uint8Array): void {
    const host = this.#host;
    const p = prepare(host.context, type, body, this.auth);
    if (p === null) {
      this.drop();
      return;
    }
    host.counted(p.kind === "any" ? "read" : p.kind);
    const action = host.pickFault(p.kind);
    if (action === undefined) {
      // No faults on this node.
      if (p.stream === undefined) this.#write(p.run());
      else this.#await(p.stream(this.#sink(NO_FAULT)));
      return;
    }
    if (action.kill) {
      host.kill(); // drops this session with the others
      return;
    }
    if (action.resetBeforeRead) {
      this.drop();
      return;
    }
    if (action.stall) {
      this.#busy = true; // held until the connection closes
      this.#broken = true;
      return;
    }
    if (action.delayMs > 0) {
      this.#busy = true;
      // The server gives up on a command older than its transaction-ttl and answers TIMEOUT.
      const late = p.timeoutMs > 0 && action.delayMs > p.timeoutMs;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        let pending: Promise<void> | undefined;
        if (late) this.#send(p.fail(ResultCode.TIMEOUT), action);
        else pending = this.#respond(p, action);
        this.#resume(pending);
      }, late ? p.timeoutMs : action.delayMs);
      return;
    }
    const pending = this.#respond(p, action);
    if (pending !== undefined) this.#await(pending);
  }

  /** Holds the session until a streaming reply is done. */
  #await(pending: Promise<void>): void {
    this.#busy = true;
    this.#resume(pending);
  }

  /** Serves the session's next request once the current (maybe streaming) reply is done. */
  #resume(pending: Promise<void> | undefined): void {
    const next = (): void => {
      if (this.#ended) return;
      this.#busy = false;
      if (this.#queue.length === 0) return;
      this.#out = [];
      try {
        this.#pump();
      } finally {
        this.#uncork();
      }
    };
    if (pending === undefined) next();
    else pending.then(next, () => this.drop());
  }

  #respond(p: Prepared, action: FaultAction): Promise<void> | undefined {
    if (p.stream !== undefined && action.resultCode === undefined) {
      if (!action.duplicateReply) return p.stream(this.#sink(action));
      const once = { ...action, duplicateReply: false };
      let last: Uint8Array | undefined;
      return p.stream(this.#sink(once, (f) => last = f)).then(() => {
        if (last === undefined || this.#ended) return;
        this.#broken = true;
        this.#send(last, once); // the last frame once more
      });
    }
    this.#send(action.resultCode !== undefined ? p.fail(action.resultCode) : p.run(), action);
    return undefined;
  }

  /** Waits `ms` on the session's timer; resolves early when the session ends. */
  #wait(ms: number): Promise<void> {
    if (this.#ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#wake = undefined;
        resolve();
      }, ms);
    });
  }

  /** A streaming reply's way out: frames go to the connection, with the session's faults applied. */
  #sink(action: FaultAction, onFrame?: (frame: Uint8Array) => void): ReplySink {
    let stopped = false;
    let sent = 0;
    const isClosed = (): boolean => stopped || this.conn.closed || this.#ended;
    const write = (frame: Uint8Array): void => {
      if (isClosed()) return;
      if (action.garbageReply || action.truncateReply || action.hugeLength || action.resetAfterRead) {
        stopped = true; // one broken frame, then nothing: the client must give up on it
        this.#send(frame, action);
        return;
      }
      if (action.dropAfterBytes !== undefined && sent + frame.length >= action.dropAfterBytes) {
        stopped = true;
        this.#send(frame, { ...action, dropAfterBytes: action.dropAfterBytes - sent });
        return;
      }
      sent += frame.length;
      this.#send(frame, action);
      onFrame?.(frame);
    };
    const drain = (): Promise<void> => {
      // Push-back: wait for the transport's queue when it can tell, else let it flush a turn.
      this.#uncork();
      const conn = this.conn as DrainableConn;
      if (conn.whenDrained !== undefined) return conn.whenDrained();
      return this.#wait(0);
    };
    return {
      get closed(): boolean {
        return isClosed();
      },
      write,
      drain,
      sleep: (ms: number): Promise<void> => this.#wait(ms),
    };
  }

  /** Writes a reply as it is (held back while corked). */
  #write(reply: Uint8Array): void {
    if (this.#out !== undefined) {
      this.#out.push(reply);
      return;
    }
    if (this.conn.closed) return;
    try {
      this.conn.write(reply);
    } catch {
      this.drop();
    }
  }

  /** Writes what was held back, in one piece. */
  #uncork(): void {
    const out = this.#out;
    if (out === undefined) return;
    this.#out = undefined;
    if (out.length === 0 || this.conn.closed) return;
    try {
      this.conn.write(out.length === 1 ? out[0] : concatBytes(out));
    } catch {
      this.drop();
    }
  }

  /** Writes a reply with a fault applied (after anything held back). */
  #send(reply: Uint8Array, action: FaultAction): void {
    const plain = action.dropAfterBytes === undefined && !action.resetAfterRead && !action.garbageReply &&
      !action.truncateReply && !action.hugeLength && !action.duplicateReply;
    if (plain) return this.#write(reply);
    this.#uncork();
    const conn = this.conn;
    if (conn.closed) return;
    if (action.resetAfterRead) {
      this.drop(); // the command ran; its reply is never sent
      return;
    }
    if (action.garbageReply || action.truncateReply || action.hugeLength) this.#broken = true;
    try {
      if (action.garbageReply) conn.write(GARBAGE_REPLY.slice());
      else if (action.hugeLength) conn.write(HUGE_LENGTH_HEADER.slice());
      else if (action.truncateReply) conn.write(truncatedFrame(reply));
      else if (action.dropAfterBytes !== undefined) {
        conn.write(reply.slice(0, action.dropAfterBytes));
        this.drop();
      } else {
        // duplicateReply
        conn.write(reply);
        this.#broken = true;
        conn.write(reply.slice(lastFrameStart(reply)));
      }
    } catch {
      this.drop();
    }
  }
}
