/**
 * Flow-control tests for every transport of `CASES`, registered by `tests/transport_test.ts`:
 * a writer that awaits `whenDrained()` against a paused reader stays bounded, and a `Connection`
 * whose consumer stops calling `readFrame()` stops reading the socket so its peer backs up.
 */
import assert from "node:assert/strict";
import { test } from "./test.ts";
import { type Case, HOST, serve, sleep } from "./transport_cases.ts";
import { tapConn } from "./tap_conn.ts";
import { Connection } from "../../src/net/connection.ts";
import { type Conn, WRITE_HIGH_WATER_MARK } from "../../src/transport/transport.ts";
import { frame, PROTO_TYPE_MESSAGE } from "../../src/wire/proto.ts";

/** The unit a writer sends: 64 KiB. */
const FRAME = 64 * 1024;

/** Byte `k` of the test stream: position-dependent, so a lost or reordered chunk shows. */
function streamByte(k: number): number {
  return (k * 31 + (k >>> 16) * 7) & 0xff;
}

function streamChunk(offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = streamByte(offset + i);
  return out;
}

/** Resolves once `progress()` has not changed for `quietMs` (the writer is stuck, or done). */
async function stalled(progress: () => number, quietMs = 250): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    await sleep(10);
    const now = progress();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return;
  }
}

/** Polls until `done()` holds; fails after `limitMs`. */
async function until(done: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > limitMs) assert.fail(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** True if `p` is still pending after `ms`. */
async function pendingAfter(p: Promise<void>, ms: number): Promise<boolean> {
  let settled = false;
  p.then(() => settled = true);
  await sleep(ms);
  return !settled;
}

/** A conn whose reader (the accepted side) starts paused and checks the stream as it comes. */
async function pausedPair(c: Case): Promise<{
  writer: Conn;
  reader: () => Conn;
  received: () => number;
  mismatch: () => number;
  close: () => Promise<void>;
}> {
  const net = c.make();
  let reader: Conn | undefined;
  let received = 0;
  let mismatch = -1;
  const { listener } = await serve(net, (conn) => {
    reader = conn;
    conn.pause(); // before onData: not one byte may arrive
    conn.onData((chunk) => {
      for (let i = 0; i < chunk.length && mismatch < 0; i++) {
        if (chunk[i] !== streamByte(received + i)) mismatch = received + i;
      }
      received += chunk.length;
    });
  });
  const writer = await net.connect({ host: HOST, port: listener.port, timeoutMs: 2000 });
  writer.onData(() => {});
  await until(() => reader !== undefined, "the accepted conn");
  return {
    writer,
    reader: () => reader!,
    received: () => received,
    mismatch: () => mismatch,
    close: async () => {
      writer.close();
      await listener.close();
    },
  };
}

/** Writes the stream in FRAME units, awaiting `whenDrained()` after each; records the peak. */
function writeStream(
  writer: Conn,
  total: number,
): { sent: () => number; peak: () => number; done: Promise<void> } {
  let sent = 0;
  let peak = 0;
  const done = (async () => {
    while (sent < total && !writer.closed) {
      writer.write(streamChunk(sent, FRAME));
      sent += FRAME;
      peak = Math.max(peak, writer.bufferedAmount);
      await writer.whenDrained();
    }
  })();
  return { sent: () => sent, peak: () => peak, done };
}

/** Registers the flow-control tests for each case. */
export function flowTests(cases: readonly Case[]): void {
  for (const c of cases) flowTestsFor(c);
}

function flowTestsFor(c: Case): void {
  const { name, flowTotal } = c;
  const mib = flowTotal >> 20;
  test(`${name} transport backs up a writer against a paused reader: bufferedAmount stays bounded, whenDrained() waits for resume() and ${mib} MiB arrive in order`, async () => {
    const pair = await pausedPair(c);
    const stream = writeStream(pair.writer, flowTotal);
    await stalled(stream.sent);
    assert.ok(stream.sent() < flowTotal, `the writer was never held back (${stream.sent()} bytes sent)`);
    assert.equal(pair.received(), 0, "a paused reader got data");
    assert.ok(
      stream.peak() <= WRITE_HIGH_WATER_MARK + FRAME,
      `bufferedAmount peaked at ${stream.peak()}, more than the high-water mark plus one write`,
    );
    assert.ok(pair.writer.bufferedAmount > 0, "a stuck writer has bytes queued");
    assert.equal(
      await pendingAfter(pair.writer.whenDrained(), 60),
      true,
      "whenDrained() resolved while paused",
    );
    pair.reader().resume();
    await stream.done;
    await until(() => pair.received() === flowTotal, `${flowTotal} bytes`);
    assert.equal(pair.mismatch(), -1, `stream differs at byte ${pair.mismatch()}`);
    assert.equal(pair.writer.bufferedAmount, 0);
    await pair.close();
  });

  test(`${name} transport resolves a pending whenDrained() when the backed-up writer closes`, async () => {
    const pair = await pausedPair(c);
    const stream = writeStream(pair.writer, flowTotal);
    await stalled(stream.sent);
    const drained = pair.writer.whenDrained();
    assert.equal(await pendingAfter(drained, 20), true);
    pair.writer.close();
    await drained;
    await stream.done;
    assert.equal(pair.writer.bufferedAmount, 0);
    await pair.close();
  });

  test(`${name} transport: a Connection whose consumer stops reading pauses at its bound, the peer backs up, and every frame follows in order`, async () => {
    const net = c.make();
    const count = flowTotal / FRAME;
    const filler = streamChunk(0, FRAME);
    let server: Conn | undefined;
    let sent = 0;
    let writing: Promise<void> = Promise.resolve();
    const { listener } = await serve(net, (conn) => {
      server = conn;
      conn.onData(() => {});
      writing = (async () => {
        for (; sent < count && !conn.closed; sent++) {
          const body = filler.slice();
          new DataView(body.buffer).setUint32(0, sent);
          conn.write(frame(PROTO_TYPE_MESSAGE, body));
          await conn.whenDrained();
        }
      })();
    });
    const raw = await net.connect({ host: HOST, port: listener.port, timeoutMs: 2000 });
    let maxChunk = 0;
    const conn = new Connection(tapChunks(raw, (n) => maxChunk = Math.max(maxChunk, n)), {
      maxQueuedFrames: 4,
    });
    await stalled(() => sent);
    assert.ok(sent < count, "the server was never held back");
    assert.equal(conn.paused, true);
    const slack = Math.ceil(maxChunk / FRAME);
    assert.ok(conn.queuedFrames >= 4 && conn.queuedFrames <= 4 + slack, `${conn.queuedFrames} frames queued`);
    assert.ok(server!.bufferedAmount > 0, "the server's queue holds what the client does not read");
    for (let i = 0; i < count; i++) {
      const f = await conn.readFrame();
      assert.equal(f.body.length, FRAME);
      assert.equal(new DataView(f.body.buffer, f.body.byteOffset).getUint32(0), i, `frame ${i} out of order`);
      for (let k = 4; k < FRAME; k += 997) assert.equal(f.body[k], filler[k], `frame ${i} byte ${k}`);
      // A runtime may hand over one more chunk after pause() takes effect (seen on Bun 1.4).
      const bound = 4 + 2 * Math.ceil(maxChunk / FRAME);
      assert.ok(conn.queuedFrames <= bound, `${conn.queuedFrames} frames queued, bound ${bound}`);
    }
    await writing;
    assert.equal(conn.paused, false);
    conn.close();
    await listener.close();
  });
}

/** Wraps `conn` so every chunk's size is reported to `seen` before the consumer gets it. */
function tapChunks(conn: Conn, seen: (n: number) => void): Conn {
  return tapConn(conn, { data: (chunk) => seen(chunk.length) });
}
