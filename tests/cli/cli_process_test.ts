// The `aerolite` CLI as a user's shell runs it: a child process with exit codes, stdout/stderr kept
// apart, one-line errors for unreachable hosts (bounded by --timeout), the mock command stopped by
// SIGTERM or SIGINT with its ports closed (also through `deno task mock`), and the same entry point
// under Node (tsx) and Bun.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { MockCluster } from "../../server_mock/mod.ts";
import { denoCli, listening, REPO_ROOT, runCli, startCli } from "../helpers/cli.ts";
import { targetTest } from "../helpers/target.ts";
import { test } from "../helpers/test.ts";

targetTest("`aerolite info build -h <seeds>` run as a program prints the server's build", async (t) => {
  const r = await runCli(["info", "build", "-h", t.seeds]);
  assert.deepEqual([r.code, r.stderr], [0, ""]);
  assert.equal(r.stdout, `${await t.client.info("build")}\n`);
});

test("as a program: exit code 0 when done, 1 for a missing record, 2 for bad usage, one stderr line", async () => {
  const mock = await MockCluster.start({ nodes: 1 });
  try {
    const put = await runCli(["put", "test", "demo", "1", '{"a":1}', "-h", mock.seeds]);
    assert.deepEqual([put.code, put.stdout, put.stderr], [0, "ok\n", ""]);
    const missing = await runCli(["get", "test", "demo", "2", "--json", "-h", mock.seeds]);
    assert.deepEqual([missing.code, missing.stdout, missing.stderr], [
      1,
      "",
      "aerolite: not found: test/demo/2\n",
    ]);
    const usage = await runCli(["get", "test", "-h", mock.seeds]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^aerolite: missing arguments: [^\n]*\n$/);
  } finally {
    await mock.close();
  }
});

/** A port nothing listens on (bound, then released). */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

test("an unreachable host exits 3 with one line naming it, no stack trace", async () => {
  const port = closedPort();
  const r = await runCli(["get", "test", "demo", "1", "-h", `127.0.0.1:${port}`]);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, "");
  assert.match(
    r.stderr,
    new RegExp(`^aerolite: SERVER_NOT_AVAILABLE \\(-11\\): .*127\\.0\\.0\\.1:${port}.*\\n$`),
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test("a host that accepts connections but never answers exits 3 once --timeout runs out", async () => {
  const sockets = new Set<{ destroy(): void }>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    const r = await runCli(["info", "build", "-h", `127.0.0.1:${port}`, "--timeout", "300"]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /^aerolite: [^\n]*(timed out|TIMEOUT|SERVER_NOT_AVAILABLE)[^\n]*\n$/);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("aerolite mock serves until SIGTERM, then closes its ports and exits 0", async () => {
  const mock = await startCli(denoCli(), ["mock", "--nodes", "2", "--port", "0"]);
  const seeds = mock.seeds.split(",");
  assert.equal(seeds.length, 2);
  const build = await runCli(["info", "build", "-h", mock.seeds]);
  assert.equal(build.code, 0, build.stderr);
  mock.child.kill("SIGTERM");
  const r = await mock.finished;
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^aerolite mock cluster "mock": 2 node\(s\), namespace test \(replication 2\)\n/);
  assert.equal(r.stderr, "aerolite mock: stopped (SIGTERM)\n");
  for (const seed of seeds) assert.equal(await listening(seed), false, seed);
});

test("aerolite mock stops on SIGINT (Ctrl-C) too", async () => {
  const mock = await startCli(denoCli(), ["mock", "--namespace", "bar"]);
  mock.child.kill("SIGINT");
  const r = await mock.finished;
  assert.deepEqual([r.code, r.stderr], [0, "aerolite mock: stopped (SIGINT)\n"]);
  assert.equal(await listening(mock.seeds), false);
});

test("`deno task mock` stopped with SIGTERM leaves nothing listening on the mock's port", async () => {
  const task = await startCli([Deno.execPath(), "task", "mock"], []);
  assert.equal(await listening(task.seeds), true);
  task.child.kill("SIGTERM"); // the task runner's own process, not the mock
  const r = await task.finished;
  assert.match(r.stderr, /aerolite mock: stopped \(SIGTERM\)/);
  assert.equal(await listening(task.seeds), false);
});

test("the same cli/main.ts runs under Node (tsx) and Bun", async () => {
  const mock = await MockCluster.start({ nodes: 1 });
  try {
    const expected = await runCli(["info", "build", "-h", mock.seeds]);
    assert.equal(expected.code, 0);
    const runtimes = [
      ["node", "--import", "tsx", "cli/main.ts"],
      [`${REPO_ROOT}node_modules/.bin/bun`, "cli/main.ts"],
    ];
    for (const program of runtimes) {
      const r = await runCli(["info", "build", "-h", mock.seeds], { program });
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, expected.stdout, ""], program[0]);
      const missing = await runCli(["get", "test", "demo", "nope", "-h", mock.seeds], { program });
      assert.deepEqual(
        [missing.code, missing.stderr],
        [1, "aerolite: not found: test/demo/nope\n"],
        program[0],
      );
    }
  } finally {
    await mock.close();
  }
});
