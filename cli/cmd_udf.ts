/**
 * `aerolite udf register <file>`, `udf list` and `udf remove <name>`: Lua modules on the cluster.
 * @module
 */
import { readFile } from "node:fs/promises";
import { expectArgs, stringFlag } from "./args.ts";
import type { Command, Context } from "./command.ts";
import { CommandFailed, UsageError } from "./errors.ts";
import { toJson } from "./json.ts";
import { table } from "./table.ts";

/** How long register/remove wait for every node to agree, in ms. */
function waitMs(ctx: Context): number {
  return Math.max(30_000, ctx.timeout);
}

async function register(ctx: Context): Promise<void> {
  expectArgs(ctx.args.positionals, 2, 2, "udf register <file.lua> [--name NAME]", "udf");
  const file = ctx.args.positionals[1];
  const name = stringFlag(ctx.args.flags, "name") ?? file.split(/[\\/]/).pop()!;
  let source: Uint8Array;
  try {
    source = await readFile(file);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    throw new UsageError(`cannot read ${file}: ${err.code ?? err.message ?? String(e)}`, "udf");
  }
  const client = await ctx.client();
  await client.udfRegister(name, new Uint8Array(source), { timeoutMs: waitMs(ctx) });
  ctx.io.out(ctx.json ? toJson({ registered: name }) + "\n" : `registered ${name}\n`);
}

async function list(ctx: Context): Promise<void> {
  expectArgs(ctx.args.positionals, 1, 1, "udf list", "udf");
  const client = await ctx.client();
  const modules = await client.udfList();
  if (ctx.json) ctx.io.out(toJson(modules) + "\n");
  else ctx.io.out(table(["name", "type", "hash"], modules.map((m) => [m.name, m.type, m.hash])));
}

async function remove(ctx: Context): Promise<void> {
  expectArgs(ctx.args.positionals, 2, 2, "udf remove <name>", "udf");
  const name = ctx.args.positionals[1];
  const client = await ctx.client();
  // The server answers ok for a module it does not have; say so instead.
  if (!(await client.udfList()).some((m) => m.name === name)) {
    throw new CommandFailed(`no UDF module named ${name}`);
  }
  await client.udfRemove(name, { timeoutMs: waitMs(ctx) });
  ctx.io.out(ctx.json ? toJson({ removed: name }) + "\n" : `removed ${name}\n`);
}

/** `aerolite udf register|list|remove`. */
export const udfCommand: Command = {
  name: "udf",
  summary: "register, list and remove Lua UDF modules",
  flags: { name: "value" },
  help: `Usage: aerolite udf register <file.lua> [--name NAME]
       aerolite udf list
       aerolite udf remove <name>

register  uploads a Lua file (named after the file, or --name) and waits until every node has
          it; a compile error is printed and the exit code is 1
list      the registered modules: name, type, hash
remove    removes a module and waits until no node has it; exit code 1 if there is none

Options:
  --name NAME   module name for register (default: the file's name, e.g. my_udf.lua)
  --json        register/remove: {"registered"|"removed": name}; list: [{"name","hash","type"}]

Examples:
  aerolite udf register ./my_udf.lua
  aerolite udf list --json
  aerolite udf remove my_udf.lua
`,
  run(ctx) {
    const sub = ctx.args.positionals[0];
    if (sub === "register") return register(ctx);
    if (sub === "list") return list(ctx);
    if (sub === "remove") return remove(ctx);
    throw new UsageError(
      sub === undefined ? "udf needs register, list or remove" : `unknown udf command ${sub}`,
      "udf",
    );
  },
};
