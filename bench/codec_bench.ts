/**
 * Codec micro-benchmarks (mitata): the per-command CPU cost of our wire codecs, then the whole
 * single-record client path (build, execute loop, connection, parse) against an in-process
 * connection that answers at once, so no socket or server time is counted.
 * Run: `deno task bench` (or `deno run -A bench/codec_bench.ts`; also `bun`, `node --import tsx`).
 */
import { bench, group, run } from "mitata";
import { Key } from "../src/key.ts";
import { buildGet, buildPut, parseRecordReply, replyBins } from "../src/commands/single.ts";
import { GetCommand, WriteCommand } from "../src/client_kv.ts";
import { Backpressure } from "../src/cluster/backpressure.ts";
import { DeadlineSweeper } from "../src/commands/deadline.ts";
import { type ExecNode, Executor } from "../src/commands/execute.ts";
import { Connection } from "../src/net/connection.ts";
import { DEFAULT_READ_POLICY, DEFAULT_WRITE_POLICY } from "../src/policy.ts";
import type { Conn } from "../src/transport/transport.ts";
import { computeDigest, keyBytes } from "../src/wire/digest.ts";
import { packValue, unpackValue } from "../src/wire/msgpack.ts";
import { emptyHeader, encodeMessage } from "../src/wire/message.ts";
import { encodeParticle } from "../src/wire/particles.ts";
import { PROTO_HEADER_SIZE } from "../src/wire/proto.ts";
import { ripemd160 } from "../src/wire/ripemd160.ts";

const key = new Key("test", "bench", "user:0000000001");
const bins = { name: "Ada Lovelace", age: 36, score: 98.5, tags: "math,poetry", active: true };

function replyFrame(record: Record<string, string | number | boolean>): Uint8Array {
  return encodeMessage({
    ...emptyHeader(),
    generation: 3,
    recordTtl: 500_000_000,
    fields: [],
    ops: Object.entries(record).map(([name, v]) => {
      const p = encodeParticle(v);
      return { op: 1, particleType: p.type, name, data: p.bytes };
    }),
  });
}

// A 5-bin record reply as a server sends it.
const reply = replyFrame(bins).subarray(PROTO_HEADER_SIZE);

const list100 = Array.from(
  { length: 100 },
  (_, i) => (i % 3 === 0 ? `item-${i}` : i % 3 === 1 ? i * 1000 : i + 0.5),
);
const packed100 = packValue(list100);
const key16 = keyBytes("0123456789abcdef");
// What computeDigest hashes for that key: set name, particle type byte, key bytes.
const digestInput = new Uint8Array([...new TextEncoder().encode("bench"), key16.type, ...key16.bytes]);

group("codec", () => {
  bench("encode put, 5 bins", () => buildPut(key, bins, DEFAULT_WRITE_POLICY, 1000));
  bench("decode 5-bin record reply", () => replyBins(parseRecordReply(reply)));
  bench("digest of a 16-byte string key", () => computeDigest("bench", key16));
  bench("pure-TS RIPEMD-160 of the same 22 bytes", () => ripemd160(digestInput));
  bench("new Key + digest (16-byte string key)", () => new Key("test", "bench", "0123456789abcdef").digest);
  bench("msgpack pack 100-element list", () => packValue(list100));
  bench("msgpack unpack 100-element list", () => unpackValue(packed100));
});

await run();

// The client path: each request frame is answered (next microtask) with a canned reply: a 2-bin
// record for a read, an empty OK for a write.
const getReply = replyFrame({ n: 1, s: "value-1" });
const putReply = replyFrame({});

class EchoConn implements Conn {
  closed = false;
  bufferedAmount = 0;
  #onData: ((chunk: Uint8Array) => void) | undefined;
  write(data: Uint8Array): void {
    const answer = (data[PROTO_HEADER_SIZE + 2] & 1) !== 0 ? putReply : getReply; // INFO2_WRITE
    queueMicrotask(() => this.#onData?.(answer.slice()));
  }
  close(): void {
    this.closed = true;
  }
  end(): void {
    this.closed = true;
  }
  onData(cb: (chunk: Uint8Array) => void): void {
    this.#onData = cb;
  }
  onClose(): void {}
  whenDrained(): Promise<void> {
    return Promise.resolve();
  }
  pause(): void {}
  resume(): void {}
}

const idle: Connection<unknown>[] = [];
const node: ExecNode = {
  address: "127.0.0.1:3000",
  name: "BENCH",
  pool: {
    acquire: () => Promise.resolve(idle.pop() ?? new Connection(new EchoConn())),
    release: (conn) => void idle.push(conn),
  },
};
const sweeper = new DeadlineSweeper();
const executor = new Executor({ nodeFor: () => node }, new Backpressure(5000, 100_000), sweeper);
const keys = Array.from({ length: 1000 }, (_, i) => new Key("test", "bench", i));
const readPolicy = { ...DEFAULT_READ_POLICY, totalTimeout: 5000 };
const writePolicy = { ...DEFAULT_WRITE_POLICY, totalTimeout: 5000 };

async function clientPath(ops: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ops) {
      const i = next++;
      const k = keys[i % keys.length];
      if (i & 1) {
        await executor.execute(
          new WriteCommand(k, buildPut(k, { n: i, s: "value-" + i }, writePolicy)),
          writePolicy,
        );
      } else await executor.execute(new GetCommand(k, buildGet(k, undefined, readPolicy)), readPolicy);
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - t) * 1000 / ops;
}

await clientPath(50_000, 64); // warm-up
const samples: number[] = [];
for (let i = 0; i < 5; i++) samples.push(await clientPath(100_000, 64));
samples.sort((a, b) => a - b);
console.log(
  `client path, half put/half get, concurrency 64, in-process echo connection: ` +
    `median ${samples[2].toFixed(2)} µs/op (min ${samples[0].toFixed(2)}, max ${samples[4].toFixed(2)})`,
);
for (const c of idle) c.close();
executor.close();
