/**
 * Batch index requests (FIELD_BATCH_INDEX): every row runs as the single-record command it
 * describes (read all / selected bins / header only, write, remove, operate, UDF apply), in
 * request order. The reply, as a CE 8.1 node sends it (tests/fixtures/vectors/batch_*.json,
 * more/batch_*.json): one message per row with no fields, the row's index in the
 * transaction-ttl field, its result code, generation, void time and ops; then a frame holding
 * only the LAST message.
 *
 * A row for a partition this node does not master is served anyway (a real node proxies it) and
 * counted in the node's wrong-node statistics. Without `respondAllKeys`, the node stops at the
 * first row error other than KEY_NOT_FOUND_ERROR and FILTERED_OUT, and the LAST message carries
 * that error. A row on a namespace the node does not have refuses the whole batch
 * (PARAMETER_ERROR in the LAST message, no rows). Batch errors end with INFO3_LAST; scan and query
 * errors do not (see query.ts), nor does any single-record reply.
 * @module
 */
import {
  BATCH_FLAG_RESPOND_ALL_KEYS,
  type BatchIndex,
  type BatchRow,
  decodeBatchIndex,
} from "../../src/wire/batch.ts";
import { partitionId } from "../../src/wire/digest.ts";
import {
  type Field,
  FIELD_BATCH_INDEX,
  FIELD_BATCH_INDEX_WITH_SET,
  FIELD_DIGEST,
  FIELD_FILTER_EXP,
  FIELD_NAMESPACE,
  FIELD_RECORD_VERSION,
  findField,
} from "../../src/wire/fields.ts";
import { withTransactions } from "../mrt.ts";
import { INFO2_WRITE, INFO3_LAST, type Message } from "../../src/wire/message.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { Store } from "../store.ts";
import { codeReply, handleSingle, nameText, resolveTarget } from "./kv.ts";
import { encodeReply, encodeRowFrames } from "./reply.ts";
import { handleUdfApply, isUdfRequest } from "./udf.ts";

/** Rows per reply frame (a real node flushes its batch buffer every ~128 KiB). */
const ROWS_PER_FRAME = 256;

/** What the batch handler needs from its node. */
export interface BatchContext {
  /** The cluster's records. */
  readonly store: Store;
  /** Wrong-node accounting for one row. */
  noteSingle(ns: string, pid: number, write: boolean): void;
}

/**
 * A single-record message equivalent to a batch row. A filter expression on the batch request
 * applies to every row that has none of its own.
 */
function rowMessage(row: BatchRow, filter: Field | undefined): Message {
  const fields = row.fields.filter((f) => f.type !== FIELD_DIGEST);
  if (filter !== undefined && findField(fields, FIELD_FILTER_EXP) === undefined) fields.push(filter);
  return {
    info1: row.info1,
    info2: row.info2,
    info3: row.info3,
    info4: row.info4,
    resultCode: 0,
    generation: row.generation,
    recordTtl: row.ttl,
    transactionTtl: 0,
    fields: [...fields, { type: FIELD_DIGEST, data: row.digest }],
    ops: row.ops,
  };
}

/** Result codes that never stop a batch, with or without respondAllKeys. */
function stopsBatch(code: number): boolean {
  return code !== ResultCode.OK && code !== ResultCode.KEY_NOT_FOUND_ERROR &&
    code !== ResultCode.FILTERED_OUT;
}

function lastMessage(code: number): Message {
  const m = codeReply(code);
  m.info3 = INFO3_LAST;
  return m;
}

/** The final message of a multi-record reply, as its own frame. */
export function lastFrame(code = 0): Uint8Array {
  return encodeReply(lastMessage(code));
}

function knowsNamespace(ctx: BatchContext, row: BatchRow): boolean {
  const ns = findField(row.fields, FIELD_NAMESPACE);
  return ns === undefined || ctx.store.namespace(nameText(ns)) !== undefined;
}

/** Runs one batch row and returns its reply message (row index in transaction-ttl). */
export function runBatchRow(ctx: BatchContext, row: BatchRow, filter?: Field): Message {
  const msg = rowMessage(row, filter);
  const target = resolveTarget(ctx.store, msg);
  const nsField = "ns" in target ? undefined : findField(msg.fields, FIELD_NAMESPACE);
  const ns = "ns" in target ? target.ns.name : nsField === undefined ? undefined : nameText(nsField);
  if (ns !== undefined) ctx.noteSingle(ns, partitionId(row.digest), (row.info2 & INFO2_WRITE) !== 0);
  const plain = (): Message =>
    isUdfRequest(msg.fields) ? handleUdfApply(ctx.store, msg) : handleSingle(ctx.store, msg, target);
  const reply = "ns" in target ? withTransactions(target, msg, plain) : plain();
  // Rows answer no fields, but a transaction's record version.
  reply.fields = reply.fields.filter((f) => f.type === FIELD_RECORD_VERSION);
  reply.transactionTtl = row.index;
  return reply;
}

/**
 * Runs a batch request and returns the whole reply: frames of row messages, then the LAST frame.
 * A malformed BATCH_INDEX field answers PARAMETER_ERROR in a single LAST message.
 * @example
 * ```ts
 * import { decodeMessage } from "../../src/wire/message.ts";
 * import type { Conn } from "../../src/transport/transport.ts";
 * declare const ctx: BatchContext, conn: Conn, body: Uint8Array;
 * conn.write(handleBatch(ctx, decodeMessage(body).message));
 * ```
 */
export function handleBatch(ctx: BatchContext, req: Message): Uint8Array {
  const field = findField(req.fields, FIELD_BATCH_INDEX) ?? findField(req.fields, FIELD_BATCH_INDEX_WITH_SET);
  if (field === undefined || field.type !== FIELD_BATCH_INDEX) return lastFrame(ResultCode.PARAMETER_ERROR);
  let batch: BatchIndex;
  try {
    batch = decodeBatchIndex(field.data);
  } catch {
    return lastFrame(ResultCode.PARAMETER_ERROR);
  }
  // A row naming a namespace the node does not have refuses the whole batch before any row runs,
  // respondAllKeys or not: CE 8.1.2.0 answers one LAST message with PARAMETER_ERROR and no rows.
  if (batch.rows.some((r) => !knowsNamespace(ctx, r))) return lastFrame(ResultCode.PARAMETER_ERROR);
  const respondAll = (batch.flags & BATCH_FLAG_RESPOND_ALL_KEYS) !== 0;
  const filter = findField(req.fields, FIELD_FILTER_EXP);
  const replies: Message[] = [];
  let stopCode = 0;
  for (const row of batch.rows) {
    const reply = runBatchRow(ctx, row, filter);
    replies.push(reply);
    if (!respondAll && stopsBatch(reply.resultCode)) {
      stopCode = reply.resultCode;
      break;
    }
  }
  // Every frame in one buffer, written in one pass.
  return encodeRowFrames(replies, ROWS_PER_FRAME, lastMessage(stopCode));
}
