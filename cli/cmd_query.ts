/**
 * `aerolite scan` (every record of a namespace or set) and `aerolite query` (records a secondary
 * index finds: `--where bin=value` or `--where bin=lo..hi`). People get a table; `--json` prints
 * one JSON object per record and line (JSON Lines), as the records arrive.
 * @module
 */
import { Filter, type QueryFilter, type QueryOptions, type QueryRecord } from "../mod.ts";
import { expectArgs, intFlag, stringFlag } from "./args.ts";
import type { Command, Context } from "./command.ts";
import { UsageError } from "./errors.ts";
import { toHex, toJson } from "./json.ts";
import { explainNamespace } from "./namespace.ts";
import { cell, table } from "./table.ts";

const INT = /^-?(?:0|[1-9]\d*)$/;

/** A canonical decimal integer as a filter value (bigint beyond 2^53). */
function int(text: string): number | bigint {
  const n = BigInt(text);
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

/**
 * The index filter of a `--where` clause: `bin=lo..hi` (integers, both ends included) is a
 * range, `bin=42` an integer equality, `bin=text` (or `bin="42"`, JSON-quoted) a string one.
 * @example `whereFilter("age=18..65"); // Filter.range("age", 18, 65)`
 */
export function whereFilter(clause: string): QueryFilter {
  const eq = clause.indexOf("=");
  if (eq <= 0) throw new UsageError(`--where needs bin=value or bin=lo..hi, got "${clause}"`, "query");
  const bin = clause.slice(0, eq);
  const value = clause.slice(eq + 1);
  try {
    const range = /^(-?\d+)\.\.(-?\d+)$/.exec(value);
    if (range !== null) {
      if (!INT.test(range[1]) || !INT.test(range[2])) throw new RangeError(`bad range ${value}`);
      return Filter.range(bin, int(range[1]), int(range[2]));
    }
    if (INT.test(value)) return Filter.equal(bin, int(value));
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      return Filter.equal(bin, JSON.parse(value) as string);
    }
    return Filter.equal(bin, value);
  } catch (e) {
    throw new UsageError(`--where ${clause}: ${(e as Error).message}`, "query");
  }
}

/** The query options both commands share: `--bins a,b`, `--max N`. */
function commonOptions(ctx: Context, command: string): QueryOptions {
  const bins = stringFlag(ctx.args.flags, "bins");
  const max = intFlag(ctx.args.flags, "max", command, 1);
  return {
    ...(bins === undefined ? {} : { bins: bins.split(",").map((b) => b.trim()).filter((b) => b !== "") }),
    ...(max === undefined ? {} : { maxRecords: max }),
  };
}

/** The JSON document of one record. */
function recordJson(r: QueryRecord): string {
  const doc = {
    key: r.key.userKey ?? null,
    digest: toHex(r.key.digest),
    generation: r.generation,
    ttl: r.ttl,
  };
  return toJson({ ...doc, bins: r.bins });
}

/** Runs the query and prints its records (streamed with --json, as one table otherwise). */
async function print(
  ctx: Context,
  ns: string,
  set: string | undefined,
  options: QueryOptions,
): Promise<void> {
  const client = await ctx.client();
  const rows: QueryRecord[] = [];
  await explainNamespace(client, ns, async () => {
    for await (const r of client.query(ns, set, options)) {
      if (ctx.json) ctx.io.out(recordJson(r) + "\n");
      else rows.push(r);
    }
  });
  if (ctx.json) return;
  const bins = [...new Set(rows.flatMap((r) => Object.keys(r.bins)))];
  const keyCell = (r: QueryRecord): string =>
    r.key.userKey === undefined ? `digest:${toHex(r.key.digest)}` : cell(r.key.userKey);
  const body = rows.map((
    r,
  ) => [
    keyCell(r),
    String(r.generation),
    String(r.ttl),
    ...bins.map((b) => (b in r.bins ? cell(r.bins[b]) : "")),
  ]);
  ctx.io.out(table(["key", "gen", "ttl", ...bins], body));
  ctx.io.out(`${rows.length} record${rows.length === 1 ? "" : "s"}\n`);
}

const OUTPUT_HELP = `Output: a table (key, generation, ttl, one column per bin; a key the client does not
know shows as digest:<hex>), then the record count. With --json, one
{"key","digest","generation","ttl","bins"} object per line (JSON Lines), streamed; "key" is
null when unknown.`;

/** `aerolite scan <ns> [set]`. */
export const scanCommand: Command = {
  name: "scan",
  summary: "list every record of a namespace or set",
  flags: { bins: "value", max: "value" },
  help: `Usage: aerolite scan <ns> [set] [--bins a,b] [--max N]

Reads every record of a set (or of the whole namespace when no set is given).

Options:
  --bins a,b    only these bins
  --max N       stop after about N records
  --json        JSON Lines, one record per line

${OUTPUT_HELP}

Examples:
  aerolite scan test users --max 20
  aerolite scan test users --json | jq .bins.name
`,
  async run(ctx) {
    expectArgs(ctx.args.positionals, 1, 2, "scan <ns> [set]", "scan");
    const [ns, set] = ctx.args.positionals;
    await print(ctx, ns, set, commonOptions(ctx, "scan"));
  },
};

/** `aerolite query <ns> [set] --where ...`. */
export const queryCommand: Command = {
  name: "query",
  summary: "find records through a secondary index (--where bin=value | bin=lo..hi)",
  flags: { where: "value", bins: "value", max: "value" },
  help: `Usage: aerolite query <ns> [set] --where bin=value|bin=lo..hi [--bins a,b] [--max N]

Finds records through a secondary index on the bin (see "aerolite index create").

  --where n=5..10   integer range, both ends included (numeric index)
  --where n=5       integer equality (numeric index)
  --where name=Ada  string equality (string index); --where 'name="42"' for the string "42"

Options:
  --bins a,b    only these bins
  --max N       stop after about N records
  --json        JSON Lines, one record per line

${OUTPUT_HELP}

Examples:
  aerolite query test users --where age=18..65
  aerolite query test users --where name=Ada --json
`,
  async run(ctx) {
    expectArgs(ctx.args.positionals, 1, 2, "query <ns> [set] --where ...", "query");
    const where = stringFlag(ctx.args.flags, "where");
    if (where === undefined) throw new UsageError("query needs --where bin=value or bin=lo..hi", "query");
    const [ns, set] = ctx.args.positionals;
    await print(ctx, ns, set, { ...commonOptions(ctx, "query"), filter: whereFilter(where) });
  },
};
