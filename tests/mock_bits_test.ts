// The mock's bitwise operations, end to end through client.operate: the shared table
// (tests/helpers/bit_cases.ts: the CE 8.1 capture, the Go suite's server outcomes, the node's
// range and flag checks), then payloads no builder sends, answered with the node's codes.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { targetTest } from "./helpers/target.ts";
import { BIT_CASES, runBitCase } from "./helpers/bit_cases.ts";
import { oneRecord, writeOp } from "./helpers/mock_ops.ts";
import { bits, Key, type Operation, ResultCode } from "../mod.ts";
import { resultCode } from "./helpers/errors.ts";
import { packValue } from "../src/wire/msgpack.ts";
import { OP_BIT_MODIFY, OP_BIT_READ } from "../src/wire/operations.ts";
import type { Value } from "../src/values.ts";
import * as C from "../src/wire/cdt_codes.ts";

targetTest("every row of the bit table gives the node's results, blob and result code", async (t) => {
  const { client } = t;
  const key = new Key(t.ns, t.set("bits"), "row");
  for (const c of BIT_CASES) await runBitCase(client, key, c);
});

function codeOf(op: number, payload: Value, before: Uint8Array | null = Uint8Array.of(0, 0xff)): number {
  const { run } = oneRecord();
  if (before !== null) run([writeOp("b", before)]);
  else run([writeOp("other", 1)]);
  return run([{ op, particleType: 4, name: "b", data: packValue(payload) }]).resultCode;
}

test("malformed bit payloads answer PARAMETER_ERROR (4), as a node parses them", () => {
  const rows: [string, number, Value, number][] = [
    ["too few arguments", OP_BIT_READ, [C.BIT_GET, 0], 4],
    ["too many arguments", OP_BIT_READ, [C.BIT_GET, 0, 8, 1], 4],
    ["a modify code in a read", OP_BIT_READ, [C.BIT_SET, 0, 8, Uint8Array.of(1)], 4],
    ["a read code in a modify", OP_BIT_MODIFY, [C.BIT_GET, 0, 8], 4],
    ["unknown code", OP_BIT_MODIFY, [13, 0, 8], 4],
    ["zero size", OP_BIT_READ, [C.BIT_GET, 0, 0], 4],
    ["integer size over 64", OP_BIT_READ, [C.BIT_GET_INT, 0, 65], 4],
    ["scan value not a boolean", OP_BIT_READ, [C.BIT_LSCAN, 0, 8, 1], 4],
    ["get-int with an unknown subflag", OP_BIT_READ, [C.BIT_GET_INT, 0, 8, 2], 4],
    ["empty value", OP_BIT_MODIFY, [C.BIT_SET, 0, 8, new Uint8Array(0), 0], 4],
    ["value shorter than the size", OP_BIT_MODIFY, [C.BIT_SET, 0, 9, Uint8Array.of(1), 0], 4],
    ["partial on resize", OP_BIT_MODIFY, [C.BIT_RESIZE, 2, C.BIT_WRITE_PARTIAL, 0], 4],
    ["create-only with update-only", OP_BIT_MODIFY, [C.BIT_RESIZE, 2, 3, 0], 4],
    ["grow-only with shrink-only", OP_BIT_MODIFY, [C.BIT_RESIZE, 2, 0, 6], 4],
    ["saturate with wrap", OP_BIT_MODIFY, [C.BIT_ADD, 0, 8, 1, 0, 6], 4],
    ["partial on add", OP_BIT_MODIFY, [C.BIT_ADD, 0, 8, 1, C.BIT_WRITE_PARTIAL, 0], 4],
    ["offset past 2^30 bits", OP_BIT_READ, [C.BIT_GET, 2 ** 30 + 1, 8], 4],
    ["shift past 2^30 bits", OP_BIT_MODIFY, [C.BIT_LSHIFT, 0, 8, 2 ** 30 + 1, 0], 4],
    ["a string offset", OP_BIT_READ, [C.BIT_GET, "0", 8], 4],
  ];
  for (const [what, op, payload, code] of rows) assert.equal(codeOf(op, payload), code, what);
});

test("negative offsets on a missing bin answer 4; reads of a missing bin answer nothing", () => {
  assert.equal(codeOf(OP_BIT_MODIFY, [C.BIT_INSERT, -1, Uint8Array.of(1), 0], null), 4);
  const { run } = oneRecord();
  run([writeOp("other", 1)]);
  const reply = run([{ op: OP_BIT_READ, particleType: 4, name: "b", data: packValue([C.BIT_GET, 0, 8]) }]);
  assert.equal(reply.resultCode, 0);
  assert.equal(reply.ops[0].data.length, 0, "a nil result for the missing bin");
});

test("rscan answers a node's negative position for a match just before the range", () => {
  // The node leaves the bits in front of the range (same byte) unmasked when scanning right.
  const { run, read } = oneRecord();
  run([writeOp("b", Uint8Array.of(0x80, 0x00))]);
  const scan = (payload: Value): number => {
    const r = read([{ op: OP_BIT_READ, particleType: 4, name: "b", data: packValue(payload) }]);
    return Number(new DataView(r.ops[0].data.buffer, r.ops[0].data.byteOffset).getBigInt64(0));
  };
  assert.equal(scan([C.BIT_RSCAN, 4, 8, true]), -4);
  assert.equal(scan([C.BIT_LSCAN, 4, 8, true]), -1);
  assert.equal(scan([C.BIT_RSCAN, 4, 8, false]), 7);
});

test("a signed add whose result wraps to exactly zero is no overflow, as on a node", () => {
  const { run, read } = oneRecord();
  run([writeOp("b", Uint8Array.of(0x80))]);
  const add = [C.BIT_ADD, 0, 8, 0x80, 0, C.BIT_INT_FLAGS_SIGNED];
  assert.equal(run([{ op: OP_BIT_MODIFY, particleType: 4, name: "b", data: packValue(add) }]).resultCode, 0);
  const r = read([{ op: 1, particleType: 0, name: "b", data: new Uint8Array(0) }]);
  assert.deepEqual([...r.ops[0].data], [0]);
});

// Found by the differential fuzzer (issue 13): a node parses a bit op before it looks at the
// bin's type, so a malformed op on a non-blob bin is PARAMETER_ERROR, a well-formed one
// BIN_TYPE_ERROR, and create-only answers BIN_EXISTS first.
targetTest(
  "a bit op on a bin of another type: parse errors first, then create-only, then the type",
  async (t) => {
    const key = new Key(t.ns, t.set("bittype"), "row");
    await t.client.put(key, { b: 5, s: "str" });
    const code = (ops: Operation[]) => resultCode(t.client.operate(key, ops));
    assert.equal(await code([bits.count("b", 0, 0)]), ResultCode.PARAMETER_ERROR, "size 0 is malformed");
    assert.equal(await code([bits.count("b", 0, 8)]), ResultCode.BIN_TYPE_ERROR);
    assert.equal(await code([bits.insert("s", 0, new Uint8Array(0))]), ResultCode.PARAMETER_ERROR);
    assert.equal(await code([bits.not("s", 0, 8)]), ResultCode.BIN_TYPE_ERROR);
    assert.equal(
      await code([bits.resize("s", 2, { policy: { createOnly: true } })]),
      ResultCode.BIN_EXISTS_ERROR,
    );
    assert.equal(await code([bits.resize("s", 2, { policy: { createOnly: true, noFail: true } })]), 0);
    await t.client.remove(key);
  },
);
