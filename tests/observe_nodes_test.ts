// A node leaving and coming back, seen through client events and the log, on the mock and on a
// real cluster of 3+ nodes. On the real target the test stops and restarts a node itself, so it
// runs only when told how (and allowed to run a command):
//   AEROSPIKE_HOSTS=127.0.0.1:9000 \
//   AEROSPIKE_NODE_STOP="AS_PORT=9000 ../shared/aerospike-server/stop.sh 2" \
//   AEROSPIKE_NODE_START="AS_PORT=9000 ../shared/aerospike-server/start.sh 3" \
//   npx deno test --allow-net --allow-read=. --allow-env --allow-run tests/observe_nodes_test.ts
// It prints how long removal and addition took, in tend intervals (no timing is asserted).
import assert from "node:assert/strict";
import type { LogEntry, NodeRef } from "../mod.ts";
import { NODE_CONTROL, startNode, stopNode, waitFor } from "./helpers/node_control.ts";
import { TARGET, targetTest } from "./helpers/target.ts";

const TEND = TARGET === "real" ? 1000 : 50;

const entries: LogEntry[] = [];

targetTest("a stopped node is removed with a warning and added again once it is back", async (t) => {
  entries.length = 0;
  const removed: { node: NodeRef; at: number }[] = [];
  const added: { node: NodeRef; at: number }[] = [];
  t.client.on("nodeRemoved", (node) => removed.push({ node, at: Date.now() }));
  t.client.on("nodeAdded", (node) => added.push({ node, at: Date.now() }));
  const before = t.client.nodes().map((n) => n.name);
  assert.ok(before.length >= 3);

  const stopAt = Date.now();
  await stopNode(t);
  const stopped = Date.now();
  await waitFor("nodeRemoved", () => removed.length > 0, 30 * TEND);
  const gone = removed[0].node;
  assert.ok(before.includes(gone.name));
  assert.ok(!t.client.nodes().some((n) => n.name === gone.name));
  const warning = entries.find((e) =>
    e.level === "warn" && e.node === gone.name && /removed/.test(e.message)
  );
  assert.ok(warning !== undefined, "no warning names the removed node");

  const startAt = Date.now();
  await startNode(t);
  const started = Date.now();
  await waitFor("nodeAdded", () => added.some((a) => a.node.name === gone.name), 30 * TEND);
  const back = added.find((a) => a.node.name === gone.name)!;
  assert.equal(t.client.nodes().length, before.length);

  const firstWarning = entries.find((e) => e.level === "warn" && e.node === gone.name)!;
  const t0 = (ms: number): string => `${(ms / 1000).toFixed(2)} s (${(ms / TEND).toFixed(1)} tend intervals)`;
  console.log(
    `[${t.kind}] tendInterval ${TEND} ms. Stop began at 0, returned after ${t0(stopped - stopAt)}; first ` +
      `warning naming the node (${JSON.stringify(firstWarning.message.slice(0, 60))}) at ${
        t0(firstWarning.time - stopAt)
      }; ` +
      `nodeRemoved and its warning at ${t0(removed[0].at - stopAt)}. Start began at 0, returned after ` +
      `${t0(started - startAt)}; nodeAdded at ${t0(back.at - startAt)}`,
  );
}, {
  minNodes: 3,
  ignore: !NODE_CONTROL,
  client: { tendInterval: TEND, log: { level: "warn", sink: (e) => entries.push(e) } },
});
