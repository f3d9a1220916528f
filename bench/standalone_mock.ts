/**
 * Starts `server_mock/cli.ts` in a child process (Deno when available through npx, else Node with
 * tsx) and returns its seeds, so benchmarks load the client's process only.
 * @module
 */
import { spawn } from "node:child_process";
import process from "node:process";

/** A running standalone mock. */
export interface StandaloneMock {
  /** Seed list printed by the CLI. */
  seeds: string;
  /** Stops the child process. */
  stop(): Promise<void>;
}

/** Starts a standalone mock with `nodes` nodes and resolves once it prints its seeds. */
export async function startStandaloneMock(nodes: number): Promise<StandaloneMock> {
  const child = spawn(
    "npx",
    ["deno", "run", "--allow-net", "--allow-env", "server_mock/cli.ts", "--nodes", String(nodes)],
    // Its own process group: npx starts deno under a shell, and stop() must reach both.
    { stdio: ["ignore", "pipe", "inherit"], detached: true },
  );
  const seeds = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Uint8Array) => {
      out += new TextDecoder().decode(d);
      const m = /seeds: (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (rc) => reject(new Error(`mock exited early (${rc}): ${out}`)));
  });
  return {
    seeds,
    stop: () =>
      new Promise<void>((resolve) => {
        const group = -child.pid!;
        const timer = setTimeout(() => process.kill(group, "SIGKILL"), 2000);
        child.removeAllListeners("exit");
        child.on("exit", () => {
          clearTimeout(timer);
          child.stdout!.destroy();
          resolve();
        });
        process.kill(group, "SIGINT");
      }),
  };
}

if (process.argv.includes("--print")) console.log((await startStandaloneMock(1)).seeds);
