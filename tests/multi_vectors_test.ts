// Batch, scan/query and UDF request builders against the golden frames of a real server (Deno only).
import assert from "node:assert/strict";
import { test, toHex } from "./helpers/test.ts";
import { loadStep } from "./helpers/vectors.ts";
import { Key, ops } from "../mod.ts";
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
