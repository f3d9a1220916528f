/**
 * Stopping and restarting one node of the target cluster from a test: a mock node directly, a
 * real node through the shell commands in `AEROSPIKE_NODE_STOP` / `AEROSPIKE_NODE_START` (e.g.
 * `AS_PORT=9000 ../shared/aerospike-server/stop.sh 2`), which need `--allow-run`. Tests that use
 * it pass `ignore: !NODE_CONTROL` so that on a real cluster they run only when told how.
 */
import { TARGET, type Target } from "./target.ts";
import { envVar } from "./test.ts";

const STOP = envVar("AEROSPIKE_NODE_STOP");
const START = envVar("AEROSPIKE_NODE_START");

/** Whether this process can stop and restart a node of its target. */
export const NODE_CONTROL: boolean = TARGET === "mock" ||
  (STOP !== undefined && START !== undefined &&
    Deno.permissions.querySync({ name: "run" }).state === "granted");

async function shell(command: string): Promise<void> {
  const out = await new Deno.Command("sh", { args: ["-c", command], stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) throw new Error(`${command} failed: ${new TextDecoder().decode(out.stderr)}`);
}

/** Stops one node (the mock's second node, or what `AEROSPIKE_NODE_STOP` stops). */
export async function stopNode(t: Target): Promise<void> {
  if (t.mock !== undefined) await t.mock.nodes[1].stop();
  else await shell(STOP!);
}

/** Starts the stopped node again. */
export async function startNode(t: Target): Promise<void> {
  if (t.mock !== undefined) await t.mock.nodes[1].restart();
  else await shell(START!);
}

/** Polls `cond` every 10 ms; throws after `ms`. */
export async function waitFor(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
