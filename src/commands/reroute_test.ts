import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { defaultConnector } from "../transport/auto.ts";
import { TransportError } from "../transport/transport.ts";
import { AerospikeError, ConnectionError, TimeoutError } from "../errors.ts";
import { connectError } from "../cluster/pool.ts";
import { refusedConnect } from "../cluster/refusal.ts";
import { ErrorRate } from "../cluster/error_rate.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { ExecNode } from "./exec_types.ts";
import { unsentReroute } from "./run.ts";

const node = (suspect: boolean): ExecNode => ({
  name: "N1",
  address: "127.0.0.1:1",
  suspect,
  pool: {
    acquire: () => Promise.reject(new Error("unused")),
    release: () => {},
  },
});

test("refusedConnect: a refused or reset connect says nothing listens; a timeout or a TLS failure does not", () => {
  const refused = new TransportError("ECONNREFUSED", "connection refused");
  assert.equal(refusedConnect(refused), true);
  assert.equal(refusedConnect(connectError(refused, "127.0.0.1:1", "N1")), true);
  assert.equal(refusedConnect(connectError(new TransportError("ECONNRESET", "reset"), "x")), true);
  assert.equal(refusedConnect(connectError(new TransportError("ETIMEDOUT", "timed out"), "x")), false);
  assert.equal(refusedConnect(connectError(new TransportError("ETLS", "bad certificate"), "x")), false);
  assert.equal(refusedConnect(new TimeoutError("socketTimeout expired")), false);
  assert.equal(refusedConnect(new Error("ECONNREFUSED")), false);
});

test("refusedConnect recognises a real refused connect of the default transport", async () => {
  // Find a port nothing listens on: listen, note the port, close.
  const connector = defaultConnector();
  const listener = await connector.listen({ host: "127.0.0.1", port: 0, onConn: (c) => c.close() });
  const port = listener.port;
  await listener.close();
  const err = await connector.connect({ host: "127.0.0.1", port, timeoutMs: 1000 }).then(
    (c) => {
      c.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  assert.equal(refusedConnect(connectError(err, `127.0.0.1:${port}`)), true, String(err));
});

test("unsentReroute: which unsent failures go on without counting against maxRetries", () => {
  const refused = connectError(new TransportError("ECONNREFUSED", "refused"), "127.0.0.1:1", "N1");
  const noNode = new AerospikeError(ResultCode.INVALID_NODE_ERROR, "no node for namespace test partition 1");
  const retired = new ConnectionError("node N1 left the cluster; its connection pool is retired", {
    code: ResultCode.INVALID_NODE_ERROR,
  });
  const backoff = new AerospikeError(ResultCode.MAX_ERROR_RATE, "backing off");
  assert.equal(unsentReroute(noNode, undefined), "refresh");
  assert.equal(unsentReroute(retired, node(false)), "now");
  assert.equal(unsentReroute(refused, node(false)), "refresh");
  assert.equal(unsentReroute(backoff, node(true)), "refresh");
  // A breaker that can say when it closes: the command waits for it (see maxErrorRate).
  const open = {
    ...node(false),
    errorRate: { count: 2, max: 1, add: () => {}, whenClosed: () => Promise.resolve() },
  };
  assert.equal(unsentReroute(backoff, open), "breaker");
  // Counted as usual: a breaker without whenClosed, a slow connect, a pool at its cap.
  assert.equal(unsentReroute(backoff, node(false)), undefined);
  assert.equal(
    unsentReroute(connectError(new TransportError("ETIMEDOUT", "t"), "127.0.0.1:1"), node(false)),
    undefined,
  );
  assert.equal(
    unsentReroute(new AerospikeError(ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE, "cap"), node(false)),
    undefined,
  );
  assert.equal(unsentReroute(new TimeoutError("totalTimeout expired"), undefined), undefined);
});

test("ErrorRate.whenClosed resolves when the window ends or the node leaves, at once while closed", async () => {
  const rate = new ErrorRate(1);
  await rate.whenClosed(); // closed: resolves at once
  rate.add();
  rate.add();
  assert.equal(rate.open, true);
  let closed = 0;
  const first = rate.whenClosed().then(() => closed++);
  assert.equal(rate.whenClosed(), rate.whenClosed(), "one promise per window");
  await Promise.resolve();
  assert.equal(closed, 0);
  rate.reset();
  await first;
  assert.equal(closed, 1);
  rate.add();
  rate.add();
  const second = rate.whenClosed().then(() => closed++);
  rate.release(); // the node left the cluster: route again
  await second;
  assert.equal(closed, 2);
});
