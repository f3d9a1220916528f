/**
 * The fault matrix: one table of faults, one driver that runs a command family against a mock
 * cluster with one fault set, and checks the outcome and the aftermath. Each `*_faults_test.ts`
 * crosses its command families with {@linkcode FAULTS}, one named `test()` per cell.
 *
 * Setup of every cell: two mock nodes keeping two copies of namespace `test` (so a read can retry
 * on the replica), a client with a 50 ms tend interval; the faulted command runs on short
 * timeouts, everything else on calm ones. The fault is set on the node that masters the command's
 * key (for scans: the first node) and hits the first matching command only, so a retry meets a
 * healthy node. A `Variant` runs the cell as a burst of copies (e.g. on pipelined connections).
 * Checked in every cell:
 * - the outcome: success, or the expected code with `inDoubt` (and for writes, whether it ran);
 * - the command settles within totalTimeout plus a generous margin (a cleared timer race);
 * - the same command then succeeds, and no request ever arrives on a connection a fault broke
 *   (the mock's `reusedAfterFault` counter);
 * - afterwards no command is in flight or queued and every pooled connection is idle; the
 *   sanitizers of `test()` see no leaked socket or timer.
 */
import assert from "node:assert/strict";
import type { CommandKind } from "../../server_mock/faults.ts";
import type { MockNode } from "../../server_mock/node.ts";
import { AerospikeError, type BasePolicy, type Client, type ClientOptions, ResultCode } from "../../mod.ts";
import { resultCodeName } from "../../src/wire/result_code.ts";
import { type ClusterFixture, withCluster } from "../helpers/cluster.ts";
import { test } from "../helpers/test.ts";
import {
  CALM_POLICY,
  CELL_POLICY,
  type Fault,
  type FaultContext,
  FAULTS,
  HANG_MARGIN_MS,
  type Outcome,
  QUERY_POLICY,
  until,
} from "./table.ts";

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

/** A way to run every cell of a family: alone (the default) or as a burst on a differently configured client. */
export interface Variant {
  /** Words that go into the test name after the family, e.g. "×16 pipelined". */
  label: string;
  /** Copies of the command run at once (the fault hits the first to arrive). */
  concurrency: number;
  /** Client options on top of the matrix's. */
  client?: Omit<ClientOptions, "hosts">;
}

const ALONE: Variant = { label: "", concurrency: 1 };

// A burst: the faulted copy fails as a lone command would; copies sharing its (pipelined)
// connection may fail with it, as a lost connection, in doubt; every other copy succeeds.
// A server closing a connection after a full reply (mid-stream reset, extra frame) takes the
// other writes pipelined on it down with it: in doubt, as a lost connection.
function checkBurst(family: string, write: boolean, expected: Outcome, results: unknown[]): void {
  if (!("code" in expected)) {
    for (const r of results) {
      if (write && r instanceof AerospikeError && r.code === ResultCode.CONNECTION_ERROR) {
        assert.equal(r.inDoubt, true, r.message);
      } else checkOutcome(family, expected, r);
    }
    return;
  }
  const failed = results.filter((r) => r !== undefined);
  assert.ok(failed.length > 0, `one copy of ${family} should fail with code ${expected.code}`);
  for (const e of failed) {
    assert.ok(e instanceof AerospikeError, `not an AerospikeError: ${e}`);
    if (e.code === expected.code) assert.equal(e.inDoubt, expected.inDoubt, e.message);
    else {
      assert.equal(e.code, ResultCode.CONNECTION_ERROR, e.message);
      assert.equal(e.inDoubt, write, e.message);
    }
  }
}

async function runCell<S>(
  family: Family<S>,
  fault: Fault,
  fx: ClusterFixture,
  variant: Variant,
): Promise<void> {
  const { client, mock } = fx;
  const { state, target } = await family.setup(fx);
  const ctx: FaultContext = { ...fx, target, kind: family.kind };
  await fault.before?.(ctx);
  if (fault.rule !== undefined) {
    target.faults({ ...fault.rule, on: family.kind, nth: fault.persistent ? undefined : 1 });
  }
  const policy = family.kind === "scan" ? QUERY_POLICY : CELL_POLICY;
  const copies = Array.from({ length: variant.concurrency }, () =>
    bounded(
      family.run(client, state, policy).then(() => undefined, (e: unknown) => e),
      policy.totalTimeout + HANG_MARGIN_MS,
    ));
  const [results] = await Promise.all([Promise.all(copies), fault.during?.(ctx)]);
  const expected = expectation(family as Family<unknown>, fault);
  if (variant.concurrency === 1) checkOutcome(family.name, expected, results[0]);
  else checkBurst(family.name, family.write, expected, results);
  for (const n of mock.nodes) n.clearFaults();
  if (!target.running) await target.restart();
  await settle(fx);
  const alone = variant.concurrency === 1;
  if (alone && family.applied !== undefined && "applied" in expected && expected.applied !== undefined) {
    assert.equal(await family.applied(client, state), expected.applied, "whether the write ran");
  }
  // The same command again: must succeed, and must not land on a connection the fault broke.
  await family.reset?.(client, state);
  await settle(fx);
  // Pipelined copies were on their way before the broken reply could be seen: count from here.
  if (!alone) { for (const n of mock.nodes) n.resetStats(); }
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

/** Registers one test per fault for `family` (run as `variant`, by default alone). */
export function matrix<S>(family: Family<S>, variant: Variant = ALONE): void {
  for (const fault of FAULTS) {
    const expected = expectation(family as Family<unknown>, fault);
    const name = variant.label === "" ? family.name : `${family.name} ${variant.label}`;
    const outcome = variant.concurrency === 1
      ? describe(expected)
      : `${describe(expected)} (the faulted copy)`;
    test(`${name} with ${fault.label} ${outcome}`, async () => {
      await withCluster({
        nodes: 2,
        namespaces: { test: { replicationFactor: 2 } },
        client: {
          tendInterval: 50,
          policies: { read: CALM_POLICY, write: CALM_POLICY, batch: CALM_POLICY, query: CALM_POLICY },
          ...variant.client,
        },
      }, (fx) => runCell(family, fault, fx, variant));
    });
  }
}
