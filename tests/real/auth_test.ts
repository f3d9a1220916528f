// Authentication and user/role admin against a real secured (Enterprise) cluster: runs only with
// AEROSPIKE_HOSTS, AEROSPIKE_USER and AEROSPIKE_PASSWORD (a user with user-admin and read-write,
// e.g. admin granted read-write). AEROSPIKE_TLS_NAME etc. are not handled here: plain TCP.
import assert from "node:assert/strict";
import { test } from "../helpers/test.ts";
import { NO_SERVER, REAL_HOSTS, REAL_NS, withRealClient } from "./real_env.ts";
import { resultCode } from "../helpers/errors.ts";
import { AerospikeError, Client, Key, ResultCode } from "../../mod.ts";

const user = Deno.env.get("AEROSPIKE_USER") ?? "";
const password = Deno.env.get("AEROSPIKE_PASSWORD") ?? "";
const ignore = NO_SERVER || user === "" || password === "";
const ns = REAL_NS;
const suffix = `${Date.now() % 100000}`;

/** A client logged in as AEROSPIKE_USER for one test. */
function withClient(fn: (c: Client) => Promise<void>): Promise<void> {
  return withRealClient(fn, { user, password });
}

test("real: a logged-in client writes and reads, and many connections authenticate", async () => {
  await withClient(async (client) => {
    const keys = Array.from({ length: 20 }, (_, i) => new Key(ns, `aerolite_auth_${suffix}`, i));
    await Promise.all(keys.map((k, i) => client.put(k, { i })));
    const recs = await Promise.all(keys.map((k) => client.get(k)));
    assert.deepEqual(recs.map((r) => r?.bins.i), keys.map((_, i) => i));
    await Promise.all(keys.map((k) => client.remove(k)));
  });
}, { ignore });

test("real: a wrong password is refused with the server's code and no secret", async () => {
  const wrong = password + "-wrong";
  const err = await Client.connect({ hosts: REAL_HOSTS, user, password: wrong }).catch((e) => e);
  assert.ok(err instanceof AerospikeError, String(err));
  assert.ok(
    [ResultCode.INVALID_CREDENTIAL, ResultCode.INVALID_PASSWORD].includes(err.code as never),
    err.message,
  );
  assert.ok(!err.message.includes(wrong) && !String(err.stack).includes(wrong));
}, { ignore });

test("real: users and roles round-trip through the admin API", async () => {
  await withClient(async (client) => {
    const role = `aerolite_role_${suffix}`;
    const name = `aerolite_user_${suffix}`;
    await client.createRole(role, [{ code: "read", ns }]);
    try {
      assert.deepEqual((await client.queryRole(role))?.privileges, [{ code: "read", ns }]);
      await client.createUser(name, "Pass-" + suffix, [role]);
      try {
        assert.deepEqual((await client.queryUser(name))?.roles, [role]);
        await client.grantRoles(name, ["read-write"]);
        assert.deepEqual((await client.queryUser(name))?.roles.sort(), [role, "read-write"].sort());
      } finally {
        await client.dropUser(name);
      }
      assert.notEqual(await resultCode(client.queryUser(name)), 0);
    } finally {
      await client.dropRole(role);
    }
  });
}, { ignore });
