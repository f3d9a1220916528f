/**
 * Codec micro-benchmarks (mitata): the per-command CPU cost of our wire codecs.
 * Run: `deno task bench` (or `deno run -A bench/codec_bench.ts`).
 */
import { bench, group, run } from "mitata";
import { Key } from "../src/key.ts";
import { buildPut, parseRecordReply, replyBins } from "../src/commands/single.ts";
import { DEFAULT_WRITE_POLICY } from "../src/policy.ts";
import { computeDigest, keyBytes } from "../src/wire/digest.ts";
import { packValue, unpackValue } from "../src/wire/msgpack.ts";
import { emptyHeader, encodeMessage } from "../src/wire/message.ts";
import { encodeParticle } from "../src/wire/particles.ts";
import { PROTO_HEADER_SIZE } from "../src/wire/proto.ts";

const key = new Key("test", "bench", "user:0000000001");
const bins = { name: "Ada Lovelace", age: 36, score: 98.5, tags: "math,poetry", active: true };

// A 5-bin record reply as a server sends it.
const reply = encodeMessage({
  ...emptyHeader(),
  generation: 3,
  recordTtl: 500_000_000,
  fields: [],
  ops: Object.entries(bins).map(([name, v]) => {
    const p = encodeParticle(v);
    return { op: 1, particleType: p.type, name, data: p.bytes };
  }),
}).subarray(PROTO_HEADER_SIZE);

const list100 = Array.from(
  { length: 100 },
  (_, i) => (i % 3 === 0 ? `item-${i}` : i % 3 === 1 ? i * 1000 : i + 0.5),
);
const packed100 = packValue(list100);
const key16 = keyBytes("0123456789abcdef");

group("codec", () => {
  bench("encode put, 5 bins", () => buildPut(key, bins, DEFAULT_WRITE_POLICY, 1000));
  bench("decode 5-bin record reply", () => replyBins(parseRecordReply(reply)));
  bench("digest of a 16-byte string key", () => computeDigest("bench", key16));
  bench("msgpack pack 100-element list", () => packValue(list100));
  bench("msgpack unpack 100-element list", () => unpackValue(packed100));
});

await run();
