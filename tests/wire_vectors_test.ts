/**
 * Golden frames from a real Aerospike CE 8.1 server: every message frame decodes, re-encodes to
 * the same bytes, and carries the facts the capture's description states.
 */
import assert from "node:assert/strict";
import { hex, test, toHex } from "./helpers/test.ts";
import { listSteps, loadStep } from "./helpers/vectors.ts";
import {
  decodeMessages,
  encodeMessages,
  INFO3_LAST,
  type Message,
  MSG_HEADER_SIZE,
} from "../src/wire/message.ts";
import { PROTO_HEADER_SIZE, PROTO_TYPE_MESSAGE, readProtoHeader } from "../src/wire/proto.ts";
import {
  FIELD_DIGEST,
  FIELD_KEY,
  FIELD_NAMESPACE,
  FIELD_SET,
  fieldText,
  findField,
} from "../src/wire/fields.ts";
import { computeDigest, decodeKeyField, keyBytes, partitionId } from "../src/wire/digest.ts";
import { Key } from "../src/key.ts";

function messagesOf(bytes: Uint8Array): Message[] {
  const h = readProtoHeader(bytes);
  assert.equal(h.type, PROTO_TYPE_MESSAGE);
  assert.equal(h.size, bytes.length - PROTO_HEADER_SIZE, "proto size covers the whole frame");
  return decodeMessages(bytes.subarray(PROTO_HEADER_SIZE));
}

test("every captured message frame decodes and re-encodes to identical bytes", async () => {
  const steps = await listSteps();
  assert.ok(steps.length >= 50, `expected the whole capture, found ${steps.length} steps`);
  let frames = 0;
  for (const name of steps) {
    const step = await loadStep(name);
    for (const f of step.frames) {
      if (f.type !== PROTO_TYPE_MESSAGE) continue;
      const msgs = messagesOf(f.bytes);
      assert.ok(msgs.length >= 1, `${name}: at least one message`);
      assert.equal(toHex(encodeMessages(msgs)), f.hex, `${name} ${f.dir}: re-encoding changes bytes`);
      frames++;
    }
  }
  assert.ok(frames > 100, `decoded ${frames} frames`);
});

test("multi-record replies end with a message whose info3 has the LAST bit", async () => {
  // more/query_paginate holds two pages, each ending with its own LAST message.
  for (const name of ["batch_get", "batch_read", "scan_set", "query_range", "more/query_partitions"]) {
    const step = await loadStep(name);
    const replies = step.frames.filter((f) => f.dir === "s2c");
    const last = messagesOf(replies[replies.length - 1].bytes);
    assert.ok(last[last.length - 1].info3 & INFO3_LAST, `${name}: LAST bit on the final message`);
    for (const r of replies.slice(0, -1)) {
      for (const m of messagesOf(r.bytes)) {
        assert.equal(m.info3 & INFO3_LAST, 0, `${name}: LAST only at the end`);
      }
    }
  }
});

test("single-record replies carry the result codes the server sent", async () => {
  const expected: Record<string, number> = {
    get_missing: 2,
    get_filtered_out: 27,
    put_create_only_exists: 5,
    put_gen_mismatch: 3,
    remove_missing: 2,
    put_compressed: 25,
    exists_true: 0,
    put_scalars: 0,
    "more/udf_error": 100,
  };
  for (const [name, code] of Object.entries(expected)) {
    const step = await loadStep(name);
    const reply = step.frames.find((f) => f.dir === "s2c")!;
    const [msg] = messagesOf(reply.bytes);
    assert.equal(msg.resultCode, code, name);
    assert.equal(reply.bytes[PROTO_HEADER_SIZE], MSG_HEADER_SIZE);
  }
});

test("request digests equal RIPEMD-160 of set, key type and key bytes", async () => {
  const cases: [string, string | null, string | number | Uint8Array][] = [
    ["put_scalars", "vec", "scalars"],
    ["put_int_key", "vec", 12345],
    ["put_blob_key", "vec", hex("0a0b0c")],
    ["put_no_set", null, "noset"],
    ["put_ttl", "vec", "ttl"],
    ["put_cdt", "vec", "cdt"],
  ];
  for (const [name, set, userKey] of cases) {
    const step = await loadStep(name);
    const described = /"digest":"hex:([0-9a-f]{40})"/.exec(step.description)![1];
    const [msg] = messagesOf(step.frames[0].bytes);
    assert.equal(fieldText(findField(msg.fields, FIELD_NAMESPACE)!), "test");
    const setField = findField(msg.fields, FIELD_SET);
    // The official client sends an empty SET field for a set-less key.
    assert.equal(fieldText(setField!), set ?? "", `${name}: set field`);
    assert.equal(toHex(findField(msg.fields, FIELD_DIGEST)!.data), described, `${name}: wire digest`);
    assert.equal(toHex(computeDigest(set ?? "", keyBytes(userKey))), described, `${name}: our digest`);
    const key = new Key("test", set, userKey);
    assert.equal(toHex(key.digest), described);
    assert.equal(key.partitionId, partitionId(hex(described)));
  }
});

test("a sendKey request carries the user key field, which decodes back", async () => {
  const step = await loadStep("put_int_key");
  const [msg] = messagesOf(step.frames[0].bytes);
  const keyField = findField(msg.fields, FIELD_KEY)!;
  assert.equal(toHex(keyField.data), "010000000000003039");
  assert.equal(decodeKeyField(keyField.data), 12345);
});

test("the request's transaction-ttl field carries the client timeout in ms", async () => {
  const [put] = messagesOf((await loadStep("put_scalars")).frames[0].bytes);
  assert.equal(put.transactionTtl, 2000);
  const [batch] = messagesOf((await loadStep("batch_read")).frames[0].bytes);
  assert.equal(batch.transactionTtl, 1000);
});

test("query_paginate: the official client paged client-side (no MAX_RECORDS), so each scan returned the whole set", async () => {
  const step = await loadStep("more/query_paginate");
  const scans: string[][] = [];
  for (const f of step.frames) {
    const msgs = messagesOf(f.bytes);
    if (f.dir === "c2s") {
      assert.equal(findField(msgs[0].fields, 13), undefined, "no MAX_RECORDS field");
      scans.push([]);
      continue;
    }
    for (const m of msgs) {
      if (m.info3 & INFO3_LAST) continue;
      scans[scans.length - 1].push(toHex(findField(m.fields, FIELD_DIGEST)!.data));
    }
  }
  assert.equal(scans.length, 2);
  assert.equal(new Set(scans[0]).size, scans[0].length, "no digest twice within a scan");
  assert.deepEqual([...scans[0]].sort(), [...scans[1]].sort(), "both scans saw the same records");
});
