/**
 * The user and role admin API against a mock cluster with security on (round trips, the server's
 * refusal codes, role enforcement) and against a Community-Edition-like mock (code 52).
 */
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { resultCode } from "./helpers/errors.ts";
import { AerospikeError, Client, Key, ResultCode } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

const SECURITY = {
  users: [
    { user: "admin", password: "admin", roles: ["user-admin"] },
    { user: "reader", password: "r-pass", roles: ["read"] },
    { user: "app", password: "a-pass", roles: ["read-write"] },
  ],
};

async function withAdmin(fn: (client: Client, mock: MockCluster) => Promise<void>): Promise<void> {
  const mock = await MockCluster.start({ nodes: 2, security: SECURITY });
  try {
    const client = await Client.connect({ hosts: mock.seeds, user: "admin", password: "admin" });
    try {
      await fn(client, mock);
    } finally {
      await client.close();
    }
  } finally {
    await mock.close();
  }
}

async function as<T>(mock: MockCluster, user: string, pw: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await Client.connect({ hosts: mock.seeds, user, password: pw });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

test("users are created, queried, granted and revoked roles, and dropped", async () => {
  await withAdmin(async (client, mock) => {
    await client.createUser("bob", "b-pass", ["read"]);
    const bob = await client.queryUser("bob");
    assert.equal(bob?.name, "bob");
    assert.deepEqual(bob?.roles, ["read"]);
    assert.equal(typeof bob?.connsInUse, "number");
    assert.ok(Array.isArray(bob?.readInfo) && Array.isArray(bob?.writeInfo));
    await client.grantRoles("bob", ["read-write", "sys-admin"]);
    assert.deepEqual((await client.queryUser("bob"))?.roles, ["read", "read-write", "sys-admin"]);
    await client.revokeRoles("bob", ["read", "sys-admin"]);
    assert.deepEqual((await client.queryUser("bob"))?.roles, ["read-write"]);
    assert.deepEqual((await client.queryUsers()).map((u) => u.name), ["admin", "app", "bob", "reader"]);
    // bob can log in with his password and write (read-write role).
    await as(mock, "bob", "b-pass", (c) => c.put(new Key("test", "sec", 1), { v: 1 }));
    assert.equal(await resultCode(client.createUser("bob", "x", [])), ResultCode.USER_ALREADY_EXISTS);
    assert.equal(await resultCode(client.createUser("eve", "x", ["no-such-role"])), ResultCode.INVALID_ROLE);
    await client.dropUser("bob");
    assert.equal(await resultCode(client.queryUser("bob")), ResultCode.INVALID_USER);
    assert.equal(await resultCode(client.dropUser("bob")), ResultCode.INVALID_USER);
    assert.equal(await resultCode(as(mock, "bob", "b-pass", async () => {})), ResultCode.INVALID_USER);
  });
});

test("roles are created with scoped privileges, whitelist and quotas, changed, queried and dropped", async () => {
  await withAdmin(async (client) => {
    await client.createRole(
      "reporting",
      [{ code: "read", ns: "test", set: "sales" }, { code: "sys-admin" }],
      {
        whitelist: ["10.0.0.0/24", "127.0.0.1"],
        readQuota: 500,
      },
    );
    assert.deepEqual(await client.queryRole("reporting"), {
      name: "reporting",
      privileges: [{ code: "read", ns: "test", set: "sales" }, { code: "sys-admin" }],
      whitelist: ["10.0.0.0/24", "127.0.0.1"],
      readQuota: 500,
      writeQuota: 0,
    });
    await client.grantPrivileges("reporting", [{ code: "read-write", ns: "test" }]);
    await client.revokePrivileges("reporting", [{ code: "sys-admin" }]);
    await client.setWhitelist("reporting", []);
    await client.setQuotas("reporting", { readQuota: 10, writeQuota: 20 });
    assert.deepEqual(await client.queryRole("reporting"), {
      name: "reporting",
      privileges: [{ code: "read", ns: "test", set: "sales" }, { code: "read-write", ns: "test" }],
      whitelist: [],
      readQuota: 10,
      writeQuota: 20,
    });
    const names = (await client.queryRoles()).map((r) => r.name);
    assert.ok(names.includes("reporting") && names.includes("read-write") && names.includes("user-admin"));
    assert.deepEqual((await client.queryRole("read"))?.privileges, [{ code: "read" }]);
    assert.equal(await resultCode(client.createRole("reporting", [])), ResultCode.ROLE_ALREADY_EXISTS);
    await client.dropRole("reporting");
    assert.equal(await resultCode(client.queryRole("reporting")), ResultCode.INVALID_ROLE);
    assert.equal(await resultCode(client.dropRole("reporting")), ResultCode.INVALID_ROLE);
  });
});

test("a role scoped to a set lets its user write there and nowhere else", async () => {
  await withAdmin(async (client, mock) => {
    await client.createRole("sales-rw", [{ code: "read-write", ns: "test", set: "sales" }]);
    await client.createUser("carl", "c-pass", ["sales-rw"]);
    await as(mock, "carl", "c-pass", async (c) => {
      await c.put(new Key("test", "sales", 1), { v: 1 });
      assert.equal(await resultCode(c.put(new Key("test", "other", 1), { v: 1 })), ResultCode.ROLE_VIOLATION);
    });
  });
});

test("a user with only the read role reads but gets ROLE_VIOLATION on writes and admin commands", async () => {
  await withAdmin(async (client, mock) => {
    const key = new Key("test", "sec", "r");
    await as(mock, "app", "a-pass", (c) => c.put(key, { v: 7 }));
    await as(mock, "reader", "r-pass", async (c) => {
      assert.equal((await c.get(key))?.bins.v, 7);
      const err = await c.put(key, { v: 8 }).catch((e) => e);
      assert.ok(err instanceof AerospikeError);
      assert.equal(err.code, ResultCode.ROLE_VIOLATION);
      assert.equal(await resultCode(c.createUser("x", "y", [])), ResultCode.ROLE_VIOLATION);
      assert.equal(await resultCode(c.queryUsers()), ResultCode.ROLE_VIOLATION);
      assert.deepEqual((await c.queryUser("reader"))?.roles, ["read"]); // its own record is allowed
    });
    // user-admin alone grants no data access.
    assert.equal(await resultCode(client.get(key)), ResultCode.ROLE_VIOLATION);
  });
});

test("changePassword changes the client's own password and later logins use the new one", async () => {
  await withAdmin(async (_admin, mock) => {
    await as(mock, "app", "a-pass", async (c) => {
      await c.changePassword("a-pass-2");
      // The old sessions ended: new connections log in again, with the new password.
      for (const n of mock.nodes) n.closeIdleConnections();
      while (c.stats().connections.idle > 0) await new Promise((r) => setTimeout(r, 5));
      await c.put(new Key("test", "sec", "pw"), { v: 1 });
    });
    assert.equal(await resultCode(as(mock, "app", "a-pass", async () => {})), ResultCode.INVALID_CREDENTIAL);
    await as(mock, "app", "a-pass-2", async () => {});
  });
});

test("setPassword lets a user admin reset another user's password", async () => {
  await withAdmin(async (client, mock) => {
    await client.setPassword("reader", "new-r");
    assert.equal(
      await resultCode(as(mock, "reader", "r-pass", async () => {})),
      ResultCode.INVALID_CREDENTIAL,
    );
    await as(mock, "reader", "new-r", async () => {});
    assert.equal(await resultCode(client.setPassword("nobody", "x")), ResultCode.INVALID_USER);
  });
});

// Community Edition has no security: every admin command answers SECURITY_NOT_SUPPORTED (51).
// (The secured behaviour above is mock-only: CE cannot run it.)
targetTest(
  "Community Edition answers every admin command with SECURITY_NOT_SUPPORTED and a clear message",
  async (t) => {
    const { client } = t;
    const calls = [
      () => client.queryUsers(),
      () => client.queryUser("aerolite_u"),
      () => client.createUser("aerolite_u", "pw-12345", ["read"]),
      () => client.dropUser("aerolite_u"),
      () => client.queryRole("aerolite_r"),
      () => client.createRole("aerolite_r", [{ code: "read" }]),
    ];
    for (const call of calls) {
      const err = await (call() as Promise<unknown>).catch((e) => e);
      assert.ok(err instanceof AerospikeError, String(err));
      assert.equal(err.code, ResultCode.SECURITY_NOT_SUPPORTED, err.message);
      assert.match(err.message, /no security support \(Community Edition\)/);
    }
  },
);

// Mock-only: an Enterprise server without security configured (CE cannot be one).
test("a server without security answers admin commands with SECURITY_NOT_ENABLED and a clear message", async () => {
  const mock = await MockCluster.start({ edition: "enterprise" });
  try {
    const client = await Client.connect({ hosts: mock.seeds });
    try {
      const calls = [
        () => client.queryUsers(),
        () => client.createUser("u", "p", []),
        () => client.queryRole("r"),
      ];
      for (const call of calls) {
        const err = await (call() as Promise<unknown>).catch((e) => e);
        assert.ok(err instanceof AerospikeError);
        assert.equal(err.code, ResultCode.SECURITY_NOT_ENABLED);
        assert.match(err.message, /security is not enabled/);
      }
      // Own password without a login: nothing to change.
      await assert.rejects(client.changePassword("x"), TypeError);
    } finally {
      await client.close();
    }
  } finally {
    await mock.close();
  }
});

test("malformed admin arguments are TypeErrors or RangeErrors before anything is sent", async () => {
  await withAdmin(async (client, mock) => {
    const before = mock.nodes.reduce((n, node) => n + node.stats().commands.admin, 0);
    await assert.rejects(client.createRole("r", [{ code: "root" as never }]), TypeError);
    await assert.rejects(client.createRole("r", [{ code: "sys-admin", ns: "test" }]), TypeError);
    await assert.rejects(client.createRole("r", [{ code: "read", set: "s" }]), TypeError);
    await assert.rejects(client.createRole("r", [], { readQuota: -1 }), RangeError);
    await assert.rejects(client.createUser("", "p", []), TypeError);
    await assert.rejects(client.grantRoles("u", "read" as never), TypeError);
    await assert.rejects(client.dropUser(undefined as never), TypeError);
    const after = mock.nodes.reduce((n, node) => n + node.stats().commands.admin, 0);
    assert.equal(after, before);
  });
});

// Mock-only (security is Enterprise): the connections are held by reads slowed with a delay fault.
test("user admin commands wait for a pooled connection while data commands hold every one", async () => {
  const security = { users: [{ user: "ops", password: "o-pass", roles: ["user-admin", "read-write"] }] };
  await using mock = await MockCluster.start({ nodes: 1, security });
  await using client = await Client.connect({
    hosts: mock.seeds,
    user: "ops",
    password: "o-pass",
    maxConnsPerNode: 2,
  });
  const keys = [new Key("test", "hold", 1), new Key("test", "hold", 2)];
  await Promise.all(keys.map((k) => client.exists(k))); // two connections open, both idle
  mock.nodes[0].faults({ on: "read", delayMs: 300 });
  let finished = 0;
  const reads = Promise.all(
    keys.map((k) => client.get(k, undefined, { totalTimeout: 10_000 }).finally(() => finished++)),
  );
  while (client.stats().connections.idle > 0) await new Promise((r) => setTimeout(r, 5));
  // before: NO_AVAILABLE_CONNECTIONS_TO_NODE (-8) at once
  assert.deepEqual((await client.queryUsers({ timeout: 10_000 })).map((u) => u.name), ["ops"]);
  assert.ok(finished >= 1, "the admin command ran on a connection a slow read gave back");
  await reads;
});
