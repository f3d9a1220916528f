/**
 * `aerolite index create|drop|list` (secondary indexes) and `aerolite truncate` (remove every
 * record of a namespace or set).
 * @module
 */
import type { IndexCollection, IndexSpec } from "../mod.ts";
import { expectArgs, stringFlag } from "./args.ts";
import type { Command, Context } from "./command.ts";
import { CommandFailed, UsageError } from "./errors.ts";
import { toJson } from "./json.ts";
import { checkNamespace } from "./namespace.ts";
import { table } from "./table.ts";

const TYPES = ["numeric", "string", "blob", "geo2dsphere"] as const;
const COLLECTIONS = ["list", "mapKeys", "mapValues"] as const;

/** One `k=v:k=v` entry of `sindex-list` as an object. */
function parseIndex(entry: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of entry.split(":")) {
    const eq = pair.indexOf("=");
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

async function create(ctx: Context): Promise<void> {
  const usage = "index create <ns> <set> <bin> <name> --type numeric|string|blob|geo2dsphere";
  expectArgs(ctx.args.positionals, 5, 5, usage, "index");
  const [, ns, set, bin, name] = ctx.args.positionals;
  const type = stringFlag(ctx.args.flags, "type");
  if (type === undefined || !(TYPES as readonly string[]).includes(type)) {
    throw new UsageError(
      `--type must be one of ${TYPES.join(", ")}${type ? `, got "${type}"` : ""}`,
      "index",
    );
  }
  const collection = stringFlag(ctx.args.flags, "collection");
  if (collection !== undefined && !(COLLECTIONS as readonly string[]).includes(collection)) {
    throw new UsageError(
      `--collection must be one of ${COLLECTIONS.join(", ")}, got "${collection}"`,
      "index",
    );
  }
  const spec: IndexSpec = { ns, bin, name, type: type as IndexSpec["type"] };
  if (set !== "" && set !== "-") spec.set = set;
  if (collection !== undefined) spec.collection = collection as IndexCollection;
  const client = await ctx.client();
  await checkNamespace(client, ns);
  await client.createIndex(spec, { timeoutMs: Math.max(60_000, ctx.timeout) });
  ctx.io.out(ctx.json ? toJson({ created: name }) + "\n" : `created index ${name}\n`);
}

async function drop(ctx: Context): Promise<void> {
  expectArgs(ctx.args.positionals, 3, 3, "index drop <ns> <name>", "index");
  const [, ns, name] = ctx.args.positionals;
  const client = await ctx.client();
  const indexes = (await client.info(`sindex-list:ns=${ns}`)).split(";").filter((e) => e !== "");
  // The server answers ok for an index it does not have; say so instead.
  if (!indexes.map(parseIndex).some((i) => i.indexname === name && i.ns === ns)) {
    throw new CommandFailed(`no index ${name} in namespace ${ns}`);
  }
  await client.dropIndex(ns, name, { timeoutMs: Math.max(30_000, ctx.timeout) });
  ctx.io.out(ctx.json ? toJson({ dropped: name }) + "\n" : `dropped index ${name}\n`);
}

async function list(ctx: Context): Promise<void> {
  expectArgs(ctx.args.positionals, 1, 2, "index list [ns]", "index");
  const ns = ctx.args.positionals[1];
  const client = await ctx.client();
  const answer = await client.info(ns === undefined ? "sindex-list:" : `sindex-list:ns=${ns}`);
  if (answer.startsWith("ERROR")) throw new CommandFailed(`sindex-list answered ${answer}`);
  const rows = answer.split(";").filter((e) => e !== "").map(parseIndex);
  if (ctx.json) {
    ctx.io.out(toJson(rows) + "\n");
    return;
  }
  const columns = ["ns", "set", "bin", "indexname", "type", "indextype", "state"];
  ctx.io.out(
    table(
      ["ns", "set", "bin", "name", "type", "collection", "state"],
      rows.map((r) => columns.map((c) => r[c] ?? "")),
    ),
  );
}

/** `aerolite index create|drop|list`. */
export const indexCommand: Command = {
  name: "index",
  summary: "create, drop and list secondary indexes",
  flags: { type: "value", collection: "value" },
  help: `Usage: aerolite index create <ns> <set> <bin> <name> --type numeric|string|blob|geo2dsphere
                             [--collection list|mapKeys|mapValues]
       aerolite index drop <ns> <name>
       aerolite index list [ns]

create  builds an index on a bin of a set ("" or - for every set) and waits until every node
        has built it; exit code 1 if the namespace does not exist or the server refuses
drop    removes an index and waits until no node has it; exit code 1 if there is none
list    the indexes: ns, set, bin, name, type, collection, state (RW: ready)

Options:
  --type T          value type indexed (create)
  --collection C    index the elements of a list, or a map's keys or values (create)
  --json            create/drop: {"created"|"dropped": name}; list: the server's fields per
                    index ([{"ns","indexname","set","bin","type","indextype","state",...}])

Examples:
  aerolite index create test users age users_age --type numeric
  aerolite query test users --where age=18..65
  aerolite index drop test users_age
`,
  run(ctx) {
    const sub = ctx.args.positionals[0];
    if (sub === "create") return create(ctx);
    if (sub === "drop") return drop(ctx);
    if (sub === "list") return list(ctx);
    throw new UsageError(
      sub === undefined ? "index needs create, drop or list" : `unknown index command ${sub}`,
      "index",
    );
  },
};

/** `aerolite truncate <ns> [set]`. */
export const truncateCommand: Command = {
  name: "truncate",
  summary: "remove every record of a namespace or set",
  flags: {},
  help: `Usage: aerolite truncate <ns> [set]

Removes every record of a set, or of the whole namespace when no set is given, on every node.
There is no undo and no confirmation prompt. Exit code 1 if the namespace does not exist.

Options:
  --json        prints {"truncated": "ns" or "ns/set"}

Example:
  aerolite truncate test users
`,
  async run(ctx) {
    expectArgs(ctx.args.positionals, 1, 2, "truncate <ns> [set]", "truncate");
    const [ns, set] = ctx.args.positionals;
    const client = await ctx.client();
    await checkNamespace(client, ns); // a real server answers ok for a namespace it does not have
    await client.truncate(ns, set);
    const what = set === undefined ? ns : `${ns}/${set}`;
    ctx.io.out(ctx.json ? toJson({ truncated: what }) + "\n" : `truncated ${what}\n`);
  },
};
