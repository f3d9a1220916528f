/**
 * Issue 19's "only the import differs", proven: `examples/compat_official_app.ts` runs on compat
 * under Node (tsx), Bun and Deno, and a copy whose `import Aerospike from "..."` line (its only
 * difference) names `aerospike` runs on the official client (Node). Each run goes, one after the
 * other, against a mock started here (port 0) or, with `AEROSPIKE_HOSTS`, that server. Every run must
 * exit 0 and print exactly the lines of the official client, which must be
 * `tests/fixtures/compat_official_app.out` (what the Deno target test expects). The official copy
 * must also compile against the official typings (`tsc --strict`), as the file does against compat's.
 *
 * Legitimately different between clients, so the program does not print it: error messages (each
 * client's own text; it prints codes), the exact ttl (a clock; it prints whether one was set), key
 * digests and record keys, and `console.log`'s formatting of objects (each runtime's own; it prints
 * JSON).
 *
 * Run with `node --import tsx tests/cross/compat_example.ts` (CI does, on the mock and one real node).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import process from "node:process";

const EXAMPLE = "examples/compat_official_app.ts";
const EXPECTED = "tests/fixtures/compat_official_app.out";
/** The official copy: inside the project, so `aerospike` resolves from its node_modules. */
const OFFICIAL = `tests/.tmp/official_app_${process.pid}.ts`;
const IMPORT = /^import Aerospike from "[^"]+";$/gm;

/** One way of running the program. */
interface Runner {
  label: string;
  argv: string[];
}

/** Runs `argv` with `hosts`; resolves with its exit code and output (asynchronously: the mock runs here). */
function run(argv: string[], hosts: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      env: { ...process.env, AEROSPIKE_HOSTS: hosts, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Uint8Array) => out += new TextDecoder().decode(d));
    child.stderr.on("data", (d: Uint8Array) => err += new TextDecoder().decode(d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

async function main(): Promise<number> {
  const source = readFileSync(EXAMPLE, "utf8");
  const imports = source.match(IMPORT) ?? [];
  if (imports.length !== 1) {
    console.error(`${EXAMPLE}: expected one 'import Aerospike from "...";' line, found ${imports.length}`);
    return 1;
  }
  mkdirSync("tests/.tmp", { recursive: true });
  writeFileSync(OFFICIAL, source.replace(IMPORT, 'import Aerospike from "aerospike";'));
  const bin = "node_modules/.bin";
  const runners: Runner[] = [
    { label: "official client, Node", argv: [process.execPath, "--import", "tsx", OFFICIAL] },
    { label: "compat, Node", argv: [process.execPath, "--import", "tsx", EXAMPLE] },
    { label: "compat, Bun", argv: [`${bin}/bun`, EXAMPLE] },
    { label: "compat, Deno", argv: [`${bin}/deno`, "run", "--allow-net", "--allow-env", EXAMPLE] },
  ];
  // The same source must also compile against the official typings (`deno task check` compiles it
  // against compat's).
  const tsc = [
    process.execPath,
    "node_modules/typescript/bin/tsc",
    "--noEmit",
    "--strict",
    "--target",
    "es2022",
  ];
  tsc.push("--module", "nodenext", "--types", "node", "--skipLibCheck", OFFICIAL);
  const typed = await run(tsc, "");
  let failed = typed.code === 0 ? 0 : 1;
  console.log(`${failed ? "FAIL  " : "ok    "} [official typings, tsc] ${typed.out}${typed.err}`);
  const real = process.env.AEROSPIKE_HOSTS ?? "";
  // Loaded only when used: under tsx the mock's modules take seconds on a busy machine.
  const mock = real === "" ? await (await import("../../server_mock/mod.ts")).MockCluster.start() : undefined;
  const hosts = mock?.seeds ?? real;
  const where = mock === undefined ? real : "the mock";
  try {
    let official: string | undefined;
    for (const runner of runners) {
      const t0 = Date.now();
      const { code, out, err } = await run(runner.argv, hosts);
      const ms = Date.now() - t0;
      official ??= out;
      if (code !== 0) {
        failed++;
        console.log(`FAIL   [${runner.label}] exit ${code} (${ms} ms)\n${out}${err}`);
      } else if (out !== official) {
        failed++;
        console.log(
          `DIFFER [${runner.label}] (${ms} ms)\n--- official:\n${official}--- ${runner.label}:\n${out}`,
        );
      } else {
        console.log(`same   [${runner.label}] ${out.split("\n").length - 1} lines (${ms} ms)`);
      }
    }
    const expected = readFileSync(EXPECTED, "utf8");
    if (official !== expected) {
      failed++;
      console.log(
        `DIFFER official client vs ${EXPECTED}\n--- expected:\n${expected}--- official:\n${official}`,
      );
    }
  } finally {
    await mock?.close();
    rmSync(OFFICIAL, { force: true });
  }
  console.log(`\ncompat example on ${where}: ${runners.length} runs, ${failed} failed or differed`);
  return failed === 0 ? 0 : 1;
}

main().then((rc) => process.exit(rc), (e) => {
  console.error(e);
  process.exit(1);
});
