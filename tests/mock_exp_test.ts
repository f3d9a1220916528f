/** The mock's filter expressions, expression ops, bitwise and HLL ops, as raw requests. */
import assert from "node:assert/strict";
import { handleBatch } from "../server_mock/handlers/batch.ts";
import { HLL } from "../src/values.ts";
import { encodeBatchIndex } from "../src/wire/batch.ts";
import * as C from "../src/wire/cdt_codes.ts";
import { computeDigest, keyBytes } from "../src/wire/digest.ts";
import {
  FIELD_BATCH_INDEX,
  FIELD_FILTER_EXP,
  FIELD_NAMESPACE,
  FIELD_SET,
  stringField,
} from "../src/wire/fields.ts";
import { decodeMessages, emptyHeader, INFO1_GET_ALL, INFO1_READ, type Message } from "../src/wire/message.ts";
import { MsgPackWriter } from "../src/wire/msgpack.ts";
import {
  type Op,
  OP_BIT_MODIFY,
  OP_BIT_READ,
  OP_EXP_MODIFY,
  OP_EXP_READ,
  OP_HLL_MODIFY,
  OP_HLL_READ,
  OP_READ,
} from "../src/wire/operations.ts";
import { oneRecord, valueOf, writeOp } from "./helpers/mock_ops.ts";
import { test, toHex } from "./helpers/test.ts";
import { readRow } from "./helpers/batch_row.ts";

/** An expression: arrays are calls, `{ name }` a raw string (bin/variable names), `{ f }` a float. */
type Exp = number | bigint | string | boolean | null | Uint8Array | { name: string } | { f: number } | Exp[];

function pack(w: MsgPackWriter, e: Exp): void {
  if (Array.isArray(e)) {
    w.packArrayHeader(e.length);
    for (const x of e) pack(w, x);
  } else if (e === null) w.packNil();
  else if (typeof e === "boolean") w.packBool(e);
  else if (typeof e === "number" || typeof e === "bigint") w.packInt(e);
  else if (typeof e === "string") w.packString(e);
  else if (e instanceof Uint8Array) w.packBlob(e);
  else if ("name" in e) w.packRawString(e.name);
  else w.packDouble(e.f);
}

function bytes(e: Exp): Uint8Array {
  const w = new MsgPackWriter();
  pack(w, e);
  return w.toBytes();
}

const bin = (type: number, name: string): Exp => [C.EXP_BIN, type, { name }];
const intBin = (name: string): Exp => bin(C.EXP_TYPE_INT, name);
const expRead = (name: string, e: Exp, flags = 0): Op => ({
  op: OP_EXP_READ,
  particleType: 4,
  name,
  data: bytes([e, flags]),
});
const expWrite = (name: string, e: Exp, flags = 0): Op => ({ ...expRead(name, e, flags), op: OP_EXP_MODIFY });
const rawOp = (op: number, name: string, e: Exp): Op => ({ op, particleType: 4, name, data: bytes(e) });
const readBin = (name: string): Op => ({ op: OP_READ, particleType: 0, name, data: new Uint8Array(0) });

function setup(): ReturnType<typeof oneRecord> & {
  withFilter: (e: Exp) => Partial<Message>;
  value: (e: Exp, flags?: number) => unknown;
  get: (name: string) => unknown;
} {
  const h = oneRecord();
  const withFilter = (e: Exp): Partial<Message> => ({
    fields: [...h.fields, { type: FIELD_FILTER_EXP, data: bytes(e) }],
  });
  const value = (e: Exp, flags = 0): unknown => {
    const reply = h.read([expRead("x", e, flags)]);
    if (reply.resultCode !== 0) return `code ${reply.resultCode}`;
    return reply.ops[0] === undefined ? undefined : valueOf(reply.ops[0]);
  };
  const get = (name: string): unknown => {
    const o = h.read([readBin(name)]).ops[0];
    return o === undefined ? undefined : valueOf(o);
  };
  return { ...h, withFilter, value, get };
}

test("a false filter answers FILTERED_OUT with the record's generation; a true one lets the command run", () => {
  const { run, read, fields, withFilter, get: binOf } = setup();
  const get = (e: Exp): Message => read([], { info1: INFO1_READ | INFO1_GET_ALL, ...withFilter(e) });
  assert.equal(get([C.EXP_GT, intBin("n"), 5]).resultCode, 2, "a missing record answers 2");
  run([writeOp("n", 6), writeOp("s", "hi")]);
  run([writeOp("n", 7)]);
  const out = get([C.EXP_GT, intBin("n"), 100]);
  assert.deepEqual([out.resultCode, out.generation, out.ops.length], [27, 2, 0]);
  assert.equal(get([C.EXP_GT, intBin("n"), 5]).ops.length, 2);
  assert.equal(get([C.EXP_GT, intBin("s"), 5]).resultCode, 27, "a string bin read as an integer is unknown");
  assert.equal(get([C.EXP_EQ, intBin("missing"), 5]).resultCode, 27);
  assert.equal(
    get([C.EXP_NOT, [C.EXP_EQ, intBin("missing"), 5]]).resultCode,
    27,
    "not unknown stays unknown",
  );
  assert.equal(get([C.EXP_OR, [C.EXP_EQ, intBin("missing"), 5], true]).resultCode, 0, "true decides an or");
  assert.equal(get([C.EXP_AND, [C.EXP_EQ, intBin("missing"), 5], false]).resultCode, 27);
  assert.equal(
    get([C.EXP_REGEX, C.EXP_REGEX_ICASE, { name: "^H" }, bin(C.EXP_TYPE_STRING, "s")]).resultCode,
    0,
  );
  assert.equal(get([C.EXP_GEO, 1, 2]).resultCode, 4, "geo compare of non-geo operands is a parameter error");
  const broken = read([], {
    info1: INFO1_READ,
    fields: [...fields, { type: FIELD_FILTER_EXP, data: new Uint8Array([0x93]) }],
  });
  assert.equal(broken.resultCode, 4);
  assert.equal(run([writeOp("n", 1)], withFilter([C.EXP_GT, intBin("n"), 100])).resultCode, 27);
  assert.equal(binOf("n"), 7, "a filtered-out write changes nothing");
  assert.equal(run([writeOp("n", 1)], withFilter([C.EXP_LT, intBin("n"), 100])).resultCode, 0);
  assert.equal(binOf("n"), 1);
});

test("metadata expressions read ttl, void time, last update, set name, key and digest", () => {
  const { run, value, clock, store } = setup();
  const start = clock.now;
  run([writeOp("n", 1)], { recordTtl: 100 });
  clock.now += 10_000;
  assert.equal(value([C.EXP_TTL]), 90);
  assert.equal(value([C.EXP_SINCE_UPDATE]), 10_000);
  assert.equal(value([C.EXP_LAST_UPDATE]), BigInt(start) * 1_000_000n);
  assert.equal(value([C.EXP_VOID_TIME]), BigInt(start / 1000 + 100) * 1_000_000_000n);
  assert.equal(value([C.EXP_SET_NAME]), "s");
  assert.equal(value([C.EXP_KEY_EXISTS]), false);
  assert.equal(value([C.EXP_BIN_TYPE, { name: "n" }]), 1);
  assert.equal(value([C.EXP_BIN_TYPE, { name: "nope" }]), 0);
  const digest = computeDigest("s", keyBytes("k"));
  const expected = new DataView(digest.buffer, digest.byteOffset + 16, 4).getUint32(0, true) % 7;
  assert.equal(value([C.EXP_DIGEST_MODULO, 7]), expected);
  run([writeOp("n", 2)], { recordTtl: 0xffffffff });
  assert.equal(value([C.EXP_TTL]), -1, "a record that never expires has ttl -1");
  assert.equal(value([C.EXP_VOID_TIME]), -1);
  assert.equal(store.namespace("test")!.size, 1);
});

test("arithmetic, integer bits, cond and let/var evaluate like the server", () => {
  const { run, value } = setup();
  run([writeOp("n", 2), writeOp("s", "x")]);
  const cases: [Exp, unknown][] = [
    [[C.EXP_ADD, 2, 3, 4], 9],
    [[C.EXP_SUB, 10, 4], 6],
    [[C.EXP_SUB, 5], -5],
    [[C.EXP_MUL, { f: 1.5 }, { f: 3 }], 4.5],
    [[C.EXP_DIV, 7, 2], 3],
    // Integer division or modulo by zero is "unknown" on the server: OP_NOT_APPLICABLE (26), not 4.
    [[C.EXP_DIV, 1, 0], "code 26"],
    [[C.EXP_MOD, 7, 0], "code 26"],
    [[C.EXP_DIV, 8], 0], // one operand: its reciprocal, 1 / 8 in integers
    [[C.EXP_DIV, 7, 2, 0], "code 26"], // the divisor is the product of the later operands
    [[C.EXP_DIV, { f: 1 }, { f: 3 }, { f: 7 }], 1 / (3 * 7)],
    [[C.EXP_TO_INT, { f: 1e30 }], -(2n ** 63n)], // out of range: x86's "integer indefinite"
    [[0], "code 26"], // unknown()
    // Type errors are found by the build pass, whatever the record holds.
    [[C.EXP_LT, 1, { f: 1 }], "code 4"],
    [[C.EXP_AND, true], "code 4"], // and/or need two operands
    [[C.EXP_COND, true, 1, { f: 2 }], "code 4"], // cond branches of different types
    [[C.EXP_LET, { name: "x" }, 1, [C.EXP_LET, { name: "x" }, 2, [C.EXP_VAR, { name: "x" }]]], "code 4"],
    [[C.EXP_MOD, 7, 3], 1],
    [[C.EXP_ABS, -4], 4],
    [[C.EXP_POW, { f: 2 }, { f: 10 }], 1024],
    [[C.EXP_ADD, 1, { f: 1 }], "code 4"],
    [[C.EXP_TO_INT, { f: 2.7 }], 2],
    [[C.EXP_MIN, 3, 1, 2], 1],
    [[C.EXP_MAX, 3, 1, 2], 3],
    [[C.EXP_INT_AND, 12, 10], 8],
    [[C.EXP_INT_XOR, 12, 10], 6],
    [[C.EXP_INT_LSHIFT, 1, 4], 16],
    [[C.EXP_INT_RSHIFT, -1, 60], 15],
    [[C.EXP_INT_ARSHIFT, -16, 2], -4],
    [[C.EXP_INT_COUNT, 255], 8],
    [[C.EXP_INT_LSCAN, 1, true], 63],
    [[C.EXP_INT_RSCAN, 6, true], 62],
    [[C.EXP_COND, [C.EXP_EQ, intBin("n"), 1], "one", [C.EXP_EQ, intBin("n"), 2], "two", "other"], "two"],
    [[C.EXP_LET, { name: "x" }, [C.EXP_ADD, intBin("n"), 1], [C.EXP_MUL, [C.EXP_VAR, { name: "x" }], [
      C.EXP_VAR,
      { name: "x" },
    ]]], 9],
    [[C.EXP_QUOTED, [1, 2]], [1, 2]],
    [intBin("s"), "code 26"],
    [[C.EXP_INT_NOT], "code 4"],
    [[C.EXP_ADD], "code 4"],
  ];
  for (const [e, want] of cases) assert.deepEqual(value(e), want, JSON.stringify(e));
  assert.equal(value(intBin("s"), C.EXP_READ_EVAL_NO_FAIL), undefined, "eval-no-fail: no result");
});

test("expression writes store the result and honour create-only, update-only and allow-delete", () => {
  const { run, get } = setup();
  run([writeOp("n", 2)]);
  assert.equal(run([expWrite("flag", [C.EXP_GT, intBin("n"), 1])]).resultCode, 0);
  assert.equal(get("flag"), true);
  assert.equal(run([expWrite("flag", false, C.EXP_WRITE_CREATE_ONLY)]).resultCode, 6);
  const noFail = C.EXP_WRITE_CREATE_ONLY | C.EXP_WRITE_POLICY_NO_FAIL;
  assert.equal(run([expWrite("flag", false, noFail)]).resultCode, 0);
  assert.equal(get("flag"), true);
  assert.equal(run([expWrite("zz", 1, C.EXP_WRITE_UPDATE_ONLY)]).resultCode, 17);
  assert.equal(run([expWrite("flag", null)]).resultCode, 26);
  // With any flag at all (the server tests `flags && POLICY_NO_FAIL`), a nil result on a live bin
  // without allow-delete is silently skipped; a nil result for a missing bin is no error.
  assert.equal(run([expWrite("flag", null, C.EXP_WRITE_EVAL_NO_FAIL)]).resultCode, 0);
  assert.equal(get("flag"), true);
  assert.equal(run([expWrite("none", null)]).resultCode, 0);
  assert.equal(get("none"), undefined);
  assert.equal(run([expWrite("flag", null, C.EXP_WRITE_ALLOW_DELETE)]).resultCode, 0);
  assert.equal(get("flag"), undefined);
  assert.equal(run([expWrite("n", intBin("gone"))]).resultCode, 26, "an unknown result is refused");
});

test("CDT and bit calls inside expressions read bins and return modified copies", () => {
  const { run, value, get } = setup();
  run([writeOp("l", [3, 1, 2]), writeOp("m", new Map([["a", 1]])), writeOp("b", new Uint8Array([0xf0]))]);
  const list = bin(C.EXP_TYPE_LIST, "l");
  const call = (rt: number, mod: number, op: Exp, target: Exp): Exp => [C.EXP_CALL, rt, mod, op, target];
  assert.equal(value(call(C.EXP_TYPE_INT, C.EXP_MODULE_CDT, [C.LIST_SIZE], list)), 3);
  assert.equal(
    value(call(C.EXP_TYPE_INT, C.EXP_MODULE_CDT, [C.LIST_GET_BY_RANK, C.RETURN_VALUE, -1], list)),
    3,
  );
  const count2 = [C.LIST_GET_BY_VALUE, C.RETURN_COUNT, [C.EXP_ADD, 1, 1]];
  assert.equal(value(call(C.EXP_TYPE_INT, C.EXP_MODULE_CDT, count2, list)), 1, "arguments are expressions");
  const append = call(C.EXP_TYPE_LIST, C.EXP_MODULE_CDT | C.EXP_CALL_MODIFY, [C.LIST_APPEND, 9], list);
  assert.deepEqual(value(append), [3, 1, 2, 9]);
  assert.deepEqual(get("l"), [3, 1, 2], "the bin itself is unchanged");
  const byKey = [C.MAP_GET_BY_KEY, C.RETURN_VALUE, "a"];
  assert.equal(value(call(C.EXP_TYPE_INT, C.EXP_MODULE_CDT, byKey, bin(C.EXP_TYPE_MAP, "m"))), 1);
  const bits = bin(C.EXP_TYPE_BLOB, "b");
  assert.equal(value(call(C.EXP_TYPE_INT, C.EXP_MODULE_BIT, [C.BIT_COUNT, 0, 8], bits)), 4);
  assert.equal(
    value(call(C.EXP_TYPE_INT, C.EXP_MODULE_CDT, [C.LIST_SIZE], bin(C.EXP_TYPE_LIST, "x"))),
    "code 26",
  );
});

test("bit operations read and change a blob bin; out-of-range bits answer 26", () => {
  const { run, read } = setup();
  run([writeOp("b", new Uint8Array([0x00, 0x0f]))]);
  const r = (e: Exp): unknown => {
    const reply = read([rawOp(OP_BIT_READ, "b", e)]);
    return reply.resultCode !== 0 ? `code ${reply.resultCode}` : valueOf(reply.ops[0]);
  };
  const w = (e: Exp): number => run([rawOp(OP_BIT_MODIFY, "b", e)]).resultCode;
  assert.equal(w([C.BIT_SET, 0, 8, new Uint8Array([0xff]), 0]), 0);
  assert.equal(toHex(r([C.BIT_GET, 0, 16]) as Uint8Array), "ff0f");
  assert.equal(r([C.BIT_COUNT, 0, 16]), 12);
  assert.equal(r([C.BIT_LSCAN, 0, 16, false]), 8);
  assert.equal(r([C.BIT_RSCAN, 0, 16, true]), 15);
  assert.equal(r([C.BIT_GET_INT, 8, 8]), 15);
  assert.equal(r([C.BIT_GET_INT, 0, 8, C.BIT_INT_FLAGS_SIGNED]), -1);
  const tail = r([C.BIT_GET, -4, 4]) as Uint8Array;
  assert.equal(toHex(tail), "f0", "negative offsets count from the end");
  assert.equal(w([C.BIT_SET_INT, 0, 8, 5, 0]), 0);
  assert.equal(w([C.BIT_RESIZE, 4, 0, 0]), 0);
  assert.equal(w([C.BIT_INSERT, 0, new Uint8Array([0xaa]), 0]), 0);
  assert.equal(toHex(r([C.BIT_GET, 0, 40]) as Uint8Array), "aa050f0000");
  assert.equal(w([C.BIT_REMOVE, 0, 1, 0]), 0);
  assert.equal(w([C.BIT_NOT, 0, 8, 0]), 0);
  assert.equal(toHex(r([C.BIT_GET, 0, 32]) as Uint8Array), "fa0f0000");
  assert.equal(r([C.BIT_GET, 30, 8]), "code 26");
  assert.equal(w([C.BIT_LSHIFT, 0, 8, 1, 0]), 0, "shifts run as on a node (tests/mock_bits_test.ts)");
  // Only resize and insert take create-only (6 on an existing bin); set refuses the flag (4).
  assert.equal(w([C.BIT_RESIZE, 8, C.BIT_WRITE_CREATE_ONLY, 0]), 6);
  run([writeOp("i", 1)]);
  assert.equal(run([rawOp(OP_BIT_READ, "i", [C.BIT_COUNT, 0, 8])]).resultCode, 12);
  assert.equal(run([rawOp(OP_BIT_MODIFY, "nope", [C.BIT_SET, 0, 8, new Uint8Array([1]), 0])]).resultCode, 17);
});

test("HLL init, add, count and describe; counts are exact for small sets and close for larger", () => {
  const { run, read, get } = setup();
  const h = (op: number, e: Exp): Message => run([rawOp(op, "h", e)]);
  assert.deepEqual(h(OP_HLL_MODIFY, [C.HLL_INIT, 8, -1, 0]).ops[0].particleType, 0);
  assert.equal(valueOf(h(OP_HLL_MODIFY, [C.HLL_ADD, ["a", "b", "c", "a"], -1, -1, 0]).ops[0]), 3);
  assert.equal(valueOf(read([rawOp(OP_HLL_READ, "h", [C.HLL_COUNT])]).ops[0]), 3);
  assert.deepEqual(valueOf(read([rawOp(OP_HLL_READ, "h", [C.HLL_DESCRIBE])]).ops[0]), [8, 0]);
  assert.ok(get("h") instanceof HLL, "the bin reads back as an HLL particle");
  const many = Array.from({ length: 200 }, (_, i) => `v${i}`);
  h(OP_HLL_MODIFY, [C.HLL_ADD, many, -1, -1, 0]);
  const n = valueOf(read([rawOp(OP_HLL_READ, "h", [C.HLL_COUNT])]).ops[0]) as number;
  assert.ok(Math.abs(n - 203) <= 30, `estimate ${n} near 203`);
  assert.equal(h(OP_HLL_MODIFY, [C.HLL_INIT, 8, -1, C.HLL_WRITE_CREATE_ONLY]).resultCode, 6);
  // A node answers 26 for an add that would create the bin without index bits, 4 for no HLLs.
  assert.equal(run([rawOp(OP_HLL_MODIFY, "h2", [C.HLL_ADD, ["a"], -1, -1, 0])]).resultCode, 26);
  assert.equal(h(OP_HLL_READ, [C.HLL_UNION, []]).resultCode, 4);
  assert.equal(h(OP_HLL_MODIFY, [C.HLL_INIT, 30, -1, 0]).resultCode, 4);
});

test("a batch request's filter applies to every row that has none of its own", () => {
  const { store, clock } = setup();
  const ns = store.namespace("test")!;
  const digests = ["k1", "k2"].map((k) => computeDigest("s", keyBytes(k)));
  digests.forEach((digest, i) => {
    const n = new Uint8Array(8);
    n[7] = i === 0 ? 1 : 50;
    ns.put({
      digest,
      set: "s",
      bins: new Map([["n", { type: 1, data: n }]]),
      generation: 1,
      voidTime: 0,
      lastUpdateMs: clock.now,
    });
  });
  const rows = digests.map((digest, index) =>
    readRow(index, digest, [stringField(FIELD_NAMESPACE, "test"), stringField(FIELD_SET, "s")])
  );
  const req: Message = {
    ...emptyHeader(),
    info1: INFO1_READ,
    fields: [{ type: FIELD_BATCH_INDEX, data: encodeBatchIndex(0, rows) }, {
      type: FIELD_FILTER_EXP,
      data: bytes([C.EXP_GT, intBin("n"), 10]),
    }],
    ops: [],
  };
  const out = handleBatch({ store, noteSingle: () => {} }, req);
  const messages: Message[] = [];
  for (let at = 0; at < out.length;) {
    const len = Number(new DataView(out.buffer, out.byteOffset + at, 8).getBigUint64(0) & 0xffffffffffffn);
    messages.push(...decodeMessages(out.subarray(at + 8, at + 8 + len)));
    at += 8 + len;
  }
  assert.deepEqual(messages.map((m) => [m.transactionTtl, m.resultCode, m.ops.length]), [[0, 27, 0], [
    1,
    0,
    1,
  ], [
    0,
    0,
    0,
  ]]);
});
