/**
 * Starts `aerolite mock` (cli/main.ts) in a child process and returns its seeds, so benchmarks load the
 * client's process only. Under Deno the child is this same Deno binary, started directly (so it
 * shares the terminal's process group and Ctrl-C reaches it too); elsewhere it is `npx deno`, in its
 * own process group because npx starts deno under a shell and stop() must reach both.
 *
 * The child's stdin is a pipe this process keeps open and never writes to: the CLI exits when it
 * closes, so a runner killed with SIGKILL (no chance to call stop()) leaves no orphan mock.
 * @module
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** A running standalone mock. */
export interface StandaloneMock {
  /** Seed list printed by the CLI. */
  seeds: string;
  /** Process id of the child (the mock itself under Deno, npx elsewhere). */
  pid: number;
  /** Stops the child process. */
  stop(): Promise<void>;
}

/** Starts a standalone mock with `nodes` nodes and resolves once it prints its seeds. */
export async function startStandaloneMock(nodes: number): Promise<StandaloneMock> {
  const cli = fileURLToPath(new URL("../cli/main.ts", import.meta.url));
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  const args = ["run", "--allow-net", "--allow-env", cli, "mock", "--nodes", String(nodes)];
  const direct = deno !== undefined;
  const child = direct
    ? spawn(deno.execPath(), args, { stdio: ["pipe", "pipe", "inherit"] })
    : spawn("npx", ["deno", ...args], { stdio: ["pipe", "pipe", "inherit"], detached: true });
  child.stdin!.on("error", () => {}); // EPIPE once the child is gone: nothing to do
  const seeds = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Uint8Array) => {
      out += new TextDecoder().decode(d);
      const m = /seeds: (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("error", reject);
    child.on("exit", (rc) => reject(new Error(`mock exited early (${rc}): ${out}`)));
  });
  const kill = (signal: "SIGINT" | "SIGKILL"): void => {
    try {
      process.kill(direct ? child.pid! : -child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    seeds,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        if (child.exitCode !== null || child.signalCode !== null) {
          child.stdin!.destroy();
          child.stdout!.destroy();
          return resolve();
        }
        const timer = setTimeout(() => kill("SIGKILL"), 2000);
        child.on("exit", () => {
          clearTimeout(timer);
          child.stdin!.destroy();
          child.stdout!.destroy();
          resolve();
        });
        kill("SIGINT");
      }),
  };
}

if (process.argv.includes("--print")) console.log((await startStandaloneMock(1)).seeds);
