// examples/compat_official_app.ts is official-client code (only its import names compat): run as a
// program on Deno against the target, it must print what the official client prints, recorded in
// tests/fixtures/compat_official_app.out (tests/cross/compat_example.ts checks that file against the
// official client and runs the program on Node and Bun too).
import assert from "node:assert/strict";
import { targetTest } from "../helpers/target.ts";

targetTest("examples/compat_official_app.ts prints on Deno what the official client prints", async (t) => {
  const expected = await Deno.readTextFile(new URL("../fixtures/compat_official_app.out", import.meta.url));
  const example = new URL("../../examples/compat_official_app.ts", import.meta.url).pathname;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", example],
    env: { AEROSPIKE_HOSTS: t.seeds, AEROSPIKE_NAMESPACE: t.ns, NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const decode = (b: Uint8Array): string => new TextDecoder().decode(b);
  assert.equal(code, 0, decode(stderr));
  assert.equal(decode(stdout), expected);
});
