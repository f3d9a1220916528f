/**
 * The raw floor: request frames encoded once, before anything is measured, with our own wire
 * builders, then replayed over one socket per lane on the runtime's native socket API
 * (`Deno.connect`, `Bun.connect`, `node:net`). A reply is read by proto length (a batch until the
 * message carrying INFO3_LAST); nothing is decoded, routed, pooled or timed out. No client can do
 * less work per command on that runtime, so it shows what the socket layer and the server allow.
 * It talks to the first seed only, which is every partition's owner on a one-node cluster.
 * @module
 */
import { Key } from "../../src/key.ts";
import { buildGet, buildPut } from "../../src/commands/single.ts";
import { buildBatchFrame, type PreparedRow, readTemplate } from "../../src/commands/batch.ts";
import { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY } from "../../src/policy.ts";
import { INFO3_LAST, MSG_HEADER_SIZE } from "../../src/wire/message.ts";
import { PROTO_HEADER_SIZE } from "../../src/wire/proto.ts";
import { BATCH_COUNT, BATCH_SIZE, binsFor, type Driver, KEY_COUNT, NAMESPACE, SET } from "../workload.ts";
import { rawConnect, type RawSocket } from "./raw_socket.ts";

const TIMEOUT_MS = 10_000; // sent in the header's transaction-ttl, as the clients do

/** One socket with at most one request outstanding; accumulates reply bytes until complete. */
export class Lane {
  #socket: RawSocket | undefined;
  #buf = new Uint8Array(16 * 1024);
  #fill = 0;
  #batch = false;
  #resolve: (() => void) | undefined;
  #reject: ((e: Error) => void) | undefined;

  /** Attaches the socket this lane writes to. */
  attach(socket: RawSocket): void {
    this.#socket = socket;
  }

  /** Sends `frame` and resolves once its whole reply has been read. */
  request(frame: Uint8Array, batch: boolean): Promise<void> {
    this.#batch = batch;
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#socket!.write(frame);
    });
  }

  /** Socket side: bytes arrived (the chunk is only read during this call). */
  feed(chunk: Uint8Array): void {
    // Fast path: a single-record reply arriving as exactly one chunk.
    if (
      this.#fill === 0 && !this.#batch && chunk.length >= PROTO_HEADER_SIZE &&
      chunk.length === frameEnd(chunk, 0)
    ) {
      return this.#done();
    }
    if (this.#fill + chunk.length > this.#buf.length) {
      const bigger = new Uint8Array(Math.max(this.#buf.length * 2, this.#fill + chunk.length));
      bigger.set(this.#buf.subarray(0, this.#fill));
      this.#buf = bigger;
    }
    this.#buf.set(chunk, this.#fill);
    this.#fill += chunk.length;
    let start = 0;
    let last = false;
    while (this.#fill - start >= PROTO_HEADER_SIZE) {
      const end = frameEnd(this.#buf, start);
      if (end > this.#fill) break;
      last = !this.#batch || hasLast(this.#buf, start + PROTO_HEADER_SIZE, end);
      start = end;
    }
    this.#buf.copyWithin(0, start, this.#fill);
    this.#fill -= start;
    if (last) this.#done();
  }

  /** Socket side: the connection failed or closed. */
  fail(e: Error): void {
    const reject = this.#reject;
    this.#resolve = this.#reject = undefined;
    reject?.(e);
  }

  #done(): void {
    const resolve = this.#resolve;
    this.#resolve = this.#reject = undefined;
    resolve?.();
  }
}

// Offset just past the frame whose 8-byte proto header starts at `at` (48-bit big-endian size).
function frameEnd(b: Uint8Array, at: number): number {
  const size = (b[at + 2] * 2 ** 40) + (b[at + 3] * 2 ** 32) +
    ((b[at + 4] << 24) >>> 0) + (b[at + 5] << 16) + (b[at + 6] << 8) + b[at + 7];
  return at + PROTO_HEADER_SIZE + size;
}

// Walks the messages of a batch reply body; true when one carries INFO3_LAST.
function hasLast(b: Uint8Array, at: number, end: number): boolean {
  while (at + MSG_HEADER_SIZE <= end) {
    if (b[at + 3] & INFO3_LAST) return true;
    const fields = (b[at + 18] << 8) | b[at + 19];
    const ops = (b[at + 20] << 8) | b[at + 21];
    at += b[at];
    for (let i = 0; i < fields + ops; i++) {
      at += 4 + ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
    }
  }
  return false;
}

/** Encodes every request of the workload once and connects one socket per lane. */
export async function rawDriver(options: { hosts: string; maxConcurrency: number }): Promise<Driver> {
  const gets: Uint8Array[] = [];
  const puts: Uint8Array[] = [];
  const keys: Key[] = [];
  for (let i = 0; i < KEY_COUNT; i++) {
    const key = new Key(NAMESPACE, SET, i);
    keys.push(key);
    // slice(): a builder may hand out a view of a reused buffer.
    gets.push(buildGet(key, undefined, DEFAULT_READ_POLICY, TIMEOUT_MS).slice());
    puts.push(buildPut(key, binsFor(i), DEFAULT_WRITE_POLICY, TIMEOUT_MS).slice());
  }
  const template = readTemplate(DEFAULT_READ_POLICY);
  const batches: Uint8Array[] = [];
  for (let b = 0; b < BATCH_COUNT; b++) {
    const rows: PreparedRow[] = keys.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE)
      .map((key, index) => ({ index, key, write: false, template }));
    batches.push(buildBatchFrame(rows, { allowInline: true, respondAllKeys: true }, TIMEOUT_MS).slice());
  }
  const [host, port] = firstSeed(options.hosts);
  const lanes: Lane[] = [];
  const sockets: RawSocket[] = [];
  for (let i = 0; i < options.maxConcurrency; i++) {
    const lane = new Lane();
    const socket = await rawConnect(host, port, lane);
    lane.attach(socket);
    lanes.push(lane);
    sockets.push(socket);
  }
  return {
    get: (i, lane) => lanes[lane].request(gets[i], false),
    put: (i, lane) => lanes[lane].request(puts[i], false),
    batchGet: (b, lane) => lanes[lane].request(batches[b], true),
    close: () => {
      for (const s of sockets) s.close();
      return Promise.resolve();
    },
  };
}

function firstSeed(hosts: string): [string, number] {
  const first = hosts.split(",")[0].trim();
  const colon = first.lastIndexOf(":");
  return colon < 0 ? [first, 3000] : [first.slice(0, colon), Number(first.slice(colon + 1))];
}
