import assert from "node:assert/strict";
import { test } from "../tests/helpers/test.ts";
import { findCommand, parseArgv } from "./args.ts";
import { parseKey } from "./keys.ts";

test("auto keys: canonical 64-bit decimals are integers, anything else stays a string", () => {
  assert.equal(parseKey("42", "auto", "get"), 42);
  assert.equal(parseKey("-7", "auto", "get"), -7);
  assert.equal(parseKey("9007199254740993", "auto", "get"), 9007199254740993n);
  for (const s of ["007", "+1", "1e3", "-0", "1.0", "9223372036854775808", "user:1", ""]) {
    assert.equal(parseKey(s, "auto", "get"), s, s);
  }
  assert.equal(parseKey("42", "string", "get"), "42");
  assert.deepEqual(parseKey("0aFF", "bytes", "get"), new Uint8Array([10, 255]));
  assert.throws(() => parseKey("007", "int", "get"), /--key-type int needs a 64-bit decimal integer/);
  assert.throws(() => parseKey("abc", "bytes", "get"), /even number of hex digits/);
});

test("options go anywhere, as --name value or --name=value; negative numbers are arguments", () => {
  const p = parseArgv(["-h", "db:3000", "get", "test", "demo", "-5", "--key-type=int", "--json"], {
    "key-type": "value",
  });
  assert.equal(p.command, "get");
  assert.deepEqual(p.positionals, ["test", "demo", "-5"]);
  assert.deepEqual([...p.flags], [["hosts", "db:3000"], ["key-type", "int"], ["json", true]]);
  assert.deepEqual(parseArgv(["get", "--", "--odd", "x"], {}).positionals, ["--odd", "x"]);
  assert.equal(findCommand(["--timeout", "9", "--json", "scan"]), "scan");
  assert.equal(findCommand(["--json"]), "");
  assert.throws(() => parseArgv(["get", "--nope"], {}), /unknown option --nope/);
  assert.throws(() => parseArgv(["get", "--toString"], {}), /unknown option --toString/);
});
