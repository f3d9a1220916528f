/**
 * End-to-end fuzz: a client talks to a mock node through a proxy that corrupts one reply in two
 * (mutated bytes, a swallowed reply, a cut frame then a close). Every command settles within its
 * deadline, fails only with an AerospikeError, a connection that delivered a bad reply is never
 * used again, the clean command after each corrupted one succeeds, and the counters return to zero.
 */
import assert from "node:assert/strict";
import { MockCluster } from "../../server_mock/mod.ts";
import { AerospikeError, Client, Key, ops, ServerError } from "../../mod.ts";
import { test } from "../helpers/test.ts";
import { mutateFrame } from "./generator.ts";
import { CorruptingProxy, type Corruption } from "./proxy.ts";
import { Rng } from "./rng.ts";

const COMMANDS = 160;
const POLICY = { totalTimeout: 300, socketTimeout: 300, maxRetries: 0 };
// A clean command must succeed, so it gets room for a loaded machine (CI shares 2 cores); a
// corrupted one keeps the tight deadline, so a stalled reply still fails fast.
const CLEAN_POLICY = { totalTimeout: 5_000, socketTimeout: 5_000, maxRetries: 0 };

function corruption(rng: Rng): (reply: Uint8Array) => Corruption {
  return (reply) => {
    const mode = rng.int(10);
    if (mode === 0) return { bytes: new Uint8Array(0), close: false }; // swallowed: a stalled reply
    if (mode === 1) return { bytes: reply.subarray(0, rng.int(reply.length)), close: true };
    return { bytes: mutateFrame(rng, reply).bytes, close: mode === 2 };
  };
}

/** Settles `p`, or rejects when it is still pending long after every deadline should have fired. */
async function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung`)), 10_000);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(client: Client, i: number, policy: typeof POLICY): Promise<unknown> {
  const key = new Key("test", "fz", i % 7);
  switch (i % 5) {
    case 0:
      return await client.put(key, { n: i, s: "x".repeat(i % 50), l: [i, [i]] }, policy);
    case 1:
      return await client.get(key, policy);
    case 2:
      return await client.operate(key, [ops.add("n", 1), ops.read("n")], policy);
    case 3:
      return await client.batchGet(
        [key, new Key("test", "fz", 100), new Key("test", "fz", (i + 1) % 7)],
        policy,
      );
    default: {
      const out = [];
      for await (const r of client.query("test", "fz", { policy })) out.push(r);
      return out;
    }
  }
}

test("corrupted replies fail only their own command, within its deadline, and never reuse the connection", async () => {
  const rng = new Rng(20261124);
  const mock = await MockCluster.start({ nodes: 1 });
  const proxy = await CorruptingProxy.start(mock.nodes[0].port, corruption(rng));
  const client = await Client.connect({
    hosts: `127.0.0.1:${proxy.port}`,
    policies: { read: POLICY, write: POLICY, batch: POLICY, query: POLICY },
  });
  const poisoned: { conn: number; seq: number; i: number }[] = [];
  const outcomes = new Map<string, number>();
  try {
    for (let k = 0; k < 7; k++) await client.put(new Key("test", "fz", k), { n: k });
    for (let i = 0; i < COMMANDS; i++) {
      const corrupt = i % 2 === 0;
      if (corrupt) proxy.corruptNext();
      let outcome = "ok";
      try {
        await bounded(run(client, i, corrupt ? POLICY : CLEAN_POLICY), `command ${i}`);
      } catch (e) {
        assert.ok(e instanceof AerospikeError, `command ${i} failed with ${String(e)}`);
        assert.ok(corrupt, `clean command ${i} after a corrupted one failed: ${e.message}`);
        outcome = e.name;
        if (!(e instanceof ServerError)) {
          const req = proxy.lastRecordRequest();
          if (req !== undefined) poisoned.push({ conn: req.conn, seq: req.seq, i });
        }
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    for (const p of poisoned) {
      const later = proxy.requests.filter((r) => r.conn === p.conn && r.seq > p.seq);
      assert.deepEqual(later, [], `connection ${p.conn} reused after command ${p.i} failed on it`);
    }
    // Corruption did reach the client: some commands failed, on connections then dropped.
    assert.ok(
      poisoned.length >= 10,
      `only ${poisoned.length} commands failed: ${JSON.stringify([...outcomes])}`,
    );
    const stats = client.stats();
    assert.equal(stats.inFlight, 0);
    assert.equal(stats.queued, 0);
    assert.equal(stats.connections.open, stats.connections.idle);
  } finally {
    await client.close();
    await proxy.close();
    await mock.close();
  }
});
