/**
 * HyperLogLog scenarios run by the client through `operate` against the target, the mock or a
 * real server (target tests in tests/mock_hll_test.ts). Exact values come from
 * the CE 8.1 captures (more/hll_ops and the same bin inside more/query_paginate's scan reply);
 * estimates of larger sets are checked against HyperLogLog's error bound, where a real node and the
 * mock must both land.
 */
import assert from "node:assert/strict";
import { AerospikeError, type Client, HLL, hll, Key, type Operation } from "../../mod.ts";

/** One scenario. */
export interface HllScenario {
  /** What it shows. */
  name: string;
  /** Runs it on records of `ns`/`set`. */
  run: (client: Client, ns: string, set: string) => Promise<void>;
}

/** Nonzero bytes of the HLL bin after init(10) + add a, b, c, a, as the CE 8.1 node sent it. */
export const CAPTURED_HLL: { size: number; bytes: Record<number, number> } = {
  size: 779,
  bytes: { 1: 0x0a, 483: 0x40, 580: 0x80, 654: 0x30 },
};

async function codeOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    if (!(e instanceof AerospikeError)) throw e;
    return e.code;
  }
}

async function fresh(client: Client, key: Key, ops: Operation[]): Promise<unknown[]> {
  await client.remove(key);
  return (await client.operate(key, ops)).results;
}

async function sketch(client: Client, key: Key): Promise<HLL> {
  const h = (await client.get(key))?.bins.h;
  assert.ok(h instanceof HLL, "the bin reads back as an HLL");
  return h;
}

/** An HLL of `values` made on a scratch record. */
async function made(client: Client, key: Key, values: (string | number)[], bits = 10, mh = 0): Promise<HLL> {
  await fresh(client, key, [hll.add("h", values, { indexBitCount: bits, minHashBitCount: mh })]);
  return sketch(client, key);
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `v${from + i}`);
const near = (got: unknown, want: number, rel: number, what: string): void => {
  assert.ok(
    typeof got === "number" && Math.abs(got - want) <= want * rel,
    `${what}: ${got} not within ${rel} of ${want}`,
  );
};

/** The scenarios. */
export const HLL_SCENARIOS: HllScenario[] = [
  {
    name: "[vector] init, add, getCount, describe, and the node's exact bytes",
    run: async (client, ns, set) => {
      const key = new Key(ns, set, "hll");
      const results = await fresh(client, key, [
        hll.init("h", 10),
        hll.add("h", ["a", "b", "c", "a"]),
        hll.getCount("h"),
        hll.describe("h"),
      ]);
      assert.deepEqual(results, [null, 3, 3, [10, 0]]);
      const bytes = (await sketch(client, key)).bytes;
      assert.equal(bytes.length, CAPTURED_HLL.size);
      bytes.forEach((b, i) => assert.equal(b, CAPTURED_HLL.bytes[i] ?? 0, `byte ${i}`));
    },
  },
  {
    name: "refreshCount caches the count in the particle; fold keeps the three registers apart",
    run: async (client, ns, set) => {
      const key = new Key(ns, set, "hll");
      const r = await fresh(client, key, [
        hll.add("h", ["a", "b", "c"], { indexBitCount: 10 }),
        hll.refreshCount("h"),
      ]);
      assert.deepEqual(r, [3, 3]);
      const cached = new DataView((await sketch(client, key)).bytes.buffer).getBigUint64(3, true);
      assert.equal(cached, 3n, "the count sits little-endian after the three header bytes");
      const f = await client.operate(key, [hll.fold("h", 6), hll.describe("h"), hll.getCount("h")]);
      assert.deepEqual(f.results, [null, [6, 0], 3]);
    },
  },
  {
    name: "union, union count, intersect count and similarity of {a,b,c} and {c,d}",
    run: async (client, ns, set) => {
      const other = await made(client, new Key(ns, set, "hll2"), ["c", "d"]);
      const key = new Key(ns, set, "hll");
      const r = await fresh(client, key, [
        hll.add("h", ["a", "b", "c"], { indexBitCount: 10 }),
        hll.getUnionCount("h", [other]),
        hll.getIntersectCount("h", [other]),
        hll.getSimilarity("h", [other]),
        hll.getUnion("h", [other]),
        hll.setUnion("h", [other]),
        hll.getCount("h"),
      ]);
      assert.deepEqual(r.slice(0, 4), [3, 4, 1, 0.25]);
      assert.ok(r[4] instanceof HLL);
      assert.deepEqual(r.slice(5), [null, 4]);
      assert.deepEqual(
        (await sketch(client, key)).bytes,
        (r[4] as HLL).bytes,
        "setUnion stored what getUnion made",
      );
    },
  },
  {
    name: "estimates of 5000 values stay within the HyperLogLog error bound (12 and 8 index bits)",
    run: async (client, ns, set) => {
      const key = new Key(ns, set, "hll");
      const values = range(0, 5000);
      const r = await fresh(client, key, [hll.add("h", values, { indexBitCount: 12 }), hll.getCount("h")]);
      near(r[1], 5000, 0.06, "12 index bits");
      const f = await client.operate(key, [hll.fold("h", 8), hll.getCount("h")]);
      near(f.results[1], 5000, 0.25, "folded to 8 index bits");
    },
  },
  {
    name: "minhash bits: intersect count and similarity of overlapping sets",
    run: async (client, ns, set) => {
      const other = await made(client, new Key(ns, set, "hll2"), range(500, 1500), 12, 16);
      const key = new Key(ns, set, "hll");
      const r = await fresh(client, key, [
        hll.add("h", range(0, 1000), { indexBitCount: 12, minHashBitCount: 16 }),
        hll.describe("h"),
        hll.getIntersectCount("h", [other]),
        hll.getSimilarity("h", [other]),
        hll.getUnionCount("h", [other]),
      ]);
      assert.deepEqual(r[1], [12, 16]);
      near(r[2], 500, 0.2, "intersect count");
      near(r[3], 1 / 3, 0.2, "similarity");
      near(r[4], 1500, 0.06, "union count");
    },
  },
  {
    name: "elements of every scalar type count once each",
    run: async (client, ns, set) => {
      const key = new Key(ns, set, "hll");
      const r = await fresh(client, key, [
        hll.add("h", [1, "1", new Uint8Array([1]), 1.5, 300, -7, 2n ** 40n], { indexBitCount: 14 }),
        hll.add("h", [300, -7]),
        hll.getCount("h"),
      ]);
      assert.deepEqual(r.slice(1), [0, 7]);
    },
  },
  {
    name: "result codes: flags, bit counts and shapes the node refuses",
    run: async (client, ns, set) => {
      const key = new Key(ns, set, "hll");
      const blob = new Key(ns, set, "blob");
      await client.put(blob, { h: new Uint8Array([1]) });
      const five = await made(client, new Key(ns, set, "hll2"), ["x"], 5);
      const mh = await made(client, new Key(ns, set, "hll3"), ["x"], 8, 4);
      const setup = (): Promise<unknown[]> => fresh(client, key, [hll.add("h", ["a"], { indexBitCount: 8 })]);
      const rows: [string, () => Promise<unknown>, number][] = [
        ["add creating without index bits", () => fresh(client, key, [hll.add("h", ["a"])]), 26],
        ["init creating without index bits", () => fresh(client, key, [hll.init("h", -1)]), 26],
        ["init with 3 index bits", () => fresh(client, key, [hll.init("h", 3)]), 4],
        ["init with 17 index bits", () => fresh(client, key, [hll.init("h", 17)]), 4],
        ["init with 3 minhash bits", () => fresh(client, key, [hll.init("h", 8, { minHashBitCount: 3 })]), 4],
        [
          "index + minhash bits over 64",
          () => fresh(client, key, [hll.init("h", 16, { minHashBitCount: 51 })]),
          4,
        ],
        ["refreshCount on a missing bin", () => fresh(client, key, [hll.refreshCount("h")]), 17],
        ["fold on a missing bin", () => fresh(client, key, [hll.fold("h", 4)]), 17],
        [
          "init update-only on a missing bin",
          () => fresh(client, key, [hll.init("h", 8, { policy: { updateOnly: true } })]),
          17,
        ],
        [
          "add refuses update-only",
          () => fresh(client, key, [hll.add("h", ["a"], { indexBitCount: 8, policy: { updateOnly: true } })]),
          4,
        ],
        ["an HLL op on a blob bin", () => client.operate(blob, [hll.getCount("h")]), 12],
        [
          "init create-only on an existing bin",
          () => setup().then(() => client.operate(key, [hll.init("h", 8, { policy: { createOnly: true } })])),
          6,
        ],
        [
          "init create-only, no-fail",
          () =>
            setup().then(() =>
              client.operate(key, [hll.init("h", 8, { policy: { createOnly: true, noFail: true } })])
            ),
          0,
        ],
        ["fold to more index bits", () => setup().then(() => client.operate(key, [hll.fold("h", 10)])), 26],
        [
          "setUnion with fewer index bits",
          () => setup().then(() => client.operate(key, [hll.setUnion("h", [five])])),
          26,
        ],
        [
          "setUnion with fewer index bits, allowFold",
          () =>
            setup().then(() =>
              client.operate(key, [hll.setUnion("h", [five], { policy: { allowFold: true } })])
            ),
          0,
        ],
        [
          "fold of an HLL with minhash bits",
          () => fresh(client, key, [hll.setUnion("h", [mh]), hll.fold("h", 4)]),
          26,
        ],
        [
          "a malformed HLL argument",
          () =>
            setup().then(() => client.operate(key, [hll.getUnionCount("h", [new HLL(new Uint8Array(12))])])),
          4,
        ],
      ];
      for (const [what, run, code] of rows) assert.equal(await codeOf(run()), code, what);
      await setup();
      const f = await client.operate(key, [
        hll.setUnion("h", [five], { policy: { allowFold: true } }),
        hll.describe("h"),
      ]);
      assert.deepEqual(f.results, [null, [5, 0]], "allowFold folds to the smaller index bits");
    },
  },
];
