/**
 * Type-checks every JSDoc example (`deno check --doc`) in the library, the mock and the CLI, and
 * the README's code blocks, as a user would copy them. Run by `deno task check`.
 *
 * Why a generated config: `deno check --doc` injects an import of *every* export of the documented
 * module into each snippet (denoland/deno#26900), so with the project's `noUnusedLocals` each snippet
 * fails on names it never meant to use. The check therefore runs with deno.json minus the two
 * "unused" options (everything else, including the self-import name `@aerolite/client`, unchanged),
 * written next to deno.json so that relative paths resolve the same, and removed afterwards.
 * `deno lint` (no-unused-vars) still guards the library code itself.
 * @module
 */
const root = new URL("../", import.meta.url);
const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
config.compilerOptions = { ...config.compilerOptions, noUnusedLocals: false, noUnusedParameters: false };
delete config.tasks;
const tmp = new URL(".doc_check.deno.json", root);
await Deno.writeTextFile(tmp, JSON.stringify(config, null, 2));
const targets = ["mod.ts", "server_mock/", "src/", "cli/", "README.md"].filter((p) => {
  try {
    Deno.statSync(new URL(p, root));
    return true;
  } catch {
    return false;
  }
});
try {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "--doc", "--config", ".doc_check.deno.json", ...targets],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) console.error("deno check --doc failed: every JSDoc example must type-check as written");
  Deno.exitCode = code;
} finally {
  await Deno.remove(tmp);
}
