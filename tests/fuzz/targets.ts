/**
 * What the fuzzer feeds: the client's whole reply path (frame reader, decompression, single-record
 * parse, message/particle/msgpack decode, batch and query row parsing, info and admin parsing) and
 * the mock's request path (frame reader, `prepare()`, then running the command). Every failure
 * must be a `WireFormatError` or an `AerospikeError`; anything else is a `FuzzDefect`.
 * @module
 */
import { AerospikeError } from "../../src/errors.ts";
import { messageRecord, readBatchReply } from "../../src/commands/batch.ts";
import { messageBody } from "../../src/commands/command.ts";
import { parseQueryFrame, recordIdentity } from "../../src/commands/query.ts";
import { parseRecordReply } from "../../src/commands/single.ts";
import { FrameReader } from "../../src/wire/frame_reader.ts";
import { decodeAdminMessages, loginSession } from "../../src/wire/admin.ts";
import { FIELD_DIGEST, findField } from "../../src/wire/fields.ts";
import {
  decodeInfoResponse,
  parseInfoError,
  parseKeyValues,
  parsePeers,
  parseReplicas,
} from "../../src/wire/info.ts";
import { decodeMessages, type Message } from "../../src/wire/message.ts";
import { PROTO_TYPE_ADMIN, PROTO_TYPE_INFO, WireFormatError } from "../../src/wire/proto.ts";
import { type NodeHandlerContext, prepare } from "../../server_mock/handlers/dispatch.ts";
import type { ReplySink } from "../../server_mock/handlers/query.ts";
import { JobRegistry } from "../../server_mock/jobs.ts";
import { Store } from "../../server_mock/store.ts";

/** Frame size cap of the fuzz readers: small, so a bogus size costs no big allocation. */
export const FUZZ_MAX_BODY = 1 << 20;

/** A failure that is not one of our error classes (or work that did not stay bounded). */
export class FuzzDefect extends Error {
  /** Which decoder stage failed. */
  readonly stage: string;
  /**
   * @param stage decoder stage
   * @param cause what it threw
   */
  constructor(stage: string, cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`${stage}: ${what}`, { cause });
    this.name = "FuzzDefect";
    this.stage = stage;
  }
}

/** The batch reader asked for another frame after the only one given. */
class EndOfInput extends Error {}

function allowed(e: unknown): boolean {
  return e instanceof WireFormatError || e instanceof AerospikeError;
}

/** Runs one stage; records "stage:ok" or "stage:<ErrorClass>"; throws `FuzzDefect` otherwise. */
function stage(name: string, out: string[], fn: () => void): boolean {
  try {
    fn();
    out.push(`${name}:ok`);
    return true;
  } catch (e) {
    if (!allowed(e)) throw new FuzzDefect(name, e);
    out.push(`${name}:${(e as Error).name}`);
    return false;
  }
}

function decodeRecord(m: Message): void {
  messageRecord(m);
  if (findField(m.fields, FIELD_DIGEST) !== undefined) recordIdentity(m);
}

async function decodeReplyFrame(type: number, body: Uint8Array, out: string[]): Promise<void> {
  if (type === PROTO_TYPE_INFO) {
    stage("info", out, () => {
      for (const [, v] of decodeInfoResponse(body)) {
        parseInfoError(v);
        parseKeyValues(v);
        stage("replicas", out, () => parseReplicas(v));
        stage("peers", out, () => parsePeers(v));
      }
    });
    return;
  }
  if (type === PROTO_TYPE_ADMIN) {
    stage("admin", out, () => {
      for (const m of decodeAdminMessages(body)) loginSession(m);
    });
    return;
  }
  let inner: Uint8Array = new Uint8Array(0);
  if (!stage("decompress", out, () => (inner = messageBody(type, body)))) return;
  stage("record", out, () => parseRecordReply(inner));
  stage("messages", out, () => decodeMessages(inner).forEach(decodeRecord));
  stage("query", out, () => parseQueryFrame(inner, decodeRecord, () => {}));
  let given = false;
  const next = (): Promise<Uint8Array> => {
    if (given) return Promise.reject(new EndOfInput());
    given = true;
    return Promise.resolve(inner);
  };
  try {
    await readBatchReply(next, (_, m) => decodeRecord(m));
    out.push("batch:ok");
  } catch (e) {
    if (e instanceof EndOfInput) out.push("batch:incomplete");
    else if (allowed(e)) out.push(`batch:${(e as Error).name}`);
    else throw new FuzzDefect("batch", e);
  }
}

function readFrames(parts: readonly Uint8Array[], out: string[]): { type: number; body: Uint8Array }[] {
  const frames: { type: number; body: Uint8Array }[] = [];
  const reader = new FrameReader((type, body) => frames.push({ type, body }), FUZZ_MAX_BODY);
  for (const p of parts) if (!stage("frame", out, () => reader.push(p))) break;
  if (!reader.dead && !reader.idle) out.push("frame:incomplete");
  return frames;
}

/**
 * Feeds reply bytes (in the given chunks) through the client's decoders; resolves the outcome of
 * each stage, rejects with `FuzzDefect`.
 */
export async function feedReply(parts: readonly Uint8Array[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of readFrames(parts, out)) await decodeReplyFrame(f.type, f.body, out);
  return out;
}

/** A fresh mock context with an empty `test` namespace and a fixed clock. */
export function mockContext(): NodeHandlerContext {
  const clock = (): number => 1_800_000_000_000;
  return {
    name: "BB9FUZZ000000001",
    host: "127.0.0.1",
    port: 3000,
    tlsName: undefined,
    clusterName: "fuzz",
    store: new Store({ test: { replicationFactor: 1 } }, clock),
    partitionGeneration: 1,
    rebalanceGeneration: 1,
    peersGeneration: 1,
    clusterSize: 1,
    clock,
    startedMs: clock() - 1000,
    compression: true,
    jobs: new JobRegistry(),
    peers: () => [],
    replicas: () => new Map(),
    objectCounts: () => ({ master: 0, prole: 0 }),
    noteSingle: () => {},
    replicaIndex: () => 0,
  };
}

/** Most sink calls a streamed reply may make: more means its work is not bounded by the input. */
const MAX_SINK_CALLS = 100_000;

/**
 * Feeds request bytes through the mock's reader and dispatcher and runs what it accepts; resolves
 * the outcome of each stage, rejects with `FuzzDefect`.
 */
export async function feedRequest(parts: readonly Uint8Array[], ctx: NodeHandlerContext): Promise<string[]> {
  const out: string[] = [];
  for (const { type, body } of readFrames(parts, out)) {
    let p: ReturnType<typeof prepare> = null;
    if (!stage("prepare", out, () => (p = prepare(ctx, type, body)))) continue;
    const prepared = p as ReturnType<typeof prepare>;
    if (prepared === null) {
      out[out.length - 1] = "prepare:refused"; // in place of "prepare:ok"
      continue;
    }
    stage("fail", out, () => prepared.fail(2));
    if (prepared.stream === undefined) {
      stage("run", out, () => prepared.run());
      continue;
    }
    let calls = 0;
    let frames = 0;
    const count = (): void => {
      if (++calls > MAX_SINK_CALLS) throw new FuzzDefect("stream", new Error("runaway stream"));
    };
    const sink: ReplySink = {
      write: () => {
        count();
        frames++;
      },
      get closed() {
        return frames >= 64; // the client stops reading after a while
      },
      drain: () => (count(), Promise.resolve()),
      sleep: () => (count(), Promise.resolve()),
    };
    try {
      await prepared.stream(sink);
      out.push("stream:ok");
    } catch (e) {
      if (e instanceof FuzzDefect) throw e;
      if (!allowed(e)) throw new FuzzDefect("stream", e);
      out.push(`stream:${(e as Error).name}`);
    }
  }
  return out;
}
