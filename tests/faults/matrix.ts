/**
 * The fault matrix: one table of faults, one driver that runs a command family against a mock
 * cluster with one fault set, and checks the outcome and the aftermath. Each `*_faults_test.ts`
 * crosses its command families with {@linkcode FAULTS}, one named `test()` per cell.
 *
 * Setup of every cell: two mock nodes keeping two copies of namespace `test` (so a read can retry
 * on the replica), a client with short timeouts and a 50 ms tend interval. The fault is set on the
 * node that masters the command's key (for scans: the first node) and hits the first matching
 * command only, so a retry meets a healthy node. Checked in every cell:
 * - the outcome: success, or the expected code with `inDoubt` (and for writes, whether it ran);
 * - the command settles within totalTimeout plus a generous margin (a cleared timer race);
 * - the same command then succeeds, and no request ever arrives on a connection a fault broke
 *   (the mock's `reusedAfterFault` counter);
 * - afterwards no command is in flight or queued and every pooled connection is idle; the
 *   sanitizers of `test()` see no leaked socket or timer.
 */
import assert from "node:assert/strict";
import type { CommandKind, FaultRule } from "../../server_mock/faults.ts";
import type { MockNode } from "../../server_mock/node.ts";
import { AerospikeError, type BasePolicy, type Client, ResultCode } from "../../mod.ts";
import { resultCodeName } from "../../src/wire/result_code.ts";
import { type ClusterFixture, withCluster } from "../helpers/cluster.ts";
import { test } from "../helpers/test.ts";

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
const CALM_POLICY = { socketTimeout: 3000, totalTimeout: 5000, maxRetries: 2 } as const;
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

/** One command family: a column of the matrix. */
export interface Family<S> {
  /** How the command reads in a test name, e.g. "put()". */
  name: string;
  /** The command kind the mock sees. */
  kind: Exclude<CommandKind, "any">;
  /** Whether it writes (picks the fault's write outcome). */
  write: boolean;
  /** Stores records and picks the node to fault; runs the command once so the pool is warm. */
  setup(fx: ClusterFixture): Promise<{ state: S; target: MockNode }>;
  /**
   * Runs the command and checks a successful result; rejects with an `AerospikeError` on failure.
   * `policy` is the faulted command's timing (undefined: the client's calm defaults).
   */
  run(client: Client, state: S, policy?: BasePolicy): Promise<void>;
  /** Whether the write took effect (writes only; called with no fault set). */
  applied?(client: Client, state: S): Promise<boolean>;
  /** Puts the records back as `setup` left them (writes only), before the command runs again. */
  reset?(client: Client, state: S): Promise<void>;
}

function describe(o: Outcome): string {
  if ("ok" in o) return "succeeds";
  if ("okOr" in o) return `succeeds or fails in doubt with ${resultCodeName(o.okOr)}`;
  return `fails with ${resultCodeName(o.code)}${o.inDoubt ? ", in doubt" : ", not in doubt"}`;
}

function expectation(family: Family<unknown>, fault: Fault): Outcome {
  if (family.write) return fault.write;
  return family.kind === "scan" ? fault.scan ?? fault.read : fault.read;
}

/** Races `p` against a timer (cleared afterwards) of `ms`. */
async function bounded<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the command hung for more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

// Until the client knows every running node (a killed one was restarted) and both ends agree on
// the open connections: per node, the client's pooled ones plus its tend connection. A socket the
// server closed after a complete reply may otherwise still sit in the pool when the next command
// runs (a race no client can see; the idle-socket cells cover it on purpose).
async function settle(fx: ClusterFixture): Promise<void> {
  const pooled = (): Map<string, number> =>
    new Map(fx.client.stats().nodes.map((n) => [n.name, n.connections.open]));
  await until("the client and the mock to agree on nodes and connections", () => {
    const open = pooled();
    return fx.mock.liveNodes().every((n) => open.get(n.name) === n.stats().connections.open - 1);
  });
}

function checkOutcome(family: string, expected: Outcome, error: unknown): void {
  if ("ok" in expected) {
    assert.equal(error, undefined, `${family} should succeed: ${error}`);
    return;
  }
  if ("okOr" in expected) {
    if (error === undefined) return;
    assert.ok(error instanceof AerospikeError, `not an AerospikeError: ${error}`);
    assert.equal(error.code, expected.okOr, error.message);
    assert.equal(error.inDoubt, true, error.message);
    return;
  }
  assert.ok(error !== undefined, `${family} should fail with code ${expected.code}`);
  assert.ok(error instanceof AerospikeError, `not an AerospikeError: ${error}`);
  assert.equal(error.code, expected.code, error.message);
  assert.equal(error.inDoubt, expected.inDoubt, `inDoubt: ${error.message}`);
}

async function runCell<S>(family: Family<S>, fault: Fault, fx: ClusterFixture): Promise<void> {
  const { client, mock } = fx;
  const { state, target } = await family.setup(fx);
  const ctx: FaultContext = { ...fx, target, kind: family.kind };
  await fault.before?.(ctx);
  if (fault.rule !== undefined) {
    target.faults({ ...fault.rule, on: family.kind, nth: fault.persistent ? undefined : 1 });
  }
  const policy = family.kind === "scan" ? QUERY_POLICY : CELL_POLICY;
  const [result] = await Promise.all([
    bounded(
      family.run(client, state, policy).then(() => undefined, (e: unknown) => e),
      policy.totalTimeout + HANG_MARGIN_MS,
    ),
    fault.during?.(ctx),
  ]);
  const expected = expectation(family as Family<unknown>, fault);
  checkOutcome(family.name, expected, result);
  for (const n of mock.nodes) n.clearFaults();
  if (!target.running) await target.restart();
  await settle(fx);
  if (family.applied !== undefined && "applied" in expected && expected.applied !== undefined) {
    assert.equal(await family.applied(client, state), expected.applied, "whether the write ran");
  }
  // The same command again: must succeed, and must not land on a connection the fault broke.
  await family.reset?.(client, state);
  await settle(fx);
  for (let i = 0; i < 3; i++) {
    await bounded(family.run(client, state), CALM_POLICY.totalTimeout + HANG_MARGIN_MS);
  }
  await settle(fx);
  for (const n of mock.nodes) {
    assert.equal(n.stats().connections.reusedAfterFault, 0, "a broken connection was reused");
  }
  const stats = client.stats();
  assert.equal(stats.inFlight, 0, "commands in flight");
  assert.equal(stats.queued, 0, "commands queued");
  for (const n of stats.nodes) {
    assert.equal(n.connections.open, n.connections.idle, `${n.name}: busy sockets`);
  }
}

/** Registers one test per fault for `family`. */
export function matrix<S>(family: Family<S>): void {
  for (const fault of FAULTS) {
    const expected = expectation(family as Family<unknown>, fault);
    test(`${family.name} with ${fault.label} ${describe(expected)}`, async () => {
      await withCluster({
        nodes: 2,
        namespaces: { test: { replicationFactor: 2 } },
        client: {
          tendInterval: 50,
          policies: { read: CALM_POLICY, write: CALM_POLICY, batch: CALM_POLICY, query: CALM_POLICY },
        },
      }, (fx) => runCell(family, fault, fx));
    });
  }
}
