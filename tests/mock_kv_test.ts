/** The mock's single-record semantics, called as a function (no sockets). */
import assert from "node:assert/strict";
import { handleSingle } from "../server_mock/handlers/kv.ts";
import { CITRUSLEAF_EPOCH, Store } from "../server_mock/store.ts";
import { computeDigest, keyBytes } from "../src/wire/digest.ts";
import { FIELD_DIGEST, FIELD_NAMESPACE, FIELD_SET, stringField } from "../src/wire/fields.ts";
import {
  emptyHeader,
  INFO1_GET_ALL,
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO2_CREATE_ONLY,
  INFO2_DELETE,
  INFO2_GENERATION,
  INFO2_GENERATION_GT,
  INFO2_RESPOND_ALL_OPS,
  INFO2_WRITE,
  INFO3_CREATE_OR_REPLACE,
  INFO3_REPLACE_ONLY,
  INFO3_UPDATE_ONLY,
  type Message,
} from "../src/wire/message.ts";
import {
  type Op,
  OP_ADD,
  OP_APPEND,
  OP_DELETE,
  OP_PREPEND,
  OP_READ,
  OP_TOUCH,
  OP_WRITE,
} from "../src/wire/operations.ts";
import { test } from "./helpers/test.ts";

const enc = new TextEncoder();
const int = (n: number): Op["data"] => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(n));
  return b;
};
const w = (name: string, n: number): Op => ({ op: OP_WRITE, particleType: 1, name, data: int(n) });
const ws = (name: string, s: string): Op => ({ op: OP_WRITE, particleType: 3, name, data: enc.encode(s) });
const r = (name: string): Op => ({ op: OP_READ, particleType: 0, name, data: new Uint8Array(0) });

function setup(
  defaultTtl = 0,
): { store: Store; clock: { now: number }; req: (h: Partial<Message>) => Message } {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const store = new Store({ test: { defaultTtl } }, () => clock.now);
  const digest = computeDigest("s", keyBytes("k"));
  const req = (h: Partial<Message>): Message => ({
    ...emptyHeader(),
    fields: [stringField(FIELD_NAMESPACE, "test"), stringField(FIELD_SET, "s"), {
      type: FIELD_DIGEST,
      data: digest,
    }],
    ops: [],
    ...h,
  });
  return { store, clock, req };
}

const put = (ops: Op[], h: Partial<Message> = {}): Partial<Message> => ({ info2: INFO2_WRITE, ops, ...h });
const get: Partial<Message> = { info1: INFO1_READ | INFO1_GET_ALL };

test("a put creates generation 1 and each write bumps it", () => {
  const { store, req } = setup();
  assert.equal(handleSingle(store, req(put([w("a", 1)]))).generation, 1);
  const again = handleSingle(store, req(put([w("a", 2)])));
  assert.deepEqual([again.resultCode, again.generation, again.recordTtl], [0, 2, 0]);
  const rec = handleSingle(store, req(get));
  assert.deepEqual(rec.ops.map((o) => [o.op, o.name, o.data[7]]), [[OP_READ, "a", 2]]);
});

test("get of a missing record answers 2 and header-only reads carry no bins", () => {
  const { store, req } = setup();
  assert.equal(handleSingle(store, req(get)).resultCode, 2);
  handleSingle(store, req(put([w("a", 1), w("b", 2)])));
  const head = handleSingle(store, req({ info1: INFO1_READ | INFO1_NOBINDATA }));
  assert.deepEqual([head.resultCode, head.generation, head.ops.length], [0, 1, 0]);
  const sel = handleSingle(store, req({ info1: INFO1_READ, ops: [r("b"), r("zz")] }));
  assert.deepEqual(sel.ops.map((o) => o.name), ["b"]);
});

test("exists actions answer KEY_EXISTS and KEY_NOT_FOUND like the server", () => {
  const { store, req } = setup();
  assert.equal(handleSingle(store, req(put([w("a", 1)], { info3: INFO3_UPDATE_ONLY }))).resultCode, 2);
  assert.equal(handleSingle(store, req(put([w("a", 1)], { info3: INFO3_REPLACE_ONLY }))).resultCode, 2);
  assert.equal(
    handleSingle(store, req(put([w("a", 1), w("b", 1)], { info2: INFO2_WRITE | INFO2_CREATE_ONLY })))
      .resultCode,
    0,
  );
  const exists = handleSingle(store, req(put([w("a", 1)], { info2: INFO2_WRITE | INFO2_CREATE_ONLY })));
  assert.deepEqual([exists.resultCode, exists.generation], [5, 1]);
  handleSingle(store, req(put([w("c", 3)], { info3: INFO3_CREATE_OR_REPLACE })));
  assert.deepEqual(handleSingle(store, req(get)).ops.map((o) => o.name), ["c"]);
  assert.equal(handleSingle(store, req(put([w("d", 4)], { info3: INFO3_UPDATE_ONLY }))).resultCode, 0);
  assert.deepEqual(handleSingle(store, req(get)).ops.map((o) => o.name), ["c", "d"]);
});

test("generation checks compare equal and greater-than", () => {
  const { store, req } = setup();
  handleSingle(store, req(put([w("a", 1)])));
  assert.equal(
    handleSingle(store, req(put([w("a", 2)], { info2: INFO2_WRITE | INFO2_GENERATION, generation: 7 })))
      .resultCode,
    3,
  );
  assert.equal(
    handleSingle(store, req(put([w("a", 2)], { info2: INFO2_WRITE | INFO2_GENERATION, generation: 1 })))
      .resultCode,
    0,
  );
  assert.equal(
    handleSingle(store, req(put([w("a", 3)], { info2: INFO2_WRITE | INFO2_GENERATION_GT, generation: 2 })))
      .resultCode,
    3,
  );
  assert.equal(
    handleSingle(store, req(put([w("a", 3)], { info2: INFO2_WRITE | INFO2_GENERATION_GT, generation: 3 })))
      .resultCode,
    0,
  );
});

test("ttl sets a void time on the server epoch; -1 never expires, -2 keeps it, expiry hides the record", () => {
  const { store, clock, req } = setup(100);
  const now = Math.floor(clock.now / 1000) - CITRUSLEAF_EPOCH;
  assert.equal(handleSingle(store, req(put([w("a", 1)], { recordTtl: 1000 }))).recordTtl, now + 1000);
  assert.equal(handleSingle(store, req(put([w("a", 1)], { recordTtl: 0xfffffffe }))).recordTtl, now + 1000);
  assert.equal(handleSingle(store, req(put([w("a", 1)], { recordTtl: 0 }))).recordTtl, now + 100);
  assert.equal(handleSingle(store, req(put([w("a", 1)], { recordTtl: 0xffffffff }))).recordTtl, 0);
  handleSingle(store, req(put([w("a", 1)], { recordTtl: 10 })));
  clock.now += 10_000;
  assert.equal(handleSingle(store, req(get)).resultCode, 2);
});

test("add, append and prepend follow the server's type rules", () => {
  const { store, req } = setup();
  handleSingle(store, req(put([w("n", 1), ws("s", "b")])));
  const ok = handleSingle(
    store,
    req(put([
      { op: OP_ADD, particleType: 1, name: "n", data: int(41) },
      { op: OP_APPEND, particleType: 3, name: "s", data: enc.encode("c") },
      { op: OP_PREPEND, particleType: 3, name: "s", data: enc.encode("a") },
      r("n"),
      r("s"),
    ], { info1: INFO1_READ })),
  );
  assert.deepEqual(ok.ops.map((o) => o.data), [int(42), enc.encode("abc")]);
  const addOnString = { op: OP_ADD, particleType: 1, name: "s", data: int(1) };
  assert.equal(handleSingle(store, req(put([addOnString]))).resultCode, 12);
  const appendOnInt = { op: OP_APPEND, particleType: 3, name: "n", data: enc.encode("x") };
  assert.equal(handleSingle(store, req(put([appendOnInt]))).resultCode, 12);
  const addString = { op: OP_ADD, particleType: 3, name: "n", data: enc.encode("x") };
  assert.equal(handleSingle(store, req(put([addString]))).resultCode, 4);
  assert.equal(handleSingle(store, req(get)).generation, 2, "failed operations change nothing");
});

test("a NULL write removes the bin and a record without bins is deleted", () => {
  const { store, req } = setup();
  handleSingle(store, req(put([w("a", 1), w("b", 2)])));
  handleSingle(store, req(put([{ op: OP_WRITE, particleType: 0, name: "a", data: new Uint8Array(0) }])));
  assert.deepEqual(handleSingle(store, req(get)).ops.map((o) => o.name), ["b"]);
  handleSingle(store, req(put([{ op: OP_WRITE, particleType: 0, name: "b", data: new Uint8Array(0) }])));
  assert.equal(handleSingle(store, req(get)).resultCode, 2);
});

test("touch needs an existing record, delete ops and INFO2_DELETE remove it", () => {
  const { store, req } = setup();
  const touch: Op = { op: OP_TOUCH, particleType: 0, name: "", data: new Uint8Array(0) };
  assert.equal(handleSingle(store, req(put([touch]))).resultCode, 2);
  handleSingle(store, req(put([w("a", 1)])));
  assert.equal(handleSingle(store, req(put([touch], { recordTtl: 50 }))).generation, 2);
  handleSingle(store, req(put([{ op: OP_DELETE, particleType: 0, name: "", data: new Uint8Array(0) }])));
  assert.equal(handleSingle(store, req(get)).resultCode, 2);
  handleSingle(store, req(put([w("a", 1)])));
  assert.equal(handleSingle(store, req({ info2: INFO2_WRITE | INFO2_DELETE })).resultCode, 0);
  assert.equal(handleSingle(store, req({ info2: INFO2_WRITE | INFO2_DELETE })).resultCode, 2);
});

test("respond-all-ops gives one result per operation, echoing the op type", () => {
  const { store, req } = setup();
  const reply = handleSingle(
    store,
    req(put([w("a", 1), r("a"), r("missing")], {
      info1: INFO1_READ,
      info2: INFO2_WRITE | INFO2_RESPOND_ALL_OPS,
    })),
  );
  assert.deepEqual(reply.ops.map((o) => [o.op, o.particleType, o.name]), [
    [OP_WRITE, 0, "a"],
    [OP_READ, 1, "a"],
    [OP_READ, 0, "missing"],
  ]);
});

test("unsupported operations and unknown namespaces are refused with a code", () => {
  const { store, req } = setup();
  // Op type 6 is not an operation the server knows.
  const unknown: Op = { op: 6, particleType: 4, name: "l", data: new Uint8Array([0x91, 0x10]) };
  assert.equal(handleSingle(store, req(put([unknown]))).resultCode, 16);
  const other = req(put([w("a", 1)]));
  other.fields[0] = stringField(FIELD_NAMESPACE, "nope");
  assert.equal(handleSingle(store, other).resultCode, 20);
  assert.equal(handleSingle(store, { ...req(get), fields: [] }).resultCode, 4);
});
