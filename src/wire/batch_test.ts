import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import { loadStep } from "../../tests/helpers/vectors.ts";
import { decodeMessages } from "./message.ts";
import { FIELD_BATCH_INDEX, FIELD_NAMESPACE, fieldText, findField } from "./fields.ts";
import {
  BATCH_FLAG_ALLOW_INLINE,
  BATCH_FLAG_RESPOND_ALL_KEYS,
  decodeBatchIndex,
  encodeBatchIndex,
} from "./batch.ts";
import { WireFormatError } from "./proto.ts";

const BATCH_STEPS = [
  "batch_get",
  "batch_read",
  "more/batch_write_mixed",
  "more/batch_apply",
  "more/batch_remove",
];

async function batchField(step: string): Promise<Uint8Array> {
  const s = await loadStep(step);
  const [msg] = decodeMessages(s.frames[0].bytes.subarray(8));
  return findField(msg.fields, FIELD_BATCH_INDEX)!.data;
}

test("captured batch requests decode into rows and re-encode to the same bytes", async () => {
  for (const step of BATCH_STEPS) {
    const data = await batchField(step);
    const batch = decodeBatchIndex(data);
    assert.ok(batch.flags & BATCH_FLAG_ALLOW_INLINE && batch.flags & BATCH_FLAG_RESPOND_ALL_KEYS, step);
    batch.rows.forEach((r, i) => assert.equal(r.index, i, `${step}: row order`));
    assert.equal(fieldText(findField(batch.rows[0].fields, FIELD_NAMESPACE)!), "test");
    assert.equal(toHex(encodeBatchIndex(batch.flags, batch.rows)), toHex(data), `${step}: re-encoding`);
  }
});

test("batch_write_mixed rows carry the write, read and delete attributes the client chose", async () => {
  const { rows } = decodeBatchIndex(await batchField("more/batch_write_mixed"));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((r) => [r.info1, r.info2]), [[0, 0x81], [3, 0], [0, 0x83], [1, 0x81], [0, 0x81]]);
  assert.equal(rows[0].ops[0].name, "v");
});

test("repeat rows inherit the previous row and a leading repeat is refused", async () => {
  const { rows } = decodeBatchIndex(await batchField("batch_read"));
  assert.equal(rows[1].repeat, true);
  assert.deepEqual(rows[1].fields, rows[0].fields);
  const bad = encodeBatchIndex(0, [{ ...rows[1], index: 0 }]);
  assert.throws(() => decodeBatchIndex(bad), /cannot repeat/);
});

test("a truncated batch field raises WireFormatError at every cut", async () => {
  const data = await batchField("more/batch_apply");
  for (let cut = 0; cut < data.length; cut++) {
    assert.throws(() => decodeBatchIndex(data.subarray(0, cut)), WireFormatError, `cut ${cut}`);
  }
});
