import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test, toHex } from "../../tests/helpers/test.ts";
import { ripemd160 } from "./ripemd160.ts";

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

test("ripemd160 matches the test vectors of the algorithm's authors", () => {
  const vectors: [string, string][] = [
    ["", "9c1185a5c5e9fc54612808977ee8f548b2258d31"],
    ["a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"],
    ["abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"],
    ["message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"],
    ["abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "12a053384a9c0c88e405a06c27dcf49ada62eb2b",
    ],
    ["1234567890".repeat(8), "9b752e45573d4b39f4dbd3323cab82bf63326bfb"],
  ];
  for (const [input, want] of vectors) assert.equal(toHex(ripemd160(text(input))), want, input);
  assert.equal(toHex(ripemd160(text("a".repeat(1_000_000)))), "52783243c1697bdbe16d37f97f68f08325dc1528");
});

test("ripemd160 agrees with node:crypto at every length around the block and padding edges", () => {
  const data = new Uint8Array(300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 151 + 7) & 0xff;
  for (let n = 0; n <= data.length; n++) {
    const want = createHash("ripemd160").update(data.subarray(0, n)).digest("hex");
    assert.equal(toHex(ripemd160(data.subarray(0, n))), want, `length ${n}`);
    assert.equal(toHex(ripemd160(data, n)), want, `prefix of length ${n}`);
  }
});

test("ripemd160 refuses a length outside the data", () => {
  assert.throws(() => ripemd160(new Uint8Array(4), 5), RangeError);
  assert.throws(() => ripemd160(new Uint8Array(4), -1), RangeError);
});
