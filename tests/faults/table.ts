/**
 * The rows of the fault matrix: each fault, how it is injected on the mock, and what a read, a
 * write and a scan must do under it. The driver is `matrix.ts`.
 */
import type { CommandKind, FaultRule } from "../../server_mock/faults.ts";
import type { MockNode } from "../../server_mock/node.ts";
import { ResultCode } from "../../mod.ts";
import type { ClusterFixture } from "../helpers/cluster.ts";
import assert from "node:assert/strict";

/** What a cell expects. */
export type Outcome =
  | { ok: true }
  | { code: number; inDoubt: boolean; applied?: boolean }
  /** Either outcome is right: success, or this code with inDoubt set (a race the client cannot see). */
  | { okOr: number };

/** What a fault's hooks get. */
export interface FaultContext extends ClusterFixture {
  /** The node the fault is set on. */
  target: MockNode;
  /** The kind of command the fault targets. */
  kind: Exclude<CommandKind, "any">;
}

/** One fault of the matrix. */
export interface Fault {
  /** Words that complete "get() with ...". */
  label: string;
  /** The rule set on the target node (only the first matching command is hit unless `persistent`). */
  rule?: FaultRule;
  /** The rule hits every matching command until the cell clears it. @default false */
  persistent?: boolean;
  /** Runs before the command (after the family's setup). */
  before?: (ctx: FaultContext) => Promise<void>;
  /** Runs while the command is in flight. */
  during?: (ctx: FaultContext) => Promise<void>;
  /** Expected outcome of a read. */
  read: Outcome;
  /** Expected outcome of a write. */
  write: Outcome;
  /** Expected outcome of a scan, when it differs from `read` (a scan has no replica to turn to). */
  scan?: Outcome;
}

/** Timing of the faulted command: short, so the matrix stays fast. */
export const CELL_POLICY = { socketTimeout: 250, totalTimeout: 700, maxRetries: 2 } as const;
/** Queries get more rounds: a killed node must first leave the partition map. */
export const QUERY_POLICY = {
  socketTimeout: 250,
  totalTimeout: 2000,
  maxRetries: 10,
  sleepBetweenRetries: 30,
} as const;
/** Timing of everything else (setup, checks, follow-ups): generous, so a loaded machine cannot fail a cell. */
export const CALM_POLICY = { socketTimeout: 3000, totalTimeout: 5000, maxRetries: 2 } as const;
/** Margin over totalTimeout after which a command counts as hung. */
export const HANG_MARGIN_MS = 1500;

const lost = ResultCode.CONNECTION_ERROR;
const parse = ResultCode.PARSE_ERROR;

/** Polls `cond` every 5 ms; fails the test after `ms`. */
export async function until(what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The fault table (rows of the matrix). */
export const FAULTS: readonly Fault[] = [
  {
    label: "the node killed mid-command",
    rule: { kill: true },
    read: { ok: true },
    write: { code: lost, inDoubt: true, applied: false },
  },
  {
    label: "a connection reset before the request is read",
    rule: { resetBeforeRead: true },
    read: { ok: true },
    write: { code: lost, inDoubt: true, applied: false },
  },
  {
    label: "a connection reset after the request is read",
    rule: { resetAfterRead: true },
    read: { ok: true },
    write: { code: lost, inDoubt: true, applied: true },
  },
  {
    label: "a connection reset mid-reply",
    rule: { dropAfterBytes: 12 },
    read: { ok: true },
    write: { code: lost, inDoubt: true, applied: true },
  },
  {
    label: "a stalled node",
    rule: { stall: true },
    read: { ok: true },
    write: { code: ResultCode.TIMEOUT, inDoubt: true, applied: false },
  },
  {
    label: "a reply later than socketTimeout",
    rule: { delayMs: 2 * CELL_POLICY.socketTimeout },
    read: { ok: true },
    // The server's own TIMEOUT (transaction-ttl) or the client's: in doubt either way, and the
    // connection was closed before the delayed write could run.
    write: { code: ResultCode.TIMEOUT, inDoubt: true, applied: false },
  },
  {
    label: "a node stalling on every command",
    rule: { stall: true },
    persistent: true,
    read: { ok: true },
    write: { code: ResultCode.TIMEOUT, inDoubt: true, applied: false },
    scan: { code: ResultCode.TIMEOUT, inDoubt: false },
  },
  {
    label: "a node answering garbage to every command",
    rule: { garbageReply: true },
    persistent: true,
    read: { ok: true },
    write: { code: parse, inDoubt: true, applied: true },
    scan: { code: parse, inDoubt: false },
  },
  {
    label: "a connection reset mid-stream, after some records",
    rule: { dropAfterBytes: 300 },
    read: { ok: true },
    write: { ok: true }, // single and batch replies are shorter: they arrive whole
  },
  {
    label: "an extra frame after the reply",
    rule: { duplicateReply: true },
    read: { ok: true },
    write: { ok: true },
  },
  {
    label: "a slow node",
    rule: { delayMs: 15 },
    read: { ok: true },
    write: { ok: true },
  },
  {
    label: "a rebalance during the command",
    rule: { delayMs: 60 },
    during: async ({ mock, target, kind }) => {
      const seen = target.stats().commands[kind];
      await until("the command to reach the node", () => target.stats().commands[kind] > seen);
      mock.rebalance();
    },
    read: { ok: true },
    write: { ok: true },
  },
  {
    label: "a retryable error code (KEY_BUSY)",
    rule: { resultCode: ResultCode.KEY_BUSY },
    read: { ok: true },
    write: { ok: true },
  },
  {
    label: "a final error code (SERVER_ERROR)",
    rule: { resultCode: ResultCode.SERVER_ERROR },
    read: { code: ResultCode.SERVER_ERROR, inDoubt: false },
    write: { code: ResultCode.SERVER_ERROR, inDoubt: false, applied: false },
  },
  {
    label: "a truncated frame",
    rule: { truncateReply: true },
    read: { ok: true },
    write: { code: parse, inDoubt: true, applied: true },
  },
  {
    label: "a garbage frame",
    rule: { garbageReply: true },
    read: { ok: true },
    write: { code: parse, inDoubt: true, applied: true },
  },
  {
    label: "a frame declaring a huge length",
    rule: { hugeLength: true },
    read: { ok: true },
    write: { code: parse, inDoubt: true, applied: true },
  },
  {
    label: "idle pooled sockets closed by the server",
    before: async ({ mock, client }) => {
      for (const n of mock.nodes) n.closeIdleConnections();
      // The tender reaps pooled connections the server closed; wait until the client saw them go.
      await until("the client to drop the closed sockets", () => client.stats().connections.open === 0);
    },
    read: { ok: true },
    write: { ok: true },
  },
  {
    label: "idle pooled sockets closed by the server just before the command",
    before: ({ mock }) => {
      for (const n of mock.nodes) n.closeIdleConnections();
      return Promise.resolve();
    },
    read: { ok: true },
    // The close may still be in flight when a pooled socket is picked: the write then went out
    // on a dead socket, and the client cannot tell whether it arrived.
    write: { okOr: lost },
  },
];
