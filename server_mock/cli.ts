/**
 * Standalone mock cluster: `deno task mock --nodes 3 --port 3000` (or
 * `node --import tsx server_mock/cli.ts ...`). Prints the seeds and serves until Ctrl-C or SIGTERM.
 *
 * When its stdin is a pipe (or a socket), the mock also exits once the other end closes: a parent
 * that keeps a pipe to it (bench/standalone_mock.ts does) leaves no orphan mock behind even when it
 * is killed with SIGKILL. With stdin on a terminal, /dev/null or a file it serves until a signal.
 *
 * Options: `--nodes N` (default 1), `--port P` (first node's port, the others follow; default 0:
 * any free ports), `--namespace NAME` (default test), `--replication N` (default min(2, nodes)),
 * `--cluster-name NAME` (default mock), `--default-ttl SECONDS` (default 0), `--no-compression`.
 * @module
 */
import { fstatSync } from "node:fs";
import process from "node:process";
import { MockCluster } from "./cluster.ts";

/** Parsed command line. */
export interface CliOptions {
  /** Number of nodes. */
  nodes: number;
  /** First port (0: any). */
  port: number;
  /** Namespace name. */
  namespace: string;
  /** Replication factor. */
  replication: number;
  /** Cluster name. */
  clusterName: string;
  /** Namespace default TTL. */
  defaultTtl: number;
  /** Honour compression. */
  compression: boolean;
}

/**
 * Parses the command line; throws RangeError with a usage hint on bad input.
 * @example
 * ```ts
 * parseArgs(["--nodes", "3", "--port", "3000"]).nodes; // 3
 * ```
 */
export function parseArgs(args: readonly string[]): CliOptions {
  const out: CliOptions = {
    nodes: 1,
    port: 0,
    namespace: "test",
    replication: 0,
    clusterName: "mock",
    defaultTtl: 0,
    compression: true,
  };
  const int = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) {
      throw new RangeError(`${name} needs an integer >= ${min}`);
    }
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--nodes") out.nodes = int(a, args[++i], 1);
    else if (a === "--port") out.port = int(a, args[++i], 0);
    else if (a === "--namespace") out.namespace = args[++i] ?? "test";
    else if (a === "--replication") out.replication = int(a, args[++i], 1);
    else if (a === "--cluster-name") out.clusterName = args[++i] ?? "mock";
    else if (a === "--default-ttl") out.defaultTtl = int(a, args[++i], 0);
    else if (a === "--no-compression") out.compression = false;
    else throw new RangeError(`unknown option ${a}; see server_mock/cli.ts for usage`);
  }
  if (out.replication === 0) out.replication = Math.min(2, out.nodes);
  if (out.port !== 0 && out.port + out.nodes - 1 > 65535) throw new RangeError("--port too high for --nodes");
  return out;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const mock = await MockCluster.start({
    nodes: options.nodes,
    ports: Array.from({ length: options.nodes }, (_, i) => (options.port === 0 ? 0 : options.port + i)),
    namespaces: {
      [options.namespace]: { replicationFactor: options.replication, defaultTtl: options.defaultTtl },
    },
    clusterName: options.clusterName,
    compression: options.compression,
  });
  console.log(
    `aerolite mock cluster "${options.clusterName}": ${options.nodes} node(s), namespace ` +
      `${options.namespace} (replication ${options.replication})`,
  );
  for (const n of mock.nodes) console.log(`  node ${n.name} on ${n.address}`);
  console.log(`seeds: ${mock.seeds}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    mock.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (stdinIsPipe()) {
    process.stdin.on("data", () => {}); // whatever the parent writes is ignored
    process.stdin.on("end", stop);
    process.stdin.on("error", stop);
    process.stdin.resume();
  }
}

/** True when stdin is a pipe or a socket (a parent's lifeline), not a terminal, /dev/null or a file. */
function stdinIsPipe(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false; // no stdin at all
  }
}

if ((import.meta as { main?: boolean }).main ?? true) await main();
