// compat (the official client's API on aerolite): queries and their jobs, as the official suite's
// query.js uses them: indexes and filters on a CDT context, pagination through foreach's `end`
// cursor, stream UDFs (setUdf + foreach, apply), background jobs with the query's ttl, IndexJob /
// UdfJob / Job, and info.parse. Runs on the mock and on the real server (AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";
import { targetTest } from "../helpers/target.ts";
import { withCompat } from "./with_compat.ts";
import Aerospike, {
  AerospikeError,
  Context,
  filter,
  IndexJob,
  info,
  Job,
  Key,
  operations,
  type Record,
  status,
  UdfJob,
} from "../../src/compat/mod.ts";

const UDF = `
function count(stream)
  local function one(rec) return 1 end
  local function add(a, b) return a + b end
  return stream : map(one) : reduce(add)
end
function even(stream)
  local function keep(rec) return rec.value % 2 == 0 end
  local function value(rec) return rec.value end
  return stream : filter(keep) : map(value)
end
`;

targetTest(
  "compat: createIndex takes a context; filters with a context find the nested values",
  async (t) => {
    await withCompat(t, async (c) => {
      const set = `${t.set("cq")}/ctx`; // the official suite's sets hold "/"
      for (let i = 0; i < 6; i++) {
        await c.put(new Key(t.ns, set, i), {
          i,
          m: { nested: { [`k${i}`]: i } },
          l: { nested: [i, i + 10] },
        });
      }
      const name = `${set}_mk`;
      const job = await c.createIndex({
        ns: t.ns,
        set,
        bin: "m",
        index: name,
        type: Aerospike.indexType.MAPKEYS,
        datatype: Aerospike.indexDataType.STRING,
        context: new Context().addMapKey("nested"),
      }) as IndexJob;
      const lname = `${set}_l`;
      await c.createIndex({
        ns: t.ns,
        set,
        bin: "l",
        index: lname,
        type: Aerospike.indexType.LIST,
        datatype: Aerospike.indexDataType.NUMERIC,
        context: new Context().addMapKey("nested"),
      });
      try {
        assert.ok(job instanceof IndexJob && job instanceof Job);
        await job.wait(10);
        assert.equal(await job.checkStatus(), true);
        const q = c.query(t.ns, set, {
          filters: [
            filter.contains("m", "k4", Aerospike.indexType.MAPKEYS, new Context().addMapKey("nested")),
          ],
        });
        assert.deepEqual((await q.results()).map((r) => r.bins?.i), [4]);
        const q2 = c.query(t.ns, set);
        q2.where(filter.range("l", 12, 13, Aerospike.indexType.LIST, new Context().addMapKey("nested")));
        assert.deepEqual((await q2.results()).map((r) => r.bins?.i).sort(), [2, 3]);
        // The same filter without the context looks for an index on the bin itself: there is none.
        const q3 = c.query(t.ns, set, { filters: [filter.range("l", 12, 13, Aerospike.indexType.LIST)] });
        await assert.rejects(q3.results(), (e: AerospikeError) => e.code === status.ERR_INDEX_NOT_FOUND);
      } finally {
        await c.indexRemove(t.ns, name);
        await c.indexRemove(t.ns, lname);
      }
      assert.equal(await new IndexJob(c, t.ns, name).checkStatus(), false);
    });
  },
);

targetTest("compat: a paginated foreach ends with the next page's cursor, then with undefined", async (t) => {
  await withCompat(t, async (c) => {
    const set = t.set("cqpage");
    for (let i = 0; i < 5; i++) await c.put(new Key(t.ns, set, i), { i });
    const q = c.query(t.ns, set, { paginate: true, maxRecords: 2 });
    const sizes: number[] = [];
    for (let page = 0; page < 10; page++) {
      let n = 0;
      const state = await new Promise((resolve, reject) => {
        const s = q.foreach();
        s.on("data", () => n++);
        s.on("error", reject);
        s.on("end", resolve);
      });
      sizes.push(n);
      q.nextPage(state as never);
      if (!q.hasNextPage()) break;
    }
    assert.equal(sizes.reduce((a, b) => a + b, 0), 5);
    assert.ok(sizes.every((n) => n <= 2) && sizes.length >= 3, String(sizes));
    assert.equal(q.queryState, undefined);
  });
});

targetTest(
  "compat: stream UDFs run through foreach (values as bins) and apply (the reduced value)",
  async (t) => {
    await withCompat(t, async (c) => {
      const set = t.set("cqudf");
      const module = `cq_${Math.random().toString(36).slice(2, 8)}`;
      await c.aerolite.udfRegister(`${module}.lua`, UDF);
      try {
        for (let i = 1; i <= 5; i++) await c.put(new Key(t.ns, set, i), { value: i });
        const q = c.query(t.ns, set);
        q.setUdf(module, "even");
        const values: unknown[] = [];
        await new Promise<void>((resolve, reject) => {
          const s = q.foreach();
          s.on("data", (r) => values.push((r as Record).bins));
          s.on("error", reject);
          s.on("end", () => resolve());
        });
        assert.deepEqual(values.sort(), [2, 4]);
        assert.equal(await c.query(t.ns, set).apply(module, "count"), 5);
        const viaCallback = await new Promise((resolve, reject) => {
          void c.query(t.ns, set).apply(
            module,
            "count",
            (e: unknown, r?: unknown) => e ? reject(e) : resolve(r),
          )
            .catch(() => {});
        });
        assert.equal(viaCallback, 5);
        const paged = c.query(t.ns, set, { paginate: true, maxRecords: 2 });
        paged.setUdf(module, "even");
        assert.throws(() => paged.foreach(), /Stream UDF cannot be applied using a paginated stream/);
        await assert.rejects(paged.results(), /Stream UDF cannot be applied/);
      } finally {
        await c.aerolite.udfRemove(`${module}.lua`);
      }
    });
  },
);

targetTest("compat: query.operate writes with the query's ttl; job.info reports progress", async (t) => {
  await withCompat(t, async (c) => {
    const set = t.set("cqop");
    for (let i = 0; i < 4; i++) await c.put(new Key(t.ns, set, i), { i });
    const q = c.query(t.ns, set, { ttl: 7200 });
    const job = await q.operate([operations.write("seen", 1)]);
    assert.ok(job instanceof Job);
    assert.equal(job.module, "query");
    await job.waitUntilDone(20);
    const done = await job.info() as { status: number; progressPct: number; recordsRead: number };
    assert.deepEqual(done, { status: Aerospike.jobStatus.COMPLETED, progressPct: 100, recordsRead: 4 });
    const rec = await c.get(new Key(t.ns, set, 2));
    assert.equal(rec.bins?.seen, 1);
    assert.ok(rec.ttl! > 7000 && rec.ttl! <= 7200, `ttl ${rec.ttl}`);
    const scan = c.scan(t.ns, set);
    scan.ttl = 3600;
    const sjob = await scan.operate([operations.write("seen", 2)]);
    assert.equal(sjob.module, "scan");
    await sjob.wait(20);
    const srec = await c.get(new Key(t.ns, set, 1));
    assert.ok(srec.bins?.seen === 2 && srec.ttl! > 3500 && srec.ttl! <= 3600, `ttl ${srec.ttl}`);
  });
});

test("compat: query options of the legacy scan interface are refused; select and where as the official", () => {
  const fake = { aerolite: undefined as never };
  for (const k of ["UDF", "concurrent", "percentage", "priority"]) {
    assert.throws(() => new Aerospike.Query(fake, "test", "s", { [k]: "foo" }), /Invalid query arguments/);
  }
  const q = new Aerospike.Query(fake, "test", "s", { select: ["a"], nobins: false });
  q.select("a", "b");
  assert.deepEqual(q.selected, ["a", "b"]);
  q.select(["c"]);
  assert.deepEqual(q.selected, ["c"]);
  q.where(filter.equal("a", 1));
  q.where(filter.equal("b", 2));
  assert.equal(q.filters.length, 1);
  assert.equal(q.hasNextPage(), false);
});

test("compat: jobs on a client that is not connected reject with an AerospikeError", async () => {
  const c = Aerospike.client({ hosts: "127.0.0.1:1" });
  await assert.rejects(new IndexJob(c, "test", "nope").checkStatus(), AerospikeError);
  await assert.rejects(new UdfJob(c, "x.lua", UdfJob.REGISTER).checkStatus(), AerospikeError);
  await assert.rejects(new Job(c, 1, "scan").info() as Promise<unknown>, AerospikeError);
});

test("compat: info.parse splits each answer by its name's separators", () => {
  assert.deepEqual(info.parse("version\t8.1.2.0\nobjects\t12\n"), { version: "8.1.2.0", objects: 12 });
  assert.deepEqual(info.parse("x\ta=1;b=c\n")["x"], { a: 1, b: "c" });
  assert.deepEqual(info.parse("x\ta;b;c\n")["x"], ["a", "b", "c"]);
  assert.deepEqual(
    info.parse("udf-list\tfilename=a.lua,hash=ab12,type=LUA;filename=b.lua,hash=cd,type=LUA;"),
    {
      "udf-list": [{ filename: "a.lua", hash: "ab12", type: "LUA" }, {
        filename: "b.lua",
        hash: "cd",
        type: "LUA",
      }],
    },
  );
  assert.deepEqual(info.parse("udf-list\t")["udf-list"], []);
  assert.deepEqual(info.parse("bins\ttest:bin_names=2,bin_names_quota=65535,a,b;"), {
    bins: { test: { stats: { bin_names: 2, bin_names_quota: 65535 }, names: ["a", "b"] } },
  });
  assert.deepEqual(info.parse("sets/test/demo\tobjects=3:tombstones=0;")["sets/test/demo"], {
    objects: 3,
    tombstones: 0,
  });
  assert.deepEqual(info.parse("sindex/test/a/b\tentries=4;load_pct=100")["sindex/test/a/b"], {
    entries: 4,
    load_pct: 100,
  });
  info.separators["test-foo"] = [];
  try {
    assert.equal(info.parse("test-foo\ta=1;b=2\n")["test-foo"], "a=1;b=2");
  } finally {
    delete info.separators["test-foo"];
  }
  assert.deepEqual(info.parse(""), {});
});
