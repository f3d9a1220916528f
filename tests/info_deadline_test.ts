import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { MockCluster } from "../server_mock/mod.ts";
import { Connection } from "../src/net/connection.ts";
import { defaultConnector } from "../src/transport/auto.ts";
import { TimeoutError } from "../src/errors.ts";
import { InfoDeadline, infoExchange } from "../src/cluster/info_exchange.ts";

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* the event loop is blocked, as by a burst issued synchronously */ }
}

async function withNode(fn: (conn: Connection<unknown>) => Promise<void>, stall = false): Promise<void> {
  const mock = await MockCluster.start({ nodes: 1 });
  if (stall) mock.nodes[0].faults({ on: "info", stall: true });
  const [host, port] = mock.seeds.split(":");
  const conn = await Connection.open(defaultConnector(), { host, port: Number(port), timeoutMs: 1000 });
  try {
    await fn(conn);
  } finally {
    conn.close();
    await mock.close();
  }
}

test("an info exchange whose budget passes while the event loop is blocked still gets its answer", async () => {
  await withNode(async (conn) => {
    for (let i = 0; i < 3; i++) {
      const deadline = new InfoDeadline(100);
      try {
        const pending = deadline.guard(conn, () => infoExchange(conn, ["node"]));
        busy(300);
        const info = await pending;
        assert.ok((info.get("node") ?? "").length > 0);
      } finally {
        deadline.clear();
      }
    }
  });
});

test("an info exchange with no answer still fails after its budget and the grace", async () => {
  await withNode(async (conn) => {
    const deadline = new InfoDeadline(100);
    try {
      const pending = deadline.guard(conn, () => infoExchange(conn, ["node"]));
      busy(300);
      await assert.rejects(pending, TimeoutError);
    } finally {
      deadline.clear();
    }
  }, true);
});
