/**
 * Exit codes of the `aerolite` CLI and the mapping from a failure to one code and one line of
 * text: scripts branch on the code, people read the line (never a stack trace).
 *
 * | code | meaning                                                                  |
 * | ---- | ------------------------------------------------------------------------ |
 * | 0    | done                                                                     |
 * | 1    | the server refused the command, or the record / module / index is absent |
 * | 2    | usage error: unknown command or option, bad argument, bad JSON            |
 * | 3    | no cluster: hosts unreachable, connection lost, or timed out              |
 * @module
 */
import { AerospikeError, ConnectionError, ResultCode, TimeoutError } from "../mod.ts";

/** The CLI's exit codes (see the module doc). */
export const ExitCode = {
  /** Done. */
  OK: 0,
  /** The server refused the command, or what was asked for does not exist. */
  FAILED: 1,
  /** Bad command line or input. */
  USAGE: 2,
  /** The cluster could not be reached within the timeout (or was lost). */
  UNREACHABLE: 3,
} as const;

/** One of {@linkcode ExitCode}'s values. */
export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/**
 * A bad command line or input (exit code 2); `message` is shown as is, followed by a pointer to
 * the command's `--help`.
 * @example `throw new UsageError("get needs <ns> <set> <key>", "get");`
 */
export class UsageError extends Error {
  /** The command whose help the message points to ("" for the top level). */
  readonly command: string;
  /**
   * Creates the error.
   * @param message what is wrong, in one line
   * @param command the command whose `--help` to point to
   */
  constructor(message: string, command = "") {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/**
 * A command that ran but failed without an `AerospikeError` (a missing record, an info command
 * the server answered with `ERROR`): exit code 1.
 * @example `throw new CommandFailed("not found: test/demo/1");`
 */
export class CommandFailed extends Error {
  /**
   * Creates the error.
   * @param message what failed, in one line
   */
  constructor(message: string) {
    super(message);
    this.name = "CommandFailed";
  }
}

// Client-side codes that mean "no usable cluster" rather than "the server said no".
const UNREACHABLE_CODES: ReadonlySet<number> = new Set([
  ResultCode.SERVER_NOT_AVAILABLE,
  ResultCode.CONNECTION_ERROR,
  ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE,
  ResultCode.TIMEOUT,
]);

/**
 * The exit code and the one-line message for a failure.
 * @example `describeFailure(new UsageError("bad --ttl")); // { code: 2, message: "bad --ttl" }`
 */
export function describeFailure(err: unknown): { code: ExitCodeValue; message: string } {
  if (err instanceof UsageError) {
    const help = err.command === "" ? "aerolite --help" : `aerolite ${err.command} --help`;
    return { code: ExitCode.USAGE, message: `${err.message} (see ${help})` };
  }
  if (err instanceof CommandFailed) return { code: ExitCode.FAILED, message: err.message };
  if (err instanceof ConnectionError || err instanceof TimeoutError) {
    return { code: ExitCode.UNREACHABLE, message: oneLine(err.message) };
  }
  if (err instanceof AerospikeError) {
    const code = UNREACHABLE_CODES.has(err.code) ? ExitCode.UNREACHABLE : ExitCode.FAILED;
    return { code, message: oneLine(err.message) };
  }
  // The library throws TypeError/RangeError for input it refuses before any I/O.
  if (err instanceof TypeError || err instanceof RangeError) {
    return { code: ExitCode.USAGE, message: oneLine(err.message) };
  }
  const e = err as { name?: unknown; message?: unknown } | null;
  const text = typeof e?.message === "string" ? e.message : String(err);
  // Deno without the permission the command needs (e.g. --allow-read for `udf register`).
  if (e?.name === "NotCapable" || e?.name === "PermissionDenied") {
    return { code: ExitCode.USAGE, message: oneLine(`permission denied: ${text}`) };
  }
  return { code: ExitCode.FAILED, message: oneLine(text) };
}

/** Collapses a message onto one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}
