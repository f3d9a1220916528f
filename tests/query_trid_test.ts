// A node refuses a scan, query or background job whose trid (transaction id) it ran before, with
// PARAMETER_ERROR (4), even once that job is done: CE 8.1.2.0 does so at once and 2 s later, for
// foreground and background jobs alike, which is why every round of a query draws a new trid.
// Raw requests to one node: the client itself never reuses a trid.
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { RawConn } from "./helpers/raw_conn.ts";
import { buildBackgroundQuery, buildQuery, newTaskId } from "../src/commands/query.ts";
import { messageBody } from "../src/commands/command.ts";
import { decodeMessages, INFO3_LAST, INFO3_PARTITION_DONE } from "../src/wire/message.ts";
import { exp, ops } from "../mod.ts";

// The result code a node ends its reply to `request` with: the LAST message's, or the first
// whole-request error's (a node sends that one without LAST); `single`: the first message's.
async function answer(conn: RawConn, request: Uint8Array, single = false): Promise<number> {
  conn.send(request);
  for (;;) {
    const f = await conn.next();
    assert.ok(f !== null, "the node closed the connection");
    for (const m of decodeMessages(messageBody(f[1], f.subarray(8)))) {
      if (single || (m.info3 & INFO3_LAST) !== 0) return m.resultCode;
      if ((m.info3 & INFO3_PARTITION_DONE) !== 0) continue;
      if (m.resultCode !== 0) return m.resultCode;
    }
  }
}

// A background job over the whole namespace that writes nothing (its filter is false).
function background(ns: string, taskId: bigint): Uint8Array {
  const filter = exp.build(exp.bool(false));
  return buildBackgroundQuery(
    { ns, expression: filter, recordsPerSecond: 0, socketTimeout: 5000, taskId },
    { ops: [ops.touch()] },
    5000,
  );
}

function scan(ns: string, set: string, taskId: bigint): Uint8Array {
  const parts = Array.from({ length: 4096 }, (_, id) => ({ id, done: false }));
  return buildQuery(
    { ns, set, includeBinData: true, recordsPerSecond: 0, socketTimeout: 5000, taskId },
    parts,
    0,
  );
}

targetTest(
  "a node refuses a trid it already ran, background or foreground, also once the job is done",
  async (t) => {
    const port = Number(t.seeds.split(",")[0].split(":")[1]);
    const conn = await RawConn.open(port);
    try {
      const bg = newTaskId();
      assert.equal(await answer(conn, background(t.ns, bg), true), 0);
      assert.equal(await answer(conn, background(t.ns, bg), true), 4);
      const fg = newTaskId();
      const set = t.set("trid");
      assert.equal(await answer(conn, scan(t.ns, set, fg)), 0); // done: the LAST message came
      assert.equal(await answer(conn, scan(t.ns, set, fg)), 4);
      assert.equal(await answer(conn, background(t.ns, fg), true), 4);
      assert.equal(await answer(conn, scan(t.ns, set, newTaskId())), 0);
    } finally {
      await conn.close();
    }
  },
);
