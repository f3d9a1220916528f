import assert from "node:assert/strict";
import dc from "node:diagnostics_channel";
import { COMMAND_CHANNEL, type CommandTraceContext, Key, ops, ServerError } from "../mod.ts";
import { tracingActive } from "../src/observe/tracing.ts";
import { targetTest } from "./helpers/target.ts";
import { test } from "./helpers/test.ts";

type Event = "start" | "end" | "asyncStart" | "asyncEnd" | "error";

/** Subscribes to every event of the command channel; `stop()` unsubscribes. */
function record(): { events: [Event, CommandTraceContext][]; stop(): void } {
  const events: [Event, CommandTraceContext][] = [];
  const on = (e: Event) => (m: unknown) => void events.push([e, m as CommandTraceContext]);
  const handlers = {
    start: on("start"),
    end: on("end"),
    asyncStart: on("asyncStart"),
    asyncEnd: on("asyncEnd"),
    error: on("error"),
  };
  const channel = dc.tracingChannel(COMMAND_CHANNEL);
  channel.subscribe(handlers);
  return { events, stop: () => channel.unsubscribe(handlers) };
}

targetTest(
  "each command is published on the aerolite:command tracing channel: start and end, then asyncStart and asyncEnd with the node filled in",
  async (t) => {
    const key = new Key(t.ns, t.set("trace"), "k1");
    const rec = record();
    try {
      await t.client.put(key, { a: 1 });
      assert.equal((await t.client.get(key))?.bins.a, 1);
    } finally {
      rec.stop();
    }
    const mine = rec.events.filter(([, c]) => c.set === key.set);
    assert.deepEqual(mine.map(([e, c]) => `${c.operation}/${c.kind}:${e}`), [
      "put/write:start",
      "put/write:end",
      "put/write:asyncStart",
      "put/write:asyncEnd",
      "get/read:start",
      "get/read:end",
      "get/read:asyncStart",
      "get/read:asyncEnd",
    ]);
    const addresses = t.client.stats().nodes.map((n) => n.address);
    for (const [, c] of mine) {
      assert.equal(c.namespace, t.ns);
      assert.equal(c.resultCode, 0);
      assert.equal(c.attempts, 1);
      assert.equal(c.error, undefined);
      assert.ok(c.duration >= 0);
      assert.ok(
        addresses.includes(`${c.serverAddress}:${c.serverPort}`),
        `${c.serverAddress}:${c.serverPort}`,
      );
      assert.ok(t.client.stats().nodes.some((n) => n.name === c.node));
    }
    // One context object per command, the same in all four of its events.
    assert.equal(new Set(mine.map(([, c]) => c)).size, 2);
  },
);

targetTest(
  "a failed command publishes error with the AerospikeError before asyncStart and asyncEnd",
  async (t) => {
    const key = new Key(t.ns, t.set("trace"), "exists");
    await t.client.put(key, { a: 1 });
    const rec = record();
    try {
      await assert.rejects(t.client.put(key, { a: 2 }, { exists: "create" }), ServerError);
    } finally {
      rec.stop();
    }
    const mine = rec.events.filter(([, c]) => c.set === key.set);
    assert.deepEqual(mine.map(([e]) => e), ["start", "end", "error", "asyncStart", "asyncEnd"]);
    const ctx = mine[0][1];
    assert.equal(ctx.resultCode, 5); // KEY_EXISTS_ERROR
    assert.ok(ctx.error instanceof ServerError);
    assert.equal(ctx.error.code, 5);
  },
);

test("tracing is active only while something subscribes to one of the channel's events", () => {
  assert.equal(tracingActive(), false);
  const onlyErrors = { error() {} };
  dc.channel(`tracing:${COMMAND_CHANNEL}:error`).subscribe(onlyErrors.error);
  assert.equal(tracingActive(), true);
  dc.channel(`tracing:${COMMAND_CHANNEL}:error`).unsubscribe(onlyErrors.error);
  assert.equal(tracingActive(), false);
  const rec = record();
  assert.equal(tracingActive(), true);
  rec.stop();
  assert.equal(tracingActive(), false);
});

targetTest(
  "the trace context names the client method of every single-record, batch and info command",
  async (t) => {
    const set = t.set("ops");
    const key = new Key(t.ns, set, "k");
    const rec = record();
    try {
      await t.client.put(key, { n: 1 });
      await t.client.get(key);
      await t.client.exists(key);
      await t.client.touch(key);
      await t.client.operate(key, [ops.add("n", 1)]);
      await t.client.batchGet([key]);
      await t.client.remove(key);
      await t.client.info("build");
    } finally {
      rec.stop();
    }
    const ended = rec.events.filter(([e]) => e === "asyncEnd").map(([, c]) => `${c.operation}/${c.kind}`);
    assert.deepEqual(ended, [
      "put/write",
      "get/read",
      "exists/read",
      "touch/write",
      "operate/write",
      "batch/batch",
      "remove/write",
      "info/info",
    ]);
  },
);
