// The CLI's answers to bad command lines and its help: exit code 2, one line on stderr naming the
// problem and the help to read, nothing on stdout. Run in this process (no cluster is needed, except
// where hosts come from the environment).
import assert from "node:assert/strict";
import { MockCluster } from "../../server_mock/mod.ts";
import { COMMANDS } from "../../cli/run.ts";
import { cli } from "../helpers/cli.ts";
import { test } from "../helpers/test.ts";

/**
 * Runs the CLI in this process; hosts default to a closed port, so a usage error that wrongly
 * reached the network fails with exit code 3 instead of talking to whatever serves port 3000.
 */
const u = (args: string[], env: Record<string, string> = { AEROSPIKE_HOSTS: "127.0.0.1:1" }) =>
  cli(args, env);

/** Asserts a usage error: code 2, no output, one stderr line matching `re`. */
function assertUsage(r: { code: number; stdout: string; stderr: string }, re: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^aerolite: [^\n]+\(see aerolite [a-z ]*--help\)\n$/);
  assert.match(r.stderr, re);
}

test("every command has --help (and help <command>) starting with its usage line, exit 0", async () => {
  for (const c of COMMANDS) {
    const r = await u([c.name, "--help"]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, "");
    assert.ok(r.stdout.startsWith(`Usage: aerolite ${c.name}`), r.stdout);
    assert.equal((await u(["help", c.name])).stdout, r.stdout);
  }
  const top = await u(["--help"]);
  assert.equal(top.code, 0);
  for (const c of COMMANDS) assert.match(top.stdout, new RegExp(`\\n  ${c.name} +\\S`));
  assert.match(top.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n/);
});

test("no command prints the help on stderr and exits 2", async () => {
  const r = await u([]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^Usage: aerolite <command>/);
});

test("unknown commands, options and missing or extra arguments are usage errors", async () => {
  assertUsage(await u(["frobnicate"]), /unknown command frobnicate/);
  assertUsage(await u(["help", "frobnicate"]), /unknown command frobnicate/);
  assertUsage(
    await u(["get", "test", "demo", "1", "--bogus"]),
    /unknown option --bogus \(see aerolite get --help\)/,
  );
  assertUsage(await u(["get", "test", "demo", "1", "--ttl", "5"]), /unknown option --ttl/);
  assertUsage(await u(["--json=yes", "nodes"]), /--json takes no value/);
  assertUsage(await u(["get", "test", "demo", "1", "-h"]), /-h needs a value/);
  assertUsage(await u(["get", "test"]), /missing arguments: aerolite get <ns> <set> <key>/);
  assertUsage(await u(["remove", "test", "demo", "1", "2"]), /too many arguments \(2\)/);
  assertUsage(await u(["nodes", "extra"]), /nodes takes no arguments/);
  assertUsage(await u(["udf"]), /udf needs register, list or remove/);
  assertUsage(await u(["udf", "publish", "x"]), /unknown udf command publish/);
  assertUsage(await u(["index", "create", "test", "demo", "n", "idx"]), /--type must be one of numeric/);
  assertUsage(await u(["index", "create", "test", "demo", "n", "idx", "--type", "int"]), /got "int"/);
  assertUsage(
    await u(["index", "create", "test", "demo", "n", "idx", "--type", "numeric", "--collection", "set"]),
    /--collection must be one of list, mapKeys, mapValues/,
  );
  assertUsage(await u(["query", "test", "demo"]), /query needs --where/);
  assertUsage(await u(["query", "test", "demo", "--where", "n"]), /--where needs bin=value/);
  assertUsage(await u(["query", "test", "demo", "--where", "n=9..1"]), /range begin must not exceed end/);
  assertUsage(await u(["scan", "test", "demo", "--max", "0"]), /--max needs an integer from 1/);
  assertUsage(await u(["mock", "--nodes", "x"]), /--nodes needs an integer from 1 to 64, got "x"/);
  assertUsage(
    await u(["mock", "--nodes", "2", "--replication", "3"]),
    /--replication needs an integer from 1 to 2/,
  );
});

test("bad JSON, bad keys and bad bins for put are usage errors that say where", async () => {
  const put = (json: string, ...more: string[]) => u(["put", "test", "demo", "1", json, ...more]);
  assertUsage(await put("{bad"), /bad JSON at offset 1: expected a key string/);
  assertUsage(await put('{"a":1,}'), /bad JSON at offset 7/);
  assertUsage(await put('{"a":1} x'), /unexpected text after the value/);
  assertUsage(await put('{"a":"x'), /unterminated string/);
  assertUsage(await put('{"a":92233720368547758080}'), /does not fit in 64 bits/);
  assertUsage(await put('{"a":{"$bytes":"abc"}}'), /\$bytes takes a hex string/);
  assertUsage(await put("[1,2]"), /<json> must be an object of bins/);
  assertUsage(await put("{}"), /<json> names no bins/);
  assertUsage(await put('{"a":1}', "--ttl", "soon"), /--ttl needs an integer from -2/);
  assertUsage(await put('{"a":1}', "--create", "--update"), /--create and --update exclude each other/);
  assertUsage(
    await put('{"a":1}', "--key-type", "uuid"),
    /--key-type must be one of auto, int, string, bytes/,
  );
  assertUsage(
    await u(["get", "test", "demo", "0g", "--key-type", "bytes"]),
    /needs an even number of hex digits/,
  );
  assertUsage(await u(["get", "n".repeat(32), "demo", "1"]), /namespace/i);
});

test("bad hosts and timeouts are usage errors, found before connecting", async () => {
  assertUsage(await u(["info", "build", "-h", "127.0.0.1:abc"]), /bad host "127.0.0.1:abc": port "abc"/);
  assertUsage(await u(["info", "build", "-h", "127.0.0.1:70000"]), /port "70000" is not a number from 1/);
  assertUsage(await u(["info", "build", "-h", "[::1"]), /missing \]/);
  assertUsage(await u(["info", "build", "-h", ":3000"]), /empty host name/);
  assertUsage(await u(["info", "build", "-h", ","]), /no hosts given/);
  assertUsage(await u(["info", "build"], { AEROSPIKE_HOSTS: "db:x" }), /bad host "db:x"/);
  assertUsage(
    await u(["info", "build", "-h", "127.0.0.1", "--timeout", "0"]),
    /--timeout needs an integer/,
  );
});

test("hosts come from AEROSPIKE_HOSTS when -h is absent, and -h wins over it", async () => {
  const mock = await MockCluster.start({ nodes: 1 });
  try {
    const build = await u(["info", "build"], { AEROSPIKE_HOSTS: mock.seeds });
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stdout, /^\d+\.\d+/);
    const refused = await u(["info", "build", "-h", mock.seeds], { AEROSPIKE_HOSTS: "127.0.0.1:1" });
    assert.equal(refused.stdout, build.stdout);
  } finally {
    await mock.close();
  }
});
