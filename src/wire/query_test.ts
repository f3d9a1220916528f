import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import { loadStep } from "../../tests/helpers/vectors.ts";
import { decodeMessages, type Message } from "./message.ts";
import { FIELD_INDEX_RANGE, FIELD_PID_ARRAY, findField } from "./fields.ts";
import {
  decodeDigests,
  decodeIndexRange,
  decodePartitionIds,
  encodeDigests,
  encodeIndexRange,
  encodePartitionIds,
} from "./query.ts";
import { WireFormatError } from "./proto.ts";

async function request(step: string): Promise<Message> {
  const s = await loadStep(step);
  return decodeMessages(s.frames[0].bytes.subarray(8))[0];
}

test("captured index filters decode to bin, type and bounds and re-encode byte for byte", async () => {
  const cases: [string, string, number, string][] = [
    ["query_range", "n", 1, "0000000000000003"],
    ["more/query_string_equal", "name", 3, toHex(new TextEncoder().encode("alice"))],
  ];
  for (const [step, bin, type, begin] of cases) {
    const field = findField((await request(step)).fields, FIELD_INDEX_RANGE)!;
    const f = decodeIndexRange(field.data);
    assert.equal(f.bin, bin);
    assert.equal(f.particleType, type);
    assert.equal(toHex(f.begin), begin);
    assert.equal(toHex(encodeIndexRange(f)), toHex(field.data));
  }
  const geo = decodeIndexRange(
    findField((await request("more/query_geo_radius")).fields, FIELD_INDEX_RANGE)!.data,
  );
  assert.equal(geo.particleType, 23);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(geo.begin)), {
    type: "AeroCircle",
    coordinates: [[103.8, 1.35], 200000],
  });
});

test("a full scan lists all 4096 partitions and a partition filter lists only its range", async () => {
  const all = decodePartitionIds(findField((await request("scan_set")).fields, FIELD_PID_ARRAY)!.data);
  assert.deepEqual(all, Array.from({ length: 4096 }, (_, i) => i));
  const field = findField((await request("more/query_partitions")).fields, FIELD_PID_ARRAY)!;
  const half = decodePartitionIds(field.data);
  assert.deepEqual(half, Array.from({ length: 2048 }, (_, i) => i));
  assert.equal(toHex(encodePartitionIds(half)), toHex(field.data));
});

test("malformed scan fields raise WireFormatError", () => {
  const good = encodeIndexRange({
    bin: "n",
    particleType: 1,
    begin: new Uint8Array(8),
    end: new Uint8Array(8),
  });
  for (let cut = 0; cut < good.length; cut++) {
    assert.throws(() => decodeIndexRange(good.subarray(0, cut)), WireFormatError);
  }
  assert.throws(() => decodePartitionIds(new Uint8Array(3)), WireFormatError);
  assert.throws(() => decodePartitionIds(new Uint8Array([0xff, 0xff])), WireFormatError);
  assert.throws(() => decodeDigests(new Uint8Array(21)), WireFormatError);
  assert.throws(() => encodePartitionIds([4096]), RangeError);
  const d = new Uint8Array(20).fill(7);
  assert.deepEqual(decodeDigests(encodeDigests([d, d])), [d, d]);
});
