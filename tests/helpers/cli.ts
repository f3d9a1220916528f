/**
 * Runs the `aerolite` CLI and collects its exit code and output: in this process through
 * `runCli` of cli/run.ts (`cli()`, fast: most tests), or as a child process of this Deno as a
 * user's shell would (`runCli()`, `startCli()`: exit codes, signals, runtimes), which needs
 * `--allow-run` (the test tasks grant it).
 */
import { fileURLToPath } from "node:url";
import { runCli as runInProcess } from "../../cli/run.ts";

/** The repository root, where `cli/main.ts` and `deno.json` live. */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** What one CLI run produced. */
export interface CliResult {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/**
 * Runs the CLI in this process with `args`; `env` is all the environment it sees.
 * @example `const r = await cli(["info", "build", "-h", mock.seeds]);`
 */
export async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runInProcess(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    env: (name) => env[name],
  });
  return { code, stdout, stderr };
}

/** Options of one run. */
export interface CliRunOptions {
  /** Environment variables to set (AEROSPIKE_HOSTS is removed unless given here). @default {} */
  env?: Record<string, string>;
  /** The program and its leading arguments. @default this Deno running cli/main.ts with -A */
  program?: string[];
}

/** The Deno command line that runs the CLI. */
export function denoCli(): string[] {
  return [Deno.execPath(), "run", "-A", "cli/main.ts"];
}

/** Runs the CLI with `args` and resolves once it has exited. */
export async function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  const [program, ...lead] = options.program ?? denoCli();
  const env: Record<string, string> = { ...Deno.env.toObject(), NO_COLOR: "1", ...options.env };
  if (options.env?.AEROSPIKE_HOSTS === undefined) delete env.AEROSPIKE_HOSTS;
  const out = await new Deno.Command(program, {
    args: [...lead, ...args],
    cwd: REPO_ROOT,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** A child that keeps running (the mock): its process, the seeds it printed, and its output so far. */
export interface RunningCli {
  /** The child process. */
  child: Deno.ChildProcess;
  /** The `seeds:` line's value. */
  seeds: string;
  /** Resolves the rest of stdout and stderr and the exit code once the child has exited. */
  finished: Promise<CliResult>;
}

/** Starts a long-running command (`aerolite mock`, `deno task mock`) and waits for its seeds line. */
export async function startCli(program: readonly string[], args: readonly string[]): Promise<RunningCli> {
  const [bin, ...lead] = program;
  const child = new Deno.Command(bin, {
    args: [...lead, ...args],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let stdout = "";
  let seeds: string | undefined;
  while (seeds === undefined) {
    const { value, done } = await reader.read();
    if (done) break;
    stdout += value;
    seeds = /seeds: (\S+)/.exec(stdout)?.[1];
  }
  const finished = (async (): Promise<CliResult> => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      stdout += value;
    }
    const status = await child.status;
    return { code: status.code, stdout, stderr: await stderr };
  })();
  if (seeds === undefined) {
    const r = await finished;
    throw new Error(`no seeds line (exit ${r.code}): ${r.stdout} ${r.stderr}`);
  }
  return { child, seeds, finished };
}

/** True when something accepts connections on the `host:port` of `seed`. */
export async function listening(seed: string): Promise<boolean> {
  const [hostname, port] = seed.split(":");
  try {
    const conn = await Deno.connect({ hostname, port: Number(port) });
    conn.close();
    return true;
  } catch {
    return false;
  }
}
