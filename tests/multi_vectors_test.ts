// Batch, scan/query and UDF request builders against the golden frames of a real server (Deno only).
import assert from "node:assert/strict";
import { test, toHex } from "./helpers/test.ts";
import { loadStep } from "./helpers/vectors.ts";
import { AerospikeError, Filter, Key, ops, ResultCode } from "../mod.ts";
import {
  buildBackgroundQuery,
  buildQuery,
  parseQueryFrame,
  type QueryRequest,
  recordIdentity,
} from "../src/commands/query.ts";
import { initialPartitions } from "../src/query/partition_tracker.ts";
import { buildApply, parseApplyReply, udfPutCommand } from "../src/commands/udf.ts";
import { indexCreateCommand } from "../src/client_admin.ts";
import {
  type BatchItem,
  buildBatchFrame,
  itemTemplate,
  type PreparedRow,
  readTemplate,
} from "../src/commands/batch.ts";
import { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY } from "../src/policy.ts";
import { decodeMessage, decodeMessages } from "../src/wire/message.ts";
import { decodeBatchIndex } from "../src/wire/batch.ts";
import { FIELD_BATCH_INDEX, findField } from "../src/wire/fields.ts";
import { messageRecord, readBatchReply } from "../src/commands/batch.ts";

const PROTO = 8;

async function requestOf(step: string): Promise<{ bytes: Uint8Array; replies: Uint8Array[] }> {
  const s = await loadStep(step);
  const c2s = s.frames.find((f) => f.dir === "c2s")!;
  return {
    bytes: c2s.bytes,
    replies: s.frames.filter((f) => f.dir === "s2c").map((f) => f.bytes.subarray(PROTO)),
  };
}

function keysOf(frame: Uint8Array): Key[] {
  const m = decodeMessage(frame.subarray(PROTO)).message;
  const batch = decodeBatchIndex(findField(m.fields, FIELD_BATCH_INDEX)!.data);
  return batch.rows.map((r) => Key.fromDigest("test", fieldSet(r.fields), r.digest));
}

function fieldSet(fields: { type: number; data: Uint8Array }[]): string {
  return new TextDecoder().decode(fields.find((f) => f.type === 1)!.data);
}

test("batchGet builds the captured request byte for byte", async () => {
  for (const step of ["batch_get", "batch_read"]) {
    const { bytes } = await requestOf(step);
    const keys = keysOf(bytes);
    const template = readTemplate(DEFAULT_READ_POLICY);
    const rows: PreparedRow[] = keys.map((key, index) => ({ index, key, write: false, template }));
    const frame = buildBatchFrame(rows, { allowInline: true, respondAllKeys: true }, 1000);
    assert.equal(toHex(frame), toHex(bytes), step);
  }
});

test("a mixed batch (write, read, remove, operate, update-only) matches the captured request", async () => {
  const { bytes } = await requestOf("more/batch_write_mixed");
  const k = keysOf(bytes);
  const items: BatchItem[] = [
    { type: "write", key: k[0], ops: [ops.write("v", 1)] },
    { type: "read", key: k[1] },
    { type: "remove", key: k[2] },
    { type: "write", key: k[3], ops: [ops.add("n", 1), ops.read("n")] },
    { type: "write", key: k[4], ops: [ops.write("v", 1)], policy: { exists: "updateOnly" } },
  ];
  const rows = items.map((item, index) => ({
    index,
    key: item.key,
    write: item.type !== "read",
    template: itemTemplate(item, DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY),
  }));
  assert.equal(toHex(buildBatchFrame(rows, { allowInline: true, respondAllKeys: true }, 1000)), toHex(bytes));
});

test("batch removes and UDF applies repeat the first row like the official client", async () => {
  for (const step of ["more/batch_remove", "more/batch_apply"]) {
    const { bytes } = await requestOf(step);
    const keys = keysOf(bytes);
    const template = itemTemplate(
      step.endsWith("remove")
        ? { type: "remove", key: keys[0] }
        : { type: "apply", key: keys[0], udf: { module: "vec2udf", fn: "tag", args: ["x"] } },
      DEFAULT_READ_POLICY,
      DEFAULT_WRITE_POLICY,
    );
    const rows = keys.map((key, index) => ({ index, key, write: true, template }));
    assert.equal(
      toHex(buildBatchFrame(rows, { allowInline: true, respondAllKeys: true }, 1000)),
      toHex(bytes),
      step,
    );
  }
});

test("the captured batch reply parses into rows by index, ending at INFO3_LAST", async () => {
  const { replies } = await requestOf("batch_read");
  let i = 0;
  const seen: [number, number, unknown][] = [];
  const code = await readBatchReply(() => Promise.resolve(replies[i++]), (index, m) => {
    seen.push([index, m.resultCode, m.resultCode === 0 ? messageRecord(m).bins : null]);
  });
  assert.equal(code, 0);
  assert.deepEqual(seen.map(([i, c]) => [i, c]), [[0, 0], [1, 2], [2, 0]]);
  assert.equal((seen[0][2] as Record<string, unknown>).i, 50);
  assert.deepEqual({ ...(seen[2][2] as Record<string, object>).m }, { w: 9, x: 1, y: ["z"] });
  assert.equal(decodeMessages(replies[1]).length, 1);
});

function tranId(frame: Uint8Array): bigint {
  const m = decodeMessage(frame.subarray(PROTO)).message;
  const f = m.fields.find((x) => x.type === 7)!;
  return new DataView(f.data.buffer, f.data.byteOffset, 8).getBigUint64(0);
}

const baseQuery = { ns: "test", includeBinData: true, recordsPerSecond: 0, socketTimeout: 30_000 };

test("scans and index queries build the captured requests byte for byte", async () => {
  const cases: [string, string, Partial<QueryRequest>, number?][] = [
    ["scan_set", "vec", {}],
    ["query_range", "vec", { filter: Filter.range("n", 3, 6) }],
    ["more/query_string_equal", "vec2", { filter: Filter.equal("name", "alice") }],
    ["more/query_geo_radius", "vec2", { filter: Filter.geoWithinRadius("loc", 103.8, 1.35, 200_000) }],
    ["more/query_partitions", "vec2", {}, 2048],
  ];
  for (const [step, set, extra, count] of cases) {
    const { bytes } = await requestOf(step);
    const req: QueryRequest = { ...baseQuery, set, taskId: tranId(bytes), ...extra };
    const parts = initialPartitions(count === undefined ? undefined : { begin: 0, count });
    assert.equal(toHex(buildQuery(req, parts, 0)), toHex(bytes), step);
  }
});

test("a filter expression scan matches the captured request", async () => {
  const { bytes } = await requestOf("query_expression");
  const m = decodeMessage(bytes.subarray(PROTO)).message;
  const expression = { bytes: m.fields.find((f) => f.type === 43)!.data };
  const req: QueryRequest = { ...baseQuery, set: "vec", taskId: tranId(bytes), expression };
  assert.equal(toHex(buildQuery(req, initialPartitions(), 0)), toHex(bytes));
});

test("a background ops query matches the captured request", async () => {
  const { bytes } = await requestOf("more/query_background_ops");
  const frame = buildBackgroundQuery(
    {
      ns: "test",
      set: "vec2",
      recordsPerSecond: 0,
      socketTimeout: 30_000,
      taskId: tranId(bytes),
      filter: Filter.equal("name", "bob"),
    },
    { ops: [ops.write("bg", 1)] },
    3000,
  );
  assert.equal(toHex(frame), toHex(bytes));
});

test("captured scan replies parse into records and the final LAST message", async () => {
  const { replies } = await requestOf("scan_set");
  let records = 0;
  let last = false;
  for (const body of replies) {
    const r = parseQueryFrame(body, (m) => {
      assert.equal(recordIdentity(m).digest.length, 20);
      records++;
    }, () => assert.fail("no PARTITION_DONE for finished partitions"));
    last = r.last;
  }
  assert.equal(records, 14);
  assert.ok(last);
});

test("UDF apply builds the captured request and reads 42 from the SUCCESS bin", async () => {
  const { bytes, replies } = await requestOf("udf_apply");
  const key = keyOfSingle(bytes);
  assert.equal(toHex(buildApply(key, "vecudf", "add", [2, 40], DEFAULT_WRITE_POLICY, 1000)), toHex(bytes));
  assert.equal(parseApplyReply(replies[0]), 42);
});

test("a Lua error reply rejects with UDF_BAD_RESPONSE and the server's message", async () => {
  const { bytes, replies } = await requestOf("more/udf_error");
  assert.equal(
    toHex(buildApply(keyOfSingle(bytes), "vec2udf", "boom", [], DEFAULT_WRITE_POLICY, 1000)),
    toHex(bytes),
  );
  assert.throws(() => parseApplyReply(replies[0]), (e: unknown) => {
    assert.ok(e instanceof AerospikeError);
    assert.equal(e.code, ResultCode.UDF_BAD_RESPONSE);
    assert.match(e.message, /vec2udf\.lua:10: boom/);
    return true;
  });
});

test("index and UDF info commands match the text the official client sends", async () => {
  const text = await Deno.readTextFile(new URL("./fixtures/vectors/info.json", import.meta.url));
  const more = await Deno.readTextFile(new URL("./fixtures/vectors/more/info.json", import.meta.url));
  const sent = [...JSON.parse(text), ...JSON.parse(more)].filter((x: { dir: string }) => x.dir === "c2s")
    .map((x: { text: string }) => x.text.trimEnd());
  const ours = [
    indexCreateCommand({ ns: "test", set: "vec", name: "idx_vec_n", bin: "n", type: "numeric" }),
    indexCreateCommand({ ns: "test", set: "vec2", name: "idx_vec2_loc", bin: "loc", type: "geo2dsphere" }),
    indexCreateCommand({ ns: "test", set: "vec2", name: "idx_vec2_name", bin: "name", type: "string" }),
  ];
  for (const cmd of ours) assert.ok(sent.includes(cmd), cmd);
  const put = sent.find((s: string) => s.startsWith("udf-put:filename=vecudf.lua"))!;
  const source = atob(/content=([^;]*)/.exec(put)![1]);
  assert.equal(udfPutCommand("vecudf.lua", source), put);
});

function keyOfSingle(frame: Uint8Array): Key {
  const m = decodeMessage(frame.subarray(PROTO)).message;
  const set = new TextDecoder().decode(m.fields.find((f) => f.type === 1)!.data);
  return Key.fromDigest("test", set, m.fields.find((f) => f.type === 4)!.data);
}
