// TLS end to end: the mock serving TLS only (certificates in tests/fixtures/tls) and the client
// verifying it, on whichever runtime runs the file (Deno, Bun and Node through the shims).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "./helpers/test.ts";
import { failure } from "./helpers/errors.ts";
import { Client, type ClientOptions, ConnectionError, Key, ResultCode } from "../mod.ts";
import { MockCluster, type MockClusterOptions, type MockTlsOptions } from "../server_mock/mod.ts";
import { concatBytes, TransportError } from "../src/transport/transport.ts";
import { bytes, CASES, closedOf, echo, HOST } from "./helpers/transport_cases.ts";

const dir = new URL("./fixtures/tls/", import.meta.url);
const pem = (name: string): string => readFileSync(new URL(name, dir), "utf8");
const CA = pem("ca.pem");
const WRONG_CA = pem("wrong_ca.pem");
const CLIENT_CERT = pem("client.pem");
const CLIENT_KEY = pem("client.key");
/** The server certificate carries this name (and 127.0.0.1, localhost). */
const TLS_NAME = "aerolite-mock";
const SERVER: MockTlsOptions = { cert: pem("server.pem"), key: pem("server.key"), tlsName: TLS_NAME };

/** Seeds naming the TLS name: `127.0.0.1:aerolite-mock:port,...`. */
function tlsSeeds(mock: MockCluster, name = TLS_NAME, count = mock.nodes.length): string {
  return mock.nodes.slice(0, count).map((n) => `127.0.0.1:${name}:${n.port}`).join(",");
}

/** Runs `fn` with a TLS-only mock; the mock is closed afterwards whatever happens. */
async function withTlsMock(
  options: MockClusterOptions,
  fn: (mock: MockCluster) => Promise<void>,
): Promise<void> {
  const mock = await MockCluster.start({ ...options, tls: { ...SERVER, ...options.tls } });
  try {
    await fn(mock);
  } finally {
    await mock.close();
  }
}

/** Connects, runs `fn`, closes the client. */
async function withClient(
  options: ClientOptions,
  fn: (client: Client) => void | Promise<void>,
): Promise<void> {
  const client = await Client.connect(options);
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

/** Awaits a connect that must fail with a ConnectionError and returns it. */
async function connectFails(options: ClientOptions): Promise<ConnectionError> {
  const e = await failure(Client.connect({ connectTimeout: 2000, ...options }));
  assert.ok(e instanceof ConnectionError, `expected a ConnectionError, got ${e.name}: ${e.message}`);
  return e;
}

test("a client trusting the mock's CA connects over TLS by TLS name, and put/get round-trip", async () => {
  await withTlsMock({ nodes: 1 }, async (mock) => {
    await withClient({ hosts: tlsSeeds(mock), tls: { ca: CA } }, async (client) => {
      const key = new Key("test", "tls", "one");
      await client.put(key, { v: "secret", n: 1 });
      assert.deepEqual({ ...(await client.get(key))?.bins }, { v: "secret", n: 1 });
      assert.equal(mock.nodes[0].stats().commands.write, 1);
    });
  });
});

test("without a tlsName the client verifies the address the certificate carries (IP SAN)", async () => {
  await withTlsMock({ nodes: 1 }, async (mock) => {
    await withClient({ hosts: mock.seeds, tls: { ca: [CA] } }, async (client) => {
      assert.equal(await client.exists(new Key("test", "tls", "none")), false);
    });
  });
});

test("a 3-node TLS cluster is found through peers-tls-std and serves commands on every node", async () => {
  await withTlsMock({ nodes: 3 }, async (mock) => {
    // Only the first node is a seed: the others come from its peers-tls-std answer.
    await withClient({ hosts: tlsSeeds(mock, TLS_NAME, 1), tls: { ca: CA } }, async (client) => {
      assert.equal(client.stats().nodes.length, 3);
      const keys = Array.from({ length: 60 }, (_, i) => new Key("test", "tls", i));
      for (const k of keys) await client.put(k, { i: k.userKey as number });
      const recs = await Promise.all(keys.map((k) => client.get(k)));
      assert.deepEqual(recs.map((r) => r?.bins.i), keys.map((k) => k.userKey));
      for (const n of mock.nodes) assert.ok(n.stats().commands.write > 0, `node ${n.name} served no write`);
      // Tending runs over TLS too: an info command reaches each node through its TLS pool.
      for (const n of client.stats().nodes) assert.ok(n.connections.open > 0);
    });
  });
});

test("peers announced under a TLS name their certificate lacks are refused, the seed still serves", async () => {
  await withTlsMock({ nodes: 3, tls: { ...SERVER, tlsName: "not-in-cert" } }, async (mock) => {
    // The seed is verified as aerolite-mock; its peers as the announced "not-in-cert", which fails.
    await withClient({ hosts: tlsSeeds(mock, TLS_NAME, 1), tls: { ca: CA } }, (client) => {
      assert.equal(client.stats().nodes.length, 1);
    });
  });
});

test("a client that does not trust the server's CA is refused with a ConnectionError naming host and cause", async () => {
  await withTlsMock({ nodes: 1 }, async (mock) => {
    const e = await connectFails({
      hosts: tlsSeeds(mock),
      tls: { ca: WRONG_CA, cert: CLIENT_CERT, key: CLIENT_KEY },
    });
    assert.equal(e.code, ResultCode.SERVER_NOT_AVAILABLE);
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${mock.nodes[0].port}`));
    assert.match(e.message, /not signed by a trusted CA/);
    assert.doesNotMatch(e.message, /PRIVATE KEY|BEGIN/);
    assert.equal(mock.nodes[0].stats().connections.open, 0);
  });
});

test("a TLS name the certificate does not carry is refused with a ConnectionError naming it", async () => {
  await withTlsMock({ nodes: 1 }, async (mock) => {
    const e = await connectFails({ hosts: tlsSeeds(mock, "wrong-name"), tls: { ca: CA } });
    assert.match(e.message, /TLS name "wrong-name"/);
    assert.match(e.message, /does not match/);
  });
});

test("tls.serverName applies to seeds without a TLS name of their own", async () => {
  await withTlsMock({ nodes: 1 }, async (mock) => {
    const e = await connectFails({ hosts: mock.seeds, tls: { ca: CA, serverName: "wrong-name" } });
    assert.match(e.message, /TLS name "wrong-name"/);
    await withClient({ hosts: mock.seeds, tls: { ca: CA, serverName: TLS_NAME } }, (client) => {
      assert.equal(client.stats().nodes.length, 1);
    });
  });
});

test("rejectUnauthorized: false connects despite an untrusted certificate", async () => {
  await withTlsMock({ nodes: 1 }, async (mock) => {
    const hosts = tlsSeeds(mock, "wrong-name");
    await withClient({ hosts, tls: { ca: WRONG_CA, rejectUnauthorized: false } }, async (client) => {
      assert.equal(await client.exists(new Key("test", "tls", "x")), false);
    });
  });
});

test("mutual TLS: a client certificate signed by the CA is accepted", async () => {
  await withTlsMock({ nodes: 1, tls: { ...SERVER, ca: CA, requestClientCert: true } }, async (mock) => {
    const tls = { ca: CA, cert: CLIENT_CERT, key: CLIENT_KEY };
    await withClient({ hosts: tlsSeeds(mock), tls }, async (client) => {
      const key = new Key("test", "tls", "mutual");
      await client.put(key, { ok: true });
      assert.equal((await client.get(key))?.bins.ok, true);
    });
  });
});

test("mutual TLS: a client without a certificate is refused", async () => {
  await withTlsMock({ nodes: 1, tls: { ...SERVER, ca: CA, requestClientCert: true } }, async (mock) => {
    const e = await connectFails({ hosts: tlsSeeds(mock), tls: { ca: CA } });
    // TLS 1.3 ends the handshake before the server checks: the refusal arrives as an alert on the first read.
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${mock.nodes[0].port}`));
    assert.match(e.message, /certificate.?required/i);
  });
});

test("a clear client cannot talk to a TLS-only node", async () => {
  await withTlsMock({ nodes: 1 }, async (mock) => {
    await connectFails({ hosts: mock.seeds, connectTimeout: 1000 });
  });
});

test("malformed tls options are a TypeError before any I/O, without echoing the key", async () => {
  const hosts = "127.0.0.1:1";
  await assert.rejects(Client.connect({ hosts, tls: { ca: "/etc/ca.pem" } }), TypeError);
  await assert.rejects(Client.connect({ hosts, tls: { cert: CLIENT_CERT } }), /go together/);
  await assert.rejects(
    Client.connect({ hosts, tls: { cert: CLIENT_CERT, key: "hunter2-not-a-pem" } }),
    (e: unknown) => e instanceof TypeError && !e.message.includes("hunter2"),
  );
  await assert.rejects(
    Client.connect({ hosts, tls: { rejectUnauthorized: "no" as unknown as boolean } }),
    TypeError,
  );
});

// Each socket transport of this runtime (node:tls everywhere, plus Deno's or Bun's own) against a
// TLS listener: bytes flow once verified, and a failed verification is ETLS with nothing left open.
for (const { name, make } of CASES.filter((c) => !c.name.startsWith("memory"))) {
  test(`${name} transport carries bytes over TLS once the server certificate is verified`, async () => {
    const net = make();
    const listener = await net.listen({ host: HOST, port: 0, onConn: echo, tls: SERVER });
    try {
      const conn = await net.connect({
        host: HOST,
        port: listener.port,
        timeoutMs: 2000,
        tls: { caCerts: [CA], serverName: TLS_NAME },
      });
      const data = bytes(100_000, 3);
      const got: Uint8Array[] = [];
      let size = 0;
      const done = new Promise<void>((resolve) =>
        conn.onData((c) => {
          got.push(c.slice());
          size += c.length;
          if (size >= data.length) resolve();
        })
      );
      conn.write(data);
      await done;
      assert.deepEqual(concatBytes(got), data);
      const closed = closedOf(conn);
      conn.close();
      await closed;
    } finally {
      await listener.close();
    }
  });

  test(`${name} transport fails a TLS connect to an untrusted or misnamed server with ETLS`, async () => {
    const net = make();
    const accepted: Promise<unknown>[] = [];
    const listener = await net.listen({
      host: HOST,
      port: 0,
      onConn: (c) => accepted.push(closedOf(c)),
      tls: SERVER,
    });
    try {
      for (const tls of [{ caCerts: [WRONG_CA] }, { caCerts: [CA], serverName: "wrong-name" }]) {
        await assert.rejects(
          net.connect({ host: HOST, port: listener.port, timeoutMs: 2000, tls }),
          (e: unknown) => e instanceof TransportError && e.code === "ETLS" && e.message.includes(HOST),
        );
      }
      // A handshake that failed never reached the listener's onConn (or was closed with it).
      await Promise.all(accepted);
    } finally {
      await listener.close();
    }
  });
}
