/**
 * Bitwise operations as a table of (blob, operations) → (results, blob) or result code, run by the
 * client through `operate` against the target, the mock or a real server (a target test in
 * tests/mock_bits_test.ts). Rows marked [vector] repeat the CE 8.1 capture more/bit_ops;
 * rows marked [go] are outcomes the official Go client's test suite asserts against a real server
 * (facts only); the rest follow aerospike-server's particle_blob.c.
 */
import assert from "node:assert/strict";
import { AerospikeError, bits, type Client, type Key, type Operation } from "../../mod.ts";

/** One row. */
export interface BitCase {
  /** What the row shows. */
  name: string;
  /** The blob bin before (hex), or undefined for a missing bin. */
  before?: string;
  /** Operations on bin "b". */
  ops: Operation[];
  /** Expected result code (0: success). */
  code?: number;
  /** Expected `results` (blobs as hex). */
  results?: unknown[];
  /** Expected blob after (hex), or null for a missing bin. */
  after?: string | null;
}

const x = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const B = "b";
const DOC = "0142030405";
const noFail = { policy: { noFail: true } };
const partial = { policy: { partial: true } };
const wrap = { overflow: "wrap" as const };
const sat = { overflow: "saturate" as const };

/** The table. */
export const BIT_CASES: BitCase[] = [
  {
    name: "[vector] set, get, getInt and rscan on 000f",
    before: "000f",
    ops: [bits.set(B, 0, 8, x("ff")), bits.get(B, 0, 16), bits.getInt(B, 8, 8), bits.rscan(B, 0, 16, true)],
    results: [null, "ff0f", 15, 15],
    after: "ff0f",
  },
  { name: "[go] resize grows at the end", before: "0142", ops: [bits.resize(B, 4)], after: "01420000" },
  { name: "[go] insert", before: DOC, ops: [bits.insert(B, 1, x("ffc7"))], after: "01ffc742030405" },
  { name: "[go] remove", before: DOC, ops: [bits.remove(B, 2, 3)], after: "0142" },
  { name: "[go] set", before: DOC, ops: [bits.set(B, 13, 3, x("e0"))], after: "0147030405" },
  { name: "[go] or", before: DOC, ops: [bits.or(B, 17, 6, x("a8"))], after: "0142570405" },
  { name: "[go] xor", before: DOC, ops: [bits.xor(B, 17, 6, x("ac"))], after: "0142550405" },
  { name: "[go] and", before: DOC, ops: [bits.and(B, 23, 9, x("3c80"))], after: "0142020005" },
  { name: "[go] not", before: DOC, ops: [bits.not(B, 25, 6)], after: "0142037a05" },
  { name: "[go] lshift", before: DOC, ops: [bits.lshift(B, 32, 8, 3)], after: "0142030428" },
  { name: "[go] rshift", before: DOC, ops: [bits.rshift(B, 0, 9, 1)], after: "00c2030405" },
  { name: "[go] add", before: DOC, ops: [bits.add(B, 24, 16, 128)], after: "0142030485" },
  { name: "[go] subtract", before: DOC, ops: [bits.subtract(B, 24, 16, 128)], after: "0142030385" },
  { name: "[go] setInt", before: DOC, ops: [bits.setInt(B, 1, 8, 127)], after: "3fc2030405" },
  {
    name: "[go] reads: get, count, lscan, rscan, getInt",
    before: DOC,
    ops: [bits.get(B, 9, 5), bits.count(B, 20, 4), bits.lscan(B, 24, 8, true), bits.rscan(B, 32, 8, true)],
    results: ["80", 2, 5, 7],
  },
  { name: "[go] getInt of 16 bits", before: DOC, ops: [bits.getInt(B, 8, 16)], results: [16899] },
  {
    name: "[go] set with update-only, then remove",
    before: "0102030405060708",
    ops: [
      bits.set(B, 1, 1, x("80")),
      bits.set(B, 3, 1, x("80"), { policy: { updateOnly: true } }),
      bits.remove(B, 6, 2, { policy: { updateOnly: true } }),
    ],
    after: "510203040506",
  },
  {
    name: "[go] insert with create-only makes the bin, zeros before the offset",
    ops: [bits.insert(B, 1, x("0a"), { policy: { createOnly: true } })],
    after: "000a",
  },
  { name: "[go] set on a missing bin: 17", ops: [bits.set(B, 1, 1, x("80"))], code: 17, after: null },
  {
    name: "[go] set refuses the create-only flag: 4",
    before: "00",
    ops: [bits.set(B, 1, 1, x("80"), { policy: { createOnly: true } })],
    code: 4,
    after: "00",
  },
  {
    name: "[go] set across byte boundaries",
    before: "01120203040506070809" + "0a0b0c0d0e0f101141",
    ops: [
      bits.set(B, 1, 1, x("80")),
      bits.set(B, 15, 1, x("80")),
      bits.set(B, 16, 24, x("112233")),
      bits.set(B, 40, 22, x("112233")),
      bits.set(B, 73, 21, x("112233")),
      bits.set(B, 100, 20, x("112233")),
      bits.set(B, 120, 17, x("112233")),
      bits.set(B, 144, 1, x("80")),
    ],
    after: "411311223311223308" + "08911b011223112211c1",
  },
  {
    name: "[go] lshift in and across bytes",
    before: "010100" + "80ff010118" + "01",
    ops: [
      bits.lshift(B, 0, 8, 1),
      bits.lshift(B, 9, 7, 6),
      bits.lshift(B, 23, 2, 1),
      bits.lshift(B, 37, 18, 3),
      bits.lshift(B, 58, 2, 1),
      bits.lshift(B, 64, 4, 7),
    ],
    after: "02400100f808012801",
  },
  { name: "[go] lshift 15 of 20 bits", before: "ffffff", ops: [bits.lshift(B, 0, 20, 15)], after: "f8000f" },
  {
    name: "[go] rshift in and across bytes",
    before: "80400100ff01011880",
    ops: [
      bits.rshift(B, 0, 8, 1),
      bits.rshift(B, 9, 7, 6),
      bits.rshift(B, 23, 2, 1),
      bits.rshift(B, 37, 18, 3),
      bits.rshift(B, 60, 2, 1),
      bits.rshift(B, 68, 4, 7),
    ],
    after: "40010080f8e0211480",
  },
  ...([
    ["or", "9048012011112233"],
    ["xor", "9048012011102030"],
    ["and", "0000000000010203"],
  ] as const).map(([f, after]): BitCase => ({
    name: `[go] ${f} over odd ranges`,
    before: "8040010000010203",
    ops: ([[0, 5], [9, 7], [23, 6], [32, 8], [40, 24]] as const).map(([o, n]) =>
      bits[f](B, o, n, x("112233"))
    ),
    after,
  })),
  {
    name: "[go] not over odd ranges",
    before: "8040010000010203",
    ops: ([[0, 5], [9, 7], [23, 6], [32, 8], [40, 24]] as const).map(([o, n]) => bits.not(B, o, n)),
    after: "783f00f8fffefdfc",
  },
  {
    name: "[go] add of odd widths, fail action, no overflow",
    before: "381f00e87f000000010101010101020202030303",
    ops: [
      bits.add(B, 0, 5, 1),
      bits.add(B, 9, 7, 1),
      bits.add(B, 23, 6, 0x21),
      bits.add(B, 32, 8, 1),
      bits.add(B, 40, 24, 0x7f7f7f),
      bits.add(B, 64, 20, 0x01010),
      bits.add(B, 92, 20, 0x10101),
      bits.add(B, 113, 22, 0x8082),
      bits.add(B, 136, 23, 0x20202),
    ],
    after: "402001f0807f7f7f020201020202030306070707",
  },
  {
    name: "[go] add with wrap and saturate, signed and unsigned",
    before: "000000000000",
    ops: [
      bits.add(B, 0, 8, 0xff, wrap),
      bits.add(B, 0, 8, 0xff, wrap),
      bits.add(B, 8, 8, 0x7f, { ...wrap, signed: true }),
      bits.add(B, 8, 8, 0x7f, { ...wrap, signed: true }),
      bits.add(B, 16, 8, 0x80, { ...wrap, signed: true }),
      bits.add(B, 16, 8, 0xff, { ...wrap, signed: true }),
      bits.add(B, 24, 8, 0x80, sat),
      bits.add(B, 24, 8, 0x80, sat),
      bits.add(B, 32, 8, 0x77, { ...sat, signed: true }),
      bits.add(B, 32, 8, 0x77, { ...sat, signed: true }),
      bits.add(B, 40, 8, 0x8f, { ...sat, signed: true }),
      bits.add(B, 40, 8, 0x8f, { ...sat, signed: true }),
    ],
    after: "fefe7fff7f80",
  },
  {
    name: "[go] unsigned add overflow with the fail action: 26, blob unchanged",
    before: "000000",
    ops: [bits.add(B, 0, 8, 0xff), bits.add(B, 0, 8, 0xff)],
    code: 26,
    after: "000000",
  },
  {
    name: "[go] signed add overflow (127 + 2): 26",
    before: "00",
    ops: [bits.add(B, 0, 8, 0x7f, { signed: true }), bits.add(B, 0, 8, 2, { signed: true })],
    code: 26,
  },
  {
    name: "[go] signed add underflow (-127 + -2): 26",
    before: "00",
    ops: [bits.add(B, 0, 8, 0x81, { signed: true }), bits.add(B, 0, 8, 0xfe, { signed: true })],
    code: 26,
  },
  {
    name: "[go] subtract of odd widths",
    before: "381f00e87f808080010101010101020202030303",
    ops: [
      bits.subtract(B, 0, 5, 1),
      bits.subtract(B, 9, 7, 1),
      bits.subtract(B, 23, 6, 3),
      bits.subtract(B, 32, 8, 1),
      bits.subtract(B, 40, 24, 0x10101),
      bits.subtract(B, 64, 20, 0x101),
      bits.subtract(B, 92, 20, 0x10101),
      bits.subtract(B, 113, 21, 0x101),
      bits.subtract(B, 136, 23, 0x11111),
    ],
    after: "301e00d07e7f7f7f00f0f1000000" + "01fdfe00e0e1",
  },
  {
    name: "[go] subtract with wrap and saturate",
    before: "000000000000",
    ops: [
      bits.subtract(B, 0, 8, 1, wrap),
      bits.subtract(B, 8, 8, 0x80, { ...wrap, signed: true }),
      bits.subtract(B, 8, 8, 0x8a, { ...wrap, signed: true }),
      bits.subtract(B, 16, 8, 0x7f, { ...wrap, signed: true }),
      bits.subtract(B, 16, 8, 2, { ...wrap, signed: true }),
      bits.subtract(B, 24, 8, 0xaa, sat),
      bits.subtract(B, 32, 8, 0x77, { ...sat, signed: true }),
      bits.subtract(B, 32, 8, 0x77, { ...sat, signed: true }),
      bits.subtract(B, 40, 8, 0x81, { ...sat, signed: true }),
      bits.subtract(B, 40, 8, 0x8f, { ...sat, signed: true }),
    ],
    after: "fff67f00807f",
  },
  { name: "[go] unsigned subtract below 0: 26", before: "00", ops: [bits.subtract(B, 0, 8, 1)], code: 26 },
  {
    name: "[go] setInt of odd widths",
    before: "381f00e87f808080010101010101020202030303",
    ops: [
      bits.setInt(B, 0, 5, 1),
      bits.setInt(B, 9, 7, 1),
      bits.setInt(B, 23, 6, 3),
      bits.setInt(B, 32, 8, 1),
      bits.setInt(B, 40, 24, 0x10101),
      bits.setInt(B, 64, 20, 0x101),
      bits.setInt(B, 92, 20, 0x10101),
      bits.setInt(B, 113, 21, 0x101),
      bits.setInt(B, 136, 23, 0x11111),
    ],
    after: "0801001801010101001011010101000406022223",
  },
  {
    name: "[go] get pads the last byte with zero bits",
    before: "c1aaaa",
    ops: [0, 1, 7].map((o) => bits.get(B, o, 1)).concat([
      bits.get(B, 0, 8),
      bits.get(B, 8, 16),
      bits.get(B, 9, 15),
      bits.get(B, 9, 14),
    ]),
    results: ["80", "80", "80", "c1", "aaaa", "5554", "5554"],
  },
  {
    name: "[go] count",
    before: "c1aaab",
    ops: [[0, 1], [1, 1], [7, 1], [0, 8], [8, 16], [9, 15], [9, 14]].map(([o, s]) => bits.count(B, o, s)),
    results: [1, 1, 1, 3, 9, 8, 7],
  },
  {
    name: "[go] lscan, -1 when nothing matches",
    before: "ffffffff0000000001",
    ops: ([
      [0, 1, true],
      [0, 8, true],
      [0, 9, true],
      [0, 32, true],
      [0, 32, false],
      [1, 30, false],
      [
        32,
        40,
        true,
      ],
      [33, 38, true],
      [32, 40, false],
      [33, 38, false],
      [0, 72, true],
      [0, 72, false],
      [-1, 1, true],
      [
        -1,
        1,
        false,
      ],
    ] as [number, number, boolean][]).map(([o, s, v]) => bits.lscan(B, o, s, v)),
    results: [0, 0, 0, 0, -1, -1, 39, -1, 0, 0, 0, 32, 0, -1],
  },
  {
    name: "[go] rscan, -1 when nothing matches",
    before: "ffffffff0000000001",
    ops: ([
      [0, 1, true],
      [0, 8, true],
      [0, 9, true],
      [0, 32, true],
      [0, 32, false],
      [1, 30, false],
      [
        32,
        40,
        true,
      ],
      [33, 38, true],
      [32, 40, false],
      [33, 38, false],
      [0, 72, true],
      [0, 72, false],
      [-1, 1, true],
      [
        -1,
        1,
        false,
      ],
    ] as [number, number, boolean][]).map(([o, s, v]) => bits.rscan(B, o, s, v)),
    results: [0, 7, 8, 31, -1, -1, 39, -1, 38, 37, 71, 70, 0, -1],
  },
  {
    name: "[go] getInt signed and unsigned, negative offsets",
    before: "0f0f00",
    ops: ([[4, 4], [0, 8], [7, 4], [8, 16], [9, 15], [9, 14], [5, 17], [-12, 4]] as [number, number][])
      .flatMap(([o, s]) => [bits.getInt(B, o, s), bits.getInt(B, o, s, { signed: true })]),
    results: [15, -1, 15, 15, 8, -8, 3840, 3840, 3840, 3840, 1920, 1920, 115648, -15424, 15, -1],
  },
  // Range and flag checks (particle_blob.c).
  { name: "get past the end: 26", before: "0000", ops: [bits.get(B, 9, 8)], code: 26 },
  { name: "count from the end byte: 26", before: "0000", ops: [bits.count(B, 16, 1)], code: 26 },
  { name: "set past the end: 26", before: "0000", ops: [bits.set(B, 12, 8, x("ff"))], code: 26 },
  {
    name: "set with partial clips",
    before: "0000",
    ops: [bits.set(B, 12, 8, x("ff"), partial)],
    after: "000f",
  },
  {
    name: "set past the end with no-fail: no change",
    before: "0000",
    ops: [bits.set(B, 16, 8, x("ff"), noFail)],
  },
  { name: "add past the end: 26", before: "00", ops: [bits.add(B, 4, 8, 1)], code: 26 },
  { name: "offset before the start: 4", before: "00", ops: [bits.get(B, -9, 1)], code: 4 },
  {
    name: "resize shrinks from the front",
    before: "010203",
    ops: [bits.resize(B, 1, { fromFront: true })],
    after: "03",
  },
  {
    name: "resize grows at the front",
    before: "01",
    ops: [bits.resize(B, 3, { fromFront: true })],
    after: "000001",
  },
  {
    name: "resize grow-only refuses to shrink: 4",
    before: "0102",
    ops: [bits.resize(B, 1, { growOnly: true })],
    code: 4,
  },
  {
    name: "resize shrink-only refuses to grow: 4",
    before: "01",
    ops: [bits.resize(B, 2, { shrinkOnly: true })],
    code: 4,
  },
  {
    name: "resize grow-only with no-fail: no change",
    before: "0102",
    ops: [bits.resize(B, 1, { growOnly: true, ...noFail })],
    after: "0102",
  },
  { name: "resize of a missing bin creates zeros", ops: [bits.resize(B, 2)], after: "0000" },
  { name: "resize of a missing bin to 0 creates nothing", ops: [bits.resize(B, 0)], after: null },
  {
    name: "resize with update-only on a missing bin: 17",
    ops: [bits.resize(B, 2, { policy: { updateOnly: true } })],
    code: 17,
  },
  {
    name: "insert with create-only on an existing bin: 6",
    before: "00",
    ops: [bits.insert(B, 0, x("ff"), { policy: { createOnly: true } })],
    code: 6,
  },
  {
    name: "insert past the end pads with zeros",
    before: "01",
    ops: [bits.insert(B, 3, x("ff"))],
    after: "010000ff",
  },
  { name: "remove past the end: 4", before: "0102", ops: [bits.remove(B, 1, 2)], code: 4 },
  {
    name: "remove with partial stops at the end",
    before: "010203",
    ops: [bits.remove(B, 1, 5, partial)],
    after: "01",
  },
  { name: "remove from the end byte on: 4", before: "0102", ops: [bits.remove(B, 2, 1)], code: 4 },
  {
    name: "64-bit getInt: unsigned all-ones reads -1 (a signed 64-bit reply)",
    before: "ffffffffffffffff",
    ops: [bits.getInt(B, 0, 64)],
    results: [-1],
  },
];

/** Runs one row: fresh record, the ops through `operate`, the outcome checked. */
export async function runBitCase(client: Client, key: Key, c: BitCase): Promise<void> {
  await client.remove(key);
  if (c.before !== undefined) await client.put(key, { [B]: x(c.before), keep: 1 });
  else await client.put(key, { keep: 1 });
  let code = 0;
  let results: unknown[] = [];
  try {
    results = (await client.operate(key, c.ops)).results;
  } catch (e) {
    if (!(e instanceof AerospikeError)) throw e;
    code = e.code;
  }
  assert.equal(code, c.code ?? 0, `${c.name}: result code`);
  if (c.results !== undefined) {
    const shown = results.map((r) => r instanceof Uint8Array ? hexOf(r) : r);
    assert.deepEqual(shown, c.results, `${c.name}: results`);
  }
  const rec = await client.get(key);
  const after = rec?.bins[B];
  const expected = c.after === undefined ? c.before ?? null : c.after;
  assert.equal(after instanceof Uint8Array ? hexOf(after) : after ?? null, expected, `${c.name}: blob after`);
}

function hexOf(b: Uint8Array): string {
  return Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
}
