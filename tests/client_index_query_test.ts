// Indexes and queries the official clients have (issue 20): indexes on a CDT context and on an
// expression (server 8.1), queries by index name and by expression (whereWithIndexName /
// whereWithExp), Filter with a context, the GeoJSON-point geoContainsPoint overload, query
// expectedDuration, foreground queries with read operations, background queries taking a write
// policy, and a job's progress. Each runs on the mock and on the real server (AEROSPIKE_HOSTS).
import assert from "node:assert/strict";
import { type Target, targetTest } from "./helpers/target.ts";
import { rejectsWithCode } from "./helpers/errors.ts";
import { ctx, exp, Filter, GeoJSON, Key, lists, maps, ops, ResultCode } from "../mod.ts";

async function fill(t: Target, set: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.client.put(new Key(t.ns, set, i), { n: i, m: { a: { v: i * 10 } }, l: [i, [i % 3]] });
  }
}

async function ns(t: Target, set: string, filter: ReturnType<typeof Filter.equal>): Promise<number[]> {
  return (await t.client.query(t.ns, set, { filter }).toArray()).map((r) => r.bins.n as number).sort((a, b) =>
    a - b
  );
}

targetTest(
  "an index on a CDT context answers Filter.range(..., { ctx }) and Filter.withIndexName",
  async (t) => {
    const set = t.set("ictx");
    await fill(t, set, 12);
    const path = [ctx.mapKey("a"), ctx.mapKey("v")];
    const name = `${set}_ctx`;
    await t.client.createIndex({ ns: t.ns, set, bin: "m", name, type: "numeric", ctx: path });
    try {
      assert.deepEqual(await ns(t, set, Filter.range("m", 30, 55, { ctx: path })), [3, 4, 5]);
      assert.deepEqual(await ns(t, set, Filter.equal("m", 70, { ctx: path })), [7]);
      assert.deepEqual(await ns(t, set, Filter.withIndexName(name, Filter.range("any", 100, 200))), [10, 11]);
      // No index on that context, or on the bin itself: INDEX_NOTFOUND (201).
      await rejectsWithCode(
        t.client.query(t.ns, set, { filter: Filter.range("m", 0, 9, { ctx: [ctx.mapKey("b")] }) }).toArray(),
        ResultCode.INDEX_NOTFOUND,
      );
      await rejectsWithCode(t.client.query(t.ns, set, { filter: Filter.range("m", 0, 9) }).toArray(), 201);
    } finally {
      await t.client.dropIndex(t.ns, name);
    }
    // A list-element index inside a context: elements of l[1].
    const lname = `${set}_lctx`;
    await t.client.createIndex({
      ns: t.ns,
      set,
      bin: "l",
      name: lname,
      type: "numeric",
      collection: "list",
      ctx: [ctx.listIndex(1)],
    });
    try {
      const f = Filter.equal("l", 2, { collection: "list", ctx: [ctx.listIndex(1)] });
      assert.deepEqual(await ns(t, set, f), [2, 5, 8, 11]);
    } finally {
      await t.client.dropIndex(t.ns, lname);
    }
  },
);

targetTest(
  "an expression index answers Filter.withExp with the same expression and Filter.withIndexName",
  async (t) => {
    const set = t.set("iexp");
    await fill(t, set, 10);
    const doubled = exp.build(exp.mul(exp.intBin("n"), exp.int(2)));
    const name = `${set}_exp`;
    await t.client.createIndex({ ns: t.ns, set, name, type: "numeric", exp: doubled });
    try {
      assert.deepEqual(await ns(t, set, Filter.withExp(doubled, Filter.range("x", 4, 9))), [2, 3, 4]);
      assert.deepEqual(await ns(t, set, Filter.withIndexName(name, Filter.equal("x", 18))), [9]);
      const tripled = exp.build(exp.mul(exp.intBin("n"), exp.int(3)));
      await rejectsWithCode(
        t.client.query(t.ns, set, { filter: Filter.withExp(tripled, Filter.range("x", 0, 9)) }).toArray(),
        ResultCode.INDEX_NOTFOUND,
      );
      await rejectsWithCode(
        t.client.query(t.ns, set, { filter: Filter.withIndexName(`${name}_no`, Filter.equal("x", 1)) })
          .toArray(),
        ResultCode.INDEX_NOTFOUND,
      );
    } finally {
      await t.client.dropIndex(t.ns, name);
    }
    assert.throws(() => Filter.withExp({} as never, Filter.equal("x", 1)), TypeError);
    await assert.rejects(
      t.client.createIndex({ ns: t.ns, set, bin: "n", name, type: "numeric", exp: doubled }),
      TypeError,
    );
  },
);

targetTest("geoContainsPoint takes a GeoJSON Point as well as (lng, lat)", async (t) => {
  const set = t.set("gpt");
  const name = `${set}_area`;
  const square = (x: number) => GeoJSON.polygon([[x, 0], [x + 1, 0], [x + 1, 1], [x, 1]]);
  for (let i = 0; i < 4; i++) await t.client.put(new Key(t.ns, set, i), { n: i, area: square(i * 2) });
  await t.client.createIndex({ ns: t.ns, set, bin: "area", name, type: "geo2dsphere" });
  try {
    assert.deepEqual(await ns(t, set, Filter.geoContainsPoint("area", GeoJSON.point(4.5, 0.5))), [2]);
    assert.deepEqual(
      await ns(t, set, Filter.geoContainsPoint("area", { type: "Point", coordinates: [0.5, 0.5] })),
      [0],
    );
    assert.deepEqual(await ns(t, set, Filter.geoContainsPoint("area", 6.5, 0.5)), [3]);
    assert.deepEqual(await ns(t, set, Filter.geoContainsPoint("area", GeoJSON.point(1.5, 0.5))), []);
  } finally {
    await t.client.dropIndex(t.ns, name);
  }
  assert.throws(() => Filter.geoContainsPoint("area", square(0)), TypeError);
});

targetTest(
  "a foreground query runs read operations on every record, and takes expectedDuration",
  async (t) => {
    const set = t.set("qops");
    await fill(t, set, 8);
    const got = await t.client.query(t.ns, set, {
      ops: [ops.read("n"), maps.getByKey("m", "a", { returnType: "value" }), lists.size("l")],
      expectedDuration: "short",
    }).toArray();
    assert.equal(got.length, 8);
    for (const r of got) {
      const n = r.bins.n as number;
      assert.deepEqual(structuredClone(r.bins.m), { v: n * 10 });
      assert.equal(r.bins.l, 2);
    }
    for (const expectedDuration of ["long", "longRelaxAP"] as const) {
      assert.equal((await t.client.query(t.ns, set, { expectedDuration }).toArray()).length, 8);
    }
    assert.throws(() => t.client.query(t.ns, set, { ops: [ops.write("x", 1)] }), TypeError);
    assert.throws(() => t.client.query(t.ns, set, { ops: [ops.read("n")], bins: ["n"] }), TypeError);
    assert.throws(() => t.client.query(t.ns, set, { expectedDuration: "medium" as "long" }), TypeError);
  },
);

targetTest("a background query writes with its writePolicy (ttl) and its job reports progress", async (t) => {
  const set = t.set("bgwp");
  await fill(t, set, 20);
  const job = await t.client.queryBackground(t.ns, set, {
    ops: [ops.write("seen", 1)],
    expression: exp.build(exp.lt(exp.intBin("n"), exp.int(15))),
    writePolicy: { ttl: 4321 },
  });
  await job.wait();
  const info = await job.info();
  assert.deepEqual({ status: info.status, progressPct: info.progressPct, recordsRead: info.recordsRead }, {
    status: "done",
    progressPct: 100,
    recordsRead: 15,
  });
  assert.equal(info.recordsFailed, 0);
  for (const i of [0, 14, 15]) {
    const r = await t.client.get(new Key(t.ns, set, i));
    assert.equal(r?.bins.seen, i < 15 ? 1 : undefined);
    if (i < 15) assert.ok(r!.ttl > 4000 && r!.ttl <= 4321, `ttl ${r!.ttl}`);
  }
  await assert.rejects(
    t.client.queryBackground(t.ns, set, { ops: [ops.write("x", 1)], writePolicy: { ttl: "x" as never } }),
    TypeError,
  );
});

targetTest(
  "createIndex/dropIndex take set, index and bin names with / , : and =, refusing only ; tabs and newlines",
  async (t) => {
    // The official Node client's suite indexes sets named "test/query-<n>"; the server accepts them.
    const set = `${t.set("sl")}/q,1`;
    const bin = "a/b,c";
    const name = `${set}:i=x`;
    for (let i = 0; i < 6; i++) await t.client.put(new Key(t.ns, set, i), { [bin]: i });
    await t.client.createIndex({ ns: t.ns, set, bin, name, type: "numeric" });
    try {
      const got = await t.client.query(t.ns, set, { filter: Filter.range(bin, 2, 4) }).toArray();
      assert.deepEqual(got.map((r) => r.bins[bin]).sort(), [2, 3, 4]);
      assert.ok((await t.client.sets(t.ns)).has(set));
    } finally {
      await t.client.dropIndex(t.ns, name);
    }
    await rejectsWithCode(t.client.query(t.ns, set, { filter: Filter.range(bin, 2, 4) }).toArray(), 201);
    for (const bad of ["a;b", "a\tb", "a\nb", ""]) {
      if (bad !== "") { // an empty set means "no set"
        await assert.rejects(
          t.client.createIndex({ ns: t.ns, set: bad, bin, name, type: "numeric" }),
          TypeError,
        );
      }
      await assert.rejects(
        t.client.createIndex({ ns: t.ns, set, bin: bad, name, type: "numeric" }),
        TypeError,
      );
      await assert.rejects(
        t.client.createIndex({ ns: t.ns, set, bin, name: bad, type: "numeric" }),
        TypeError,
      );
      await assert.rejects(t.client.dropIndex(t.ns, bad), TypeError);
    }
    // The namespace also goes into "sets/<ns>" and "sindex/<ns>/<name>": no "/" there.
    await assert.rejects(
      t.client.createIndex({ ns: `${t.ns}/x`, set, bin, name, type: "numeric" }),
      TypeError,
    );
  },
);
