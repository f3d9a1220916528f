/**
 * How fast the client sees a node leave and come back on a real cluster (issue 15's target:
 * `nodeRemoved` and a warning within two tend intervals of a node stopping, `nodeAdded` when it
 * is back). Each run stops node 2 with `stop.sh 2` (SIGTERM; SIGNAL=KILL for a crash), waits for
 * `nodeRemoved`, starts it with `start.sh 3` and waits for `nodeAdded`, printing every time from
 * the start and from the return of the script concerned. No load runs meanwhile.
 *
 *   AS_PORT=6000 AS_DATA_SIZE=512M ../shared/aerospike-server/start.sh 3
 *   AS_PORT=6000 npx deno run -A bench/node_leave.ts
 *
 * Env: AS_PORT (6000), RUNS (3), LEAVING_NODE (2), NODES (3), TEND_INTERVAL (1000), SIGNAL (TERM),
 * AEROSPIKE_SERVER_DIR (../shared/aerospike-server next to the repository).
 * @module
 */
import { Client, type LogEntry } from "../mod.ts";

const env = (name: string, fallback: string): string => Deno.env.get(name) ?? fallback;
const PORT = Number(env("AS_PORT", "6000"));
const RUNS = Number(env("RUNS", "3"));
const NODE = Number(env("LEAVING_NODE", "2")); // not NODE: npx sets that to its node binary
const NODES = Number(env("NODES", "3"));
const TEND = Number(env("TEND_INTERVAL", "1000"));
const SIGNAL = env("SIGNAL", "TERM");
const SERVER_DIR = env(
  "AEROSPIKE_SERVER_DIR",
  new URL("../../shared/aerospike-server", import.meta.url).pathname,
);

async function run(script: string, ...args: string[]): Promise<void> {
  // setsid: the servers a start.sh leaves running are not in this process's group.
  const out = await new Deno.Command("setsid", {
    args: [`${SERVER_DIR}/${script}`, ...args],
    env: { AS_PORT: String(PORT), AS_SIGNAL: SIGNAL, AS_DATA_SIZE: env("AS_DATA_SIZE", "512M") },
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`${script} failed: ${new TextDecoder().decode(out.stderr)}`);
}

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const log: LogEntry[] = [];
const removed: { name: string; at: number; why: string }[] = [];
const added: { name: string; at: number }[] = [];
const client = await Client.connect({
  hosts: `127.0.0.1:${PORT}`,
  tendInterval: TEND,
  log: { level: "warn", sink: (e) => log.push(e) },
});
client.on("nodeRemoved", (n, why) => removed.push({ name: n.name, at: Date.now(), why }));
client.on("nodeAdded", (n) => added.push({ name: n.name, at: Date.now() }));
const victim = client.nodes().find((n) => n.address.endsWith(`:${PORT + 10 * NODE}`));
if (victim === undefined) throw new Error(`no node at port ${PORT + 10 * NODE}`);
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s (${(ms / TEND).toFixed(2)} tend)`;

console.log(`tendInterval ${TEND} ms, SIG${SIGNAL} of node ${NODE} (${victim.name}), ${RUNS} runs`);
try {
  for (let i = 1; i <= RUNS; i++) {
    removed.length = added.length = log.length = 0;
    const stop0 = Date.now();
    await run("stop.sh", String(NODE));
    const stop1 = Date.now();
    await until("nodeRemoved", () => removed.some((r) => r.name === victim.name));
    const gone = removed.find((r) => r.name === victim.name)!.at; // it may come before stop.sh returns
    const warn = log.find((e) => e.level === "warn" && e.node === victim.name)!;
    const start0 = Date.now();
    await run("start.sh", String(NODES));
    const start1 = Date.now();
    await until("nodeAdded", () => added.some((a) => a.name === victim.name));
    const back = added.find((a) => a.name === victim.name)!.at;
    console.log(
      `run ${i}: stop.sh took ${s(stop1 - stop0)}; first warning at ${s(warn.time - stop0)} from its ` +
        `start, ${s(warn.time - stop1)} from its return ("${warn.message.slice(0, 70)}..."); nodeRemoved ` +
        `at ${s(gone - stop0)} / ${s(gone - stop1)} (${removed[0].why}); start.sh took ` +
        `${s(start1 - start0)}, nodeAdded at ${s(back - start0)} from its start, ${
          s(back - start1)
        } from its return`,
    );
  }
} finally {
  await client.close();
}
