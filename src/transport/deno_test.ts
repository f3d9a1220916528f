import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { denoConnector, nextArenaSize } from "./deno.ts";
import type { Conn } from "./transport.ts";

test("the Deno read arena stays at 16 KiB for small reads and grows to 64 KiB for large ones", () => {
  assert.equal(nextArenaSize(0), 16 * 1024);
  assert.equal(nextArenaSize(111), 16 * 1024); // a single-record reply
  assert.equal(nextArenaSize(5 * 1024), 16 * 1024);
  assert.equal(nextArenaSize(10_428), 32 * 1024); // a batch reply of 100 small records
  assert.equal(nextArenaSize(16 * 1024), 64 * 1024); // a read that filled a 16 KiB arena
  assert.equal(nextArenaSize(1024 * 1024), 64 * 1024);
});

test("the Deno transport never overwrites a chunk it handed out, over small and large reads", async () => {
  // The server writes pieces of varied sizes one at a time (each acknowledged by the client), so
  // the client reads them one by one: small ones share an arena, large ones make it grow, then
  // small ones again shrink it. Every chunk is kept as handed out (no copy) and checked at the end.
  const sizes = [100, 111, 3000, 20_000, 70_000, 10_428, 10_428, 10_428, 111, 5, 111, 40_000, 111];
  for (let i = 0; i < 400; i++) sizes.push(50 + (i * 37) % 400);
  const piece = (i: number): Uint8Array => {
    const b = new Uint8Array(sizes[i]);
    for (let j = 0; j < b.length; j++) b[j] = (i * 31 + j) & 0xff;
    return b;
  };
  let served: Promise<void> | undefined;
  const listener = await denoConnector.listen({
    host: "127.0.0.1",
    port: 0,
    onConn: (c: Conn) => {
      served = (async () => {
        let acks = 0;
        let wake: (() => void) | undefined;
        c.onData((chunk) => {
          acks += chunk.length;
          wake?.();
        });
        for (let i = 0; i < sizes.length; i++) {
          c.write(piece(i));
          while (acks <= i) await new Promise<void>((r) => wake = r);
        }
        c.end();
      })();
    },
  });
  const conn = await denoConnector.connect({ host: "127.0.0.1", port: listener.port, timeoutMs: 2000 });
  const chunks: Uint8Array[] = [];
  const total = sizes.reduce((a, b) => a + b, 0);
  let received = 0;
  let pieceEnd = sizes[0];
  let next = 1;
  const closed = new Promise<void>((resolve) => conn.onClose(() => resolve()));
  conn.onData((chunk) => {
    chunks.push(chunk);
    received += chunk.length;
    // One ack byte per piece fully received.
    while (next <= sizes.length && received >= pieceEnd) {
      conn.write(new Uint8Array(1));
      pieceEnd += sizes[next++] ?? 0;
    }
  });
  await served;
  await closed;
  await listener.close();
  assert.equal(received, total);
  const expected = new Uint8Array(total);
  sizes.reduce((off, _, i) => (expected.set(piece(i), off), off + sizes[i]), 0);
  const got = new Uint8Array(total);
  chunks.reduce((off, c) => (got.set(c, off), off + c.length), 0);
  assert.deepEqual(got, expected);
  // The chunks are views of the arenas: 16 KiB at first and again after the large reads.
  const arenas = chunks.map((c) => c.buffer.byteLength);
  assert.equal(arenas[0], 16 * 1024);
  assert.equal(Math.max(...arenas), 64 * 1024);
  assert.equal(arenas[arenas.length - 1], 16 * 1024);
});
