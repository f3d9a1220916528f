// Pure tests of the request builders, policy flags, ttl conversion, sweeper and push-back.
import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { Key } from "../key.ts";
import { decodeMessage } from "../wire/message.ts";
import {
  INFO1_NOBINDATA,
  INFO1_READ,
  INFO1_READ_MODE_AP_ALL,
  INFO2_CREATE_ONLY,
  INFO2_DELETE,
  INFO2_DURABLE_DELETE,
  INFO2_GENERATION_GT,
  INFO2_RESPOND_ALL_OPS,
  INFO2_WRITE,
  INFO3_COMMIT_MASTER,
  INFO3_CREATE_OR_REPLACE,
  INFO3_REPLACE_ONLY,
  INFO3_UPDATE_ONLY,
} from "../wire/message.ts";
import { FIELD_FILTER_EXP, FIELD_KEY } from "../wire/fields.ts";
import {
  buildExists,
  buildGet,
  buildPut,
  buildRemove,
  parseRecordBins,
  parseRecordReply,
  wireTtl,
  writeAttrs,
} from "./single.ts";
import { buildOperate, operateRecord } from "./operate.ts";
import { setTransactionTtl } from "./command.ts";
import { DeadlineSweeper } from "./deadline.ts";
import { Backpressure } from "../cluster/backpressure.ts";
import { BackpressureError } from "../errors.ts";
import { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY, mergePolicies } from "../policy.ts";
import { READ_POLICY } from "../validate_shapes.ts";
import { CITRUSLEAF_EPOCH, ttlFromVoidTime } from "../record.ts";
import { OP_CDT_MODIFY } from "../wire/operations.ts";
import * as ops from "../ops/scalar.ts";

const key = new Key("test", "s", "k");
const decode = (frame: Uint8Array) => decodeMessage(frame.subarray(8)).message;

test("each exists action maps to the server's info bits", () => {
  assert.equal(writeAttrs({ exists: "createOrUpdate" }).info2, INFO2_WRITE);
  assert.equal(writeAttrs({ exists: "create" }).info2, INFO2_WRITE | INFO2_CREATE_ONLY);
  assert.equal(writeAttrs({ exists: "updateOnly" }).info3, INFO3_UPDATE_ONLY);
  assert.equal(writeAttrs({ exists: "createOrReplace" }).info3, INFO3_CREATE_OR_REPLACE);
  assert.equal(writeAttrs({ exists: "replace" }).info3, INFO3_REPLACE_ONLY);
});

test("generation gt, commit master and durable delete set their bits", () => {
  const a = writeAttrs({ generation: 7, generationPolicy: "gt", commitLevel: "master", durableDelete: true });
  assert.equal(a.info2, INFO2_WRITE | INFO2_GENERATION_GT | INFO2_DURABLE_DELETE);
  assert.equal(a.info3, INFO3_COMMIT_MASTER);
  assert.equal(a.generation, 7);
  assert.equal(writeAttrs({ generation: 7 }).generation, 0); // no policy, no check
});

test("ttl -1 and -2 become the never-expire and keep-ttl sentinels", () => {
  assert.equal(wireTtl(-1), 0xffffffff);
  assert.equal(wireTtl(-2), 0xfffffffe);
  assert.equal(wireTtl(0), 0);
  assert.equal(decode(buildPut(key, { v: 1 }, { ttl: -1 })).recordTtl, 0xffffffff);
});

test("a header-only read sets INFO1_NOBINDATA and readModeAP all its bit", () => {
  assert.equal(decode(buildExists(key, {})).info1, INFO1_READ | INFO1_NOBINDATA);
  assert.equal(decode(buildGet(key, [], {})).info1, INFO1_READ | INFO1_NOBINDATA);
  assert.ok(decode(buildGet(key, undefined, { readModeAP: "all" })).info1 & INFO1_READ_MODE_AP_ALL);
});

test("remove sets INFO2_DELETE, sendKey adds the KEY field and a filter the expression field", () => {
  const m = decode(buildRemove(key, { sendKey: true, filter: { bytes: new Uint8Array([0xc3]) } }));
  assert.equal(m.info2, INFO2_WRITE | INFO2_DELETE);
  assert.deepEqual(m.fields.map((f) => f.type), [0, 1, 4, FIELD_KEY, FIELD_FILTER_EXP]);
});

test("setTransactionTtl patches the header's transaction-ttl in place", () => {
  const frame = buildGet(key, undefined, {});
  setTransactionTtl(frame, 1234.2);
  assert.equal(decode(frame).transactionTtl, 1235);
});

test("a truncated reply throws instead of reading past the end", () => {
  const frame = buildPut(key, { v: 1, s: "x" }, {});
  for (let cut = 1; cut < frame.length - 8; cut += 3) {
    assert.throws(() => parseRecordReply(frame.subarray(8, frame.length - cut)));
  }
});

test("bin names that share a slot of the name cache come back apart, as do UTF-8 and 15-byte names", () => {
  // "ab" and "b[" land in the same slot (length and end bytes hash alike): the bytes decide.
  const names = ["ab", "b[", "é1", "名前", "fifteen_bytes__", "x"];
  for (let round = 0; round < 3; round++) {
    for (const order of [names, [...names].reverse()]) {
      const bins: Record<string, number> = {};
      order.forEach((n, i) => bins[n] = i + round);
      const body = buildPut(key, bins, {}).subarray(8);
      assert.deepEqual({ ...parseRecordBins(body).bins }, bins);
      assert.deepEqual(parseRecordReply(body).names, order);
    }
    const alone = buildPut(key, { "b[": round }, {}).subarray(8);
    assert.deepEqual({ ...parseRecordBins(alone).bins }, { "b[": round });
  }
});

test("operate asks for every result when an operation needs positions", () => {
  const respond = {
    op: OP_CDT_MODIFY,
    bin: "m",
    particleType: 0,
    data: new Uint8Array([0x90]),
    respondAll: true,
  };
  const r = buildOperate(key, [ops.read("a"), respond], {});
  assert.equal(decode(r.frame).info2, INFO2_WRITE | INFO2_RESPOND_ALL_OPS);
  assert.equal(r.write, true);
  const rec = operateRecord(r, {
    resultCode: 0,
    generation: 3,
    voidTime: 0,
    names: ["a", "m"],
    values: [1, 2],
  });
  assert.deepEqual(rec.results, [1, 2]);
  assert.equal(rec.ttl, -1);
});

test("void time converts to seconds left; 0 means never expires", () => {
  const now = (CITRUSLEAF_EPOCH + 1000) * 1000;
  assert.equal(ttlFromVoidTime(0, now), -1);
  assert.equal(ttlFromVoidTime(1600, now), 600);
  assert.equal(ttlFromVoidTime(900, now), 1);
});

test("policies merge left to right and reject bad values", () => {
  const p = mergePolicies(READ_POLICY, "get()", DEFAULT_READ_POLICY, { totalTimeout: 50 }, {
    socketTimeout: undefined,
  });
  assert.equal(p.totalTimeout, 50);
  assert.equal(p.socketTimeout, DEFAULT_READ_POLICY.socketTimeout);
  assert.equal(DEFAULT_WRITE_POLICY.maxRetries, 0);
  assert.throws(
    () => mergePolicies(READ_POLICY, "get()", DEFAULT_READ_POLICY, { replica: "x" as "master" }),
    TypeError,
  );
  assert.throws(
    () => mergePolicies(READ_POLICY, "get()", DEFAULT_READ_POLICY, { totalTimeout: -1 }),
    RangeError,
  );
});

test("the sweeper expires only overdue entries and stops its timer at the first tick with none", () => {
  let now = 1000;
  const s = new DeadlineSweeper({ now: () => now });
  const expired: number[] = [];
  const a = { deadline: 1010, expire: () => expired.push(1) };
  const b = { deadline: 1100, expire: () => expired.push(2) };
  s.add(a);
  s.add(b);
  assert.equal(s.running, true);
  now = 1050;
  s.sweep();
  assert.deepEqual(expired, [1]);
  s.remove(b);
  assert.equal(s.size, 0);
  s.sweep();
  assert.equal(s.running, false);
});

test("the sweeper expires each entry once, also after a stall longer than its ring", () => {
  let now = 1000;
  const s = new DeadlineSweeper({ now: () => now, resolution: 5 });
  const expired: number[] = [];
  const entries = Array.from({ length: 50 }, (_, i) => ({
    deadline: 1000 + i * 97,
    expire: () => expired.push(i),
  }));
  for (const e of entries) s.add(e);
  s.remove(entries[7]);
  s.add(entries[7]); // moved: registered once
  now = 1000 + 97 * 20;
  s.sweep();
  assert.deepEqual(expired.sort((a, b) => a - b), Array.from({ length: 21 }, (_, i) => i));
  now += 1_000_000; // far beyond 512 buckets of 5 ms
  s.sweep();
  assert.equal(expired.length, 50);
  assert.equal(new Set(expired).size, 50);
  const late = { deadline: now - 10, expire: () => expired.push(-1) };
  s.add(late); // already due: expires at the next sweep
  s.sweep();
  assert.equal(expired.at(-1), -1);
  s.sweep();
  assert.equal(s.running, false);
});

test("push-back grants slots in order and refuses beyond the queue", () => {
  const bp = new Backpressure(1, 1);
  assert.equal(bp.tryAcquire(), true);
  assert.equal(bp.tryAcquire(), false);
  const granted: string[] = [];
  const w = { cancelled: false, grant: () => granted.push("w") };
  bp.enqueue(w);
  assert.throws(() => bp.enqueue({ cancelled: false, grant: () => {} }), BackpressureError);
  bp.release();
  assert.deepEqual(granted, ["w"]);
  assert.equal(bp.inFlight, 1);
  bp.release();
  assert.equal(bp.inFlight, 0);
});
