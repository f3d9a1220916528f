/**
 * Where the CLI writes and what it reads from its environment, behind one small interface so
 * the commands run the same under Deno, Bun and Node (only `node:` modules all three provide).
 * @module
 */
import process from "node:process";

/** The CLI's view of its process. */
export interface Io {
  /** Writes text to standard output. */
  out(text: string): void;
  /** Writes text to standard error. */
  err(text: string): void;
  /** Reads an environment variable. */
  env(name: string): string | undefined;
}

/**
 * The process's own streams and environment (`node:process`, which Deno, Bun and Node share).
 * @example `processIo().out("hello\n");`
 */
export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: (name) => process.env[name],
  };
}
