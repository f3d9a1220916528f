/** A one-record harness for the mock's complex ops (CDT, expressions, bits, HLL), no sockets. */
import { handleSingle } from "../../server_mock/handlers/kv.ts";
import { Store } from "../../server_mock/store.ts";
import type { Value } from "../../src/values.ts";
import { computeDigest, keyBytes } from "../../src/wire/digest.ts";
import { type Field, FIELD_DIGEST, FIELD_NAMESPACE, FIELD_SET, stringField } from "../../src/wire/fields.ts";
import {
  emptyHeader,
  INFO1_READ,
  INFO2_RESPOND_ALL_OPS,
  INFO2_WRITE,
  type Message,
} from "../../src/wire/message.ts";
import type { Op } from "../../src/wire/operations.ts";
import { packValue } from "../../src/wire/msgpack.ts";
import { decodeParticle, encodeParticle } from "../../src/wire/particles.ts";

/** An op whose value is the msgpack of `payload` (particle type BLOB, as clients send CDT calls). */
export function cdtOp(op: number, bin: string, payload: Value): Op {
  return { op, particleType: 4, name: bin, data: packValue(payload) };
}

/** A write op of a plain value. */
export function writeOp(bin: string, v: Value): Op {
  const p = encodeParticle(v);
  return { op: 2, particleType: p.type, name: bin, data: p.bytes };
}

/** The decoded value of a reply op. */
export function valueOf(op: Op): Value {
  return decodeParticle(op.particleType, op.data, 0, op.data.length);
}

/** Op types that read (OP_READ, CDT, expression, bit and HLL reads). */
const READ_OPS = new Set([1, 3, 7, 12, 15]);

/** A fresh store and a function that runs ops on record "k" of set "s". */
export function oneRecord(clock: { now: number } = { now: Date.UTC(2026, 0, 1) }): {
  store: Store;
  clock: { now: number };
  fields: Field[];
  run: (ops: Op[], h?: Partial<Message>) => Message;
  read: (ops: Op[], h?: Partial<Message>) => Message;
} {
  const store = new Store({ test: {} }, () => clock.now);
  const fields = [stringField(FIELD_NAMESPACE, "test"), stringField(FIELD_SET, "s"), {
    type: FIELD_DIGEST,
    data: computeDigest("s", keyBytes("k")),
  }];
  const send = (info1: number, info2: number, ops: Op[], h: Partial<Message> = {}): Message =>
    handleSingle(store, { ...emptyHeader(), info1, info2, fields, ops, ...h });
  return {
    store,
    clock,
    fields,
    // As a client does, a write with read ops also sets INFO1_READ (a node refuses it otherwise).
    run: (ops, h) =>
      send(ops.some((o) => READ_OPS.has(o.op)) ? INFO1_READ : 0, INFO2_WRITE | INFO2_RESPOND_ALL_OPS, ops, h),
    read: (ops, h) => send(INFO1_READ, 0, ops, h),
  };
}
