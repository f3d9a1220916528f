/**
 * What every CLI command is: a name, its help text, the flags it takes, and a body that writes
 * its result and throws on failure (`errors.ts` turns the failure into an exit code and a line).
 * @module
 */
import type { Client } from "../mod.ts";
import type { FlagSpec, ParsedArgs } from "./args.ts";
import type { Io } from "./io.ts";

/** What a command body gets. */
export interface Context {
  /** The parsed command line (command, arguments, flags). */
  readonly args: ParsedArgs;
  /** Output and environment. */
  readonly io: Io;
  /** `--json` was given: machine-readable output. */
  readonly json: boolean;
  /** A client for the target cluster, connected on first use and closed after the command. */
  client(): Promise<Client>;
  /** The connect/command budget in ms (`--timeout`). */
  readonly timeout: number;
}

/** One CLI command. */
export interface Command {
  /** The word that selects it (`get`, `udf`, ...). */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text: usage, arguments, flags, examples. */
  readonly help: string;
  /** Its own flags (the global ones are always accepted). */
  readonly flags: FlagSpec;
  /** Runs it; throws on failure. */
  run(ctx: Context): Promise<void>;
}
