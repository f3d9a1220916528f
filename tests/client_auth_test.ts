/**
 * Authentication against a mock cluster with security on: LOGIN per node, AUTHENTICATE with the
 * session token on every later connection, renewal on expiry (the mock's clock) and before it
 * (the session's clock), refused logins with the server's code, and no secret anywhere visible.
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { AerospikeError, Client, Key, ResultCode } from "../mod.ts";
import { MockCluster, type MockSecurityOptions } from "../server_mock/mod.ts";
import { Credentials, hashPassword } from "../src/auth/credentials.ts";
import { Authenticator } from "../src/auth/session.ts";
import { Connection } from "../src/net/connection.ts";
import { defaultConnector } from "../src/transport/auto.ts";

const SECRET = "hunter2-Sup3r-S3cret";
const USERS: MockSecurityOptions = {
  users: [
    { user: "app", password: SECRET, roles: ["read-write"] },
    { user: "admin", password: "admin", roles: ["user-admin"] },
  ],
};

async function withSecured(
  options: MockSecurityOptions & { now?: () => number },
  fn: (mock: MockCluster) => Promise<void>,
): Promise<void> {
  const { now, ...security } = options;
  const mock = await MockCluster.start({ security, clock: now });
  try {
    await fn(mock);
  } finally {
    await mock.close();
  }
}

async function connected(mock: MockCluster, fn: (client: Client) => Promise<void>): Promise<void> {
  const client = await Client.connect({ hosts: mock.seeds, user: "app", password: SECRET });
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

async function rejection(p: Promise<unknown>): Promise<AerospikeError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AerospikeError, String(e));
    return e;
  }
  assert.fail("expected a rejection");
}

/** Closes the node's idle connections and waits until the client has seen them go. */
async function dropIdle(mock: MockCluster, client: Client): Promise<void> {
  mock.nodes[0].closeIdleConnections();
  while (client.stats().connections.idle > 0) await new Promise((r) => setTimeout(r, 5));
}

test("a client with user and password logs in and then reads and writes", async () => {
  await withSecured(USERS, async (mock) => {
    await connected(mock, async (client) => {
      const key = new Key("test", "auth", 1);
      await client.put(key, { v: 1 });
      assert.deepEqual({ ...(await client.get(key))?.bins }, { v: 1 });
    });
    assert.equal(mock.security!.stats().logins, 1); // one node: one LOGIN, on its tend connection
  });
});

test("a connection opened after login authenticates with the session token", async () => {
  await withSecured(USERS, async (mock) => {
    await connected(mock, async (client) => {
      const before = mock.security!.stats();
      assert.equal(before.authentications, 0);
      // Three commands at once need three new pooled connections.
      await Promise.all([1, 2, 3].map((i) => client.put(new Key("test", "auth", i), { i })));
      const after = mock.security!.stats();
      assert.equal(after.logins, before.logins); // no new LOGIN: the token was enough
      assert.equal(after.authentications, client.stats().connections.open);
      assert.ok(after.authentications >= 1);
    });
  });
});

test("an expired session is replaced by a new login when a connection opens", async () => {
  let now = Date.now();
  await withSecured({ ...USERS, sessionTtlSec: 600, now: () => now }, async (mock) => {
    await connected(mock, async (client) => {
      await client.put(new Key("test", "auth", 1), { v: 1 });
      await dropIdle(mock, client);
      now += 601_000; // the server's session is over; the client still holds its token
      const before = mock.security!.stats();
      await client.put(new Key("test", "auth", 2), { v: 2 });
      const after = mock.security!.stats();
      assert.equal(after.refused, before.refused + 1); // AUTHENTICATE answered EXPIRED_SESSION
      assert.equal(after.logins, before.logins + 1); // then LOGIN with the password worked
      assert.deepEqual({ ...(await client.get(new Key("test", "auth", 2)))?.bins }, { v: 2 });
    });
  });
});

test("a session close to its end is renewed by a login at tend time", async () => {
  let now = 1_000_000;
  await withSecured(USERS, async (mock) => {
    const creds = (await Credentials.create({ user: "app", password: SECRET, tls: false }))!;
    const session = new Authenticator(creds, { refreshMarginMs: 1000, now: () => now }).forNode();
    const [host, port] = mock.seeds.split(":");
    const conn = await Connection.open(defaultConnector(), { host, port: Number(port), timeoutMs: 1000 });
    try {
      await session.open(conn);
      assert.equal(mock.security!.stats().logins, 1);
      await session.refresh(conn); // far from expiry: nothing sent
      assert.equal(mock.security!.stats().logins, 1);
      assert.ok(session.hasToken);
      // 86400 s TTL: the client relies on 86340 s; within the margin it logs in again.
      now += 86_340_000 - 500;
      await session.refresh(conn);
      assert.equal(mock.security!.stats().logins, 2);
      now += 86_340_000 - 1; // counted from the renewal: still valid
      assert.equal(session.hasToken, true);
      now += 2;
      assert.equal(session.hasToken, false);
    } finally {
      conn.close();
    }
  });
});

test("a wrong password fails with the server's code and the password appears nowhere", async () => {
  await withSecured(USERS, async (mock) => {
    const wrong = "wrong-" + SECRET;
    const err = await rejection(Client.connect({ hosts: mock.seeds, user: "app", password: wrong }));
    assert.equal(err.code, ResultCode.INVALID_CREDENTIAL);
    const hash = await hashPassword(wrong);
    const hashTail = hash.slice(29); // the part after the public salt
    for (const text of [err.message, String(err.stack), JSON.stringify(err), String(err), inspect(err)]) {
      assert.ok(!text.includes(wrong) && !text.includes(SECRET) && !text.includes(hashTail), text);
    }
    const unknown = await rejection(Client.connect({ hosts: mock.seeds, user: "nobody", password: "x" }));
    assert.equal(unknown.code, ResultCode.INVALID_USER);
  });
});

test("stats(), JSON and inspect of a logged-in client show no password or hash", async () => {
  await withSecured(USERS, async (mock) => {
    await connected(mock, async (client) => {
      await client.put(new Key("test", "auth", 1), { v: 1 });
      const hashTail = (await hashPassword(SECRET)).slice(29);
      const views = [
        JSON.stringify(client.stats()),
        JSON.stringify(client),
        inspect(client, { showHidden: true, depth: 10 }),
        String(client),
      ];
      for (const text of views) assert.ok(!text.includes(SECRET) && !text.includes(hashTail), text);
      const creds = await Credentials.create({ user: "app", password: SECRET, tls: false });
      assert.equal(JSON.stringify(creds), '{"user":"app","authMode":"internal"}');
      assert.ok(!inspect(creds, { showHidden: true }).includes(hashTail));
    });
  });
});

test("a secured cluster refuses a client without credentials with NOT_AUTHENTICATED", async () => {
  await withSecured(USERS, async (mock) => {
    const err = await rejection(Client.connect({ hosts: mock.seeds }));
    assert.equal(err.code, ResultCode.NOT_AUTHENTICATED);
  });
});

// Community Edition refuses a login with SECURITY_NOT_SUPPORTED (51); like the official clients,
// a client given credentials then does not connect, and says why.
targetTest(
  "a client with credentials cannot log in to Community Edition and is told to drop them",
  async (t) => {
    const err = await Client.connect({ hosts: t.seeds, user: "app", password: SECRET }).catch((e) => e);
    assert.ok(err instanceof AerospikeError, String(err));
    assert.equal(err.code, ResultCode.SECURITY_NOT_SUPPORTED, err.message);
    assert.match(err.message, /without user and password/);
    assert.ok(!err.message.includes(SECRET));
  },
);

// Mock-only: an Enterprise server without security configured (CE cannot be one).
test("credentials sent to a server without security are accepted (it answers SECURITY_NOT_ENABLED)", async () => {
  const mock = await MockCluster.start({ edition: "enterprise" });
  try {
    const client = await Client.connect({ hosts: mock.seeds, user: "app", password: SECRET });
    try {
      await client.put(new Key("test", "auth", 1), { v: 1 });
      assert.equal((await client.get(new Key("test", "auth", 1)))?.bins.v, 1);
    } finally {
      await client.close();
    }
  } finally {
    await mock.close();
  }
});

test("external and PKI modes refuse to run without TLS, and misused options are TypeErrors", async () => {
  const hosts = "127.0.0.1:1"; // never reached: the options are checked first
  const cases: Record<string, unknown>[] = [
    { user: "u", password: "p", authMode: "external" },
    { authMode: "pki" },
    { user: "u" },
    { password: "p" },
    { user: "", password: "p" },
    { user: "u", password: "p", authMode: "ldap" },
  ];
  for (const c of cases) {
    await assert.rejects(Client.connect({ hosts, ...c } as never), TypeError, JSON.stringify(c));
  }
  const err = await Client.connect({ hosts, user: "u", password: SECRET, authMode: "external" }).catch((e) =>
    e
  );
  assert.ok(!String(err.message).includes(SECRET));
});
