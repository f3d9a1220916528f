/**
 * The `aerolite` CLI as a function: parses a command line, runs the command against the cluster
 * and returns the exit code (see `errors.ts`), having written results to stdout and at most one
 * line of error to stderr. `main.ts` is the executable around it.
 * @module
 */
import type { Client } from "../mod.ts";
import { findCommand, parseArgv } from "./args.ts";
import { getCommand, putCommand, removeCommand } from "./cmd_record.ts";
import { indexCommand, truncateCommand } from "./cmd_index.ts";
import { infoCommand, nodesCommand } from "./cmd_info.ts";
import { mockCommand } from "./cmd_mock.ts";
import { queryCommand, scanCommand } from "./cmd_query.ts";
import { udfCommand } from "./cmd_udf.ts";
import type { Command, Context } from "./command.ts";
import { connect, DEFAULT_TIMEOUT_MS, target } from "./connect.ts";
import { describeFailure, ExitCode, type ExitCodeValue, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";

/** Every command, in the order `aerolite --help` lists them. */
export const COMMANDS: readonly Command[] = [
  infoCommand,
  nodesCommand,
  getCommand,
  putCommand,
  removeCommand,
  scanCommand,
  queryCommand,
  udfCommand,
  indexCommand,
  truncateCommand,
  mockCommand,
];

/** The top-level `--help` text. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `Usage: aerolite <command> [arguments] [options]

A command-line client for Aerospike clusters (and a mock cluster to try it on).

Commands:
${list}

Options (any command):
  -h, --hosts H   seeds, host[:port][,host[:port]...] (default: $AEROSPIKE_HOSTS, else
                  127.0.0.1:3000; port 3000 when omitted; [::1]:3000 for IPv6)
  --json          machine-readable output (scan/query: one JSON object per line)
  --timeout MS    bound on connecting and on each command (default ${DEFAULT_TIMEOUT_MS})
  --help          this text, or a command's own (aerolite get --help)

Exit codes:
  0  done
  1  the server refused, or the record, module, index or namespace does not exist
  2  usage error: unknown command or option, bad argument or JSON
  3  no cluster: the hosts are unreachable, the connection was lost or the command timed out

Errors are one line on stderr. Examples:
  aerolite info build -h 127.0.0.1:3000
  aerolite put test users 42 '{"name":"Ada"}'
  aerolite get test users 42 --json
`;
}

/** Runs `command` with a lazily connected client, closed afterwards. */
async function execute(command: Command, args: ReturnType<typeof parseArgv>, io: Io): Promise<void> {
  let client: Promise<Client> | undefined;
  // Hosts and timeout are checked before anything runs, even for commands that never connect.
  const where = command === mockCommand ? undefined : target(args, io);
  const ctx: Context = {
    args,
    io,
    json: args.flags.has("json"),
    timeout: where?.timeout ?? DEFAULT_TIMEOUT_MS,
    client: () => (client ??= connect(where!)),
  };
  try {
    await command.run(ctx);
  } finally {
    if (client !== undefined) await client.then((c) => c.close(), () => {});
  }
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and resolves its exit code.
 * Never throws: a failure is written to `io.err` as one line.
 * @example
 * ```ts
 * import { processIo } from "./io.ts";
 * const code = await runCli(["info", "build", "-h", "127.0.0.1:3000"], processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCodeValue> {
  try {
    const name = findCommand(argv);
    const wantsHelp = argv.includes("--help");
    if (name === "" || name === "help") {
      const topic = name === "help" ? argv[argv.indexOf("help") + 1] : undefined;
      const command = COMMANDS.find((c) => c.name === topic);
      if (topic !== undefined && command === undefined) throw new UsageError(`unknown command ${topic}`);
      if (command !== undefined) io.out(command.help);
      else if (wantsHelp || name === "help") io.out(mainHelp());
      else {
        parseArgv(argv, {}); // an unknown option says so rather than "missing command"
        io.err(mainHelp());
        return ExitCode.USAGE;
      }
      return ExitCode.OK;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) throw new UsageError(`unknown command ${name}`);
    if (wantsHelp) {
      io.out(command.help);
      return ExitCode.OK;
    }
    await execute(command, parseArgv(argv, command.flags), io);
    return ExitCode.OK;
  } catch (err) {
    const { code, message } = describeFailure(err);
    io.err(`aerolite: ${message}\n`);
    return code;
  }
}
