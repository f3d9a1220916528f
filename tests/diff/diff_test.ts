// The CI slice of the differential fuzzer: 2,000 list and map operations with a fixed seed on the
// mock and on the real server (AEROSPIKE_HOSTS); any difference fails with its reproduction.
// Registered with Deno.test directly: it needs a real server, so it is ignored without one and must
// run under AEROSPIKE_HOSTS, where the plain test() helper ignores mock-only tests.
import { runDiff } from "./runner.ts";

const HOSTS = Deno.env.get("AEROSPIKE_HOSTS") ?? "";

Deno.test({
  name: "[real] the mock answers 2,000 fuzzed list and map operations exactly like the real server",
  ignore: HOSTS === "",
  sanitizeOps: true,
  sanitizeResources: true,
  sanitizeExit: true,
  async fn() {
    const s = await runDiff({ seed: 20261207, operations: 2000, families: ["list", "map"], stopAfter: 5 });
    if (s.differences.length > 0) {
      throw new Error(
        `${s.differences.length} difference(s):\n\n${s.differences.map((d) => d.report).join("\n\n")}`,
      );
    }
  },
});
