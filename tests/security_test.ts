/**
 * Security: names that are special to JavaScript stay data, credentials never surface in errors
 * or stats, server-supplied strings are never evaluated, and a node address learnt from peers is
 * only used when the options allow it.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { inspect } from "node:util";
import { AerospikeError, Client, Key, maps, ops, ResultCode, type Value } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";
import { FrameReader } from "../src/wire/frame_reader.ts";
import { defaultConnector } from "../src/transport/auto.ts";
import type { Conn, Connector } from "../src/transport/transport.ts";
import { BCRYPT_SALT, decodeAdminMessage, loginSession } from "../src/wire/admin.ts";
import { packValue, unpackValue } from "../src/wire/msgpack.ts";
import { PROTO_TYPE_ADMIN } from "../src/wire/proto.ts";
import { withCluster } from "./helpers/cluster.ts";
import { failure } from "./helpers/errors.ts";
import { tapConn } from "./helpers/tap_conn.ts";
import { test } from "./helpers/test.ts";

// ---------------------------------------------------------------------------------------------
// Prototype pollution: __proto__, constructor and prototype as bin names and map keys.

const SPECIAL = ["__proto__", "constructor", "prototype"] as const;

/** A map whose keys are the special names, built by JSON.parse so `__proto__` is an own key. */
function evilMap(tag: string): Value {
  return JSON.parse(
    `{"__proto__": {"polluted": "${tag}"}, "constructor": {"prototype": {"polluted": "${tag}"}},` +
      ` "prototype": {"polluted": "${tag}"}}`,
  ) as Value;
}

function evilBins(): Record<string, Value> {
  const bins = JSON.parse('{"plain": 1}') as Record<string, Value>;
  for (const name of SPECIAL) Object.defineProperty(bins, name, { value: evilMap(name), enumerable: true });
  bins.m = evilMap("m");
  return bins;
}

function assertNotPolluted(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.polluted, undefined, "Object.prototype was polluted");
  assert.equal(Object.hasOwn(Object.prototype, "polluted"), false);
  assert.equal((Object as unknown as Record<string, unknown>).polluted, undefined);
  assert.equal((Function.prototype as unknown as Record<string, unknown>).polluted, undefined);
}

/** `v` is the map `evilMap(tag)`, with the special names as own keys. */
function assertEvilMap(v: unknown, tag: string): void {
  assert.ok(v !== null && typeof v === "object", `expected a map, got ${inspect(v)}`);
  const m = v as Record<string, unknown>;
  for (const name of SPECIAL) assert.ok(Object.hasOwn(m, name), `map key ${name} is an own property`);
  assert.deepEqual(Object.keys(m).sort(), [...SPECIAL].sort());
  assert.ok(Object.hasOwn(m["__proto__"] as object, "polluted"));
  assert.equal((m["__proto__"] as Record<string, unknown>).polluted, tag);
  assert.equal(
    ((m["constructor"] as Record<string, unknown>).prototype as Record<string, unknown>).polluted,
    tag,
  );
}

function assertEvilBins(bins: Record<string, unknown>): void {
  assert.equal(Object.getPrototypeOf(bins), null, "decoded bins have a null prototype");
  for (const name of SPECIAL) {
    assert.ok(Object.hasOwn(bins, name), `bin ${name} is an own property`);
    assertEvilMap(bins[name], name);
  }
  assertEvilMap(bins.m, "m");
  assert.equal(bins.plain, 1);
}

test("bins and map keys named __proto__, constructor and prototype stay data through put and get", async () => {
  await withCluster({}, async ({ client }) => {
    const key = new Key("test", "sec", "proto");
    await client.put(key, evilBins());
    const rec = await client.get(key);
    assertEvilBins(rec!.bins);
    const only = await client.get(key, ["__proto__", "constructor"]);
    assert.deepEqual(Object.keys(only!.bins).sort(), ["__proto__", "constructor"]);
    assertNotPolluted();
  });
});

test("operate() reads, writes and map operations keep the special names as own data", async () => {
  await withCluster({}, async ({ client }) => {
    const key = new Key("test", "sec", "operate");
    await client.put(key, evilBins());
    const rec = await client.operate(key, [
      ops.write("prototype", 5),
      maps.put("m", "constructor", { polluted: "put" }),
      maps.getByKey("m", "__proto__"),
      ops.read("__proto__"),
      ops.read("prototype"),
    ]);
    assert.ok(Object.hasOwn(rec.bins, "__proto__"));
    assertEvilMap(rec.bins["__proto__"], "__proto__");
    assert.equal(rec.bins.prototype, 5);
    const m = (await client.get(key, ["m"]))!.bins.m as Record<string, unknown>;
    assert.deepEqual(Object.keys(m).sort(), [...SPECIAL].sort());
    assert.equal((m["constructor"] as unknown as Record<string, unknown>).polluted, "put");
    assertNotPolluted();
  });
});

test("batch reads and a scan return the special names as own data", async () => {
  await withCluster({ nodes: 2 }, async ({ client }) => {
    const keys = [0, 1, 2, 3].map((i) => new Key("test", "sec-scan", i));
    for (const k of keys) await client.put(k, evilBins());
    for (const rec of await client.batchGet(keys)) assertEvilBins(rec!.bins);
    const results = await client.batch(keys.map((key) => ({ type: "read" as const, key })));
    for (const r of results) assertEvilBins(r.record!.bins);
    const scanned = await client.query("test", "sec-scan").toArray();
    assert.equal(scanned.length, keys.length);
    for (const r of scanned) assertEvilBins(r.bins);
    assertNotPolluted();
  });
});

test("msgpack round trips keep the special names as own keys at every depth", () => {
  const nested = JSON.parse(
    '{"__proto__": {"__proto__": {"polluted": 1}}, "a": [{"constructor": {"prototype": {"polluted": 2}}}]}',
  ) as Value;
  const back = unpackValue(packValue(nested)) as Record<string, unknown>;
  assert.ok(Object.hasOwn(back, "__proto__"));
  assert.ok(Object.hasOwn(back["__proto__"] as object, "__proto__"));
  const inner = (back.a as Record<string, unknown>[])[0];
  assert.ok(Object.hasOwn(inner, "constructor"));
  assertNotPolluted();
});

// ---------------------------------------------------------------------------------------------
// Credentials: passwords, their hashes and session tokens never surface.

/** The fixed bcrypt salt every Aerospike client hashes passwords with. */

/** A connector that keeps the session tokens of every LOGIN reply it carries. */
function recordingConnector(tokens: Uint8Array[]): Connector {
  const inner = defaultConnector();
  return {
    listen: (o) => inner.listen(o),
    async connect(options): Promise<Conn> {
      const conn = await inner.connect(options);
      const reader = new FrameReader((type, body) => {
        if (type !== PROTO_TYPE_ADMIN) return;
        try {
          const token = loginSession(decodeAdminMessage(body)).token;
          if (token !== undefined) tokens.push(token.slice());
        } catch {
          // not a login reply
        }
      });
      return tapConn(conn, {
        data(chunk) {
          try {
            reader.push(chunk);
          } catch {
            // the client's own reader reports bad frames
          }
        },
      });
    },
  };
}

/** Every text form of a secret a leak could take. */
function forms(secret: string | Uint8Array): string[] {
  if (typeof secret === "string") return [secret];
  const hex = Array.from(secret, (b) => b.toString(16).padStart(2, "0")).join("");
  let bin = "";
  for (const b of secret) bin += String.fromCharCode(b);
  return [hex, hex.toUpperCase(), btoa(bin), Array.from(secret).join(","), Array.from(secret).join(", ")];
}

/** Renders `thing` every way a log line or a report might, and looks for each secret. */
function assertNoSecret(what: string, thing: unknown, secrets: (string | Uint8Array)[]): void {
  const views = [
    String(thing),
    JSON.stringify(thing, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? "",
    inspect(thing, { depth: 10, showHidden: true, getters: true }),
  ];
  if (thing instanceof Error) {
    views.push(thing.message, thing.stack ?? "", inspect(thing.cause, { depth: 10 }));
  }
  for (const s of secrets) {
    for (const f of forms(s)) {
      for (const v of views) assert.ok(!v.includes(f), `${what} contains a secret (${f.slice(0, 6)}...)`);
    }
  }
}

test("the secret scan finds a password, a hash or a token in any of its text forms", () => {
  const token = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4);
  const leaks: unknown[] = [
    new Error("login failed for pw hunter2"),
    new AerospikeError(ResultCode.INVALID_CREDENTIAL, "x", { cause: { token: "deadbeef01020304" } }),
    { session: btoa(String.fromCharCode(...token)) },
    { token: Array.from(token) },
  ];
  for (const leak of leaks) assert.throws(() => assertNoSecret("leak", leak, ["hunter2", token]));
  assertNoSecret("clean", new Error("login failed"), ["hunter2", token]);
});

async function credentialSecrets(password: string): Promise<string[]> {
  const { hash } = await import("bcryptjs");
  return [password, await hash(password, BCRYPT_SALT)];
}

test("connect() with credentials against a server without security leaks no password", async () => {
  const password = "s3cr3t-no-security-Pa55";
  const secrets = await credentialSecrets(password);
  await using mock = await MockCluster.start();
  let client: Client | undefined;
  try {
    client = await Client.connect({ hosts: mock.seeds, user: "ada", password, connectTimeout: 2000 });
  } catch (e) {
    assert.ok(e instanceof AerospikeError, String(e));
    assertNoSecret("the connect error", e, secrets);
  }
  if (client !== undefined) {
    assertNoSecret("stats()", client.stats(), secrets);
    assertNoSecret("the client", client, secrets);
    await client.close();
  }
});

test("a refused login names neither the password nor its hash", async () => {
  const secrets = await credentialSecrets("wrong-Pa55word-42");
  await using mock = await MockCluster.start({
    security: { users: [{ user: "ada", password: "right-one" }] },
  });
  const e = await failure(
    Client.connect({ hosts: mock.seeds, user: "ada", password: "wrong-Pa55word-42", connectTimeout: 2000 }),
  );
  assert.equal(e.code, ResultCode.INVALID_CREDENTIAL, e.message);
  assertNoSecret("the login error", e, secrets);
  const unknown = await failure(
    Client.connect({
      hosts: mock.seeds,
      user: "nobody",
      password: "wrong-Pa55word-42",
      connectTimeout: 2000,
    }),
  );
  assertNoSecret("the unknown-user error", unknown, secrets);
});

test("after a login, stats(), the client and command errors hold no password, hash or session token", async () => {
  const password = "Corr3ct-Horse-Battery";
  const secrets: (string | Uint8Array)[] = await credentialSecrets(password);
  const tokens: Uint8Array[] = [];
  await using mock = await MockCluster.start({
    nodes: 2,
    security: { users: [{ user: "ada", password, roles: ["read-write"] }] },
  });
  const client = await Client.connect({
    hosts: mock.seeds,
    user: "ada",
    password,
    connector: recordingConnector(tokens),
    tendInterval: 50,
  });
  try {
    const key = new Key("test", "sec", "auth");
    await client.put(key, { v: 1 });
    assert.ok(tokens.length > 0, "the mock issued session tokens");
    secrets.push(...tokens);
    const errors: AerospikeError[] = [];
    errors.push(await failure(client.operate(new Key("test", "sec", "missing"), [ops.read("v")])));
    errors.push(await failure(client.put(key, { v: 1 }, { exists: "create" })));
    errors.push(await failure(client.info("no-such-command-here")).catch((e) => e as AerospikeError));
    mock.nodes[0].faults({ stall: true });
    mock.nodes[1].faults({ stall: true });
    errors.push(await failure(client.get(key, undefined, { totalTimeout: 100, maxRetries: 0 })));
    mock.nodes[0].clearFaults();
    mock.nodes[1].clearFaults();
    for (const e of errors) assertNoSecret(`error ${e.code}`, e, secrets);
    assertNoSecret("stats()", client.stats(), secrets);
    assertNoSecret("the client", client, secrets);
  } finally {
    await client.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Server-supplied strings are data, never code.

test("no source file evaluates strings: no eval, Function constructor, string timers or computed imports", () => {
  const files: string[] = [];
  for (const root of ["src", "server_mock"]) {
    for (const f of readdirSync(root, { recursive: true }) as string[]) {
      if (f.endsWith(".ts") && !f.endsWith("_test.ts")) files.push(`${root}/${f}`);
    }
  }
  assert.ok(files.length > 50, `found only ${files.length} source files`);
  const banned: [RegExp, string][] = [
    [/(?<![.\w#])eval\s*\(/, "eval()"],
    [/\bnew\s+Function\b/, "new Function"],
    [/(?<![.\w])Function\s*\(/, "Function()"],
    [/\bset(?:Timeout|Interval)\s*\(\s*["'`]/, "a string timer"],
    [/\bimport\s*\(\s*(?!["'])/, "a computed dynamic import"],
  ];
  for (const f of files) {
    // Comments and method declarations (the mock's expression evaluator has an `eval(e)` method).
    const text = readFileSync(f, "utf8").replace(/^\s*(\/\/|\*).*$/gm, "")
      .replace(/^\s*(?:async\s+)?eval\s*\([^)]*\)\s*:/gm, "");
    for (const [re, what] of banned) assert.ok(!re.test(text), `${f} uses ${what}`);
  }
});

const CODE_STRINGS = [
  "'); globalThis.__aeroliteEvaluated = 1; ('",
  "${globalThis.__aeroliteEvaluated = 1}",
  "constructor.constructor('globalThis.__aeroliteEvaluated = 1')()",
  "__proto__",
];

test("strings that look like code come back as the same strings: bin names, values and info", async () => {
  await withCluster({}, async ({ client }) => {
    const key = new Key("test", "sec", "code");
    const bins: Record<string, Value> = {};
    CODE_STRINGS.forEach((s, i) => (bins[`b${i}`] = s));
    bins.m = Object.fromEntries(CODE_STRINGS.map((s, i) => [s, i]));
    await client.put(key, bins);
    const rec = await client.get(key);
    CODE_STRINGS.forEach((s, i) => assert.equal(rec!.bins[`b${i}`], s));
    assert.deepEqual(Object.keys(rec!.bins.m as object).sort(), [...CODE_STRINGS].sort());
    for (const s of CODE_STRINGS) {
      // The mock answers unknown info commands with an error text or nothing; either is data.
      const answer = await client.info(s.replace(/[;\n\t]/g, "")).catch((e: unknown) => e);
      assert.ok(typeof answer === "string" || answer instanceof AerospikeError, inspect(answer));
    }
    assert.equal((globalThis as Record<string, unknown>).__aeroliteEvaluated, undefined);
    assertNotPolluted();
  });
});

// ---------------------------------------------------------------------------------------------
// Peers: an address learnt from a node is used only when the options allow it.

async function afterTends(mock: MockCluster, cycles: number): Promise<void> {
  // Each tend cycle asks the seed for its generations: count its info requests.
  const seed = mock.nodes[0];
  const target = seed.stats().commands.info + cycles;
  const end = Date.now() + 5000;
  while (seed.stats().commands.info < target) {
    if (Date.now() > end) assert.fail("the client stopped tending");
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("without seedOnly a client seeded with one node finds the others through peers", async () => {
  await using mock = await MockCluster.start({ nodes: 3 });
  const client = await Client.connect({ hosts: mock.nodes[0].address, tendInterval: 20 });
  try {
    assert.equal(client.stats().nodes.length, 3);
  } finally {
    await client.close();
  }
});

test("seedOnly: a client seeded with one node of three never connects to the peers it hears of", async () => {
  await using mock = await MockCluster.start({ nodes: 3 });
  const client = await Client.connect({ hosts: mock.nodes[0].address, seedOnly: true, tendInterval: 20 });
  try {
    await afterTends(mock, 5);
    assert.deepEqual(client.stats().nodes.map((n) => n.name), [mock.nodes[0].name]);
    for (const n of mock.nodes.slice(1)) {
      assert.equal(n.stats().connections.opened, 0, `${n.name} was contacted`);
    }
    // A key of another node has no route; a key of the seed works.
    let mine: Key | undefined;
    let other: Key | undefined;
    for (let i = 0; mine === undefined || other === undefined; i++) {
      const k = new Key("test", "sec", `seed-${i}`);
      if (mock.masterOf("test", k.partitionId) === mock.nodes[0]) mine ??= k;
      else other ??= k;
    }
    await client.put(mine, { v: 1 });
    const e = await failure(client.put(other, { v: 1 }, { totalTimeout: 200 }));
    assert.equal(e.code, ResultCode.INVALID_NODE_ERROR, e.message);
    for (const n of mock.nodes.slice(1)) {
      assert.equal(n.stats().connections.opened, 0, `${n.name} was contacted`);
    }
  } finally {
    await client.close();
  }
});

test("useServicesAlternate: peers come only from the alternate list, never from the standard one", async () => {
  // The mock publishes no alternate addresses: its peers-clear-alt list is empty.
  await using mock = await MockCluster.start({ nodes: 3 });
  const client = await Client.connect({
    hosts: mock.nodes[0].address,
    useServicesAlternate: true,
    tendInterval: 20,
  });
  try {
    await afterTends(mock, 5);
    assert.deepEqual(client.stats().nodes.map((n) => n.name), [mock.nodes[0].name]);
    for (const n of mock.nodes.slice(1)) {
      assert.equal(n.stats().connections.opened, 0, `${n.name} was contacted`);
    }
  } finally {
    await client.close();
  }
});

test("no log line of a run against the secured mock holds the password, its hash or a session token", async () => {
  // Mock-only: security (CE has none), node stops and faults. Every level, every event kind.
  const password = "L0g-Pa55word-never-printed";
  const secrets: (string | Uint8Array)[] = await credentialSecrets(password);
  const tokens: Uint8Array[] = [];
  const lines: string[] = [];
  await using mock = await MockCluster.start({
    nodes: 3,
    namespaces: { test: { replicationFactor: 2 } },
    security: { users: [{ user: "ada", password, roles: ["read-write"] }], sessionTtlSec: 3600 },
  });
  const client = await Client.connect({
    hosts: mock.seeds,
    user: "ada",
    password,
    tendInterval: 20,
    connector: recordingConnector(tokens),
    log: { level: "debug", sink: (e) => lines.push(JSON.stringify(e)) },
  });
  try {
    const key = new Key("test", "sec", "logged");
    await client.put(key, { v: 1 });
    mock.nodes.forEach((n) => n.faults({ on: "read", nth: 1, resetBeforeRead: true }));
    await client.get(key, { maxRetries: 3 }); // a retry, logged at debug
    mock.nodes.forEach((n) => n.faults({}));
    await mock.nodes[2].stop(); // removal, tend and connection failures
    while (client.nodes().length > 2) await new Promise((r) => setTimeout(r, 10));
    await mock.nodes[2].restart(); // added again: logs in again
    while (client.nodes().length < 3) await new Promise((r) => setTimeout(r, 10));
    await client.get(key);
  } finally {
    await client.close();
  }
  // A refused login is logged too (a client with the wrong password).
  await Client.connect({
    hosts: mock.seeds,
    user: "ada",
    password: password + "-wrong",
    log: { level: "debug", sink: (e) => lines.push(JSON.stringify(e)) },
  }).then((c) => c.close(), () => {});
  assert.ok(tokens.length > 0, "no session token was seen");
  assert.ok(lines.some((l) => l.includes("retrying")), "no retry was logged");
  assert.ok(lines.some((l) => l.includes("removed")), "no removal was logged");
  secrets.push(...tokens, password + "-wrong");
  assertNoSecret("the log", lines.join("\n"), secrets);
});
