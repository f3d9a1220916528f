/**
 * One suite, two targets: a behaviour test registered with {@linkcode targetTest} gets its server
 * from a target, the in-process {@linkcode MockCluster} by default and the real cluster named by
 * `AEROSPIKE_HOSTS` when that is set, and the same assertions judge both.
 *
 * Under `AEROSPIKE_HOSTS` plain `test()` tests (mock-only and unit tests) are ignored (see
 * `tests/helpers/test.ts`) and target tests run with a `[real] ` prefix; `npx deno task test:real`
 * runs the whole tree that way. On the real target the set names come from `t.set()`, unique to
 * the run, and are truncated after the test so repeated runs do not fill the server.
 *
 * @example
 * ```ts
 * targetTest("put then get round-trips", async (t) => {
 *   const key = new Key(t.ns, t.set("kv"), "k");
 *   await t.client.put(key, { a: 1 });
 *   assert.equal((await t.client.get(key))?.bins.a, 1);
 * }, { nodes: 3 });
 * ```
 */
import { MockCluster, type MockClusterOptions } from "../../server_mock/mod.ts";
import { Client, type ClientOptions } from "../../mod.ts";
import { envVar, REAL_HOSTS, test } from "./test.ts";

/** Which server a target test runs against. */
export type TargetKind = "mock" | "real";

/** What a target test body gets. */
export interface Target {
  /** `"mock"` (in-process MockCluster) or `"real"` (`AEROSPIKE_HOSTS`). */
  readonly kind: TargetKind;
  /** A client connected to the target, closed after the test. */
  readonly client: Client;
  /** The namespace to write to (`AEROSPIKE_NAMESPACE` on the real target, else `test`). */
  readonly ns: string;
  /** The running mock on the mock target; `undefined` on the real one. */
  readonly mock: MockCluster | undefined;
  /** Number of nodes of the target cluster. */
  readonly nodes: number;
  /** Seeds of the target (`mock.seeds` or `AEROSPIKE_HOSTS`), for tests that connect a second client. */
  readonly seeds: string;
  /**
   * A set name for `prefix`: unique to this run on the real target (the same prefix gives the same
   * name within one test), `prefix` itself on the mock, whose store is fresh for every test.
   */
  set(prefix: string): string;
}

/** Options of one target test. */
export interface TargetTestOptions {
  /** Mock nodes to start (the real target is whatever cluster `AEROSPIKE_HOSTS` names). @default 1 */
  nodes?: number;
  /**
   * Run only on a cluster of at least this many nodes: ignored on a smaller real cluster; the mock
   * starts `max(nodes, minNodes)` nodes. @default 1
   */
  minNodes?: number;
  /** Client options other than `hosts`. @default {} */
  client?: Omit<ClientOptions, "hosts">;
  /**
   * Further mock options (namespaces, ...); `nodes` comes from above. With more than one node the
   * mock keeps two copies of `test`, as the shared real server does. @default {}
   */
  mock?: Omit<MockClusterOptions, "nodes">;
  /** Run on this target only; say why next to the test. @default both */
  only?: TargetKind;
  /** Skip the test on both targets. @default false */
  ignore?: boolean;
}

/** The target of this process: `"real"` when `AEROSPIKE_HOSTS` is set. */
export const TARGET: TargetKind = REAL_HOSTS === "" ? "mock" : "real";

/** Namespace the real target writes to. */
const REAL_NS: string = envVar("AEROSPIKE_NAMESPACE") ?? "test";

/** A run id that keeps this run's sets apart from earlier runs' on a long-lived server. */
const RUN_ID: string = (Date.now() % 1_000_000).toString(36);

/** Size of the real cluster, asked once when the module loads (0 on the mock target). */
const REAL_NODES: number = TARGET === "real" ? await realClusterSize() : 0;

/** Asks the real cluster how many nodes it has (`cluster_size` of `statistics`). */
async function realClusterSize(): Promise<number> {
  const client = await Client.connect({ hosts: REAL_HOSTS });
  try {
    const stats = await client.info("statistics");
    const size = Number(/(?:^|;)cluster_size=(\d+)/.exec(stats)?.[1]);
    return Number.isInteger(size) && size > 0 ? size : client.stats().nodes.length;
  } finally {
    await client.close();
  }
}

let testCounter = 0;

/**
 * Default budgets of target tests: 10 s instead of the client's 1 s, because the server (in-process
 * or a real one on the same machine) shares a loaded CPU with everything else; a test's own
 * `client.policies` win. Tests of timeouts set theirs explicitly.
 */
const PATIENT = { totalTimeout: 10_000 };

/** The test's client options over the patient defaults. */
function clientOptions(options: TargetTestOptions, hosts: string): ClientOptions {
  const own = options.client ?? {};
  const p = own.policies ?? {};
  const policies = {
    read: { ...PATIENT, ...p.read },
    write: { ...PATIENT, ...p.write },
    batch: { ...PATIENT, ...p.batch },
    // A node can answer a scan with PARTITION_UNAVAILABLE for a moment after the cluster changed
    // (seen once on a freshly started 3-node CE cluster): retry across a tend or two.
    query: { ...PATIENT, maxRetries: 10, sleepBetweenRetries: 300, ...p.query },
    info: { ...PATIENT, ...p.info },
  };
  return { ...own, policies, hosts };
}

/** Registers `fn` as a test that runs against the target of this process. */
export function targetTest(
  name: string,
  fn: (t: Target) => Promise<void> | void,
  options: TargetTestOptions = {},
): void {
  const minNodes = options.minNodes ?? 1;
  const wrongTarget = options.only !== undefined && options.only !== TARGET;
  const tooSmall = TARGET === "real" && REAL_NODES < minNodes;
  const ignore = (options.ignore ?? false) || wrongTarget || tooSmall;
  const id = ++testCounter;
  const body = TARGET === "real" ? () => runReal(fn, options, id) : () => runMock(fn, options, minNodes);
  test(TARGET === "real" ? `[real] ${name}` : name, body, { ignore, target: true });
}

async function runMock(
  fn: (t: Target) => Promise<void> | void,
  options: TargetTestOptions,
  minNodes: number,
): Promise<void> {
  const nodes = Math.max(options.nodes ?? 1, minNodes);
  const namespaces = nodes > 1 ? { test: { replicationFactor: 2 } } : undefined;
  const mock = await MockCluster.start({ namespaces, ...options.mock, nodes });
  try {
    const client = await Client.connect(clientOptions(options, mock.seeds));
    try {
      await fn({ kind: "mock", client, ns: "test", mock, nodes, seeds: mock.seeds, set: (p) => p });
    } finally {
      await client.close();
    }
  } finally {
    await mock.close();
  }
}

async function runReal(
  fn: (t: Target) => Promise<void> | void,
  options: TargetTestOptions,
  id: number,
): Promise<void> {
  const client = await Client.connect(clientOptions(options, REAL_HOSTS));
  const sets = new Set<string>();
  const set = (prefix: string): string => {
    const name = `${prefix}_${RUN_ID}_${id}`;
    if (name.length > 63) throw new RangeError(`set name ${name} is longer than 63 bytes`);
    sets.add(name);
    return name;
  };
  try {
    await fn({
      kind: "real",
      client,
      ns: REAL_NS,
      mock: undefined,
      nodes: REAL_NODES,
      seeds: REAL_HOSTS,
      set,
    });
  } finally {
    try {
      for (const s of sets) await client.truncate(REAL_NS, s).catch(() => {});
    } finally {
      await client.close();
    }
  }
}
