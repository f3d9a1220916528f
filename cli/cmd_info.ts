/**
 * `aerolite info` (raw info commands, like `asinfo -v`) and `aerolite nodes` (the cluster's
 * nodes with their addresses and builds).
 * @module
 */
import type { Client } from "../mod.ts";
import { stringFlag } from "./args.ts";
import type { Command, Context } from "./command.ts";
import { CommandFailed, UsageError } from "./errors.ts";
import { toJson } from "./json.ts";
import { table } from "./table.ts";

/** Commands `aerolite info` runs when given none. */
export const DEFAULT_INFO_COMMANDS: readonly string[] = [
  "node",
  "edition",
  "build",
  "cluster-name",
  "namespaces",
];

/** The node a `--node` flag names, checked against the cluster; undefined for "any node". */
function pickNode(client: Client, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const names = client.nodes().map((n) => n.name);
  if (!names.includes(name)) {
    throw new UsageError(`no node named ${name} (nodes: ${names.join(", ") || "none"})`, "info");
  }
  return name;
}

/** `value` split at `;` when `--lines` asks for it. */
function shown(value: string, lines: boolean): string {
  return lines ? value.split(";").join("\n") : value;
}

async function runInfo(ctx: Context): Promise<void> {
  const commands = ctx.args.positionals.length > 0 ? ctx.args.positionals : DEFAULT_INFO_COMMANDS;
  const lines = ctx.args.flags.has("lines");
  const all = ctx.args.flags.has("all");
  if (all && ctx.args.flags.has("node")) throw new UsageError("--all and --node exclude each other", "info");
  const client = await ctx.client();
  // node name -> command -> value
  const answers = new Map<string, Map<string, string>>();
  if (all) {
    for (const command of commands) {
      for (const [node, value] of await client.infoAll(command)) {
        if (!answers.has(node)) answers.set(node, new Map());
        answers.get(node)!.set(command, value);
      }
    }
  } else {
    const node = pickNode(client, stringFlag(ctx.args.flags, "node"));
    const values = new Map<string, string>();
    for (const command of commands) values.set(command, await client.info(command, node ? { node } : {}));
    answers.set(node ?? "", values);
  }
  const failed = [...answers.values()].flatMap((m) => [...m].filter(([, v]) => v.startsWith("ERROR")));
  if (ctx.json) {
    const obj = (m: Map<string, string>): Record<string, string> => Object.fromEntries(m);
    const doc = all ? Object.fromEntries([...answers].map(([n, m]) => [n, obj(m)])) : obj(answers.get("")!);
    ctx.io.out(toJson(doc) + "\n");
  } else if (!all && commands.length === 1) {
    ctx.io.out(shown(answers.get("")!.get(commands[0])!, lines) + "\n");
  } else {
    for (const [node, values] of answers) {
      for (const [command, value] of values) {
        const head = all ? `${node} ${command}` : command;
        ctx.io.out(lines ? `${head}:\n${shown(value, true)}\n` : `${head}: ${value}\n`);
      }
    }
  }
  if (failed.length > 0) {
    const [command, value] = failed[0];
    throw new CommandFailed(`info ${command} answered ${value}`);
  }
}

/** `aerolite info [command...]`. */
export const infoCommand: Command = {
  name: "info",
  summary: "run info commands (build, namespaces, statistics, ...) like asinfo -v",
  flags: { node: "value", all: "switch", lines: "switch" },
  help: `Usage: aerolite info [command...] [--node NAME | --all] [--lines]

Runs raw info commands on one node (any, or --node NAME) or on every node (--all) and prints the
answers. One command prints its bare answer; several print "command: answer" lines. Without a
command it runs: ${DEFAULT_INFO_COMMANDS.join(" ")}.

Options:
  --node NAME   ask this node (names as "aerolite nodes" lists them)
  --all         ask every node; lines start with the node name
  --lines       put each ;-separated item of an answer on its own line
  --json        {"command": "answer"}; with --all {"node": {"command": "answer"}}

An answer starting with ERROR (an unknown command) is printed and the exit code is 1.

Examples:
  aerolite info build -h 127.0.0.1:3000
  aerolite info namespace/test --lines
  aerolite info statistics --all --json
`,
  run: runInfo,
};

/** `aerolite nodes`. */
export const nodesCommand: Command = {
  name: "nodes",
  summary: "list the cluster's nodes: name, address, build",
  flags: {},
  help: `Usage: aerolite nodes

Lists the nodes the client found from the seeds (peers included): name, address and build.

Options:
  --json        [{"name": ..., "address": ..., "build": ...}]
`,
  async run(ctx) {
    if (ctx.args.positionals.length > 0) {
      throw new UsageError(`nodes takes no arguments, got ${ctx.args.positionals.join(" ")}`, "nodes");
    }
    const client = await ctx.client();
    const builds = await client.infoAll("build");
    const rows = client.nodes().map((n) => ({
      name: n.name,
      address: n.address,
      build: builds.get(n.name) ?? "",
    }));
    if (ctx.json) ctx.io.out(toJson(rows) + "\n");
    else ctx.io.out(table(["name", "address", "build"], rows.map((r) => [r.name, r.address, r.build])));
  },
};
