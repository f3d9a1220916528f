/**
 * Command-line parsing for the `aerolite` CLI: global options (hosts, output, timeout) and each
 * command's own flags, in any order, as `--name value`, `--name=value` or a bare switch. A token
 * that looks like a negative number (`-1`, `-5..5`) is an argument, not a flag; `--` ends flags.
 * @module
 */
import { UsageError } from "./errors.ts";

/** Flags a command accepts: name (without dashes) → takes a value, or is a switch. */
export type FlagSpec = Readonly<Record<string, "value" | "switch">>;

/** The global options, accepted before or after the command. */
export const GLOBAL_FLAGS: FlagSpec = { hosts: "value", json: "switch", timeout: "value", help: "switch" };

/** Short flags and the long names they stand for. */
const SHORT: Readonly<Record<string, string>> = { "-h": "hosts" };

/** A parsed command line. */
export interface ParsedArgs {
  /** The command (`get`, `udf`, ...), or "" when none was given. */
  command: string;
  /** Arguments after the command, flags removed. */
  positionals: string[];
  /** Flags given: name → value, or `true` for a switch. */
  flags: Map<string, string | true>;
}

const NEGATIVE_NUMBER = /^-\d/;

/** The flag name a token names, or undefined when the token is an argument. */
function flagName(token: string): { name: string; inline?: string } | undefined {
  if (SHORT[token] !== undefined) return { name: SHORT[token] };
  if (!token.startsWith("--") || token === "--") return undefined;
  const eq = token.indexOf("=");
  return eq < 0 ? { name: token.slice(2) } : { name: token.slice(2, eq), inline: token.slice(eq + 1) };
}

/**
 * Finds the command: the first token that is neither a flag nor a global flag's value.
 * @example `findCommand(["-h", "db:3000", "get", "test"]); // "get"`
 */
export function findCommand(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") return argv[i + 1] ?? "";
    const flag = flagName(token);
    if (flag !== undefined) {
      if (GLOBAL_FLAGS[flag.name] === "value" && flag.inline === undefined) i++;
      continue;
    }
    if (token.startsWith("-") && !NEGATIVE_NUMBER.test(token)) continue; // reported by parseArgv
    return token;
  }
  return "";
}

/**
 * Parses `argv` with the global flags plus `spec`; throws {@linkcode UsageError} for an unknown
 * flag, a missing value or a value given to a switch.
 * @example
 * ```ts
 * const p = parseArgv(["get", "test", "demo", "1", "--json"], { "key-type": "value" });
 * p.command; // "get"
 * p.positionals; // ["test", "demo", "1"]
 * ```
 */
export function parseArgv(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const command = findCommand(argv);
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const flag = flagName(token);
    if (flag === undefined) {
      if (token.startsWith("-") && token.length > 1 && !NEGATIVE_NUMBER.test(token)) {
        throw new UsageError(`unknown option ${token}`, command);
      }
      positionals.push(token);
      continue;
    }
    const kind = Object.hasOwn(GLOBAL_FLAGS, flag.name)
      ? GLOBAL_FLAGS[flag.name]
      : Object.hasOwn(spec, flag.name)
      ? spec[flag.name]
      : undefined;
    if (kind === undefined) throw new UsageError(`unknown option ${token.split("=")[0]}`, command);
    if (kind === "switch") {
      if (flag.inline !== undefined) throw new UsageError(`--${flag.name} takes no value`, command);
      flags.set(flag.name, true);
    } else {
      const value = flag.inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${token} needs a value`, command);
      flags.set(flag.name, value);
    }
  }
  // The command is the first argument (findCommand skipped the same flags).
  if (command !== "" && positionals[0] === command) positionals.shift();
  return { command, positionals, flags };
}

/**
 * A flag's value as a string, or undefined when absent.
 * @example `stringFlag(p.flags, "type");`
 */
export function stringFlag(flags: ParsedArgs["flags"], name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === "string" ? v : undefined;
}

/**
 * A flag's value as an integer in [min, max]; throws {@linkcode UsageError} otherwise.
 * @example `intFlag(p.flags, "ttl", "put", -2, 2 ** 32 - 1);`
 */
export function intFlag(
  flags: ParsedArgs["flags"],
  name: string,
  command: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} needs an integer from ${min} to ${max}, got "${v}"`, command);
  }
  return n;
}

/**
 * Checks the number of arguments; throws {@linkcode UsageError} with the usage line otherwise.
 * @example `expectArgs(p.positionals, 3, 3, "remove <ns> <set> <key>", "remove");`
 */
export function expectArgs(
  positionals: readonly string[],
  min: number,
  max: number,
  usage: string,
  command: string,
): void {
  if (positionals.length < min) throw new UsageError(`missing arguments: aerolite ${usage}`, command);
  if (positionals.length > max) {
    throw new UsageError(
      `too many arguments (${positionals.slice(max).join(" ")}): aerolite ${usage}`,
      command,
    );
  }
}
