/**
 * Outside judge of the mock: the official `aerospike` npm client (C client underneath) against a
 * standalone mock started as a child process through the CLI (3 nodes), and, with
 * `AEROSPIKE_HOSTS`, also against that real cluster (the mock then gets as many nodes): every check
 * must pass on each, and what each check observed (values, codes) must be equal on both. Run with
 * `node --import tsx tests/cross/run.ts`; exits non-zero when a check fails or the two differ.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import process from "node:process";

// deno-lint-ignore no-explicit-any
type Any = any;
const require = createRequire(import.meta.url);
const Aerospike: Any = require("aerospike");

interface Check {
  name: string;
  /** Runs the check; what it returns is compared between the mock and the real server. */
  fn?: (client: Any) => Promise<unknown>;
}

const NS = process.env.AEROSPIKE_NAMESPACE ?? "test";
/** Set names of one run: a run-unique suffix on a real server, whose records outlive the run. */
const names = { set: "cross", scanSet: "cross-scan", index: "idx_cross_n", nodes: 3 };
const key = (k: string | number): Any => new Aerospike.Key(NS, names.set, k);

async function code(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    return (e as { code: number }).code;
  }
}

const checks: Check[] = [
  {
    name: "the client connects and sees every node",
    fn: (c) => {
      assert.equal(c.getNodes().length, names.nodes);
      return Promise.resolve(c.getNodes().length);
    },
  },
  {
    name: "put/get round-trips every scalar type, lists and maps",
    fn: async (c) => {
      const bins = {
        i: 42,
        neg: -7,
        big: 2n ** 62n,
        d: new Aerospike.Double(3.25),
        s: "héllo",
        b: Buffer.from([1, 255, 0]),
        l: [1, "a", [2.5, true]],
        m: { x: 1, y: ["z"] },
      };
      await c.put(key("scalars"), bins);
      const rec = await c.get(key("scalars"));
      assert.equal(rec.bins.i, 42);
      assert.equal(rec.bins.neg, -7);
      assert.equal(BigInt(rec.bins.big), 2n ** 62n);
      assert.equal(rec.bins.d, 3.25);
      assert.equal(rec.bins.s, "héllo");
      assert.deepEqual([...rec.bins.b], [1, 255, 0]);
      assert.deepEqual(rec.bins.l, [1, "a", [2.5, true]]);
      assert.deepEqual(rec.bins.m, { x: 1, y: ["z"] });
      assert.equal(rec.gen, 1);
      return { bins: { ...rec.bins, big: String(rec.bins.big), b: [...rec.bins.b] }, gen: rec.gen };
    },
  },
  {
    name: "select returns only the asked bins",
    fn: async (c) => {
      const rec = await c.select(key("scalars"), ["i", "s"]);
      assert.deepEqual(Object.keys(rec.bins).sort(), ["i", "s"]);
      return rec.bins;
    },
  },
  {
    name: "exists, remove and a missing get behave like a server",
    fn: async (c) => {
      assert.equal(await c.exists(key("scalars")), true);
      assert.equal(await c.exists(key("nope")), false);
      assert.equal(await code(c.get(key("nope"))), Aerospike.status.ERR_RECORD_NOT_FOUND);
      await c.put(key("gone"), { v: 1 });
      await c.remove(key("gone"));
      assert.equal(await c.exists(key("gone")), false);
      assert.equal(await code(c.remove(key("gone"))), Aerospike.status.ERR_RECORD_NOT_FOUND);
      return await code(c.get(key("gone")));
    },
  },
  {
    name: "touch bumps the generation and sets the ttl",
    fn: async (c) => {
      await c.put(key("touch"), { v: 1 });
      await c.operate(key("touch"), [Aerospike.operations.touch(500)]);
      const rec = await c.get(key("touch"));
      assert.equal(rec.gen, 2);
      assert.ok(rec.ttl > 490 && rec.ttl <= 500, `ttl ${rec.ttl}`);
      return { gen: rec.gen, bins: rec.bins };
    },
  },
  {
    name: "operate with add, append and read returns the new values",
    fn: async (c) => {
      await c.put(key("op"), { n: 1, s: "ab" });
      const ops = Aerospike.operations;
      const rec = await c.operate(key("op"), [
        ops.add("n", 8),
        ops.read("n"),
        ops.append("s", "!"),
        ops.read("s"),
      ]);
      assert.equal(rec.bins.n, 9);
      assert.equal(rec.bins.s, "ab!");
      const refused = await code(c.operate(key("op"), [ops.add("s", 1)]));
      assert.equal(refused, Aerospike.status.ERR_BIN_INCOMPATIBLE_TYPE);
      return { bins: rec.bins, refused };
    },
  },
  {
    name: "exists and generation policies answer their error codes",
    fn: async (c) => {
      const p = Aerospike.policy;
      await c.put(key("pol"), { v: 1 });
      const create = new Aerospike.WritePolicy({ exists: p.exists.CREATE });
      assert.equal(await code(c.put(key("pol"), { v: 2 }, {}, create)), Aerospike.status.ERR_RECORD_EXISTS);
      const update = new Aerospike.WritePolicy({ exists: p.exists.UPDATE });
      assert.equal(
        await code(c.put(key("pol-missing"), { v: 2 }, {}, update)),
        Aerospike.status.ERR_RECORD_NOT_FOUND,
      );
      const genEq = new Aerospike.WritePolicy({ gen: p.gen.EQ });
      assert.equal(
        await code(c.put(key("pol"), { v: 3 }, { gen: 99 }, genEq)),
        Aerospike.status.ERR_RECORD_GENERATION,
      );
      await c.put(key("pol"), { v: 3 }, { gen: 1 }, genEq);
      const after = await c.get(key("pol"));
      assert.equal(after.gen, 2);
      return { gen: after.gen, bins: after.bins };
    },
  },
  {
    name: "batchRead returns a missing key as not found",
    fn: async (c) => {
      await c.put(key("b1"), { v: 1, w: "x" });
      await c.put(key("b2"), { v: 2 });
      const results = await c.batchRead([
        { key: key("b1"), readAllBins: true },
        { key: key("b-missing"), readAllBins: true },
        { key: key("b2"), bins: ["v"] },
      ]);
      assert.deepEqual(results.map((r: Any) => r.status), [0, Aerospike.status.ERR_RECORD_NOT_FOUND, 0]);
      assert.deepEqual(results[0].record.bins, { v: 1, w: "x" });
      assert.deepEqual(results[2].record.bins, { v: 2 });
      return results.map((r: Any) => ({ status: r.status, bins: r.status === 0 ? r.record.bins : null }));
    },
  },
  {
    name: "a scan of 1,000 records returns each exactly once",
    fn: async (c) => {
      const set = names.scanSet;
      for (let i = 0; i < 1000; i += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, j) => c.put(new Aerospike.Key(NS, set, i + j), { n: i + j })),
        );
      }
      const seen = new Map<number, number>();
      const records = await c.scan(NS, set).results();
      for (const r of records) seen.set(r.bins.n, (seen.get(r.bins.n) ?? 0) + 1);
      assert.equal(records.length, 1000);
      assert.equal(seen.size, 1000);
      assert.ok([...seen.values()].every((n) => n === 1));
      return records.length;
    },
  },
  {
    name: "an index created and awaited through the client answers a range query exactly",
    fn: async (c) => {
      const set = names.scanSet;
      const job = await c.createIntegerIndex({ ns: NS, set, bin: "n", index: names.index });
      await job.wait(10);
      const query = c.query(NS, set);
      query.where(Aerospike.filter.range("n", 10, 19));
      const ns = (await query.results()).map((r: Any) => r.bins.n).sort((a: number, b: number) => a - b);
      assert.deepEqual(ns, Array.from({ length: 10 }, (_, i) => 10 + i));
      await c.indexRemove(NS, names.index);
      return ns;
    },
  },
];

async function startMock(nodes: number): Promise<{ seeds: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [
    "--import",
    "tsx",
    "cli/main.ts",
    "mock",
    "--nodes",
    String(nodes),
    "--replication",
    String(Math.min(2, nodes)),
  ], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const seeds = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Uint8Array) => {
      out += new TextDecoder().decode(d);
      const m = /seeds: (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (rc) => reject(new Error(`mock exited early (${rc}): ${out}`)));
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      child.removeAllListeners("exit");
      child.on("exit", () => resolve());
      child.kill("SIGINT");
    });
  return { seeds, stop };
}

/** One check's outcome on one target: what it returned, or why it failed. */
type Outcome = { ok: true; value: string } | { ok: false; error: string };

/** Runs every check against `hosts` and prints each result under `label`. */
async function runAll(label: string, hosts: string): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  // 10 s budgets: the mock and the server share a loaded CPU with everything else.
  const budget = { totalTimeout: 10_000, socketTimeout: 10_000 };
  const policies = {
    read: budget,
    write: budget,
    batch: budget,
    operate: budget,
    remove: budget,
    scan: budget,
    query: budget,
  };
  const client: Any = await Aerospike.connect({ hosts, log: { level: -1 }, policies });
  try {
    for (const check of checks) {
      if (check.fn === undefined) continue;
      try {
        const value = await check.fn(client);
        out.set(check.name, { ok: true, value: JSON.stringify(value) });
        console.log(`pass     [${label}] ${check.name}`);
      } catch (e) {
        out.set(check.name, { ok: false, error: String((e as Error).stack ?? e) });
        console.log(`FAIL     [${label}] ${check.name}\n         ${(e as Error).stack ?? e}`);
      }
    }
  } finally {
    await client.close();
  }
  return out;
}

/** Node count of the real cluster, as the official client sees it. */
async function realNodes(hosts: string): Promise<number> {
  const client: Any = await Aerospike.connect({ hosts, log: { level: -1 } });
  try {
    return client.getNodes().length;
  } finally {
    await client.close();
  }
}

async function main(): Promise<number> {
  const real = process.env.AEROSPIKE_HOSTS ?? "";
  if (real !== "") {
    names.nodes = await realNodes(real);
    const run = (Date.now() % 1_000_000).toString(36);
    names.set = `cross_${run}`;
    names.scanSet = `cross_scan_${run}`;
    names.index = `idx_cross_n_${run}`;
  }
  const mock = await startMock(names.nodes);
  let onMock: Map<string, Outcome>;
  try {
    onMock = await runAll("mock", mock.seeds);
  } finally {
    await mock.stop();
  }
  const onReal = real === "" ? undefined : await runAll("real", real);
  const run = checks.filter((c) => c.fn).length;
  let failed = [...onMock.values()].filter((o) => !o.ok).length;
  let differ = 0;
  if (onReal !== undefined) {
    failed += [...onReal.values()].filter((o) => !o.ok).length;
    for (const [name, m] of onMock) {
      const r = onReal.get(name)!;
      if (m.ok && r.ok && m.value !== r.value) {
        differ++;
        console.log(`DIFFER   ${name}\n         mock: ${m.value}\n         real: ${r.value}`);
      }
    }
  }
  const where = onReal === undefined ? "on the mock" : `on the mock and on ${real} (${names.nodes} nodes)`;
  console.log(`\ncross: ${run} checks ${where}: ${failed} failed, ${differ} answered differently`);
  return failed === 0 && differ === 0 ? 0 : 1;
}

main().then((rc) => process.exit(rc), (e) => {
  console.error(e);
  process.exit(1);
});
