import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { defaultConnector } from "./auto.ts";
import { ConnectTimer } from "./connect_timer.ts";

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* the event loop is blocked, as by a burst issued synchronously */ }
}

test("a connect whose budget passes while the event loop is blocked still succeeds", async () => {
  const connector = defaultConnector();
  const accepted: { close(): void }[] = [];
  const listener = await connector.listen({ host: "127.0.0.1", port: 0, onConn: (c) => accepted.push(c) });
  try {
    for (let i = 0; i < 5; i++) {
      const pending = connector.connect({ host: "127.0.0.1", port: listener.port, timeoutMs: 100 });
      busy(300);
      const conn = await pending;
      conn.close();
    }
  } finally {
    for (const c of accepted) c.close();
    await listener.close();
  }
});

test("ConnectTimer expires on time, once late, and never after cancel", async () => {
  let fired = 0;
  const t0 = Date.now();
  await new Promise<void>((resolve) => new ConnectTimer(20, () => (fired++, resolve())));
  assert.equal(fired, 1);
  assert.ok(Date.now() - t0 >= 19);
  const late = new Promise<void>((resolve) => new ConnectTimer(10, () => (fired++, resolve())));
  busy(60);
  await late;
  assert.equal(fired, 2);
  const cancelled = new ConnectTimer(5, () => fired++);
  cancelled.cancel();
  cancelled.cancel();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(fired, 2);
});
