// The `aerolite` CLI's commands against the target: the in-process mock, or the real cluster of
// AEROSPIKE_HOSTS. Outputs, --json shapes and exit codes; run in this process (cli_process_test.ts
// runs it as a child process).
import assert from "node:assert/strict";
import { Key } from "../../mod.ts";
import { cli } from "../helpers/cli.ts";
import { targetTest } from "../helpers/target.ts";
import { tempDir } from "../helpers/temp_dir.ts";

/** Lines of JSON Lines output, parsed. */
const jsonLines = (text: string): Record<string, unknown>[] =>
  text.trim().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));

targetTest("aerolite info build prints the server's build and exits 0", async (t) => {
  const r = await cli(["info", "build", "-h", t.seeds]);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${await t.client.info("build")}\n`);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
});

targetTest(
  "aerolite info with several commands prints command: answer lines, --json an object",
  async (t) => {
    const text = await cli(["info", "build", "namespaces", "-h", t.seeds]);
    assert.equal(text.code, 0);
    const namespaces = await t.client.info("namespaces");
    assert.equal(text.stdout, `build: ${await t.client.info("build")}\nnamespaces: ${namespaces}\n`);
    const json = await cli(["info", "namespaces", "--json", "-h", t.seeds]);
    assert.deepEqual(JSON.parse(json.stdout), { namespaces });
    const all = await cli(["info", "build", "--all", "--json", "-h", t.seeds]);
    const doc = JSON.parse(all.stdout) as Record<string, { build: string }>;
    assert.deepEqual(Object.keys(doc).sort(), t.client.nodes().map((n) => n.name).sort());
  },
);

targetTest("aerolite info of an unknown command prints the ERROR answer and exits 1", async (t) => {
  const r = await cli(["info", "no-such-command", "-h", t.seeds]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^ERROR/);
  assert.match(r.stderr, /^aerolite: info no-such-command answered ERROR.*\n$/);
});

targetTest("aerolite nodes lists every node with its address and build", async (t) => {
  const r = await cli(["nodes", "--json", "-h", t.seeds]);
  assert.equal(r.code, 0);
  const nodes = JSON.parse(r.stdout) as { name: string; address: string; build: string }[];
  assert.deepEqual(nodes.map((n) => n.name).sort(), t.client.nodes().map((n) => n.name).sort());
  const build = await t.client.info("build");
  for (const n of nodes) {
    assert.match(n.address, /:\d+$/);
    assert.equal(n.build, build);
  }
  const table = await cli(["nodes", "-h", t.seeds]);
  assert.match(table.stdout, /^name +address +build\n/);
  assert.equal(table.stdout.trim().split("\n").length, 2 + nodes.length);
});

targetTest(
  "aerolite put then get round-trips exact integers, doubles, bytes, lists, maps and GeoJSON",
  async (t) => {
    const set = t.set("cli_kv");
    const bins =
      '{"s":"Ada","big":9007199254740993,"neg":-9223372036854775808,"d":1.5,"b":{"$bytes":"00ff"},' +
      '"l":[1,"x",[true,null]],"m":{"k":{"n":2}},"g":{"$geo":{"type":"Point","coordinates":[2.5,48.5]}}}';
    const put = await cli(["put", t.ns, set, "42", bins, "-h", t.seeds]);
    assert.deepEqual([put.code, put.stdout, put.stderr], [0, "ok\n", ""]);
    const get = await cli(["get", t.ns, set, "42", "--json", "-h", t.seeds]);
    assert.equal(get.code, 0);
    // Compared as text: JSON.parse would round the 64-bit integers.
    assert.equal(
      get.stdout,
      `{"ns":"${t.ns}","set":"${set}","key":42,"generation":1,"ttl":-1,"bins":{"s":"Ada",` +
        `"big":9007199254740993,"neg":-9223372036854775808,"d":1.5,"b":{"$bytes":"00ff"},` +
        `"l":[1,"x",[true,null]],"m":{"k":{"n":2}},"g":{"$geo":{"type":"Point","coordinates":[2.5,48.5]}}}}\n`,
    );
    const rec = await t.client.get(new Key(t.ns, set, 42));
    assert.equal(rec?.bins.big, 9007199254740993n);
    assert.deepEqual(rec?.bins.b, new Uint8Array([0, 255]));
    const bin = await cli(["get", t.ns, set, "42", "s", "d", "-h", t.seeds]);
    assert.equal(bin.code, 0);
    assert.match(bin.stdout, new RegExp(`^${t.ns}/${set}/42: generation 1, ttl never expires\n`));
    assert.match(bin.stdout, /\ns +Ada\n/);
    assert.match(bin.stdout, /\nd +1\.5\n/);
    assert.doesNotMatch(bin.stdout, /big/);
  },
);

targetTest(
  "an integer-looking key is an integer key; --key-type string and bytes choose the others",
  async (t) => {
    const set = t.set("cli_keys");
    assert.equal((await cli(["put", t.ns, set, "7", '{"v":"int"}', "-h", t.seeds])).code, 0);
    assert.equal(
      (await cli(["put", t.ns, set, "7", '{"v":"str"}', "--key-type", "string", "-h", t.seeds])).code,
      0,
    );
    assert.equal(
      (await cli(["put", t.ns, set, "0a0b", '{"v":"bytes"}', "--key-type=bytes", "-h", t.seeds])).code,
      0,
    );
    assert.equal((await cli(["put", t.ns, set, "007", '{"v":"zeros"}', "-h", t.seeds])).code, 0);
    assert.equal((await t.client.get(new Key(t.ns, set, 7)))?.bins.v, "int");
    assert.equal((await t.client.get(new Key(t.ns, set, "7")))?.bins.v, "str");
    assert.equal((await t.client.get(new Key(t.ns, set, new Uint8Array([10, 11]))))?.bins.v, "bytes");
    assert.equal((await t.client.get(new Key(t.ns, set, "007")))?.bins.v, "zeros");
    const bad = await cli(["get", t.ns, set, "x1", "--key-type", "int", "-h", t.seeds]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--key-type int needs a 64-bit decimal integer/);
  },
);

targetTest("aerolite get and remove of a missing record say not found and exit 1", async (t) => {
  const set = t.set("cli_missing");
  const get = await cli(["get", t.ns, set, "nope", "-h", t.seeds]);
  assert.deepEqual([get.code, get.stdout, get.stderr], [1, "", `aerolite: not found: ${t.ns}/${set}/nope\n`]);
  await t.client.put(new Key(t.ns, set, "gone"), { a: 1 });
  const first = await cli(["remove", t.ns, set, "gone", "--json", "-h", t.seeds]);
  assert.deepEqual([first.code, first.stdout], [0, '{"removed":true}\n']);
  const again = await cli(["remove", t.ns, set, "gone", "-h", t.seeds]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /not found/);
});

targetTest(
  "aerolite put --create refuses an existing record with the server's code and exit 1",
  async (t) => {
    const set = t.set("cli_create");
    assert.equal((await cli(["put", t.ns, set, "k", '{"a":1}', "--create", "-h", t.seeds])).code, 0);
    const r = await cli(["put", t.ns, set, "k", '{"a":2}', "--create", "-h", t.seeds]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^aerolite: KEY_EXISTS_ERROR \(5\)/);
    assert.equal(r.stderr.split("\n").length, 2);
  },
);

targetTest("a missing namespace is named as such and exits 1", async (t) => {
  for (const args of [["get", "nosuchns", "s", "k"], ["scan", "nosuchns"], ["truncate", "nosuchns"]]) {
    const r = await cli([...args, "-h", t.seeds]);
    assert.equal(r.code, 1, args.join(" "));
    assert.match(r.stderr, /^aerolite: no namespace nosuchns \(namespaces: .*\)\n$/);
  }
});

targetTest(
  "aerolite scan prints a table, --json one record per line, --bins and --max limit it",
  async (t) => {
    const set = t.set("cli_scan");
    for (let i = 1; i <= 5; i++) await t.client.put(new Key(t.ns, set, i), { n: i, s: `v${i}` });
    const table = await cli(["scan", t.ns, set, "-h", t.seeds]);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^key +gen +ttl +(n +s|s +n)\n/);
    assert.match(table.stdout, /\n5 records\n$/);
    const json = await cli(["scan", t.ns, set, "--json", "--bins", "n", "-h", t.seeds]);
    const records = jsonLines(json.stdout);
    assert.deepEqual(records.map((r) => (r.bins as { n: number }).n).sort(), [1, 2, 3, 4, 5]);
    for (const r of records) {
      assert.deepEqual(Object.keys(r), ["key", "digest", "generation", "ttl", "bins"]);
      assert.match(r.digest as string, /^[0-9a-f]{40}$/);
      assert.deepEqual(Object.keys(r.bins as object), ["n"]);
    }
    const max = await cli(["scan", t.ns, set, "--json", "--max", "2", "-h", t.seeds]);
    assert.equal(max.code, 0);
    assert.ok(jsonLines(max.stdout).length <= 2 * t.nodes, max.stdout);
  },
);

targetTest(
  "aerolite index create, query --where (range, equality, strings), index list and drop",
  async (t) => {
    const set = t.set("cli_query");
    const nIndex = `${set}_n`;
    const sIndex = `${set}_s`;
    for (let i = 1; i <= 6; i++) {
      await t.client.put(new Key(t.ns, set, i), {
        n: i,
        s: i % 2 === 0 ? "even" : "42",
      });
    }
    try {
      const created = await cli([
        "index",
        "create",
        t.ns,
        set,
        "n",
        nIndex,
        "--type",
        "numeric",
        "-h",
        t.seeds,
      ]);
      assert.deepEqual([created.code, created.stdout], [0, `created index ${nIndex}\n`]);
      const s = await cli([
        "index",
        "create",
        t.ns,
        set,
        "s",
        sIndex,
        "--type",
        "string",
        "--json",
        "-h",
        t.seeds,
      ]);
      assert.deepEqual(JSON.parse(s.stdout), { created: sIndex });
      const list = await cli(["index", "list", t.ns, "--json", "-h", t.seeds]);
      const mine = (JSON.parse(list.stdout) as Record<string, string>[]).find((i) => i.indexname === nIndex);
      assert.equal(mine?.bin, "n");
      assert.equal(mine?.set, set);
      const range = await cli(["query", t.ns, set, "--where", "n=2..4", "--json", "-h", t.seeds]);
      assert.equal(range.code, 0);
      assert.deepEqual(jsonLines(range.stdout).map((r) => (r.bins as { n: number }).n).sort(), [2, 3, 4]);
      const eq = await cli(["query", t.ns, set, "--where", "n=5", "--json", "-h", t.seeds]);
      assert.deepEqual(jsonLines(eq.stdout).map((r) => (r.bins as { n: number }).n), [5]);
      const str = await cli(["query", t.ns, set, "--where", 's="42"', "--json", "-h", t.seeds]);
      assert.deepEqual(jsonLines(str.stdout).map((r) => (r.bins as { n: number }).n).sort(), [1, 3, 5]);
      const table = await cli(["query", t.ns, set, "--where", "s=even", "-h", t.seeds]);
      assert.match(table.stdout, /\n3 records\n$/);
    } finally {
      const dropped = await cli(["index", "drop", t.ns, nIndex, "-h", t.seeds]);
      assert.deepEqual([dropped.code, dropped.stdout], [0, `dropped index ${nIndex}\n`]);
      assert.equal((await cli(["index", "drop", t.ns, sIndex, "-h", t.seeds])).code, 0);
    }
    const again = await cli(["index", "drop", t.ns, nIndex, "-h", t.seeds]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `aerolite: no index ${nIndex} in namespace ${t.ns}\n`);
  },
);

targetTest("aerolite udf register, list and remove a Lua module; a compile error exits 1", async (t) => {
  const name = `${t.set("cli_udf")}.lua`;
  const tmp = tempDir("cli-udf");
  const dir = tmp.path;
  try {
    await Deno.writeTextFile(`${dir}/${name}`, "function hello(rec, a)\n  return 'hi ' .. a\nend\n");
    const reg = await cli(["udf", "register", `${dir}/${name}`, "-h", t.seeds]);
    assert.deepEqual([reg.code, reg.stdout, reg.stderr], [0, `registered ${name}\n`, ""]);
    const key = new Key(t.ns, t.set("cli_udf"), 1);
    assert.equal(await t.client.apply(key, name.slice(0, -4), "hello", ["x"]), "hi x");
    const list = await cli(["udf", "list", "--json", "-h", t.seeds]);
    const mod = (JSON.parse(list.stdout) as { name: string; type: string; hash: string }[]).find((m) =>
      m.name === name
    );
    assert.equal(mod?.type, "LUA");
    assert.match(mod?.hash ?? "", /^[0-9a-f]{40}$/);
    const removed = await cli(["udf", "remove", name, "-h", t.seeds]);
    assert.deepEqual([removed.code, removed.stdout], [0, `removed ${name}\n`]);
    const again = await cli(["udf", "remove", name, "-h", t.seeds]);
    assert.deepEqual([again.code, again.stderr], [1, `aerolite: no UDF module named ${name}\n`]);
    const missing = await cli(["udf", "register", `${dir}/absent.lua`, "-h", t.seeds]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*absent\.lua: ENOENT/);
    await Deno.writeTextFile(`${dir}/bad_${name}`, "function broken( return\n");
    const bad = await cli(["udf", "register", `${dir}/bad_${name}`, "-h", t.seeds]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^aerolite: UDF_BAD_RESPONSE \(100\): .*expected.*\n$/);
  } finally {
    tmp.remove();
  }
});

targetTest("aerolite truncate empties a set", async (t) => {
  const set = t.set("cli_truncate");
  for (let i = 0; i < 3; i++) await t.client.put(new Key(t.ns, set, i), { a: i });
  const r = await cli(["truncate", t.ns, set, "--json", "-h", t.seeds]);
  assert.deepEqual([r.code, JSON.parse(r.stdout)], [0, { truncated: `${t.ns}/${set}` }]);
  const left: unknown[] = [];
  for await (const rec of t.client.query(t.ns, set)) left.push(rec);
  assert.deepEqual(left, []);
});
