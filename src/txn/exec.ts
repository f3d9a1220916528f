/**
 * Running a transaction's commands through the one execute loop: a single-record command that
 * reports its result code (and the monitor's deadline), a per-node batch of verify or roll rows,
 * and `runKeys()`, which sends each node its keys (one key: a single-record command, as the
 * official C client does; more: a batch).
 * @module
 */
import type { Command } from "../commands/command.ts";
import { replyResultCode } from "../commands/command.ts";
import type { ExecCluster, ExecNode, ExecPolicy, Executor } from "../commands/execute.ts";
import { AerospikeError, ServerError } from "../errors.ts";
import type { Key } from "../key.ts";
import {
  BATCH_FLAG_ALLOW_INLINE,
  BATCH_FLAG_RESPOND_ALL_KEYS,
  type BatchRow,
  encodeBatchIndex,
} from "../wire/batch.ts";
import { FIELD_BATCH_INDEX } from "../wire/fields.ts";
import { emptyHeader, encodeMessage, INFO1_BATCH } from "../wire/message.ts";
import { ResultCode } from "../wire/result_code.ts";
import { replyTxnFields } from "../wire/txn.ts";
import { readBatchReply } from "../commands/batch.ts";

/** What a transaction command answered. */
export interface KeyReply {
  /** Result code. */
  code: number;
  /** MRT_DEADLINE of the reply, if any. */
  deadline?: number;
}

/** A single-record command of the transaction machinery; resolves its code, never rejects on one. */
export class TxnKeyCommand implements Command<KeyReply> {
  readonly ns: string;
  readonly partitionId: number;
  readonly write: boolean;
  readonly frame: Uint8Array;
  readonly op: string;
  readonly #key: Key;

  /** @param key target @param frame request @param write whether it writes @param op name for observers */
  constructor(key: Key, frame: Uint8Array, write: boolean, op: string) {
    this.#key = key;
    this.ns = key.ns;
    this.partitionId = key.partitionId;
    this.frame = frame;
    this.write = write;
    this.op = op;
  }

  /** The key's set, for observers. */
  get set(): string {
    return this.#key.set;
  }

  /** Result code and deadline. */
  parse(body: Uint8Array): KeyReply {
    const code = replyResultCode(body);
    const { deadline } = replyTxnFields(body);
    return deadline === undefined ? { code } : { code, deadline };
  }
}

/** One node's batch of verify or roll rows; resolves a result code per row index. */
class TxnBatchCommand implements Command<Map<number, number>> {
  readonly ns: string;
  readonly partitionId = 0;
  readonly write: boolean;
  readonly frame: Uint8Array;
  readonly node: ExecNode;
  readonly op: string;

  constructor(node: ExecNode, ns: string, rows: BatchRow[], write: boolean, op: string) {
    this.node = node;
    this.ns = ns;
    this.write = write;
    this.op = op;
    // Flags as the C client sends them for its verify and roll policies (inline, respond all keys).
    const flags = BATCH_FLAG_ALLOW_INLINE | BATCH_FLAG_RESPOND_ALL_KEYS | 0x8;
    this.frame = encodeMessage({
      ...emptyHeader(),
      info1: INFO1_BATCH,
      fields: [{ type: FIELD_BATCH_INDEX, data: encodeBatchIndex(flags, rows) }],
      ops: [],
    });
  }

  parse(): Map<number, number> {
    throw new Error("a batch reply is read by receive()");
  }

  async receive(next: () => Promise<Uint8Array>): Promise<Map<number, number>> {
    const codes = new Map<number, number>();
    const code = await readBatchReply(next, (index, m) => codes.set(index, m.resultCode));
    if (code !== ResultCode.OK) throw new ServerError(code);
    return codes;
  }
}

/** How `runKeys()` builds each key's request. */
export interface KeyRequests {
  /** The single-record frame for a node holding one key. */
  single(key: Key, index: number): Uint8Array;
  /** The batch row for a node holding several keys. */
  row(key: Key, index: number): BatchRow;
  /** Whether the requests write (routing to the master, in-doubt rules). */
  write: boolean;
  /** Operation name for observers. */
  op: string;
}

/** The outcome of `runKeys()`: every key's code, or the error that left keys without one. */
export interface KeysOutcome {
  /** Result code per key index (only for the keys that got an answer). */
  codes: Map<number, number>;
  /** The first error of a node's request, when one failed as a whole. */
  error?: AerospikeError;
}

/** Sends every key its request, grouped by master node; never rejects on a server or network error. */
export async function runKeys(
  executor: Executor,
  cluster: ExecCluster,
  keys: readonly Key[],
  requests: KeyRequests,
  policy: ExecPolicy,
): Promise<KeysOutcome> {
  const groups = new Map<ExecNode | undefined, number[]>();
  keys.forEach((key, i) => {
    const node = cluster.nodeFor(key.ns, key.partitionId, "master", 0, requests.write);
    const g = groups.get(node);
    if (g === undefined) groups.set(node, [i]);
    else g.push(i);
  });
  const out: KeysOutcome = { codes: new Map() };
  const fail = (e: unknown): void => {
    out.error ??= e instanceof AerospikeError ? e : new AerospikeError(ResultCode.COMMON_ERROR, String(e));
  };
  await Promise.all([...groups].map(async ([node, indexes]) => {
    try {
      if (indexes.length === 1 || node === undefined) {
        for (const i of indexes) {
          const cmd = new TxnKeyCommand(keys[i], requests.single(keys[i], i), requests.write, requests.op);
          out.codes.set(i, (await executor.execute(cmd, policy)).code);
        }
        return;
      }
      const rows = withRepeats(indexes.map((i) => requests.row(keys[i], i)));
      const cmd = new TxnBatchCommand(node, keys[indexes[0]].ns, rows, requests.write, requests.op);
      for (const [i, code] of await executor.execute(cmd, policy)) out.codes.set(i, code);
    } catch (e) {
      if (e instanceof AerospikeError && (e.code === ResultCode.CLIENT_CLOSED)) throw e;
      fail(e);
    }
  }));
  return out;
}

/** Marks a row that only differs from the previous one by digest as a repeat (as C does). */
function withRepeats(rows: BatchRow[]): BatchRow[] {
  const same = (a: BatchRow, b: BatchRow): boolean =>
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => f.type === b.fields[i].type && equalBytes(f.data, b.fields[i].data));
  for (let i = 1; i < rows.length; i++) if (same(rows[i - 1], rows[i])) rows[i].repeat = true;
  return rows;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether every key got `OK` (or one of `accepted`). */
export function allAccepted(
  keys: readonly Key[],
  outcome: KeysOutcome,
  accepted: readonly number[] = [],
): boolean {
  if (outcome.error !== undefined) return false;
  for (let i = 0; i < keys.length; i++) {
    const code = outcome.codes.get(i);
    if (code === undefined || (code !== ResultCode.OK && !accepted.includes(code))) return false;
  }
  return true;
}
