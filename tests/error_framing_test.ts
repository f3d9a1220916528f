// How a node frames a refused request, byte-level on one connection (CE 8.1.2.0, asked with raw
// frames): a scan, query or background job is refused with ONE message carrying the code and no
// INFO3_LAST bit; a refused batch ends with a LAST message; a single-record error never has LAST.
// The connection stays usable after each. aerolite's client ends a scan at any non-partition
// error message, LAST or not (tests/client_query_test.ts covers the client side).
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { RawConn } from "./helpers/raw_conn.ts";
import { newTaskId } from "../src/commands/query.ts";
import { encodeBatchIndex } from "../src/wire/batch.ts";
import { computeDigest, keyBytes } from "../src/wire/digest.ts";
import {
  type Field,
  FIELD_BATCH_INDEX,
  FIELD_DIGEST,
  FIELD_INDEX_NAME,
  FIELD_INDEX_RANGE,
  FIELD_NAMESPACE,
  FIELD_PID_ARRAY,
  FIELD_SET,
  FIELD_TRAN_ID,
  stringField,
  u64Field,
} from "../src/wire/fields.ts";
import {
  decodeMessages,
  emptyHeader,
  encodeMessage,
  INFO1_BATCH,
  INFO1_GET_ALL,
  INFO1_READ,
  INFO2_WRITE,
  INFO3_LAST,
  INFO3_PARTITION_DONE,
  type Message,
} from "../src/wire/message.ts";
import { OP_WRITE } from "../src/wire/operations.ts";
import { encodeIndexRange, encodePartitionIds } from "../src/wire/query.ts";
import { AerospikeError, Filter, Key, ops } from "../mod.ts";
import { readRow } from "./helpers/batch_row.ts";

function request(m: Partial<Message>): Uint8Array {
  return encodeMessage({ ...emptyHeader(), fields: [], ops: [], ...m });
}

/**
 * Reads one reply: messages up to a LAST one, or the single error message of a refused scan (a
 * partition-done message with a code of its own does not end it).
 */
async function reply(conn: RawConn, frame: Uint8Array): Promise<Message[]> {
  conn.send(frame);
  const out: Message[] = [];
  for (;;) {
    const f = await conn.next();
    assert.ok(f !== null, "the node closed the connection");
    for (const m of decodeMessages(f.subarray(8))) {
      out.push(m);
      // A partition-done message carries that partition's code (11 from a node that does not own
      // it, on a cluster): the stream goes on.
      const partition = (m.info3 & INFO3_PARTITION_DONE) !== 0;
      if ((m.info3 & INFO3_LAST) !== 0 || (m.resultCode !== 0 && !partition)) return out;
    }
  }
}

/** [resultCode, LAST bit] of each message. */
function shape(messages: Message[]): [number, boolean][] {
  return messages.map((m) => [m.resultCode, (m.info3 & INFO3_LAST) !== 0]);
}

targetTest("a node refuses scans and queries with one message without LAST, batches with LAST", async (t) => {
  const set = t.set("framing");
  await t.client.put(new Key(t.ns, set, "a"), { n: 1 });
  const port = Number(t.seeds.split(",")[0].split(":")[1]);
  const conn = await RawConn.open(port);
  try {
    const pids: Field = { type: FIELD_PID_ARRAY, data: encodePartitionIds([0, 1, 2]) };
    const scan = (ns: string, extra: Field[]): Uint8Array =>
      request({
        info1: INFO1_READ,
        info3: INFO3_PARTITION_DONE,
        fields: [
          stringField(FIELD_NAMESPACE, ns),
          stringField(FIELD_SET, set),
          u64Field(FIELD_TRAN_ID, newTaskId()),
          ...extra,
        ],
      });
    const eight = (n: number): Uint8Array => new Uint8Array([0, 0, 0, 0, 0, 0, 0, n]);
    const noIndex: Field = {
      type: FIELD_INDEX_RANGE,
      data: encodeIndexRange({ bin: "noidx", particleType: 1, begin: eight(0), end: eight(5) }),
    };
    // Unknown namespace; the pre-6.0 scan without partitions; a query on a bin without an index.
    assert.deepEqual(shape(await reply(conn, scan("nonamespace", [pids]))), [[20, false]]);
    assert.deepEqual(shape(await reply(conn, scan(t.ns, []))), [[16, false]]);
    assert.deepEqual(shape(await reply(conn, scan(t.ns, [pids, noIndex]))), [[201, false]]);
    // A filter's bin name is checked before the index: 1 to 15 bytes, and none at all with an
    // index name (even the index's own bin is refused).
    const range = (bin: string): Field => ({
      type: FIELD_INDEX_RANGE,
      data: encodeIndexRange({ bin, particleType: 1, begin: eight(0), end: eight(5) }),
    });
    assert.deepEqual(shape(await reply(conn, scan(t.ns, [pids, range("b".repeat(16))]))), [[4, false]]);
    assert.deepEqual(shape(await reply(conn, scan(t.ns, [pids, range("")]))), [[4, false]]);
    const index = `ix_${set}`;
    await t.client.createIndex({ ns: t.ns, set, bin: "n", name: index, type: "numeric" });
    try {
      const named = (bin: string): Uint8Array =>
        scan(t.ns, [pids, range(bin), stringField(FIELD_INDEX_NAME, index)]);
      assert.deepEqual(shape(await reply(conn, named("n"))), [[4, false]]);
      assert.deepEqual(shape((await reply(conn, named(""))).slice(-1)), [[0, true]]);
    } finally {
      await t.client.dropIndex(t.ns, index);
    }
    // A background job over a set no node knows.
    const bg = request({
      info2: INFO2_WRITE,
      fields: [
        stringField(FIELD_NAMESPACE, t.ns),
        stringField(FIELD_SET, `${set}_never_written`),
        u64Field(FIELD_TRAN_ID, newTaskId()),
      ],
      ops: [{ op: OP_WRITE, particleType: 1, name: "b", data: eight(1) }],
    });
    assert.deepEqual(shape(await reply(conn, bg)), [[2, false]]);
    // A background job with no ops: refused before it becomes a job, query-show does not know it.
    const trid = newTaskId();
    const noOps = request({
      info2: INFO2_WRITE,
      fields: [
        stringField(FIELD_NAMESPACE, t.ns),
        stringField(FIELD_SET, set),
        u64Field(FIELD_TRAN_ID, trid),
      ],
    });
    assert.deepEqual(shape(await reply(conn, noOps)), [[4, false]]);
    for (const answer of (await t.client.infoAll(`query-show:trid=${trid}`)).values()) {
      assert.equal(answer, "ERROR:2:job not found");
    }
    // A scan that runs ends with LAST.
    const ok = await reply(conn, scan(t.ns, [pids]));
    assert.deepEqual(shape(ok.slice(-1)), [[0, true]]);
    // A batch with a row on an unknown namespace: no rows, one LAST message with PARAMETER_ERROR.
    const row = (ns: string, index: number) =>
      readRow(index, computeDigest(set, keyBytes("a")), [
        stringField(FIELD_NAMESPACE, ns),
        stringField(FIELD_SET, set),
      ]);
    const batch = request({
      info1: INFO1_BATCH,
      fields: [{ type: FIELD_BATCH_INDEX, data: encodeBatchIndex(0, [row(t.ns, 0), row("nonamespace", 1)]) }],
    });
    assert.deepEqual(shape(await reply(conn, batch)), [[4, true]]);
    // A single-record error: no LAST either.
    const get = request({
      info1: INFO1_READ | INFO1_GET_ALL,
      fields: [stringField(FIELD_NAMESPACE, t.ns), stringField(FIELD_SET, set), {
        type: FIELD_DIGEST,
        data: computeDigest(set, keyBytes("missing")),
      }],
    });
    assert.deepEqual(shape(await reply(conn, get)), [[2, false]]);
  } finally {
    await conn.close();
  }
});

targetTest("after a refused query or background job the client reuses its one connection", async (t) => {
  const set = t.set("framing_client");
  await t.client.put(new Key(t.ns, set, "a"), { n: 1 });
  for (let round = 0; round < 3; round++) {
    const refused = await t.client.query(t.ns, set, { filter: Filter.range("noidx", 0, 9) }).toArray()
      .then(() => undefined, (e) => e);
    assert.ok(refused instanceof AerospikeError && refused.code === 201, `query: ${refused}`);
    // Refused with KEY_NOT_FOUND_ERROR, no LAST: the client reads it as "nothing to do there".
    const bg = await t.client.queryBackground(t.ns, `${set}_never_written`, { ops: [ops.write("b", 1)] });
    assert.equal(await bg.status(), "done");
    const rows = await t.client.query(t.ns, set).toArray();
    assert.deepEqual(rows.map((r) => r.bins.n), [1]);
  }
  assert.equal(t.client.stats().connections.open, t.nodes, "one connection per node, reused");
}, { client: { maxConnsPerNode: 1 } });
