/**
 * The bounded fuzz run of the suite (10^4 cases, fixed seed), the generator's reproducibility, the
 * regressions the fuzzer found, and the size and depth caps on decoded input.
 */
import assert from "node:assert/strict";
import { MockCluster } from "../../server_mock/mod.ts";
import { parseRecordReply } from "../../src/commands/single.ts";
import { prepare } from "../../server_mock/handlers/dispatch.ts";
import { FIELD_DIGEST, FIELD_NAMESPACE, FIELD_SET, stringField } from "../../src/wire/fields.ts";
import { emptyHeader, encodeMessage, INFO2_WRITE, readMessageHeader } from "../../src/wire/message.ts";
import { MSGPACK_MAX_DEPTH } from "../../src/wire/msgpack_format.ts";
import { OP_READ, OP_WRITE } from "../../src/wire/operations.ts";
import { PARTICLE_TYPE_INTEGER, PARTICLE_TYPE_LIST } from "../../src/wire/particles.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { encodeInfoRequest } from "../../src/wire/info.ts";
import { PROTO_TYPE_MESSAGE, WireFormatError } from "../../src/wire/proto.ts";
import { RawConn } from "../helpers/raw_conn.ts";
import { hex, test } from "../helpers/test.ts";
import { loadCorpus } from "./corpus.ts";
import { generateCase } from "./generator.ts";
import { runFuzz } from "./runner.ts";
import { feedReply, feedRequest, mockContext } from "./targets.ts";

const SEED = 7;

test("10^4 fuzzed replies and requests fail only with our error classes", async () => {
  const corpus = await loadCorpus();
  const tally = await runFuzz(corpus, { seed: SEED, count: 10_000, maxDefects: 5 });
  assert.deepEqual(tally.defects.map((d) => `#${d.index} ${d.message}`), []);
  assert.equal(tally.cases, 10_000);
  // The run reached every decoder, with inputs both accepted and refused.
  for (
    const s of [
      "frame:ok",
      "frame:WireFormatError",
      "frame:incomplete",
      "decompress:ok",
      "decompress:WireFormatError",
      "record:ok",
      "record:WireFormatError",
      "messages:ok",
      "query:ok",
      "batch:ok",
      "batch:WireFormatError",
      "info:ok",
      "replicas:ok",
      "admin:ok",
      "prepare:refused",
      "run:ok",
      "stream:ok",
    ]
  ) {
    assert.ok((tally.byStage.get(s) ?? 0) > 0, `no case ended in ${s}`);
  }
});

test("a fuzz case is the same bytes for the same seed and index, and differs across seeds", async () => {
  const corpus = await loadCorpus();
  for (const i of [0, 1, 999, 123_456]) {
    assert.deepEqual(generateCase(corpus, 42, i), generateCase(corpus, 42, i));
  }
  const a = Array.from({ length: 20 }, (_, i) => generateCase(corpus, 1, i).bytes);
  const b = Array.from({ length: 20 }, (_, i) => generateCase(corpus, 2, i).bytes);
  assert.notDeepEqual(a, b);
});

test("the mock refuses an info request whose command name holds a tab instead of throwing", async () => {
  // Minimized from fuzz seed 20261124 case 104: "cl\tster-na,e".
  const out = await feedRequest([hex("020100000000000d636c09737465722d6e612c650a")], mockContext());
  assert.deepEqual(out, ["frame:ok", "prepare:refused"]);
});

test("the mock refuses a set name that would break its sets info reply", async () => {
  // Minimized from fuzz seed 20261124 case 49730: a fuzzed put stored a set name holding a
  // newline, and a later "sets" info request threw RangeError in the reply encoder.
  const ctx = mockContext();
  const put = encodeMessage({
    ...emptyHeader(),
    info2: INFO2_WRITE,
    fields: [
      stringField(FIELD_NAMESPACE, "test"),
      stringField(FIELD_SET, "a\nb"),
      { type: FIELD_DIGEST, data: new Uint8Array(20).fill(1) },
    ],
    ops: [{ op: OP_WRITE, particleType: PARTICLE_TYPE_INTEGER, name: "n", data: new Uint8Array(8) }],
  });
  const p = prepare(ctx, PROTO_TYPE_MESSAGE, put.subarray(8));
  assert.ok(p !== null);
  assert.equal(readMessageHeader(p.run().subarray(8), 0).resultCode, ResultCode.PARAMETER_ERROR);
  assert.deepEqual(await feedRequest([hex("0201000000000005736574730a")], ctx), [
    "frame:ok",
    "prepare:ok",
    "fail:ok",
    "run:ok",
  ]);
});

test("a reply nesting lists deeper than the msgpack cap is a WireFormatError, not a stack overflow", () => {
  for (const depth of [MSGPACK_MAX_DEPTH + 1, 100_000]) {
    const data = new Uint8Array(depth + 1).fill(0x91);
    data[depth] = 0xc0;
    const op = { op: OP_READ, particleType: PARTICLE_TYPE_LIST, name: "l", data };
    const frame = encodeMessage({ ...emptyHeader(), fields: [], ops: [op] });
    assert.throws(() => parseRecordReply(frame.subarray(8)), WireFormatError);
  }
});

test("a reply frame declaring more than the cap is refused from its header alone", async () => {
  // 2^47 bytes declared, nothing else sent: refused, nothing buffered.
  assert.deepEqual(await feedReply([hex("0203800000000000")]), ["frame:WireFormatError"]);
  // A compressed frame declaring 2^40 uncompressed bytes is refused before inflating.
  const out = await feedReply([hex("020400000000000c" + "0000010000000000" + "789c0300")]);
  assert.deepEqual(out, ["frame:WireFormatError"]);
});

test("the mock closes a connection whose request declares more than 128 MiB and keeps serving others", async () => {
  const mock = await MockCluster.start({ nodes: 1 });
  try {
    const bad = await RawConn.open(mock.nodes[0].port);
    bad.send(hex("0203000008000001")); // 128 MiB + 1
    await bad.closedPromise;
    assert.equal(await bad.next(), null);
    const good = await RawConn.open(mock.nodes[0].port);
    const reply = await good.request(encodeInfoRequest(["build"]));
    assert.ok(reply !== null && new TextDecoder().decode(reply.subarray(8)).startsWith("build\t"));
    await good.close();
  } finally {
    await mock.close();
  }
});
