/**
 * `deno task build` (or `npm run build`): the npm package in `dist/`, ready for `npm pack dist` or
 * `npm publish dist`.
 *
 * - `dist/esm/`: ES modules, `.d.ts` and source maps from `tsc -p tsconfig.build.json` (the pinned
 *   `typescript` dev dependency; relative `.ts` imports rewritten to `.js`, Node's type-stripping
 *   rules enforced by `erasableSyntaxOnly`), plus the CLI when `cli/main.ts` exists.
 * - `dist/cjs/`: the same modules as CommonJS for `require()` users (`tsconfig.build.cjs.json`),
 *   with a `package.json` that marks the folder as CommonJS.
 * - `dist/package.json`: generated from `deno.json` (name, version, licence, entry points) and the
 *   dev `package.json` (runtime dependency, optional dependency wasmoon for Lua, optional peer,
 *   engines); no dev dependencies.
 * - `dist/README.md` (relative links made absolute on jsr.io, where those files are published) and
 *   `dist/LICENSE`.
 * @module
 */
import { chmod, cp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DIST = join(ROOT, "dist");

/** Whether a path below the repository root exists. */
async function exists(path: string): Promise<boolean> {
  try {
    await stat(join(ROOT, path));
    return true;
  } catch {
    return false;
  }
}

/** Runs the pinned tsc on one project file; rejects with its output when it fails. */
function tsc(project: string): Promise<void> {
  const bin = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  return new Promise((resolve, reject) => {
    const child = spawn("node", [bin, "-p", project], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => out += d);
    child.stderr.on("data", (d) => out += d);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`tsc -p ${project} failed (exit ${code}):\n${out}`));
    });
  });
}

/** One conditional export: ESM and CommonJS, each with its declarations. */
function entry(path: string): Record<string, Record<string, string>> {
  const base = path.replace(/\.ts$/, "");
  return {
    import: { types: `./esm/${base}.d.ts`, default: `./esm/${base}.js` },
    require: { types: `./cjs/${base}.d.ts`, default: `./cjs/${base}.js` },
  };
}

/** The file paths of a conditional export. */
function leaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Object.values(value as Record<string, unknown>).flatMap(leaves);
}

/** Relative links of the README point at the files on jsr.io (npm resolves them nowhere). */
function absoluteLinks(readme: string, name: string, version: string): string {
  return readme.replace(/\]\((?![a-z]+:|#)([^)\s]+)\)/g, (_, path: string) => {
    const [file, anchor] = path.split("#");
    return `](https://jsr.io/${name}/${version}/${file}${anchor === undefined ? "" : `#${anchor}`})`;
  });
}

const started = performance.now();
const deno = JSON.parse(await readFile(join(ROOT, "deno.json"), "utf8"));
const dev = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
const hasCli = await exists("cli/main.ts");

await rm(DIST, { recursive: true, force: true });
await Promise.all([tsc("tsconfig.build.json"), tsc("tsconfig.build.cjs.json")]);
await writeFile(join(DIST, "cjs", "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");

const exportsMap: Record<string, unknown> = {};
for (const [subpath, target] of Object.entries(deno.exports as Record<string, string>)) {
  const path = target.replace(/^\.\//, "");
  if (path.startsWith("cli/")) continue; // the CLI is ES-module only: below
  exportsMap[subpath] = entry(path);
}
const manifest: Record<string, unknown> = {
  name: deno.name,
  version: deno.version,
  description:
    "A pure-TypeScript Aerospike client for Node, Bun and Deno, with an in-process mock Aerospike cluster for tests",
  license: deno.license,
  keywords: ["aerospike", "database", "client", "nosql", "mock", "deno", "bun"],
  type: "module",
  main: "./cjs/mod.js",
  module: "./esm/mod.js",
  types: "./esm/mod.d.ts",
  exports: exportsMap,
  files: ["esm/", "cjs/", "README.md", "LICENSE"],
  engines: dev.engines,
  dependencies: dev.dependencies,
  optionalDependencies: dev.optionalDependencies,
  peerDependencies: dev.peerDependencies,
  peerDependenciesMeta: dev.peerDependenciesMeta,
};
// npm's provenance check wants the repository the release workflow runs in.
const github = process.env.GITHUB_REPOSITORY;
if (dev.repository !== undefined) manifest.repository = dev.repository;
else if (github) manifest.repository = { type: "git", url: `git+https://github.com/${github}.git` };
if (hasCli) {
  const main = join(DIST, "esm", "cli", "main.js");
  const js = await readFile(main, "utf8");
  await writeFile(main, "#!/usr/bin/env node\n" + js.replace(/^#!.*\n/, ""));
  await chmod(main, 0o755);
  exportsMap["./cli"] = { import: "./esm/cli/main.js" };
  manifest.bin = { aerolite: "./esm/cli/main.js" };
}
exportsMap["./package.json"] = "./package.json";
// An entry point deno.json gained but tsconfig.build*.json do not include would be a dead export.
for (const target of Object.values(exportsMap).flatMap((e) => typeof e === "string" ? [] : leaves(e))) {
  if (target !== "./package.json" && !(await exists(join("dist", target)))) {
    throw new Error(`dist/${target} was not built: add its source to "include" in tsconfig.build*.json`);
  }
}

await writeFile(join(DIST, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
const readme = await readFile(join(ROOT, "README.md"), "utf8");
await writeFile(join(DIST, "README.md"), absoluteLinks(readme, deno.name, deno.version));
await cp(join(ROOT, "LICENSE"), join(DIST, "LICENSE"));

console.log(
  `dist/: ${deno.name}@${deno.version} (esm, cjs${hasCli ? ", bin aerolite" : ""}) in ${
    ((performance.now() - started) / 1000).toFixed(1)
  } s`,
);
