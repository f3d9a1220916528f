// Issue 14: every trap a user porting from the official `aerospike` npm client (or making a
// typo) could fall into throws a TypeError/RangeError that names the call, the key and the right
// name, before any I/O. These run against the mock only: the errors are raised before a request
// is built, so a real server adds nothing (the honoured options are checked in
// item_policies_test.ts, on both targets).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { Client, exp, Filter, hll, Key, lists, maps, ops, Ttl } from "../mod.ts";
import * as bits from "../src/ops/bits.ts";

const key = new Key("test", "traps", "k");
const filter = exp.build(exp.eq(exp.intBin("n"), exp.int(1)));

test("the official filterExpression key on a write is refused with 'did you mean filter'", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await assert.rejects(
      client.put(key, { n: 1 }, { filterExpression: filter } as never),
      (e: Error) =>
        e instanceof TypeError &&
        /put\(\): unknown write policy key 'filterExpression'; did you mean 'filter'\?/.test(e.message),
    );
    // Nothing was written: the check runs before any I/O.
    assert.equal(await client.exists(key), false);
  });
});

test("the official meta key gen is refused with a pointer to generation and generationPolicy", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await assert.rejects(
      client.put(key, { n: 1 }, { gen: 3 } as never),
      (e: Error) =>
        e instanceof TypeError &&
        /unknown write policy key 'gen'; did you mean 'generation'\?/.test(e.message) &&
        /generationPolicy/.test(e.message),
    );
  });
});

test("a mistyped policy key is refused with the closest known name", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await assert.rejects(
      client.get(key, { totalTimout: 50 } as never),
      /get\(\): unknown read policy key 'totalTimout'; did you mean 'totalTimeout'\?/,
    );
    await assert.rejects(
      client.remove(key, { durabledelete: true } as never),
      /did you mean 'durableDelete'\?/,
    );
    await assert.rejects(
      client.batchGet([key], { respondAllKey: true } as never),
      /did you mean 'respondAllKeys'\?/,
    );
  });
});

test("wrong types and out-of-range policy values name the key", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await assert.rejects(
      client.put(key, { n: 1 }, { sendKey: "yes" } as never),
      (e: Error) => e instanceof TypeError && /sendKey must be a boolean, got "yes"/.test(e.message),
    );
    await assert.rejects(client.put(key, { n: 1 }, { ttl: -4 }), RangeError);
    await assert.rejects(client.get(key, { readTouchTtlPercent: 101 }), RangeError);
    await assert.rejects(
      client.put(key, { n: 1 }, { replica: 1 } as never),
      /replica must be one of .*the official client's numeric policy.replica values are MASTER \(0\)/,
    );
  });
});

test("the official put(key, bins, meta, policy) shape is refused: ttl and generation go in the write policy", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const put = client.put as (...args: unknown[]) => Promise<void>;
    await assert.rejects(
      put.call(client, key, { n: 1 }, { ttl: 60 }, { totalTimeout: 100 }),
      (e: Error) =>
        e instanceof TypeError &&
        /meta, policy.*ttl and generation belong in the write policy/.test(e.message),
    );
    assert.equal(await client.exists(key), false);
  });
});

test("exists 'update' is refused with both meanings; createOrUpdate and updateOnly work", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await assert.rejects(
      client.put(key, { n: 1 }, { exists: "update" as never }),
      (e: Error) =>
        e instanceof TypeError && /'update' is ambiguous/.test(e.message) &&
        /createOrUpdate/.test(e.message) &&
        /updateOnly/.test(e.message),
    );
    await assert.rejects(client.put(key, { n: 1 }, { exists: 2 as never }), /UPDATE \(2\) = 'updateOnly'/);
    await assert.rejects(
      client.put(key, { n: 1 }, { exists: "updateOnly" }),
      (e: { code?: number }) => e.code === 2,
    );
    await client.put(key, { n: 1 }, { exists: "createOrUpdate" });
    await client.put(key, { n: 2 }, { exists: "updateOnly" });
    assert.equal((await client.get(key))?.bins.n, 2);
  });
});

test("an extra positional argument to a client call is refused", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const get = client.get as (...args: unknown[]) => Promise<unknown>;
    await assert.rejects(get.call(client, key, ["a"], {}, {}), /get\(\) takes at most 3 arguments/);
    const touch = client.touch as (...args: unknown[]) => Promise<unknown>;
    await assert.rejects(touch.call(client, key, 60, {}), /touch\(\) takes at most 2 arguments.*\{ ttl \}/);
    await assert.rejects(client.touch(key, 60 as never), /the write policy must be an object/);
  });
});

test("batchGet(keys, policy) in the official order is accepted like get(key, policy)", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await client.put(key, { n: 7 });
    const [rec] = await client.batchGet([key], { totalTimeout: 2000 });
    assert.equal(rec?.bins.n, 7);
    await assert.rejects(client.batchGet([key], { totalTimout: 1 } as never), /did you mean 'totalTimeout'/);
  });
});

test("changePassword(user, password) in the official order is refused instead of setting the password to the user name", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await assert.rejects(
      client.changePassword("app", "new" as never),
      (e: Error) => e instanceof TypeError && /setPassword\(user, password\)/.test(e.message),
    );
  });
});

test("operation builders refuse positional arguments where the options object belongs", () => {
  // lists.getRange("l", 0, 3) would have read to the end of the list.
  assert.throws(
    () => lists.getRange("l", 0, 3 as never),
    (e: Error) =>
      e instanceof TypeError &&
      /lists\.getRange\(\): the options must be an object \{ ctx, count \}, got 3/.test(e.message),
  );
  // The official client's numeric return types.
  assert.throws(
    () => maps.getByKey("m", "k", 7 as never),
    /maps\.getByKey\(\): the options must be an object/,
  );
  assert.throws(() => maps.getByKey("m", "k", { returnType: 7 as never }), /returnType takes a name/);
  assert.throws(() => lists.getByIndex("l", 0, { returnType: "valu" as never }), /returnType must be one of/);
  // A count on a selector that takes none would be ignored.
  assert.throws(() => lists.getByIndex("l", 0, { count: 2 } as never), /takes no count/);
  assert.throws(() => lists.getByIndexRange("l", 0, { cout: 2 } as never), /did you mean 'count'\?/);
  assert.throws(
    () => lists.append("l", 1, { policy: { addUnqiue: true } } as never),
    /did you mean 'addUnique'\?/,
  );
  assert.throws(() => maps.put("m", "k", 1, { policy: { writeFlags: 1 } } as never), /set the flags by name/);
  assert.throws(() => bits.add("b", 0, 8, 1, { overflow: "clamp" } as never), /overflow must be one of/);
  assert.throws(() => hll.add("h", [1], { indexBits: 8 } as never), /did you mean 'indexBitCount'\?/);
  assert.ok(ops.add("n", 1), "plain ops keep working");
});

test("Filter.range(bin, begin, end, indexType) is refused: the collection goes in the options", () => {
  assert.throws(
    () => Filter.range("n", 1, 9, 1 as never),
    (e: Error) =>
      e instanceof TypeError &&
      /Filter\.range\(\): the filter options must be an object \{ collection, ctx \}/.test(e.message),
  );
  assert.throws(() => Filter.equal("n", 1, { indexType: "list" } as never), /did you mean 'collection'\?/);
  assert.equal(Filter.range("n", 1, 9, { collection: "list" }).indexType, 1);
});

test("expression builders check their options too", () => {
  assert.throws(
    () => exp.regex("^a", exp.strBin("s"), { ignoreCase: true } as never),
    /did you mean 'icase'\?/,
  );
  assert.throws(
    () => exp.listGetByIndex(exp.listBin("l"), 0, "int", { returnTyp: "value" } as never),
    /did you mean 'returnType'\?/,
  );
});

test("Client.connect() refuses unknown options and the official client's names before connecting", async () => {
  await assert.rejects(
    Client.connect({ hosts: "127.0.0.1:1", tenderInterval: 500 } as never),
    /unknown client option key 'tenderInterval'; did you mean 'tendInterval'\?/,
  );
  await assert.rejects(
    Client.connect({ hosts: "127.0.0.1:1", policies: { batchRead: {} } } as never),
    /batch reads follow policies.batch/,
  );
  await assert.rejects(
    Client.connect({ hosts: "127.0.0.1:1", policies: { write: { filterExpression: filter } } } as never),
    /did you mean 'filter'\?/,
  );
});

test("batch() item policies are checked per item type", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    await assert.rejects(
      client.batch([{ type: "read", key, policy: { totalTimeout: 5 } as never }]),
      /batch\(\) item 0: unknown batch read item policy key 'totalTimeout'; timeouts and retries apply to the whole batch/,
    );
    await assert.rejects(
      client.batch([{ type: "remove", key, policy: { ttl: 5 } as never }]),
      /batch remove item policy key 'ttl'; a remove takes no ttl/,
    );
    await assert.rejects(client.batch([{ type: "read", key, bin: ["a"] } as never]), /did you mean 'bins'\?/);
  });
});

test("Ttl names the official client's special values", () => {
  assert.deepEqual({ ...Ttl }, {
    NAMESPACE_DEFAULT: 0,
    NEVER_EXPIRE: -1,
    DONT_UPDATE: -2,
    CLIENT_DEFAULT: -3,
  });
});

test("a query refuses the policy keys it would ignore and points to the options", async () => {
  await withCluster({ nodes: 1 }, ({ client }) => {
    assert.throws(
      () => client.query("test", "q", { policy: { filter } as never }),
      /unknown query policy key 'filter'; a query's filter expression goes in the query options/,
    );
    assert.throws(
      () => client.query("test", "q", { filterExpression: filter } as never),
      /did you mean 'expression'/,
    );
    assert.throws(() => client.query("test", "q", { select: ["a"] } as never), /did you mean 'bins'\?/);
    return Promise.resolve();
  });
});
