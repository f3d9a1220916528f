/**
 * `aerolite get`, `put` and `remove`: one record by namespace, set and key (see `keys.ts` for
 * how a key is typed and `json.ts` for the JSON of bins).
 * @module
 */
import { Key, type Value } from "../mod.ts";
import { expectArgs, intFlag, stringFlag } from "./args.ts";
import type { Command, Context } from "./command.ts";
import { CommandFailed, UsageError } from "./errors.ts";
import { parseJson, toJson } from "./json.ts";
import { keyType, parseKey } from "./keys.ts";
import { explainNamespace } from "./namespace.ts";
import { cell, table } from "./table.ts";

const KEY_HELP = `Keys: a canonical decimal integer (42, -7) that fits in 64 bits is an integer key, anything
else a string key. --key-type string|int|bytes forces one (bytes: hex, e.g. 00ff). The integer 42
and the string "42" are different records.`;

/** The key named by the first three arguments. */
function keyOf(ctx: Context, command: string): Key {
  const [ns, set, text] = ctx.args.positionals;
  const type = keyType(stringFlag(ctx.args.flags, "key-type"), command);
  try {
    return new Key(ns, set, parseKey(text, type, command));
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(e.message, command);
    throw e;
  }
}

/** `ns/set/key` for messages. */
function label(key: Key): string {
  return `${key.ns}/${key.set}/${String(key.userKey)}`;
}

/** `-1` as people say it. */
function ttlText(ttl: number): string {
  return ttl === -1 ? "never expires" : `${ttl} s`;
}

/** `aerolite get <ns> <set> <key> [bin...]`. */
export const getCommand: Command = {
  name: "get",
  summary: "read a record (all bins or the ones named)",
  flags: { "key-type": "value" },
  help: `Usage: aerolite get <ns> <set> <key> [bin...] [--key-type auto|int|string|bytes]

Reads one record and prints its bins as a table, after its generation and time to live.
A missing record prints "not found" on stderr and exits with code 1.

Options:
  --key-type T  how <key> is read (default auto)
  --json        {"ns","set","key","generation","ttl","bins":{...}}; ttl -1: never expires.
                Integers are exact (64-bit); bytes, GeoJSON and maps with non-string keys
                are tagged: {"$bytes":"00ff"}, {"$geo":{...}}, {"$map":[[k,v]]}

${KEY_HELP}

Examples:
  aerolite get test users 42
  aerolite get test users user:1 name email --json
`,
  async run(ctx) {
    expectArgs(ctx.args.positionals, 3, Infinity, "get <ns> <set> <key> [bin...]", "get");
    const key = keyOf(ctx, "get");
    const bins = ctx.args.positionals.slice(3);
    const client = await ctx.client();
    const rec = await explainNamespace(
      client,
      key.ns,
      () => client.get(key, bins.length > 0 ? bins : undefined),
    );
    if (rec === null) throw new CommandFailed(`not found: ${label(key)}`);
    if (ctx.json) {
      const doc = { ns: key.ns, set: key.set, key: key.userKey, generation: rec.generation, ttl: rec.ttl };
      ctx.io.out(toJson({ ...doc, bins: rec.bins }) + "\n");
      return;
    }
    ctx.io.out(`${label(key)}: generation ${rec.generation}, ttl ${ttlText(rec.ttl)}\n`);
    ctx.io.out(table(["bin", "value"], Object.entries(rec.bins).map(([b, v]) => [b, cell(v)])));
  },
};

/** `aerolite put <ns> <set> <key> <json>`. */
export const putCommand: Command = {
  name: "put",
  summary: "write bins from a JSON object",
  flags: { "key-type": "value", ttl: "value", "send-key": "switch", create: "switch", update: "switch" },
  help: `Usage: aerolite put <ns> <set> <key> <json> [--ttl S] [--send-key] [--create | --update]

Writes the bins of a JSON object into a record (other bins are kept; a null bin is removed).
Integers are exact up to 64 bits; 1.5 and 1.0 are doubles; [..] is a list and {..} a map;
{"$bytes":"00ff"} is a blob, {"$geo":{"type":"Point","coordinates":[2.3,48.8]}} GeoJSON.

Options:
  --ttl S       seconds to live (-1: never expire, -2: keep the record's ttl; default: the
                namespace's default-ttl)
  --send-key    store the key itself with the record, not only its digest
  --create      fail (exit 1) if the record exists
  --update      fail (exit 1) if the record does not exist
  --key-type T  how <key> is read (default auto)
  --json        prints {"ok":true}

${KEY_HELP}

Examples:
  aerolite put test users 42 '{"name":"Ada","visits":1}'
  aerolite put test users user:1 '{"tags":["a","b"]}' --ttl 3600 --send-key
`,
  async run(ctx) {
    expectArgs(ctx.args.positionals, 4, 4, "put <ns> <set> <key> <json>", "put");
    const key = keyOf(ctx, "put");
    let bins: Value;
    try {
      bins = parseJson(ctx.args.positionals[3]);
    } catch (e) {
      throw new UsageError((e as Error).message, "put");
    }
    if (bins === null || typeof bins !== "object" || Array.isArray(bins) || bins instanceof Map) {
      throw new UsageError('<json> must be an object of bins, e.g. \'{"name":"Ada"}\'', "put");
    }
    if (Object.keys(bins).length === 0) throw new UsageError("<json> names no bins", "put");
    const ttl = intFlag(ctx.args.flags, "ttl", "put", -2, 2 ** 32 - 1);
    const create = ctx.args.flags.has("create");
    const update = ctx.args.flags.has("update");
    if (create && update) throw new UsageError("--create and --update exclude each other", "put");
    const client = await ctx.client();
    const policy = {
      ...(ttl === undefined ? {} : { ttl }),
      ...(ctx.args.flags.has("send-key") ? { sendKey: true } : {}),
      ...(create ? { exists: "create" as const } : update ? { exists: "updateOnly" as const } : {}),
    };
    await explainNamespace(client, key.ns, () => client.put(key, bins as Record<string, Value>, policy));
    ctx.io.out(ctx.json ? '{"ok":true}\n' : "ok\n");
  },
};

/** `aerolite remove <ns> <set> <key>`. */
export const removeCommand: Command = {
  name: "remove",
  summary: "delete a record",
  flags: { "key-type": "value" },
  help: `Usage: aerolite remove <ns> <set> <key> [--key-type auto|int|string|bytes]

Deletes one record. A missing record prints "not found" on stderr and exits with code 1.

Options:
  --key-type T  how <key> is read (default auto)
  --json        prints {"removed":true}

${KEY_HELP}
`,
  async run(ctx) {
    expectArgs(ctx.args.positionals, 3, 3, "remove <ns> <set> <key>", "remove");
    const key = keyOf(ctx, "remove");
    const client = await ctx.client();
    if (!await explainNamespace(client, key.ns, () => client.remove(key))) {
      throw new CommandFailed(`not found: ${label(key)}`);
    }
    ctx.io.out(ctx.json ? '{"removed":true}\n' : "removed\n");
  },
};
