/**
 * Fault injection for one mock node: rules that match a command kind (and optionally its nth
 * occurrence) and change how the node answers it. The node asks {@linkcode FaultPlan.pick} for
 * every command and acts on the {@linkcode FaultAction} it gets back.
 * @module
 */

/** The kinds of command a fault can target; "any" matches them all. */
export type CommandKind = "read" | "write" | "info" | "batch" | "scan" | "admin" | "any";

/** One fault rule. Only the first matching rule applies to a command. */
export interface FaultRule {
  /** Which commands the rule targets. @default "any" */
  on?: CommandKind;
  /** Apply only to the nth matching command (1-based), counted from when the rule was set. @default every one */
  nth?: number;
  /** Answer after this many ms (or as many as the function returns for the nth matching command). @default 0 */
  delayMs?: number | ((kind: CommandKind, n: number) => number);
  /** Accept the request and never answer; the connection stays open until the peer closes it. @default false */
  stall?: boolean;
  /** Send only the first N bytes of the reply, then close the connection. @default off */
  dropAfterBytes?: number;
  /** Send a well-framed reply whose message is cut short (a protocol error for the client). @default false */
  truncateReply?: boolean;
  /** Send bytes that are not a proto frame at all instead of the reply. @default false */
  garbageReply?: boolean;
  /** Do not run the command; answer this result code instead. @default off */
  resultCode?: number;
  /** Close the connection as the request arrives, without running the command. @default false */
  resetBeforeRead?: boolean;
  /** Run the command (a write is applied), then close the connection without answering. @default false */
  resetAfterRead?: boolean;
  /**
   * Answer with a proto header that declares a body of 2^48-1 bytes and send nothing more: a
   * client must refuse it before allocating. @default false
   */
  hugeLength?: boolean;
  /** Stop the whole node (listener and every connection) as the request arrives, before it runs. @default false */
  kill?: boolean;
  /**
   * Send the reply, then its last frame once more: a frame nobody asked for, which must not be
   * read as the answer to the connection's next request. @default false
   */
  duplicateReply?: boolean;
}

/** Node-wide faults plus per-command rules. */
export interface FaultOptions extends FaultRule {
  /** Accept new connections and close them at once. @default false */
  refuseConnections?: boolean;
  /** More rules, tried after the top-level one. @default none */
  rules?: FaultRule[];
}

/** What to do with one command. */
export interface FaultAction {
  /** Delay before answering, ms. */
  delayMs: number;
  /** Never answer. */
  stall: boolean;
  /** Cut the reply after this many bytes and close (undefined: send it all). */
  dropAfterBytes?: number;
  /** Send a truncated message in a consistent frame. */
  truncateReply: boolean;
  /** Send garbage instead of the reply. */
  garbageReply: boolean;
  /** Answer this code without running the command. */
  resultCode?: number;
  /** Close without running the command. */
  resetBeforeRead: boolean;
  /** Run the command, then close without answering. */
  resetAfterRead: boolean;
  /** Send a header declaring a huge body instead of the reply. */
  hugeLength: boolean;
  /** Stop the node instead of running the command. */
  kill: boolean;
  /** Send the reply's last frame twice. */
  duplicateReply: boolean;
}

/** What a fault-free command gets: the reply as it is. */
export const NO_FAULT: FaultAction = Object.freeze({
  delayMs: 0,
  stall: false,
  truncateReply: false,
  garbageReply: false,
  resetBeforeRead: false,
  resetAfterRead: false,
  hugeLength: false,
  kill: false,
  duplicateReply: false,
});

function hasCommandEffect(r: FaultRule): boolean {
  return r.delayMs !== undefined || r.stall === true || r.dropAfterBytes !== undefined ||
    r.truncateReply === true || r.garbageReply === true || r.resultCode !== undefined ||
    r.resetBeforeRead === true || r.resetAfterRead === true || r.hugeLength === true || r.kill === true ||
    r.duplicateReply === true;
}

/**
 * The faults set on one node and the counters of their matches.
 * @example
 * ```ts
 * const plan = new FaultPlan();
 * plan.set({ on: "write", nth: 3, resultCode: 14 });
 * plan.pick("write"); // no fault for the first and second write
 * ```
 */
export class FaultPlan {
  #rules: { rule: FaultRule; seen: number }[] = [];
  #refuse = false;

  /** Replaces every fault with the given ones. */
  set(options: FaultOptions): void {
    const { refuseConnections, rules, ...top } = options;
    this.#refuse = refuseConnections === true;
    this.#rules = [];
    if (hasCommandEffect(top)) this.#rules.push({ rule: top, seen: 0 });
    for (const r of rules ?? []) this.#rules.push({ rule: r, seen: 0 });
  }

  /** Removes every fault. */
  clear(): void {
    this.#rules = [];
    this.#refuse = false;
  }

  /** Whether new connections are to be closed at once. */
  get refuseConnections(): boolean {
    return this.#refuse;
  }

  /** The action for the next command of `kind` (counts it against every rule that targets it). */
  pick(kind: CommandKind): FaultAction {
    let chosen: FaultAction | undefined;
    for (const entry of this.#rules) {
      const on = entry.rule.on ?? "any";
      if (on !== "any" && on !== kind) continue;
      entry.seen++;
      if (chosen !== undefined) continue;
      const r = entry.rule;
      if (r.nth !== undefined && r.nth !== entry.seen) continue;
      const delay = typeof r.delayMs === "function" ? r.delayMs(kind, entry.seen) : r.delayMs ?? 0;
      chosen = {
        delayMs: Math.max(0, delay),
        stall: r.stall === true,
        truncateReply: r.truncateReply === true,
        garbageReply: r.garbageReply === true,
        resetBeforeRead: r.resetBeforeRead === true,
        resetAfterRead: r.resetAfterRead === true,
        hugeLength: r.hugeLength === true,
        kill: r.kill === true,
        duplicateReply: r.duplicateReply === true,
      };
      if (r.dropAfterBytes !== undefined) chosen.dropAfterBytes = Math.max(0, r.dropAfterBytes);
      if (r.resultCode !== undefined) chosen.resultCode = r.resultCode;
    }
    return chosen ?? NO_FAULT;
  }
}

/** Bytes that no proto parser accepts: a wrong version byte and an unknown type. */
export const GARBAGE_REPLY: Uint8Array = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x00, 0x10]);

/**
 * A proto header (version 2, type 3) declaring the largest body the 48-bit size field can hold,
 * 2^48-1 bytes: far above any client's frame cap.
 */
export const HUGE_LENGTH_HEADER: Uint8Array = new Uint8Array([2, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/**
 * A reply frame cut short inside: the proto header is rewritten to the shorter length, so the
 * frame itself is well formed but the message in it is truncated.
 */
export function truncatedFrame(reply: Uint8Array): Uint8Array {
  const keep = Math.max(8, Math.min(reply.length - 1, 8 + Math.floor((reply.length - 8) / 2)));
  const out = reply.slice(0, keep);
  const size = keep - 8;
  out[2] = 0;
  out[3] = 0;
  new DataView(out.buffer).setUint32(4, size);
  return out;
}

/** Offset of the last proto frame in `bytes`, a run of whole frames (0 for a single frame). */
export function lastFrameStart(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (;;) {
    if (at + 8 > bytes.length) return 0;
    const next = at + 8 + view.getUint16(at + 2) * 2 ** 32 + view.getUint32(at + 4);
    if (next >= bytes.length) return at;
    at = next;
  }
}
