/**
 * The benchmarks' default server: when no `AEROSPIKE_HOSTS` is given and the repository sits beside
 * `../shared/aerospike-server` (or `AEROSPIKE_SERVER_DIR`: a real Aerospike CE server with start/stop
 * scripts), a one-node real
 * server is started for the run on its own port and stopped afterwards; otherwise the caller falls
 * back to the standalone mock. `BENCH_SERVER=mock` forces the mock, `BENCH_AS_PORT` picks the port
 * (default 3700). A server already running on that port is used as it is and left running.
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Client } from "../mod.ts";

/** A real server the benchmark runs against. */
export interface RealServer {
  /** Seed list (`127.0.0.1:port`). */
  seeds: string;
  /** How the report names the server. */
  label: string;
  /** Stops the server if this process started it. */
  stop(): void;
}

/**
 * Where `start.sh` is expected: `AEROSPIKE_SERVER_DIR` (as in `.ci/run`), else
 * `../shared/aerospike-server` next to the repository.
 */
export function realServerDir(): string {
  return process.env.AEROSPIKE_SERVER_DIR ??
    fileURLToPath(new URL("../../shared/aerospike-server", import.meta.url));
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

/**
 * Starts (or reuses) a one-node real server when the scripts are there and the mock is not asked
 * for; undefined otherwise.
 */
export async function startRealServer(): Promise<RealServer | undefined> {
  if (process.env.BENCH_SERVER === "mock") return undefined;
  const dir = realServerDir();
  if (!existsSync(`${dir}/start.sh`)) return undefined;
  const port = Number(process.env.BENCH_AS_PORT ?? 3700);
  const env = { ...process.env, AS_PORT: String(port) };
  const label = (how: string) => `real Aerospike server (${dir}, 1 node on 127.0.0.1:${port}, ${how})`;
  if (await listening(port)) {
    return { seeds: `127.0.0.1:${port}`, label: label("already running"), stop: () => {} };
  }
  const out = execFileSync(`${dir}/start.sh`, ["1"], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const m = /seeds: (\S+)/.exec(out);
  if (m === null) throw new Error(`start.sh printed no seeds:\n${out}`);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    execFileSync(`${dir}/stop.sh`, [], { env, stdio: "ignore" });
  };
  try {
    await untilServing(m[1]);
  } catch (e) {
    stop();
    throw e;
  }
  return {
    seeds: m[1],
    label: label("started for this run, sharing the machine's cores with the client"),
    stop,
  };
}

// start.sh returns once the node answers as ready, but on a loaded machine a namespace may still be
// rebalancing (partition-generation -1, which the client refuses as "not ready yet"): wait for a
// client to connect, 60 s at most.
async function untilServing(seeds: string): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    try {
      const client = await Client.connect({ hosts: seeds, log: { level: "off" } });
      await client.close();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
