import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import {
  decodeMessage,
  decodeMessages,
  emptyHeader,
  encodeMessage,
  encodeMessages,
  INFO1_READ,
  INFO3_LAST,
  type Message,
} from "./message.ts";
import { FIELD_NAMESPACE, stringField, u64Field } from "./fields.ts";
import { OP_WRITE } from "./operations.ts";
import { PROTO_HEADER_SIZE, WireFormatError } from "./proto.ts";

function sample(): Message {
  return {
    ...emptyHeader(),
    info1: INFO1_READ,
    generation: 7,
    recordTtl: 0xffffffff,
    transactionTtl: 1234,
    fields: [stringField(FIELD_NAMESPACE, "test"), u64Field(13, 2n ** 63n + 5n)],
    ops: [{ op: OP_WRITE, particleType: 3, name: "bïn", data: new TextEncoder().encode("v") }],
  };
}

test("a message survives encode and decode with every header field", () => {
  const frame = encodeMessage(sample());
  const { message, end } = decodeMessage(frame.subarray(PROTO_HEADER_SIZE));
  assert.equal(end, frame.length - PROTO_HEADER_SIZE);
  assert.deepEqual(message, sample());
});

test("several messages in one body decode in order", () => {
  const last = { ...sample(), info3: INFO3_LAST, ops: [], fields: [] };
  const frame = encodeMessages([sample(), last]);
  const msgs = decodeMessages(frame.subarray(PROTO_HEADER_SIZE));
  assert.equal(msgs.length, 2);
  assert.equal(msgs[1].info3, INFO3_LAST);
});

test("truncated or inconsistent messages raise WireFormatError, never read past the end", () => {
  const body = encodeMessage(sample()).subarray(PROTO_HEADER_SIZE);
  for (let cut = 0; cut < body.length; cut++) {
    assert.throws(() => decodeMessage(body.subarray(0, cut)), WireFormatError, `cut at ${cut}`);
  }
  const badHeader = body.slice();
  badHeader[0] = 21;
  assert.throws(() => decodeMessage(badHeader), WireFormatError);
  const hugeField = body.slice();
  new DataView(hugeField.buffer).setUint32(22, 0x7fffffff);
  assert.throws(() => decodeMessage(hugeField), /past the end/);
  const zeroField = body.slice();
  new DataView(zeroField.buffer).setUint32(22, 0);
  assert.throws(() => decodeMessage(zeroField), WireFormatError);
});
