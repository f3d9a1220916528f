// `query-show` as a CE 8.1.2.0 node answers it, field by field and in order, for each kind of
// job (foreground scan and index query, aggregation, background ops and UDF), finished and
// running; the mock shows the same. A real node also shows `from=<client ip>+<port>` before
// `job-type`; the mock leaves it out (its connections do not know their peer), so it is dropped
// from the real answers before comparing.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { AerospikeError, exp, Filter, Key, ops } from "../mod.ts";
import type { Client } from "../mod.ts";

/** One job as `name=value` pairs in the node's order, `from` left out. */
type Shown = [string, string][];

function parseJob(text: string): Shown {
  return text.split(":").map((kv): [string, string] => {
    const eq = kv.indexOf("=");
    return [kv.slice(0, eq), kv.slice(eq + 1)];
  }).filter(([k]) => k !== "from");
}

/** The newest job over `set` on each node that ran one (a node lists its newest job first). */
async function newestJobs(client: Client, set: string): Promise<Shown[]> {
  const out: Shown[] = [];
  for (const answer of (await client.infoAll("query-show")).values()) {
    const first = answer.split(";").find((j) => j.split(":").includes(`set=${set}`));
    if (first !== undefined) out.push(parseJob(first));
  }
  return out;
}

/** The newest job over `set` once every node shows it done (a node marks it a moment after the reply). */
async function finished(client: Client, set: string): Promise<Shown[]> {
  for (let i = 0;; i++) {
    const jobs = await newestJobs(client, set);
    if (jobs.length > 0 && jobs.every((j) => value(j, "status").startsWith("done"))) return jobs;
    assert.ok(i < 200, `job over ${set} never done: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function value(job: Shown, name: string): string {
  const hit = job.find(([k]) => k === name);
  assert.ok(hit !== undefined, `no ${name} in ${JSON.stringify(job)}`);
  return hit[1];
}

function sum(jobs: Shown[], name: string): number {
  return jobs.reduce((n, j) => n + Number(value(j, name)), 0);
}

const HEAD = ["trid", "ns", "set"];
const MIDDLE = [
  "rps",
  "active-threads",
  "status",
  "job-progress",
  "run-time",
  "time-since-done",
  "recs-throttled",
  "recs-filtered-meta",
  "recs-filtered-bins",
  "recs-succeeded",
  "recs-failed",
  "job-type",
  "net-io-bytes",
];
const BASIC = [...HEAD, "n-pids-requested", "n-keyds-requested", ...MIDDLE, "net-io-time", "socket-timeout"];
const BACKGROUND = [...HEAD, ...MIDDLE, "socket-timeout"];

targetTest("query-show lists a finished job's fields in the node's order, by job type", async (t) => {
  const set = t.set("qshow");
  await Promise.all(Array.from({ length: 20 }, (_, i) => t.client.put(new Key(t.ns, set, i), { n: i })));
  const index = `idx_${set}`;
  await t.client.createIndex({ ns: t.ns, set, bin: "n", name: index, type: "numeric" });
  try {
    // A foreground scan: no index name, the request's rps (none: 0) and socket timeout.
    await t.client.query(t.ns, set, { policy: { socketTimeout: 12_345 } }).toArray();
    let jobs = await finished(t.client, set);
    for (const j of jobs) {
      assert.deepEqual(j.map(([k]) => k), BASIC);
      assert.deepEqual(
        [value(j, "rps"), value(j, "socket-timeout"), value(j, "job-type")],
        ["0", "12345", "basic"],
      );
      assert.deepEqual(
        [value(j, "status"), value(j, "active-threads"), value(j, "job-progress")],
        ["done(ok)", "0", "100.00"],
      );
    }
    assert.equal(sum(jobs, "recs-succeeded"), 20);
    // Each node was asked for the partitions it owns: 4096 in all.
    assert.equal(sum(jobs, "n-pids-requested"), 4096);
    // An index query with rps: the index's name (the client sent only the bin), the rps, the
    // records the filter passed throttled, the others counted in recs-filtered-bins.
    const expression = exp.lt(exp.intBin("n"), exp.int(3));
    await t.client.query(t.ns, set, { filter: Filter.range("n", 0, 9), recordsPerSecond: 5000, expression })
      .toArray();
    jobs = await finished(t.client, set);
    for (const j of jobs) {
      assert.deepEqual(j.map(([k]) => k), [...HEAD, "sindex-name", ...BASIC.slice(3)]);
      assert.deepEqual([value(j, "sindex-name"), value(j, "rps")], [index, "5000"]);
    }
    assert.deepEqual(
      ["recs-throttled", "recs-filtered-meta", "recs-filtered-bins", "recs-succeeded"].map((k) =>
        sum(jobs, k)
      ),
      [3, 0, 7, 3],
    );
    // A filter on metadata alone is counted in recs-filtered-meta.
    await t.client.query(t.ns, set, { expression: exp.gt(exp.ttl(), exp.int(1_000_000)) }).toArray();
    jobs = await finished(t.client, set);
    assert.deepEqual([sum(jobs, "recs-filtered-meta"), sum(jobs, "recs-filtered-bins")], [20, 0]);
    // A background job: no partition counts, the default background rps, socket timeout 10000
    // whatever the client asked, ops-active at the end.
    const job = await t.client.queryBackground(t.ns, set, {
      ops: [ops.write("b", 1)],
      policy: { socketTimeout: 12_345 },
    });
    await job.wait();
    const bg = [...(await t.client.infoAll(`query-show:trid=${job.id}`)).values()]
      .filter((a) => !a.startsWith("ERROR:2")).map(parseJob);
    assert.ok(bg.length > 0);
    for (const j of bg) {
      assert.deepEqual(j.map(([k]) => k), [...BACKGROUND, "ops-active"]);
      assert.deepEqual(
        ["rps", "socket-timeout", "net-io-bytes", "job-type", "ops-active"].map((k) => value(j, k)),
        ["10000", "10000", "30", "background-ops", "0"],
      );
    }
    assert.deepEqual(["recs-throttled", "recs-succeeded"].map((k) => sum(bg, k)), [20, 20]);
    // A background job throttles every record it looks at, the ones its filter rules out too.
    const filtered = await t.client.queryBackground(t.ns, set, { ops: [ops.write("b", 3)], expression });
    await filtered.wait();
    const fbg = [...(await t.client.infoAll(`query-show:trid=${filtered.id}`)).values()]
      .filter((a) => !a.startsWith("ERROR:2")).map(parseJob);
    assert.deepEqual(
      ["recs-throttled", "recs-filtered-bins", "recs-succeeded"].map((k) => sum(fbg, k)),
      [20, 17, 3],
    );
    // A background job may not ask more than the node's background-query-max-rps (10000).
    const tooFast = await t.client.queryBackground(t.ns, set, {
      ops: [ops.write("b", 2)],
      recordsPerSecond: 10_001,
    })
      .then(() => undefined, (e) => e);
    assert.ok(tooFast instanceof AerospikeError && tooFast.code === 4, `rps 10001: ${tooFast}`);
    // Ids: not a number, unknown; scan-show is gone.
    const [bad, unknown, scanShow] = await Promise.all(
      ["query-show:trid=abc", "query-show:trid=5", "scan-show"].map((c) => t.client.info(c)),
    );
    assert.deepEqual([bad, unknown, scanShow], [
      "ERROR:4:bad id",
      "ERROR:2:job not found",
      "ERROR:4:unrecognized command",
    ]);
  } finally {
    await t.client.dropIndex(t.ns, index);
  }
});

targetTest("query-show shows a background UDF's module and function", async (t) => {
  const set = t.set("qshow_udf");
  await Promise.all(Array.from({ length: 5 }, (_, i) => t.client.put(new Key(t.ns, set, i), { n: i })));
  await t.client.udfRegister("qshow_udf.lua", "function mark(r)\n  r['u'] = 1\n  aerospike:update(r)\nend\n");
  // Removed again whatever happens: a module left on a real server shows up in other tests' lists.
  try {
    const job = await t.client.queryBackground(t.ns, set, { udf: { module: "qshow_udf", fn: "mark" } });
    await job.wait();
    const shown = [...(await t.client.infoAll(`query-show:id=${job.id}`)).values()]
      .filter((a) => !a.startsWith("ERROR:2")).map(parseJob);
    assert.ok(shown.length > 0);
    for (const j of shown) {
      assert.deepEqual(j.map(([k]) => k), [...BACKGROUND, "udf-filename", "udf-function", "udf-active"]);
      assert.deepEqual(
        ["job-type", "udf-filename", "udf-function", "udf-active"].map((k) => value(j, k)),
        ["background-udf", "qshow_udf", "mark", "0"],
      );
    }
    assert.equal(shown.reduce((n, j) => n + Number(value(j, "recs-succeeded")), 0), 5);
  } finally {
    await t.client.udfRemove("qshow_udf.lua");
  }
});

targetTest(
  "a running scan shows active(ok), one active thread and its progress; then done(ok)",
  async (t) => {
    const set = t.set("qshow_run");
    await Promise.all(Array.from({ length: 200 }, (_, i) => t.client.put(new Key(t.ns, set, i), { n: i })));
    // 200 records at 100 per second: about two seconds of work on one node.
    const reading = t.client.query(t.ns, set, { recordsPerSecond: 100 }).toArray();
    let running: Shown[] = [];
    for (let i = 0; running.length === 0; i++) {
      assert.ok(i < 500, "the scan never showed up running");
      running = (await newestJobs(t.client, set)).filter((j) => value(j, "status") === "active(ok)");
      if (running.length === 0) await new Promise((r) => setTimeout(r, 5));
    }
    for (const j of running) {
      assert.deepEqual(j.map(([k]) => k), BASIC);
      assert.deepEqual([value(j, "active-threads"), value(j, "time-since-done"), value(j, "rps")], [
        "1",
        "0",
        "100",
      ]);
      const progress = Number(value(j, "job-progress"));
      assert.ok(progress >= 0 && progress < 100, `progress ${progress}`);
    }
    assert.equal((await reading).length, 200);
    for (const j of await finished(t.client, set)) {
      assert.deepEqual(
        [value(j, "status"), value(j, "active-threads"), value(j, "job-progress")],
        ["done(ok)", "0", "100.00"],
      );
    }
  },
);
