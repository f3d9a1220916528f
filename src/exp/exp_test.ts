// Expression builder: encodings beyond the golden vectors, exp.read/write flags, misuse errors.
import assert from "node:assert/strict";
import { test, toHex } from "../../tests/helpers/test.ts";
import * as exp from "./exp.ts";
import { OP_EXP_MODIFY, OP_EXP_READ } from "../wire/operations.ts";

const hexOf = (e: exp.Expression): string => toHex(exp.build(e).bytes);

test("let/def/var, cond and regex pack names and patterns as raw strings", () => {
  const x = exp.let(exp.def("x", exp.intBin("n")), exp.gt(exp.var("x"), 1));
  assert.equal(hexOf(x), "947da178935102a16e9303927ca17801");
  const c = exp.cond(exp.lt(exp.intBin("n"), 10), "small", "large");
  assert.equal(hexOf(c), "947b9305935102a16e0aa603736d616c6ca6036c61726765");
  assert.equal(
    hexOf(exp.regex("^al", exp.strBin("name"), { icase: true })),
    "940702a35e616c935103a46e616d65",
  );
});

test("constants, metadata and list/map reads", () => {
  assert.equal(hexOf(exp.list([1, 2])), "927e920102");
  assert.equal(hexOf(exp.digestModulo(3)), "924003");
  assert.equal(hexOf(exp.key("string")), "925003");
  assert.equal(hexOf(exp.mapGetByKey(exp.mapBin("m"), "a", "int")), "957f0200936107a20361935105a16d");
  const count = exp.listGetByValue(exp.listBin("l"), 4, { returnType: "count" });
  assert.equal(hexOf(count), "957f020093160504935104a16c");
  assert.ok(Object.isFrozen(exp.build(count)));
});

test("exp.read and exp.write send [expression, flags] and ask for every result", () => {
  const w = exp.write("b", exp.int(1), { allowDelete: true, evalNoFail: true });
  assert.equal(w.op, OP_EXP_MODIFY);
  assert.equal(w.respondAll, true);
  assert.equal(toHex(w.data), "920114");
  const r = exp.read("r", exp.int(1), { evalNoFail: true });
  assert.equal(r.op, OP_EXP_READ);
  assert.equal(toHex(r.data), "920110");
});

test("expression builders reject bad arguments before any I/O", () => {
  assert.throws(() => exp.eq(1, undefined as unknown as null), TypeError);
  assert.throws(() => exp.and(), RangeError);
  assert.throws(() => exp.cond(exp.bool(true), 1), RangeError);
  assert.throws(() => exp.let(exp.int(1) as unknown as exp.Def, exp.int(2)), TypeError);
  assert.throws(() => exp.intBin(""), TypeError);
  assert.throws(() => exp.build({ bytes: new Uint8Array(0) } as unknown as exp.Expression), TypeError);
  assert.throws(() => exp.int(1.5), TypeError);
  assert.throws(() => exp.bin("n", "decimal" as "int"), TypeError);
  assert.throws(() => exp.read("r", 1 as unknown as exp.Expression), TypeError);
});
