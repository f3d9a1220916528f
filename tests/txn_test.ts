/**
 * Multi-record transactions against the mock's strong-consistency namespace (mock-only: the
 * Community Edition server has no strong consistency, so it cannot run them). Isolation, conflict
 * codes, commit and abort of single-record and batch writes, verify failure, the deadline, a node
 * killed between verify and roll, and in-doubt commits retried to completion.
 */
import assert from "node:assert/strict";
import { AerospikeError, CommitFailedError, Key, ops, ResultCode, Transaction } from "../mod.ts";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";

const SC = { namespaces: { test: { strongConsistency: true } } };
const k = (n: string | number): Key => new Key("test", "t", n);

async function code(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    return (e as AerospikeError).code;
  }
}

test("a transaction's writes stay invisible to other commands until commit", async () => {
  await withCluster(SC, async ({ client }) => {
    await client.put(k(1), { v: 1 });
    const txn = new Transaction();
    await client.put(k(1), { v: 2 }, { txn });
    await client.put(k(2), { v: 20 }, { txn });
    assert.equal((await client.get(k(1), { txn }))?.bins.v, 2, "the transaction reads its own write");
    assert.equal((await client.get(k(1)))?.bins.v, 1, "others read the committed record");
    assert.equal(await client.get(k(2)), null, "a record the transaction created is not there yet");
    assert.equal(await client.commit(txn), "committed");
    assert.equal(txn.state, "committed");
    assert.equal((await client.get(k(1)))?.bins.v, 2);
    assert.equal((await client.get(k(2)))?.bins.v, 20);
    assert.equal(await client.commit(txn), "alreadyCommitted");
    assert.equal(await code(client.abort(txn)), ResultCode.TXN_ALREADY_COMMITTED);
  });
});

test("conflicting writes and reads answer MRT_BLOCKED while a record is locked", async () => {
  await withCluster(SC, async ({ client }) => {
    await client.put(k(1), { v: 1 });
    const a = new Transaction();
    const b = new Transaction();
    await client.put(k(1), { v: 2 }, { txn: a });
    assert.equal(await code(client.put(k(1), { v: 3 })), ResultCode.MRT_BLOCKED);
    assert.equal(await code(client.put(k(1), { v: 3 }, { txn: b })), ResultCode.MRT_BLOCKED);
    assert.equal(await code(client.get(k(1), { txn: b })), ResultCode.MRT_BLOCKED);
    assert.equal(await client.abort(a), "aborted");
    assert.equal(await client.abort(a), "alreadyAborted");
    assert.equal(await code(client.commit(a)), ResultCode.TXN_ALREADY_ABORTED);
    assert.equal((await client.get(k(1)))?.bins.v, 1, "the abort rolled back");
    await client.put(k(1), { v: 4 }, { txn: b });
    assert.equal(await client.commit(b), "committed");
    assert.equal((await client.get(k(1)))?.bins.v, 4);
  });
});

test("commit and abort cover mixed single-record and batch writes", async () => {
  await withCluster({ ...SC, nodes: 3 }, async ({ client }) => {
    const keys = Array.from({ length: 8 }, (_, i) => k(`m${i}`));
    for (const key of keys) await client.put(key, { v: 0 });
    for (const outcome of ["commit", "abort"] as const) {
      const txn = new Transaction();
      await client.put(keys[0], { v: 1 }, { txn });
      await client.remove(keys[1], { txn });
      const results = await client.batch(
        keys.slice(2).map((key) => ({ type: "write" as const, key, ops: [ops.write("v", 1)] })),
        { txn },
      );
      assert.deepEqual(results.map((r) => r.resultCode), keys.slice(2).map(() => 0));
      assert.equal(txn.writes().length, 8);
      const seen = await client.batchGet(keys);
      assert.deepEqual(seen.map((r) => r?.bins.v), keys.map(() => 0), "nothing shows before the end");
      if (outcome === "commit") {
        assert.equal(await client.commit(txn), "committed");
        const after = await client.batchGet(keys);
        assert.deepEqual(after.map((r) => r?.bins.v ?? null), [1, null, 1, 1, 1, 1, 1, 1]);
        await client.put(keys[1], { v: 0 });
        for (const key of keys) await client.put(key, { v: 0 });
      } else {
        assert.equal(await client.abort(txn), "aborted");
        const after = await client.batchGet(keys);
        assert.deepEqual(after.map((r) => r?.bins.v), keys.map(() => 0));
      }
    }
  });
});

test("a write outside the transaction after its read fails the commit's verify", async () => {
  await withCluster(SC, async ({ client }) => {
    await client.put(k(1), { v: 1 });
    const txn = new Transaction();
    assert.equal((await client.get(k(1), { txn }))?.bins.v, 1);
    await client.put(k(2), { v: 2 }, { txn });
    await client.put(k(1), { v: 99 }); // not locked: only read by the transaction
    const err = await client.commit(txn).then(() => undefined, (e) => e);
    assert.ok(err instanceof CommitFailedError, String(err));
    assert.equal(err.reason, "verifyFailed");
    assert.equal(err.code, ResultCode.MRT_VERSION_MISMATCH);
    assert.equal(txn.state, "aborted");
    assert.equal(await client.get(k(2)), null, "the transaction's write was rolled back");
    await client.put(k(2), { v: 3 }); // and unlocked
  });
});

test("batch reads record versions that the commit verifies, per node in one batch", async () => {
  await withCluster({ ...SC, nodes: 2 }, async ({ client }) => {
    const keys = Array.from({ length: 6 }, (_, i) => k(`r${i}`));
    for (const key of keys) await client.put(key, { v: 1 });
    const ok = new Transaction();
    const recs = await client.batchGet(keys, { txn: ok });
    assert.deepEqual(recs.map((r) => r?.bins.v), keys.map(() => 1));
    assert.equal(ok.reads().length, 6);
    await client.put(k("out"), { v: 1 }, { txn: ok });
    assert.equal(await client.commit(ok), "committed");
    const stale = new Transaction();
    await client.batchGet(keys, { txn: stale });
    await client.put(keys[4], { v: 2 });
    const err = await client.commit(stale).then(() => undefined, (e) => e);
    assert.ok(err instanceof CommitFailedError && err.reason === "verifyFailed", String(err));
    assert.equal(err.code, ResultCode.MRT_VERSION_MISMATCH);
  });
});

test("a transaction past its deadline is rolled back by the node and its commit fails", async () => {
  let now = Date.UTC(2026, 0, 1);
  await withCluster({ ...SC, clock: () => now }, async ({ client }) => {
    await client.put(k(1), { v: 1 });
    const txn = new Transaction({ timeout: 2 });
    await client.put(k(1), { v: 2 }, { txn });
    now += 3_000;
    assert.equal((await client.get(k(1)))?.bins.v, 1);
    assert.equal(await code(client.put(k(3), { v: 1 }, { txn })), ResultCode.MRT_EXPIRED);
    const err = await client.commit(txn).then(() => undefined, (e) => e);
    assert.ok(err instanceof CommitFailedError, String(err));
    assert.equal(err.reason, "markRollForwardAbandoned");
    assert.equal(err.code, ResultCode.MRT_ABORTED);
    assert.equal(txn.state, "aborted");
    await client.put(k(1), { v: 5 }); // the lock is gone
  });
});

test("a node killed between verify and roll leaves the commit to be retried to completion", async () => {
  let now = Date.UTC(2026, 0, 1);
  await withCluster({ ...SC, clock: () => now }, async ({ client, mock }) => {
    await client.put(k(1), { v: 1 });
    const txn = new Transaction({ timeout: 30 });
    await client.get(k(1), { txn });
    await client.put(k(1), { v: 2 }, { txn });
    // Verify is a read; the mark is the 1st write; the roll (2nd write) kills the node.
    mock.nodes[0].faults({ on: "write", nth: 2, kill: true });
    const policy = { maxRetries: 1, sleepBetweenRetries: 10, totalTimeout: 2_000, socketTimeout: 500 };
    assert.equal(await client.commit(txn, policy), "rollForwardAbandoned");
    assert.equal(txn.state, "committed");
    mock.nodes[0].faults({});
    await mock.nodes[0].restart();
    await waitFor(() => client.isConnected());
    assert.equal((await client.get(k(1)))?.bins.v, 1, "not rolled forward yet");
    assert.equal(await client.commit(txn, policy), "committed", "a second commit finishes the roll");
    assert.equal((await client.get(k(1)))?.bins.v, 2);
    assert.equal(await client.commit(txn), "alreadyCommitted");
    now += 1; // keep the clock in use
  });
});

test("a mark roll-forward answered in doubt is settled by committing again", async () => {
  await withCluster(SC, async ({ client, mock }) => {
    const txn = new Transaction();
    await client.put(k(1), { v: 2 }, { txn });
    // The mark is applied, then the connection drops before the answer: in doubt.
    mock.nodes[0].faults({ on: "write", nth: 1, resetAfterRead: true });
    const err = await client.commit(txn, { maxRetries: 0 }).then(() => undefined, (e) => e);
    assert.ok(err instanceof CommitFailedError, String(err));
    assert.equal(err.reason, "markRollForwardAbandoned");
    assert.equal(err.inDoubt, true);
    assert.equal(txn.inDoubt, true);
    assert.equal(await code(client.abort(txn)), ResultCode.TXN_FAILED, "abort is refused in doubt");
    mock.nodes[0].faults({});
    assert.equal(await client.commit(txn), "committed", "MRT_COMMITTED on the retried mark: carry on");
    assert.equal((await client.get(k(1)))?.bins.v, 2);
  });
});

test("transaction misuse is refused before any I/O", async () => {
  await withCluster({ namespaces: { test: { strongConsistency: true }, ap: {} } }, async ({ client }) => {
    const txn = new Transaction();
    await client.put(k(1), { v: 1 }, { txn });
    assert.equal(await code(client.put(new Key("ap", "t", 1), { v: 1 }, { txn })), ResultCode.TXN_FAILED);
    const other = new Transaction();
    const err = await client.put(new Key("ap", "t", 1), { v: 1 }, { txn: other }).catch((e) => e);
    assert.ok(err instanceof AerospikeError && /strong-consistency/.test(err.message), String(err));
    assert.equal(other.namespace, undefined, "a refused command does not bind the namespace");
    await client.put(k(9), { v: 1 }, { txn: other });
    assert.equal(await client.commit(other), "committed");
    assert.throws(
      () => client.query("test", "t", { policy: { txn } as never }),
      /cannot run inside a transaction/,
    );
    assert.throws(() => new Transaction({ timeout: 121 }), RangeError);
    await assert.rejects(client.get(k(1), { txn: {} as Transaction }), TypeError);
    await client.abort(txn);
    assert.equal(await code(client.get(k(1), { txn })), ResultCode.TXN_FAILED);
  });
});

async function waitFor(cond: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("condition never held");
}
