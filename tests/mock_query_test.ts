/** Scans and queries against the mock: partitions, resume, maxRecords, indexes, background jobs. */
import assert from "node:assert/strict";
import { MockCluster } from "../server_mock/mod.ts";
import { partitionId, PARTITIONS } from "../src/wire/digest.ts";
import {
  type Field,
  FIELD_DIGEST,
  FIELD_DIGEST_ARRAY,
  FIELD_INDEX_RANGE,
  FIELD_INDEX_TYPE,
  FIELD_MAX_RECORDS,
  FIELD_NAMESPACE,
  FIELD_PID_ARRAY,
  FIELD_SET,
  FIELD_TRAN_ID,
  findField,
  stringField,
  u64Field,
} from "../src/wire/fields.ts";
import { encodeInfoRequest } from "../src/wire/info.ts";
import { packValue } from "../src/wire/msgpack.ts";
import {
  decodeMessage,
  emptyHeader,
  encodeMessage,
  INFO1_READ,
  INFO2_WRITE,
  INFO3_LAST,
  INFO3_PARTITION_DONE,
  type Message,
} from "../src/wire/message.ts";
import { OP_WRITE } from "../src/wire/operations.ts";
import { ResultCode } from "../src/wire/result_code.ts";
import { planQuery } from "../server_mock/handlers/query.ts";
import { mockContext } from "./fuzz/targets.ts";
import { encodeDigests, encodeIndexRange, encodePartitionIds, INDEX_TYPE_LIST } from "../src/wire/query.ts";
import { toHex } from "./helpers/test.ts";
import { intData, readAll, readInt, seed } from "./helpers/mock_multi.ts";
import { infoMap } from "./helpers/mock_requests.ts";
import { RawConn } from "./helpers/raw_conn.ts";
import { test } from "./helpers/test.ts";

const SET = "q";
const ALL = Array.from({ length: PARTITIONS }, (_, i) => i);
const utf8 = new TextEncoder();

// A node refuses a trid it ran before (PARAMETER_ERROR): each frame gets its own unless told.
let nextTrid = 1000;

function scanFrame(
  extra: Field[],
  options: { pids?: number[]; info2?: number; ops?: Message["ops"]; trid?: number } = {},
): Uint8Array {
  const fields: Field[] = [
    stringField(FIELD_NAMESPACE, "test"),
    stringField(FIELD_SET, SET),
    u64Field(FIELD_TRAN_ID, options.trid ?? nextTrid++),
  ];
  // A foreground request names its partitions (a node refuses one without PID_ARRAY or
  // DIGEST_ARRAY): every partition unless told, or only the resumed ones.
  const resumes = extra.some((f) => f.type === FIELD_DIGEST_ARRAY);
  const pids = options.pids ?? (options.info2 === undefined && !resumes ? ALL : undefined);
  if (pids !== undefined) fields.push({ type: FIELD_PID_ARRAY, data: encodePartitionIds(pids) });
  return encodeMessage({
    ...emptyHeader(),
    info1: options.info2 === undefined ? INFO1_READ : 0,
    info2: options.info2 ?? 0,
    info3: options.info2 === undefined ? INFO3_PARTITION_DONE : 0,
    recordTtl: 0xffffffff,
    fields: [...fields, ...extra],
    ops: options.ops ?? [],
  });
}

interface Split {
  records: Message[];
  done: Message[];
  last: Message;
  frames: number;
}

async function scan(conn: RawConn, frame: Uint8Array): Promise<Split> {
  conn.send(frame);
  const reply = (await readAll(conn, true))!;
  const last = reply.messages.pop()!;
  // A stream ends with LAST; a refused request is one error message without it (CE 8.1.2.0).
  if (last.resultCode === 0 || reply.messages.length > 0) assert.equal(last.info3 & INFO3_LAST, INFO3_LAST);
  else assert.equal(last.info3 & INFO3_LAST, 0);
  return {
    records: reply.messages.filter((m) => (m.info3 & INFO3_PARTITION_DONE) === 0),
    done: reply.messages.filter((m) => (m.info3 & INFO3_PARTITION_DONE) !== 0),
    last,
    frames: reply.frames,
  };
}

function digestOf(m: Message): Uint8Array {
  return findField(m.fields, FIELD_DIGEST)!.data;
}

async function info(conn: RawConn, cmd: string): Promise<string> {
  return infoMap((await conn.request(encodeInfoRequest([cmd])))!).get(cmd)!;
}

test("a scan of 10,000 records over 3 nodes returns each exactly once, unowned partitions as unavailable", async () => {
  await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
  const digests = seed(mock, SET, 10_000);
  seed(mock, "other", 50);
  const seen = new Map<string, number>();
  let unavailable = 0;
  for (const node of mock.nodes) {
    const conn = await RawConn.open(node.port);
    try {
      const r = await scan(conn, scanFrame([], { pids: ALL }));
      assert.equal(r.last.resultCode, 0);
      assert.ok(r.frames > 10, `streamed in ${r.frames} frames`);
      for (const m of r.records) {
        const d = digestOf(m);
        assert.equal(mock.masterOf("test", partitionId(d)), node, "served by the master only");
        assert.deepEqual(m.fields.map((f) => f.type), [0, 4, 1, 2]);
        seen.set(toHex(d), (seen.get(toHex(d)) ?? 0) + 1);
      }
      for (const m of r.done) {
        assert.equal(m.resultCode, 11);
        assert.notEqual(mock.masterOf("test", m.generation), node);
      }
      unavailable += r.done.length;
    } finally {
      await conn.close();
    }
  }
  assert.equal(seen.size, 10_000);
  assert.ok([...seen.values()].every((n) => n === 1));
  assert.ok(digests.every((d) => seen.has(toHex(d))));
  assert.equal(unavailable, 2 * PARTITIONS);
});

test("records of a partition come in digest order and a resume digest continues strictly after it", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  const digests = seed(mock, SET, 20_000);
  const pid = partitionId(digests[0]);
  const conn = await RawConn.open(mock.nodes[0].port);
  try {
    const whole = (await scan(conn, scanFrame([], { pids: [pid] }))).records.map((m) => toHex(digestOf(m)));
    assert.ok(whole.length >= 3);
    assert.deepEqual(whole, [...whole].sort());
    const from = digestOf((await scan(conn, scanFrame([], { pids: [pid] }))).records[1]);
    const rest = await scan(conn, scanFrame([{ type: FIELD_DIGEST_ARRAY, data: encodeDigests([from]) }]));
    assert.deepEqual(rest.records.map((m) => toHex(digestOf(m))), whole.slice(2));
  } finally {
    await conn.close();
  }
});

test("maxRecords caps the node's reply and bin selection and no-bin scans shape each record", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  seed(mock, SET, 500, (i) => ({ s: { type: 3, data: utf8.encode(`v${i}`) } }));
  const conn = await RawConn.open(mock.nodes[0].port);
  try {
    const capped = await scan(conn, scanFrame([u64Field(FIELD_MAX_RECORDS, 37)], { pids: ALL }));
    assert.equal(capped.records.length, 37);
    const selFrame = (fields: Field[]): Uint8Array =>
      encodeMessage({
        ...emptyHeader(),
        info1: INFO1_READ,
        fields: [stringField(FIELD_NAMESPACE, "test"), stringField(FIELD_SET, SET), ...fields],
        ops: [{ op: 1, particleType: 0, name: "s", data: new Uint8Array(0) }],
      });
    // Without PID_ARRAY/DIGEST_ARRAY (the pre-6.0 form) CE 8.1.2.0 refuses a foreground scan with
    // UNSUPPORTED_FEATURE, one message without LAST.
    const old = await scan(conn, selFrame([]));
    assert.deepEqual([old.records.length, old.last.resultCode, old.last.info3], [0, 16, 0]);
    const sel = await scan(conn, selFrame([{ type: FIELD_PID_ARRAY, data: encodePartitionIds(ALL) }]));
    assert.equal(sel.records.length, 500);
    assert.ok(sel.records.every((m) => m.ops.length === 1 && m.ops[0].name === "s"));
  } finally {
    await conn.close();
  }
});

test("after rebalance a node reports the partitions it lost as unavailable, with the partition id", async () => {
  await using mock = await MockCluster.start({ nodes: 3 });
  seed(mock, SET, 3000);
  const node = mock.nodes[0];
  const mine = ALL.filter((pid) => mock.masterOf("test", pid) === node);
  mock.rebalance();
  const lost = mine.filter((pid) => mock.masterOf("test", pid) !== node);
  assert.ok(lost.length > 0 && lost.length < mine.length);
  const conn = await RawConn.open(node.port);
  try {
    const r = await scan(conn, scanFrame([], { pids: mine }));
    assert.deepEqual(r.done.map((m) => [m.generation, m.resultCode]), lost.map((pid) => [pid, 11]));
    const served = new Set(r.records.map((m) => partitionId(digestOf(m))));
    assert.ok([...served].every((pid) => !lost.includes(pid)));
  } finally {
    await conn.close();
  }
});

function geoBin(json: string): { type: number; data: Uint8Array } {
  const text = utf8.encode(json);
  const data = new Uint8Array(3 + text.length);
  data.set(text, 3);
  return { type: 23, data };
}

test("secondary-index queries return exactly the matching records and need an index", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  seed(mock, SET, 100, (i) => ({
    name: { type: 3, data: utf8.encode(i % 3 === 0 ? "alice" : "bob") },
    // Points on a line east of (0, 0): i * 0.01 degrees of longitude (~1.11 km each).
    loc: geoBin(JSON.stringify({ type: "Point", coordinates: [i * 0.01, 0] })),
    tags: { type: 20, data: packValue([i, i + 1000]) },
  }));
  seed(mock, SET, 2, (i) => ({
    loc: geoBin(JSON.stringify({ type: "AeroCircle", coordinates: [[10 + i, 10], 5000] })),
  }), "region");
  const conn = await RawConn.open(mock.nodes[0].port);
  const ns = (r: Split): number[] =>
    r.records.map((m) => readInt(m.ops.find((o) => o.name === "n")!.data)).sort((a, b) => a - b);
  const range = (bin: string, type: number, begin: Uint8Array, end = begin): Field => ({
    type: FIELD_INDEX_RANGE,
    data: encodeIndexRange({ bin, particleType: type, begin, end }),
  });
  try {
    const missing = await scan(conn, scanFrame([range("n", 1, intData(3), intData(6))], { pids: ALL }));
    assert.deepEqual([missing.records.length, missing.last.resultCode], [0, 201]);
    for (
      const [name, bin, type, extra] of [
        ["idx_n", "n", "NUMERIC", ""],
        ["idx_name", "name", "STRING", ""],
        ["idx_loc", "loc", "GEO2DSPHERE", ""],
        ["idx_tags", "tags", "NUMERIC", ";indextype=LIST"],
      ]
    ) {
      const cmd = `sindex-create:namespace=test;set=${SET};indexname=${name};bin=${bin};type=${type}${extra}`;
      assert.equal(await info(conn, cmd), "ok");
    }
    assert.match(await info(conn, "sindex/test/idx_n"), /entries=102;.*load_pct=100/);
    assert.match(
      await info(conn, "sindex-list:"),
      /ns=test:indexname=idx_tags:set=q:bin=tags:type=numeric:indextype=list/,
    );

    const r = await scan(conn, scanFrame([range("n", 1, intData(3), intData(6))], { pids: ALL }));
    assert.deepEqual(ns(r), [3, 4, 5, 6]);
    assert.equal(toHex(findField(r.records[0].fields, 15)!.data).length, 16);
    const n4 = r.records.find((m) => readInt(m.ops.find((o) => o.name === "n")!.data) === 4)!;
    assert.equal(toHex(findField(n4.fields, 15)!.data), "0400000000000000");
    assert.deepEqual(ns(await scan(conn, scanFrame([range("n", 1, intData(42))], { pids: ALL }))), [42]);
    const alice = ns(await scan(conn, scanFrame([range("name", 3, utf8.encode("alice"))], { pids: ALL })));
    assert.deepEqual(alice, Array.from({ length: 34 }, (_, i) => i * 3));
    // Within 5 km of (0.5, 0): n = 46..54 (each step is ~1.11 km).
    const circle = JSON.stringify({ type: "AeroCircle", coordinates: [[0.5, 0], 5000] });
    assert.deepEqual(
      ns(await scan(conn, scanFrame([range("loc", 23, utf8.encode(circle))], { pids: ALL }))),
      [
        46,
        47,
        48,
        49,
        50,
        51,
        52,
        53,
        54,
      ],
    );
    const polygon = JSON.stringify({
      type: "Polygon",
      coordinates: [[[0.095, -1], [0.205, -1], [0.205, 1], [0.095, 1], [0.095, -1]]],
    });
    assert.deepEqual(
      ns(await scan(conn, scanFrame([range("loc", 23, utf8.encode(polygon))], { pids: ALL }))),
      [
        10,
        11,
        12,
        13,
        14,
        15,
        16,
        17,
        18,
        19,
        20,
      ],
    );
    const point = JSON.stringify({ type: "Point", coordinates: [11.01, 10] });
    const containing = await scan(conn, scanFrame([range("loc", 23, utf8.encode(point))], { pids: ALL }));
    assert.deepEqual(ns(containing), [1]);
    const listHit = await scan(
      conn,
      scanFrame([range("tags", 1, intData(1007)), {
        type: FIELD_INDEX_TYPE,
        data: new Uint8Array([INDEX_TYPE_LIST]),
      }], { pids: ALL }),
    );
    assert.deepEqual(ns(listHit), [7]);
    assert.equal(await info(conn, "sindex-delete:namespace=test;indexname=idx_n"), "ok");
    assert.equal(await info(conn, "sindex-exists:ns=test;indexname=idx_n"), "false");
  } finally {
    await conn.close();
  }
});

test("a background query applies its ops to every match and its job reads done(ok)", async () => {
  await using mock = await MockCluster.start({ nodes: 2 });
  const digests = seed(mock, SET, 200);
  const conns = await Promise.all(mock.nodes.map((n) => RawConn.open(n.port)));
  try {
    assert.equal(
      await info(conns[0], `sindex-create:namespace=test;set=${SET};indexname=i;bin=n;type=NUMERIC`),
      "ok",
    );
    const filter = {
      type: FIELD_INDEX_RANGE,
      data: encodeIndexRange({ bin: "n", particleType: 1, begin: intData(0), end: intData(99) }),
    };
    const ops = [{ op: OP_WRITE, particleType: 1, name: "bg", data: intData(1) }];
    for (const c of conns) {
      const r = await scan(c, scanFrame([filter], { info2: INFO2_WRITE, ops, trid: 77 }));
      assert.deepEqual([r.records.length, r.done.length, r.last.resultCode], [0, 0, 0]);
      assert.match(await info(c, "query-show:trid=77"), /status=done\(ok\).*job-type=background-ops/);
    }
    assert.equal(await info(conns[0], "query-show:trid=5"), "ERROR:2:job not found");
    const ns = mock.store.namespace("test")!;
    digests.forEach((d, i) => assert.equal(ns.get(d)!.bins.has("bg"), i < 100, `record ${i}`));
  } finally {
    for (const c of conns) await c.close();
  }
});

test("closing the socket mid-scan stops the node's streaming and leaves nothing behind", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  seed(mock, SET, 30_000, () => ({ pad: { type: 4, data: new Uint8Array(200) } }));
  const conn = await RawConn.open(mock.nodes[0].port);
  conn.send(scanFrame([], { pids: ALL, trid: 77 }));
  assert.ok((await conn.next()) !== null);
  await conn.close();
  const probe = await RawConn.open(mock.nodes[0].port);
  try {
    let status = "";
    for (let i = 0; i < 200 && !status.includes("done"); i++) {
      status = await info(probe, "query-show:trid=77");
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.match(status, /status=done\(abandoned/);
    assert.ok(Number(/recs-succeeded=(\d+)/.exec(status)![1]) < 30_000);
  } finally {
    await probe.close();
  }
  // The server side of the probe closes a moment after the client side.
  for (let i = 0; i < 100 && mock.nodes[0].stats().connections.open > 0; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(mock.nodes[0].stats().connections.open, 0);
});

test("truncate with lut removes only records last updated before the cut-off", async () => {
  await using mock = await MockCluster.start({ nodes: 1 });
  const ns = mock.store.namespace("test")!;
  const [old] = seed(mock, SET, 1, undefined, "old");
  ns.get(old)!.lastUpdateMs = Date.now() - 60_000;
  const [fresh] = seed(mock, SET, 1, undefined, "fresh");
  const conn = await RawConn.open(mock.nodes[0].port);
  try {
    const lut = BigInt(Date.now() - 30_000) * 1_000_000n;
    assert.equal(await info(conn, `truncate:namespace=test;set=${SET};lut=${lut}`), "ok");
    assert.equal(ns.get(old), undefined);
    assert.ok(ns.get(fresh) !== undefined);
  } finally {
    await conn.close();
  }
});

test("a node refuses a scan whose trid it ran with PARAMETER_ERROR, while the job is active and once done", async () => {
  // CE 8.1.2.0 answers 4 to a reused trid, also 2 s after its job ended (tests/query_trid_test.ts);
  // clients draw a new trid per round.
  const ctx = mockContext();
  const req = decodeMessage(scanFrame([], { pids: [0, 1] }).subarray(8)).message;
  const first = planQuery(ctx, req);
  assert.ok("stream" in first);
  const again = planQuery(ctx, req);
  assert.ok("reply" in again);
  assert.equal(decodeMessage(again.reply.subarray(8)).message.resultCode, ResultCode.PARAMETER_ERROR);
  const frames: Uint8Array[] = [];
  const sink = {
    write: (f: Uint8Array) => frames.push(f),
    closed: false,
    drain: async () => {},
    sleep: async () => {},
  };
  await first.stream(sink);
  const done = planQuery(ctx, req);
  assert.ok("reply" in done, "the same trid is refused once its job is done");
  assert.equal(decodeMessage(done.reply.subarray(8)).message.resultCode, ResultCode.PARAMETER_ERROR);
});
