/**
 * The one place where a request frame is classified and routed to its handler: info (type 1),
 * admin (type 2), single-record messages (type 3), compressed messages (type 4, unwrapped then
 * routed as type 3), UDF applies, batch requests and scans/queries (which stream their reply).
 * @module
 */
import { decodeBatchIndex } from "../../src/wire/batch.ts";
import { compressFrame, decompressBody } from "../../src/wire/compress.ts";
import {
  FIELD_BATCH_INDEX,
  FIELD_BATCH_INDEX_WITH_SET,
  FIELD_DIGEST,
  FIELD_KEY,
  findField,
} from "../../src/wire/fields.ts";
import { decodeInfoRequest, encodeInfoResponse } from "../../src/wire/info.ts";
import {
  decodeMessage,
  encodeMessage,
  INFO1_BATCH,
  INFO1_COMPRESS_RESPONSE,
  type Message,
} from "../../src/wire/message.ts";
import { partitionId } from "../../src/wire/digest.ts";
import {
  PROTO_HEADER_SIZE,
  PROTO_TYPE_ADMIN,
  PROTO_TYPE_COMPRESSED,
  PROTO_TYPE_INFO,
  PROTO_TYPE_MESSAGE,
} from "../../src/wire/proto.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { CommandKind } from "../faults.ts";
import type { ConnAuthState, SecurityStore } from "../security.ts";
import { adminReply, enforce, handleAdmin } from "./admin.ts";
import { handleBatch, lastFrame } from "./batch.ts";
import { handleInfo, type InfoNodeView } from "./info.ts";
import { codeReply, handleSingle, resolveTarget } from "./kv.ts";
import { encodeReply } from "./reply.ts";
import { planQuery, type ReplySink } from "./query.ts";
import { handleUdfApply, isUdfRequest, loadUdfEngine, udfReady } from "./udf.ts";
import { withTransactions } from "../mrt.ts";

/** What dispatch needs from the node on top of the info view. */
export interface NodeHandlerContext extends InfoNodeView {
  /** Accept compressed requests and compress replies on request (false: answer 25 as CE does). */
  readonly compression: boolean;
  /** Called before a single-record command runs, for wrong-node accounting. */
  noteSingle(ns: string, pid: number, write: boolean): void;
  /** This node's place for a partition: 0 master, 1.. replica, -1 none. */
  replicaIndex(ns: string, pid: number): number;
  /** Users, roles and sessions when security is on (undefined: Community Edition behaviour). */
  readonly security?: SecurityStore;
}

/** A classified request, ready to run. */
export interface Prepared {
  /** The command kind (for faults and statistics). */
  kind: CommandKind;
  /** Runs the command and returns the whole reply (one or more frames). */
  run(): Uint8Array;
  /** For streaming replies (scans, queries): runs the command frame by frame into `sink`. */
  stream?: (sink: ReplySink) => Promise<void>;
  /** The reply frame for a forced result code (fault injection), without running the command. */
  fail(code: number): Uint8Array;
  /** The request's server-side timeout in ms (the header's transaction-ttl; 0: none). */
  timeoutMs: number;
}

function isMultiRecord(msg: Message): "batch" | "scan" | undefined {
  if ((msg.info1 & INFO1_BATCH) !== 0) return "batch";
  if (findField(msg.fields, FIELD_BATCH_INDEX) || findField(msg.fields, FIELD_BATCH_INDEX_WITH_SET)) {
    return "batch";
  }
  if (!findField(msg.fields, FIELD_DIGEST) && !findField(msg.fields, FIELD_KEY)) return "scan";
  return undefined;
}

/**
 * A reply that needs Lua before its first run: streamed once the engine has loaded (it loads on
 * the first UDF request or registration, so a mock that never sees one never loads it).
 */
function afterLua(p: Prepared, needsLua: boolean): Prepared {
  if (!needsLua || udfReady()) return p;
  return {
    ...p,
    stream: async (sink: ReplySink): Promise<void> => {
      await loadUdfEngine();
      sink.write(p.run());
    },
  };
}

/** Whether a batch request has a UDF row (asked only until Lua is loaded). */
function batchHasUdf(req: Message): boolean {
  if (udfReady()) return false;
  const field = findField(req.fields, FIELD_BATCH_INDEX);
  if (field === undefined) return false;
  try {
    return decodeBatchIndex(field.data).rows.some((r) => isUdfRequest(r.fields));
  } catch {
    return false;
  }
}

function replyFrame(ctx: NodeHandlerContext, req: Message, reply: Message): Uint8Array {
  const out = encodeReply(reply);
  return ctx.compression && (req.info1 & INFO1_COMPRESS_RESPONSE) !== 0 ? compressFrame(out) : out;
}

/** A sink that sends each (type-3) frame written to it as a type-4 frame. */
function compressing(sink: ReplySink): ReplySink {
  return {
    write: (frame) => sink.write(compressFrame(frame)),
    get closed(): boolean {
      return sink.closed;
    },
    drain: () => sink.drain(),
    sleep: (ms) => sink.sleep(ms),
  };
}

function prepareMessage(ctx: NodeHandlerContext, body: Uint8Array): Prepared | null {
  let req: Message;
  try {
    req = decodeMessage(body).message;
  } catch {
    return null;
  }
  const multi = isMultiRecord(req);
  if (multi === "batch") {
    const p: Prepared = {
      kind: multi,
      run: () => handleBatch(ctx, req),
      fail: lastFrame,
      timeoutMs: req.transactionTtl,
    };
    return afterLua(p, batchHasUdf(req));
  }
  if (multi === "scan") {
    // Compressed replies on request: every frame of the stream on its own, as a real node sends them.
    const zip = ctx.compression && (req.info1 & INFO1_COMPRESS_RESPONSE) !== 0;
    // Planned when it runs (after any fault delay), so a background job starts no earlier.
    const stream = async (sink: ReplySink): Promise<void> => {
      const out = zip ? compressing(sink) : sink;
      if (isUdfRequest(req.fields) && !udfReady()) await loadUdfEngine();
      const plan = planQuery(ctx, req);
      if ("reply" in plan) out.write(plan.reply);
      else await plan.stream(out);
    };
    const run = (): Uint8Array => lastFrame(ResultCode.PARAMETER_ERROR); // unused: the node streams
    return { kind: multi, run, stream, fail: lastFrame, timeoutMs: req.transactionTtl };
  }
  const target = resolveTarget(ctx.store, req);
  const write = "ns" in target ? target.write : (req.info2 & 1) !== 0;
  return afterLua({
    kind: write ? "write" : "read",
    run: () => {
      if ("ns" in target) ctx.noteSingle(target.ns.name, partitionId(target.digest), target.write);
      const plain = (): Message =>
        isUdfRequest(req.fields) ? handleUdfApply(ctx.store, req) : handleSingle(ctx.store, req, target);
      const reply = "ns" in target ? withTransactions(target, req, plain) : plain();
      return replyFrame(ctx, req, reply);
    },
    fail: (code) => replyFrame(ctx, req, codeReply(code)),
    timeoutMs: req.transactionTtl,
  }, isUdfRequest(req.fields));
}

/**
 * Classifies one request frame. Returns null for bytes the node cannot parse (a real node then
 * closes the connection). `conn` is the connection's login state: with security on, requests
 * on a connection that has not logged in, or that its user's roles forbid, are refused.
 * @example
 * ```ts
 * import type { Conn } from "../../src/transport/transport.ts";
 * import type { ConnAuthState } from "../security.ts";
 * declare const ctx: NodeHandlerContext, conn: Conn, connState: ConnAuthState;
 * declare const type: number, body: Uint8Array;
 * const p = prepare(ctx, type, body, connState);
 * if (p === null) conn.close(); else conn.write(p.run());
 * ```
 */
export function prepare(
  ctx: NodeHandlerContext,
  type: number,
  body: Uint8Array,
  conn: ConnAuthState = {},
): Prepared | null {
  const p = route(ctx, type, body, conn);
  const sec = ctx.security;
  return p === null || sec === undefined || type === PROTO_TYPE_ADMIN ? p : enforce(sec, conn, type, body, p);
}

function route(
  ctx: NodeHandlerContext,
  type: number,
  body: Uint8Array,
  conn: ConnAuthState,
): Prepared | null {
  switch (type) {
    case PROTO_TYPE_INFO: {
      const commands = decodeInfoRequest(body);
      // A tab in a command name could not be echoed in a reply line: not a request we parse.
      if (commands.some((c) => c.includes("\t"))) return null;
      const run = (): Uint8Array => encodeInfoResponse(handleInfo(ctx, commands));
      return afterLua(
        { kind: "info", run, fail: run, timeoutMs: 0 },
        commands.some((c) => c.startsWith("udf-put")),
      );
    }
    case PROTO_TYPE_ADMIN: {
      // Without `security` every admin command answers 51 (CE) or 52 (EE without security).
      const run = (): Uint8Array => handleAdmin(ctx.security, conn, body, ctx.edition);
      return { kind: "admin", run, fail: (code) => adminReply(code), timeoutMs: 0 };
    }
    case PROTO_TYPE_MESSAGE:
      return prepareMessage(ctx, body);
    case PROTO_TYPE_COMPRESSED: {
      let inner: Uint8Array;
      try {
        inner = decompressBody(body);
      } catch {
        return null;
      }
      const p = prepareMessage(ctx, inner.subarray(PROTO_HEADER_SIZE));
      if (p === null || ctx.compression) return p;
      // Community Edition refuses compressed requests with ENTERPRISE_ONLY.
      const fail = (code: number): Uint8Array => encodeMessage(codeReply(code));
      return { kind: p.kind, run: () => fail(ResultCode.ENTERPRISE_ONLY), fail, timeoutMs: p.timeoutMs };
    }
    default:
      return null;
  }
}
