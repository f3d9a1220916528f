/** Batch index requests against a 3-node mock: order, missing keys, writes, wrong nodes, stops. */
import assert from "node:assert/strict";
import { MockCluster } from "../server_mock/mod.ts";
import {
  BATCH_FLAG_ALLOW_INLINE,
  BATCH_FLAG_RESPOND_ALL_KEYS,
  type BatchRow,
  encodeBatchIndex,
} from "../src/wire/batch.ts";
import { partitionId } from "../src/wire/digest.ts";
import {
  FIELD_BATCH_INDEX,
  FIELD_NAMESPACE,
  FIELD_SET,
  FIELD_UDF_FUNCTION,
  FIELD_UDF_PACKAGE_NAME,
  stringField,
} from "../src/wire/fields.ts";
import {
  emptyHeader,
  encodeMessage,
  INFO1_BATCH,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO2_DELETE,
  INFO2_RESPOND_ALL_OPS,
  INFO2_WRITE,
  INFO3_LAST,
} from "../src/wire/message.ts";
import { OP_ADD, OP_READ, OP_WRITE } from "../src/wire/operations.ts";
import { intData, readAll, readInt, seed } from "./helpers/mock_multi.ts";
import { RawConn } from "./helpers/raw_conn.ts";
import { readRow } from "./helpers/batch_row.ts";
import { test } from "./helpers/test.ts";

const SET = "b";
const nsFields = [stringField(FIELD_NAMESPACE, "test"), stringField(FIELD_SET, SET)];

function row(index: number, digest: Uint8Array, over: Partial<BatchRow> = {}): BatchRow {
  return readRow(index, digest, nsFields, over);
}

function batchFrame(
  rows: BatchRow[],
  flags = BATCH_FLAG_ALLOW_INLINE | BATCH_FLAG_RESPOND_ALL_KEYS,
): Uint8Array {
  return encodeMessage({
    ...emptyHeader(),
    info1: INFO1_BATCH,
    transactionTtl: 1000,
    fields: [{ type: FIELD_BATCH_INDEX, data: encodeBatchIndex(flags, rows) }],
    ops: [],
  });
}

test("a batch of 1,000 keys over 3 nodes answers every row in order, missing keys with code 2", async () => {
  await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const all = seed(mock, SET, 1000);
  // Every 7th key is missing.
  for (let i = 0; i < all.length; i += 7) mock.store.namespace("test")!.delete(all[i]);
  const byNode = new Map<number, BatchRow[]>();
  all.forEach((d, i) => {
    const master = mock.masterOf("test", partitionId(d))!;
    const n = mock.nodes.indexOf(master);
    const rows = byNode.get(n) ?? [];
    // Rows after the first repeat it, as the official clients send them.
    rows.push(row(i, d, { repeat: rows.length > 0 }));
    byNode.set(n, rows);
  });
  assert.equal(byNode.size, 3);
  let answered = 0;
  for (const [n, rows] of byNode) {
    const conn = await RawConn.open(mock.nodes[n].port);
    try {
      conn.send(batchFrame(rows));
      const reply = await readAll(conn);
      assert.ok(reply !== null);
      const last = reply.messages.pop()!;
      assert.equal(last.info3 & INFO3_LAST, INFO3_LAST);
      assert.equal(last.resultCode, 0);
      assert.deepEqual(reply.messages.map((m) => m.transactionTtl), rows.map((r) => r.index));
      for (const m of reply.messages) {
        const i = m.transactionTtl;
        assert.equal(m.fields.length, 0);
        if (i % 7 === 0) {
          assert.equal(m.resultCode, 2, `row ${i} is missing`);
          assert.equal(m.ops.length, 0);
        } else {
          assert.equal(m.resultCode, 0);
          assert.equal(m.generation, 1);
          assert.deepEqual(m.ops.map((o) => [o.name, readInt(o.data)]), [["n", i]]);
        }
        answered++;
      }
    } finally {
      await conn.close();
    }
  }
  assert.equal(answered, 1000);
  // Every row went to its master: no wrong-node arrivals.
  for (const node of mock.nodes) assert.equal(node.stats().notMaster.reads, 0);
});

test("rows for partitions a node does not master are served and counted as wrong-node reads", async () => {
  await using mock = await MockCluster.start({ nodes: 3 });
  const all = seed(mock, SET, 60);
  const conn = await RawConn.open(mock.nodes[0].port);
  try {
    conn.send(batchFrame(all.map((d, i) => row(i, d, { repeat: i > 0 }))));
    const reply = (await readAll(conn))!;
    assert.equal(reply.messages.length, 61);
    assert.ok(reply.messages.slice(0, 60).every((m) => m.resultCode === 0));
    const foreign = all.filter((d) => mock.masterOf("test", partitionId(d)) !== mock.nodes[0]).length;
    assert.ok(foreign > 0);
    assert.equal(mock.nodes[0].stats().notMaster.reads, foreign);
    assert.equal(mock.nodes[0].stats().commands.batch, 1);
  } finally {
    await conn.close();
  }
});

test("mixed rows write, read a header, remove and operate, each with its own result", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  const [a, b, c, d] = seed(mock, SET, 4);
  const conn = await RawConn.open(mock.nodes[0].port);
  try {
    conn.send(batchFrame([
      row(0, a, {
        info1: 0,
        info2: INFO2_WRITE | INFO2_RESPOND_ALL_OPS,
        ops: [{ op: OP_WRITE, particleType: 1, name: "v", data: intData(5) }],
      }),
      row(1, b, { info1: INFO1_READ | INFO1_NOBINDATA }),
      row(2, c, { info1: 0, info2: INFO2_WRITE | INFO2_DELETE }),
      row(3, d, {
        info1: INFO1_READ,
        info2: INFO2_WRITE | INFO2_RESPOND_ALL_OPS,
        ops: [{ op: OP_ADD, particleType: 1, name: "n", data: intData(10) }, {
          op: OP_READ,
          particleType: 0,
          name: "n",
          data: new Uint8Array(0),
        }],
      }),
      row(4, c, { info1: 0, info2: INFO2_WRITE | INFO2_DELETE }),
    ]));
    const [w, h, r, o, again, last] = (await readAll(conn))!.messages;
    assert.deepEqual([w.resultCode, w.generation, w.ops.map((x) => [x.op, x.particleType, x.name])], [0, 2, [[
      OP_WRITE,
      0,
      "v",
    ]]]);
    assert.deepEqual([h.resultCode, h.generation, h.ops.length], [0, 1, 0]);
    assert.deepEqual([r.resultCode, r.generation], [0, 0]);
    assert.deepEqual([o.resultCode, o.generation, readInt(o.ops[1].data)], [0, 2, 13]);
    assert.equal(again.resultCode, 2);
    assert.equal(last.info3, INFO3_LAST);
    assert.equal(mock.store.namespace("test")!.get(c), undefined);
  } finally {
    await conn.close();
  }
});

test("without respondAllKeys a row error stops the batch; missing keys never do", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  const [a, b, c] = seed(mock, SET, 3);
  mock.store.namespace("test")!.delete(a);
  const conn = await RawConn.open(mock.nodes[0].port);
  try {
    const badAdd = { op: OP_ADD, particleType: 3, name: "n", data: new TextEncoder().encode("x") };
    const rows = [row(0, a), row(1, b, { info1: 0, info2: INFO2_WRITE, ops: [badAdd] }), row(2, c)];
    conn.send(batchFrame(rows, BATCH_FLAG_ALLOW_INLINE));
    const stopped = (await readAll(conn))!.messages;
    assert.deepEqual(stopped.map((m) => [m.transactionTtl, m.resultCode, m.info3]), [[0, 2, 0], [1, 4, 0], [
      0,
      4,
      INFO3_LAST,
    ]]);
    conn.send(batchFrame(rows));
    const all = (await readAll(conn))!.messages;
    assert.deepEqual(all.map((m) => m.resultCode), [2, 4, 0, 0]);
  } finally {
    await conn.close();
  }
});

test("UDF rows answer UDF_BAD_RESPONSE with the reason in a FAILURE bin; batch faults apply", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  const [a] = seed(mock, SET, 1);
  const conn = await RawConn.open(mock.nodes[0].port);
  try {
    const udf = [...nsFields, stringField(FIELD_UDF_PACKAGE_NAME, "m"), stringField(FIELD_UDF_FUNCTION, "f")];
    conn.send(batchFrame([row(0, a, { info1: 0, info2: INFO2_WRITE, fields: udf })]));
    const [m] = (await readAll(conn))!.messages;
    assert.equal(m.resultCode, 100);
    assert.equal(m.ops[0].name, "FAILURE");
    assert.equal(new TextDecoder().decode(m.ops[0].data), "UDF: Execution Error 1"); // not registered
    assert.equal(readInt(mock.store.namespace("test")!.get(a)!.bins.get("n")!.data), 0);
    mock.nodes[0].faults({ on: "batch", resultCode: 14 });
    conn.send(batchFrame([row(0, a)]));
    const forced = (await readAll(conn))!.messages;
    assert.deepEqual(forced.map((x) => [x.resultCode, x.info3]), [[14, INFO3_LAST]]);
  } finally {
    await conn.close();
  }
});
