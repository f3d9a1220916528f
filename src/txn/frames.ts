/**
 * Request frames of a transaction's own commands, laid out as the official C client writes them:
 * the monitor record's update (`id` bin and the `keyds` list of written digests), mark
 * roll-forward (`fwd` bin), close (durable delete of the monitor), verify of a read version and
 * roll forward/back of a written record, single or as batch rows.
 * @module
 */
import { buildOperate } from "../commands/operate.ts";
import { buildRemove } from "../commands/single.ts";
import { Key } from "../key.ts";
import { append, appendItems } from "../ops/lists.ts";
import { write } from "../ops/scalar.ts";
import type { Operation } from "../ops/scalar.ts";
import type { BatchRow } from "../wire/batch.ts";
import {
  type Field,
  FIELD_DIGEST,
  FIELD_MRT_DEADLINE,
  FIELD_MRT_ID,
  FIELD_NAMESPACE,
  FIELD_RECORD_VERSION,
  FIELD_SET,
} from "../wire/fields.ts";
import {
  emptyHeader,
  encodeMessage,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO2_DURABLE_DELETE,
  INFO2_WRITE,
  INFO3_SC_READ_TYPE,
  INFO4_MRT_VERIFY_READ,
} from "../wire/message.ts";
import { encodeDeadline, encodeMrtId, encodeVersion, MONITOR_SET } from "../wire/txn.ts";
import type { Transaction } from "./transaction.ts";

const utf8 = new TextEncoder();
const LIST_POLICY = { policy: { order: "ordered", addUnique: true, noFail: true, partial: true } } as const;

/** The key of a transaction's monitor record: its namespace, set `<ERO~MRT`, the id as user key. */
export function monitorKey(txn: Transaction): Key {
  return new Key(txn.namespace ?? "", MONITOR_SET, txn.id);
}

/**
 * The operations that add `keys` to the monitor: the `id` bin when the monitor does not exist
 * yet, then the digests appended to the ordered, unique `keyds` list.
 */
export function monitorOps(txn: Transaction, keys: readonly Key[]): Operation[] {
  const ops: Operation[] = [];
  if (!txn.monitorExists) ops.push(write("id", txn.id));
  ops.push(
    keys.length === 1
      ? append("keyds", keys[0].digest, LIST_POLICY)
      : appendItems("keyds", keys.map((k) => k.digest), LIST_POLICY),
  );
  return ops;
}

/** The monitor update frame: an operate with the timeout as record ttl (the C client's layout). */
export function buildMonitorAdd(txn: Transaction, keys: readonly Key[], timeoutMs = 0): Uint8Array {
  const policy = { ttl: txn.timeout, sendKey: false } as const;
  return buildOperate(monitorKey(txn), monitorOps(txn, keys), policy, timeoutMs).frame;
}

/** Mark roll-forward: write `fwd = true` to the monitor record. */
export function buildMarkRollForward(txn: Transaction, timeoutMs = 0): Uint8Array {
  return buildOperate(monitorKey(txn), [write("fwd", true)], { sendKey: false }, timeoutMs).frame;
}

/** Close: a durable delete of the monitor record. */
export function buildClose(txn: Transaction, timeoutMs = 0): Uint8Array {
  return buildRemove(monitorKey(txn), { durableDelete: true }, timeoutMs);
}

function keyAddress(key: Key): Field[] {
  return [
    { type: FIELD_NAMESPACE, data: utf8.encode(key.ns) },
    { type: FIELD_SET, data: utf8.encode(key.set) },
    { type: FIELD_DIGEST, data: key.digest },
  ];
}

/** A single-record verify of the version `key` was read at. */
export function buildVerify(key: Key, version: bigint, timeoutMs = 0): Uint8Array {
  return encodeMessage({
    ...emptyHeader(),
    info1: INFO1_READ | INFO1_NOBINDATA,
    info3: INFO3_SC_READ_TYPE,
    info4: INFO4_MRT_VERIFY_READ,
    transactionTtl: timeoutMs,
    fields: [...keyAddress(key), { type: FIELD_RECORD_VERSION, data: encodeVersion(version) }],
    ops: [],
  });
}

/** A single-record roll forward or back (`info4` says which) of a written key. */
export function buildRoll(txn: Transaction, key: Key, info4: number, timeoutMs = 0): Uint8Array {
  const fields = [...keyAddress(key), { type: FIELD_MRT_ID, data: encodeMrtId(txn.id) }];
  const version = txn.readVersion(key);
  if (version !== undefined) fields.push({ type: FIELD_RECORD_VERSION, data: encodeVersion(version) });
  return encodeMessage({
    ...emptyHeader(),
    info2: INFO2_WRITE | INFO2_DURABLE_DELETE,
    info4,
    transactionTtl: timeoutMs,
    fields,
    ops: [],
  });
}

/** A batch row verifying `version` of `key` (namespace, set and version fields). */
export function verifyRow(index: number, key: Key, version: bigint): BatchRow {
  return {
    index,
    digest: key.digest,
    repeat: false,
    info1: INFO1_READ | INFO1_NOBINDATA,
    info2: 0,
    info3: INFO3_SC_READ_TYPE,
    info4: INFO4_MRT_VERIFY_READ,
    noTtl: true,
    generation: 0,
    ttl: 0,
    fields: [...keyAddress(key).filter((f) => f.type !== FIELD_DIGEST), {
      type: FIELD_RECORD_VERSION,
      data: encodeVersion(version),
    }],
    ops: [],
  };
}

/** A batch row rolling `key` forward or back (id, version if read, deadline if the monitor exists). */
export function rollRow(index: number, txn: Transaction, key: Key, info4: number): BatchRow {
  const fields: Field[] = keyAddress(key).filter((f) => f.type !== FIELD_DIGEST);
  fields.push({ type: FIELD_MRT_ID, data: encodeMrtId(txn.id) });
  const version = txn.readVersion(key);
  if (version !== undefined) fields.push({ type: FIELD_RECORD_VERSION, data: encodeVersion(version) });
  if (txn.deadline !== 0) fields.push({ type: FIELD_MRT_DEADLINE, data: encodeDeadline(txn.deadline) });
  return {
    index,
    digest: key.digest,
    repeat: false,
    info1: 0,
    info2: INFO2_WRITE | INFO2_DURABLE_DELETE,
    info3: 0,
    info4,
    noTtl: true,
    noGeneration: true,
    generation: 0,
    ttl: 0,
    fields,
    ops: [],
  };
}
