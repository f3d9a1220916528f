/**
 * `aerolite mock`: a standalone mock cluster (the in-process `MockCluster` in its own process)
 * that prints its seeds and serves until SIGINT or SIGTERM, then closes its ports and exits 0.
 *
 * When its stdin is a pipe (or a socket), the mock also exits once the other end closes: a parent
 * that keeps a pipe to it (bench/standalone_mock.ts does) leaves no orphan mock behind even when
 * it is killed with SIGKILL. With stdin on a terminal, /dev/null or a file it serves until a signal.
 * @module
 */
import { fstatSync } from "node:fs";
import process from "node:process";
import { MockCluster } from "../server_mock/mod.ts";
import { intFlag, type ParsedArgs, stringFlag } from "./args.ts";
import type { Command } from "./command.ts";
import { UsageError } from "./errors.ts";

/** The mock's settings from the command line. */
export interface MockOptions {
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
  /** Namespace default TTL in seconds. */
  defaultTtl: number;
  /** Honour compression. */
  compression: boolean;
}

/**
 * Reads the mock's flags; throws {@linkcode UsageError} for bad values.
 * @example `mockOptions(parseArgv(["mock", "--nodes", "3"], mockCommand.flags)).replication; // 2`
 */
export function mockOptions(args: ParsedArgs): MockOptions {
  if (args.positionals.length > 0) {
    throw new UsageError(`mock takes no arguments, got ${args.positionals.join(" ")}`, "mock");
  }
  const nodes = intFlag(args.flags, "nodes", "mock", 1, 64) ?? 1;
  const port = intFlag(args.flags, "port", "mock", 0, 65535) ?? 0;
  if (port !== 0 && port + nodes - 1 > 65535) throw new UsageError("--port too high for --nodes", "mock");
  return {
    nodes,
    port,
    namespace: stringFlag(args.flags, "namespace") ?? "test",
    replication: intFlag(args.flags, "replication", "mock", 1, nodes) ?? Math.min(2, nodes),
    clusterName: stringFlag(args.flags, "cluster-name") ?? "mock",
    defaultTtl: intFlag(args.flags, "default-ttl", "mock", 0) ?? 0,
    compression: !args.flags.has("no-compression"),
  };
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

/**
 * `stopped` resolves on SIGINT, SIGTERM or (with a piped stdin) its end; the listeners are
 * removed then, or by `cancel()`.
 */
function stopRequested(): { stopped: Promise<string>; cancel(): void } {
  let cancel = (): void => {};
  const stopped = new Promise<string>((resolve) => {
    const lifeline = stdinIsPipe();
    const done = (why: string): void => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      if (lifeline) {
        process.stdin.off("end", onEnd);
        process.stdin.off("error", onEnd);
        process.stdin.pause();
      }
      resolve(why);
    };
    const onInt = (): void => done("SIGINT");
    const onTerm = (): void => done("SIGTERM");
    const onEnd = (): void => done("stdin closed");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    if (lifeline) {
      process.stdin.on("data", () => {}); // whatever the parent writes is ignored
      process.stdin.on("end", onEnd);
      process.stdin.on("error", onEnd);
      process.stdin.resume();
    }
    cancel = () => done("cancelled");
  });
  return { stopped, cancel };
}

/** `aerolite mock`. */
export const mockCommand: Command = {
  name: "mock",
  summary: "run a mock cluster in this process until Ctrl-C or SIGTERM",
  flags: {
    nodes: "value",
    port: "value",
    namespace: "value",
    replication: "value",
    "cluster-name": "value",
    "default-ttl": "value",
    "no-compression": "switch",
  },
  help: `Usage: aerolite mock [--nodes N] [--port P] [--namespace NAME] [--replication N]
                     [--cluster-name NAME] [--default-ttl S] [--no-compression]

Starts an in-process mock Aerospike cluster, prints its nodes and a "seeds: host:port,..." line,
and serves until SIGINT (Ctrl-C) or SIGTERM, then closes its ports and exits with code 0. With
stdin on a pipe it also stops when the pipe closes (a parent's lifeline). Send the signal to the
mock, to "deno task mock" (which passes it on) or to the process group (as Ctrl-C does): a
wrapper that starts it through "sh -c", as npx does, dies without passing SIGTERM on.

Options:
  --nodes N          number of nodes (default 1)
  --port P           first node's port, the others follow (default 0: any free ports)
  --namespace NAME   namespace (default test)
  --replication N    copies of each record (default min(2, nodes))
  --cluster-name X   cluster name (default mock)
  --default-ttl S    namespace default-ttl in seconds (default 0: never expire)
  --no-compression   answer compressed requests as a server without compression does

Examples:
  aerolite mock --nodes 3 --port 3000
  aerolite info build -h 127.0.0.1:3000
`,
  async run(ctx) {
    const options = mockOptions(ctx.args);
    const stop = stopRequested(); // listening before the ports open: no signal is missed
    const mock = await MockCluster.start({
      nodes: options.nodes,
      ports: Array.from({ length: options.nodes }, (_, i) => (options.port === 0 ? 0 : options.port + i)),
      namespaces: {
        [options.namespace]: { replicationFactor: options.replication, defaultTtl: options.defaultTtl },
      },
      clusterName: options.clusterName,
      compression: options.compression,
    }).catch((e) => {
      stop.cancel();
      throw e;
    });
    const out = ctx.io.out;
    out(
      `aerolite mock cluster "${options.clusterName}": ${options.nodes} node(s), namespace ` +
        `${options.namespace} (replication ${options.replication})\n`,
    );
    for (const n of mock.nodes) out(`  node ${n.name} on ${n.address}\n`);
    out(`seeds: ${mock.seeds}\n`);
    const why = await stop.stopped;
    await mock.close();
    ctx.io.err(`aerolite mock: stopped (${why})\n`);
  },
};
