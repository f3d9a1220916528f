/**
 * Valid frames the fuzzer starts from: every frame of the golden vectors (server replies and client
 * requests) plus replies made by our own encoders (single records with every particle type, batch
 * rows, query streams with partition markers, info and admin replies, compressed frames).
 * @module
 */
import { encodeAdminMessage } from "../../src/wire/admin.ts";
import { compressFrame } from "../../src/wire/compress.ts";
import { FIELD_BVAL_ARRAY, FIELD_DIGEST, FIELD_NAMESPACE, stringField } from "../../src/wire/fields.ts";
import { encodeInfoResponse, encodePeers, encodeReplicas } from "../../src/wire/info.ts";
import {
  emptyHeader,
  encodeMessage,
  encodeMessages,
  INFO3_LAST,
  INFO3_PARTITION_DONE,
  type Message,
} from "../../src/wire/message.ts";
import { OP_READ } from "../../src/wire/operations.ts";
import { encodeParticle } from "../../src/wire/particles.ts";
import { Double, GeoJSON, OrderedMap, type Value } from "../../src/values.ts";
import { hex } from "../helpers/test.ts";
import { listSteps, loadStep } from "../helpers/vectors.ts";

/** One valid frame (proto header included) and where it came from. */
export interface Seed {
  /** "reply": server to client; "request": client to server. */
  dir: "reply" | "request";
  /** Origin, for reports: a vector step or an encoder. */
  name: string;
  /** The whole frame. */
  frame: Uint8Array;
}

/** Values covering every particle type and msgpack shape we decode. */
const VALUES: Value[] = [
  0,
  -1,
  2 ** 53 + 2,
  -(2n ** 63n),
  new Double(1.5),
  "",
  "héllo wörld",
  new Uint8Array([0, 1, 2, 255]),
  true,
  [1, "a", [2, [3, [4]]], new Uint8Array([9])],
  { a: 1, b: [1, 2], c: { d: "e" } },
  new OrderedMap<Value, Value>([["k", 1], [2, "two"]]),
  new Map<Value, Value>([[1, [1.25]], ["x", null]]),
  new GeoJSON({ type: "Point", coordinates: [1.5, 2.5] }),
];

function record(values: readonly Value[], header: Partial<Message> = {}): Message {
  const ops = values.map((v, i) => {
    const p = encodeParticle(v);
    return { op: OP_READ, particleType: p.type, name: `b${i}`, data: p.bytes };
  });
  return { ...emptyHeader(), generation: 3, recordTtl: 500_000_000, fields: [], ops, ...header };
}

function digest(i: number): Uint8Array {
  return Uint8Array.from({ length: 20 }, (_, j) => (i * 31 + j * 7) & 0xff);
}

function encoderSeeds(): Seed[] {
  const out: Seed[] = [];
  const add = (name: string, frame: Uint8Array): void => {
    out.push({ dir: "reply", name, frame });
  };
  for (let i = 0; i < VALUES.length; i++) add(`record:${i}`, encodeMessage(record([VALUES[i]])));
  add("record:all", encodeMessage(record(VALUES)));
  add("record:code2", encodeMessage({ ...emptyHeader(), resultCode: 2, fields: [], ops: [] }));
  const last: Message = { ...emptyHeader(), info3: INFO3_LAST, fields: [], ops: [] };
  const rows = [0, 1, 2].map((i) =>
    record(i === 1 ? [] : VALUES.slice(i, i + 3), { transactionTtl: i, resultCode: i === 1 ? 2 : 0 })
  );
  add("batch:rows", encodeMessages([...rows, last]));
  add("batch:split", encodeMessages(rows));
  const ns = stringField(FIELD_NAMESPACE, "test");
  const recs = [0, 1, 2].map((i) =>
    record([VALUES[i + 4]], {
      fields: [ns, { type: FIELD_DIGEST, data: digest(i) }, {
        type: FIELD_BVAL_ARRAY,
        data: new Uint8Array(8).fill(i),
      }],
    })
  );
  const done: Message = {
    ...emptyHeader(),
    info3: INFO3_PARTITION_DONE,
    generation: 17,
    fields: [],
    ops: [],
  };
  add("query:stream", encodeMessages([...recs, done]));
  add("query:last", encodeMessages([recs[0], done, last]));
  const bitmap = new Uint8Array(512).fill(0x5a);
  const replicas = encodeReplicas(new Map([["test", { regime: 0, replicas: [bitmap, bitmap] }]]));
  const peers = encodePeers({
    generation: 4,
    defaultPort: 3000,
    peers: [{ nodeId: "BB9020011AC4202", tlsName: "", hosts: [{ host: "127.0.0.1", port: 3100 }] }],
  });
  add(
    "info:tend",
    encodeInfoResponse([
      ["node", "BB9010011AC4202"],
      ["partition-generation", "7"],
      ["replicas", replicas],
      ["peers-clear-std", peers],
      ["features", "peers;pipelining;batch-any"],
      ["sets/test", "ERROR:4:unrecognized command"],
    ]),
  );
  const token = { id: 5, data: new Uint8Array(32).fill(7) };
  const ttl = { id: 6, data: new Uint8Array([0, 0, 14, 16]) };
  add("admin:login", encodeAdminMessage({ command: 0, resultCode: 0, fields: [token, ttl] }));
  add("admin:error", encodeAdminMessage({ command: 0, resultCode: 52, fields: [] }));
  for (const s of [...out]) {
    if (s.frame[1] === 3) add(`compressed:${s.name}`, compressFrame(s.frame));
  }
  return out;
}

async function vectorSeeds(): Promise<Seed[]> {
  const out: Seed[] = [];
  for (const name of await listSteps()) {
    const step = await loadStep(name);
    for (const f of step.frames) {
      out.push({ dir: f.dir === "s2c" ? "reply" : "request", name, frame: f.bytes });
    }
  }
  const base = new URL("../fixtures/vectors/", import.meta.url);
  for (const file of ["info.json", "more/info.json"]) {
    const list = JSON.parse(await Deno.readTextFile(new URL(file, base))) as { dir: string; hex: string }[];
    for (const f of list) {
      out.push({ dir: f.dir === "s2c" ? "reply" : "request", name: file, frame: hex(f.hex) });
    }
  }
  for (const file of ["info_single.json", "info_cluster_node1.json", "info_cluster_node2.json"]) {
    const list = JSON.parse(await Deno.readTextFile(new URL(file, base))) as {
      request: string;
      reply: string;
    }[];
    for (const f of list) {
      out.push({ dir: "request", name: file, frame: hex(f.request) });
      out.push({ dir: "reply", name: file, frame: hex(f.reply) });
    }
  }
  return out;
}

/** Every seed frame, vectors first then encoder-made ones, in a fixed order. */
export async function loadCorpus(): Promise<Seed[]> {
  return [...await vectorSeeds(), ...encoderSeeds()];
}
