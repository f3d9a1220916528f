import assert from "node:assert/strict";
import { Double, GeoJSON, HLL } from "../mod.ts";
import { test } from "../tests/helpers/test.ts";
import { parseJson, toJson } from "./json.ts";

test("parseJson keeps 64-bit integers exact and 1.0 a double", () => {
  const v = parseJson(
    '{"a": 9007199254740993, "b": -9223372036854775808, "c": 1.0, "d": 2.5, "e": 1e3, "f": 7}',
  );
  assert.deepEqual(
    v,
    Object.assign(Object.create(null), {
      a: 9007199254740993n,
      b: -(2n ** 63n),
      c: new Double(1),
      d: 2.5,
      e: new Double(1000),
      f: 7,
    }),
  );
});

test("parseJson reads the tags for bytes, GeoJSON, doubles and maps with other keys", () => {
  const v = parseJson(
    '[{"$bytes":"00fF"},{"$geo":{"type":"Point","coordinates":[1.0,2]}},{"$double":"NaN"},{"$double":3},' +
      '{"$map":[[1,"one"],["k",[2]]]},{"$other":1}]',
  ) as unknown[];
  assert.deepEqual(v[0], new Uint8Array([0, 255]));
  assert.equal((v[1] as GeoJSON).text, '{"type":"Point","coordinates":[1,2]}');
  assert.ok(Number.isNaN((v[2] as Double).value));
  assert.deepEqual(v[3], new Double(3));
  assert.deepEqual(v[4], new Map<unknown, unknown>([[1, "one"], ["k", [2]]]));
  assert.deepEqual({ ...(v[5] as object) }, { $other: 1 });
});

test("parseJson refuses bad JSON with the offset of the problem", () => {
  const cases: [string, RegExp][] = [
    ["", /offset 0: unexpected end/],
    ["{", /offset 1: expected a key string/],
    ['{"a" 1}', /offset 5: expected :/],
    ["[1 2]", /offset 3: expected , or \]/],
    ["01", /offset 1: unexpected text after the value/],
    ['"\\x"', /bad string escape/],
    ["9223372036854775808", /does not fit in 64 bits/],
    ['{"$double":"1"}', /\$double takes a number/],
    ['{"$map":[[1]]}', /\$map takes a list of \[key, value\] pairs/],
    ['{"$geo":[1]}', /\$geo takes a GeoJSON object/],
  ];
  for (const [text, re] of cases) assert.throws(() => parseJson(text), re, text);
});

test("toJson writes integers exactly and tags what JSON cannot say", () => {
  const bins = {
    big: 2n ** 63n - 1n,
    s: 'a"b',
    b: new Uint8Array([1, 171]),
    g: new GeoJSON({ type: "Point", coordinates: [1, 2] }),
    h: new HLL(new Uint8Array([9])),
    inf: -Infinity,
    m: new Map<unknown, unknown>([[1, true]]),
    o: new Map([["k", null]]),
    l: [1.5, new Double(2)],
  };
  assert.equal(
    toJson(bins),
    '{"big":9223372036854775807,"s":"a\\"b","b":{"$bytes":"01ab"},"g":{"$geo":{"type":"Point","coordinates":[1,2]}},' +
      '"h":{"$hll":"09"},"inf":{"$double":"-Infinity"},"m":{"$map":[[1,true]]},"o":{"k":null},"l":[1.5,2]}',
  );
  const text = '{"a":[1,{"$bytes":"00"},{"$map":[[2,"x"]]}],"n":-12345678901234567}';
  assert.equal(toJson(parseJson(text)), text);
});
