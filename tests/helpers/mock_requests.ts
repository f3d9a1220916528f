/** Request frames for tests of the mock, built with the shared wire codec. */
import { computeDigest, keyBytes, partitionId } from "../../src/wire/digest.ts";
import { FIELD_DIGEST, FIELD_NAMESPACE, FIELD_SET, stringField } from "../../src/wire/fields.ts";
import { decodeInfoResponse } from "../../src/wire/info.ts";
import {
  decodeMessage,
  emptyHeader,
  encodeMessage,
  INFO1_GET_ALL,
  INFO1_READ,
  INFO2_WRITE,
  type Message,
} from "../../src/wire/message.ts";
import { OP_WRITE } from "../../src/wire/operations.ts";

/** A key's digest and partition in set "s". */
export function digestOf(userKey: string): { digest: Uint8Array; pid: number } {
  const digest = computeDigest("s", keyBytes(userKey));
  return { digest, pid: partitionId(digest) };
}

function fields(userKey: string): Message["fields"] {
  return [stringField(FIELD_NAMESPACE, "test"), stringField(FIELD_SET, "s"), {
    type: FIELD_DIGEST,
    data: digestOf(userKey).digest,
  }];
}

/** A put of integer bin `v` (transaction-ttl `timeoutMs`). */
export function putFrame(userKey: string, v: number, timeoutMs = 0): Uint8Array {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setBigInt64(0, BigInt(v));
  return encodeMessage({
    ...emptyHeader(),
    info2: INFO2_WRITE,
    transactionTtl: timeoutMs,
    fields: fields(userKey),
    ops: [{ op: OP_WRITE, particleType: 1, name: "v", data }],
  });
}

/** A get of all bins. */
export function getFrame(userKey: string, timeoutMs = 0): Uint8Array {
  return encodeMessage({
    ...emptyHeader(),
    info1: INFO1_READ | INFO1_GET_ALL,
    transactionTtl: timeoutMs,
    fields: fields(userKey),
    ops: [],
  });
}

/** The message in a type-3 reply frame. */
export function replyMessage(frame: Uint8Array): Message {
  return decodeMessage(frame.subarray(8)).message;
}

/** The name -> value map of a type-1 reply frame. */
export function infoMap(frame: Uint8Array): Map<string, string> {
  return decodeInfoResponse(frame.subarray(8));
}
