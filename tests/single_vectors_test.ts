// Our single-record request builders against frames the official client sent to a real server.
import assert from "node:assert/strict";
import { test, toHex } from "./helpers/test.ts";
import { loadStep } from "./helpers/vectors.ts";
import { Key } from "../src/key.ts";
import { Double } from "../src/values.ts";
import type { WritePolicy } from "../src/policy.ts";
import {
  buildExists,
  buildGet,
  buildPut,
  buildRemove,
  parseRecordReply,
  replyBins,
} from "../src/commands/single.ts";
import { buildOperate } from "../src/commands/operate.ts";
import * as ops from "../src/ops/scalar.ts";

async function request(step: string): Promise<{ hex: string; timeout: number; reply: Uint8Array }> {
  const s = await loadStep(step);
  const c2s = s.frames.find((f) => f.dir === "c2s")!;
  const s2c = s.frames.find((f) => f.dir === "s2c")!;
  const view = new DataView(c2s.bytes.buffer, c2s.bytes.byteOffset);
  return { hex: c2s.hex, timeout: view.getUint32(8 + 14), reply: s2c.bytes.subarray(8) };
}

const scalars = new Key("test", "vec", "scalars");
const ttlKey = new Key("test", "vec", "ttl");

test("put of every scalar type matches the official client's frame", async () => {
  const v = await request("put_scalars");
  const bins = {
    i: 42,
    neg: -7,
    big: 2n ** 62n,
    d: new Double(3.25),
    s: "héllo",
    b: new Uint8Array([0x01, 0xff, 0x00]),
    t: true,
  };
  assert.equal(toHex(buildPut(scalars, bins, {}, v.timeout)), v.hex);
});

test("get of all bins matches and its reply decodes to the written values", async () => {
  const v = await request("get_scalars");
  assert.equal(toHex(buildGet(scalars, undefined, {}, v.timeout)), v.hex);
  const bins = replyBins(parseRecordReply(v.reply));
  assert.deepEqual({ ...bins }, {
    i: 42,
    neg: -7,
    big: 2n ** 62n,
    d: 3.25,
    s: "héllo",
    b: new Uint8Array([0x01, 0xff, 0x00]),
    t: true,
  });
});

test("get with a bin selection matches", async () => {
  const v = await request("get_select");
  assert.equal(toHex(buildGet(scalars, ["i", "s"], {}, v.timeout)), v.hex);
});

test("exists matches for a present and a missing key", async () => {
  const t = await request("exists_true");
  assert.equal(toHex(buildExists(scalars, {}, t.timeout)), t.hex);
  const f = await request("exists_false");
  const missing = toHex(buildExists(new Key("test", "vec", "missing"), {}, f.timeout));
  assert.equal(missing, f.hex);
  assert.equal(parseRecordReply(f.reply).resultCode, 2);
});

test("put with an integer key and sendKey carries the KEY field after the digest", async () => {
  const v = await request("put_int_key");
  const frame = buildPut(new Key("test", "vec", 12345), { v: 1 }, { sendKey: true }, v.timeout);
  assert.equal(toHex(frame), v.hex);
});

test("put with a blob key matches", async () => {
  const v = await request("put_blob_key");
  const frame = buildPut(new Key("test", "vec", new Uint8Array([10, 11, 12])), { v: 2 }, {}, v.timeout);
  assert.equal(toHex(frame), v.hex);
});

test("put without a set sends an empty SET field as the official client does", async () => {
  const v = await request("put_no_set");
  assert.equal(toHex(buildPut(new Key("test", null, "noset"), { v: 3 }, {}, v.timeout)), v.hex);
});

test("put of list and map bins matches", async () => {
  const v = await request("put_cdt");
  const bins = { l: [1, "a", [new Double(2.5), true]], m: { x: 1, y: ["z"] } };
  assert.equal(toHex(buildPut(new Key("test", "vec", "cdt"), bins, {}, v.timeout)), v.hex);
});

test("put with a ttl writes it into the header's record-ttl", async () => {
  const v = await request("put_ttl");
  assert.equal(toHex(buildPut(ttlKey, { v: 1 }, { ttl: 1000 }, v.timeout)), v.hex);
});

test("put with exists create sets INFO2_CREATE_ONLY", async () => {
  const v = await request("put_create_only_exists");
  assert.equal(toHex(buildPut(ttlKey, { v: 2 }, { exists: "create" }, v.timeout)), v.hex);
  assert.equal(parseRecordReply(v.reply).resultCode, 5);
});

test("put with generation eq sends INFO2_GENERATION and the generation", async () => {
  const v = await request("put_gen_mismatch");
  const policy: WritePolicy = { generation: 99, generationPolicy: "eq" };
  assert.equal(toHex(buildPut(ttlKey, { v: 2 }, policy, v.timeout)), v.hex);
  assert.equal(parseRecordReply(v.reply).resultCode, 3);
});

test("remove sets INFO2_WRITE and INFO2_DELETE", async () => {
  const v = await request("remove_true");
  assert.equal(toHex(buildRemove(ttlKey, {}, v.timeout)), v.hex);
});

test("operate with add, read, append, read matches and replies one result per read", async () => {
  const v = await request("operate_add_read");
  const list = [ops.add("i", 8), ops.read("i"), ops.append("s", "!"), ops.read("s")];
  assert.equal(toHex(buildOperate(scalars, list, {}, v.timeout).frame), v.hex);
  const reply = parseRecordReply(v.reply);
  assert.deepEqual(reply.names, ["i", "s"]);
  assert.deepEqual(reply.values, [50, "héllo!"]);
});

test("operate touch matches", async () => {
  const v = await request("more/operate_touch_delete");
  const frame = buildOperate(new Key("test", "vec2", "p8"), [ops.touch()], { ttl: 500 }, v.timeout).frame;
  assert.equal(toHex(frame), v.hex);
});

test("get with compress: true matches the official client's frame, INFO1_COMPRESS_RESPONSE included", async () => {
  const v = await request("get_compressed");
  const key = new Key("test", "vec", "big");
  assert.equal(toHex(buildGet(key, undefined, { compress: true }, v.timeout)), v.hex);
  assert.notEqual(toHex(buildGet(key, undefined, {}, v.timeout)), v.hex);
});
