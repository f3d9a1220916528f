#!/usr/bin/env node
/**
 * The `aerolite` command-line client: looks at and changes an Aerospike cluster (`info`,
 * `nodes`, `get`, `put`, `remove`, `scan`, `query`, `udf`, `index`, `truncate`) and runs a mock
 * cluster (`mock`). Runs unchanged under Deno, Bun and Node:
 *
 * ```sh
 * npx aerolite info build -h 127.0.0.1:3000
 * npx deno run -A cli/main.ts get test users 42 --json
 * npx tsx cli/main.ts scan test users
 * npx bun cli/main.ts mock --nodes 3 --port 3000
 * ```
 *
 * `aerolite --help` lists the commands, options and exit codes (0 done, 1 refused or not found,
 * 2 usage error, 3 cluster unreachable); `aerolite <command> --help` explains one command.
 * @module
 */
import process from "node:process";
import { processIo } from "./io.ts";
import { runCli } from "./run.ts";

// A reader that went away (`aerolite scan ... | head`) ends the CLI quietly, as it would a Unix tool.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => process.exit(0));

const code = await runCli(process.argv.slice(2), processIo());
// Node and Bun may still hold output for a pipe: wait until both streams have written it, then
// exit rather than wait for the event loop to drain (the client is closed, nothing else is owed).
const flushed = (stream: { write(chunk: string, done: () => void): boolean }): Promise<void> =>
  new Promise((resolve) => stream.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
