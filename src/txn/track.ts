/**
 * How commands join a transaction: `txnPrepare()` checks the state and namespace (and that the
 * namespace is strong-consistency), `addToMonitor()` registers written keys with the monitor
 * record before the write (learning the deadline), and `Tracked` wraps a command so its reply's
 * record version lands in the transaction (a read to verify at commit, or a locked write).
 * @module
 */
import type { Command, ExecTarget } from "../commands/command.ts";
import { replyResultCode } from "../commands/command.ts";
import type { ExecPolicy, Executor } from "../commands/execute.ts";
import { AerospikeError, ServerError } from "../errors.ts";
import type { Key } from "../key.ts";
import { ResultCode } from "../wire/result_code.ts";
import { replyTxnFields } from "../wire/txn.ts";
import { buildMonitorAdd, monitorKey } from "./frames.ts";
import { TxnKeyCommand } from "./exec.ts";
import { Transaction } from "./transaction.ts";

/** Tells whether a namespace is strong-consistency (undefined: the client does not know it yet). */
export type ScCheck = (ns: string) => boolean | undefined;

/**
 * Checks that `txn` may run a command on `keys`: it is a `Transaction`, open, bound to the keys'
 * one namespace, and that namespace is known to be strong-consistency. Throws before any I/O.
 */
export function txnPrepare(txn: unknown, keys: Iterable<Key>, isSc: ScCheck | undefined): Transaction {
  if (!(txn instanceof Transaction)) {
    throw new TypeError("policy.txn must be a Transaction (new Transaction())");
  }
  const list = [...keys];
  // Checked before the transaction binds its namespace, so a refused command leaves it unbound.
  for (const ns of new Set(list.map((k) => k.ns))) {
    if (isSc?.(ns) === false) {
      throw new AerospikeError(
        ResultCode.TXN_FAILED,
        `namespace '${ns}' is not strong-consistency: transactions need a strong-consistency namespace (Enterprise Edition 8+)`,
      );
    }
  }
  txn.prepare(list);
  return txn;
}

/**
 * Adds `keys` (those not yet among the writes) to the monitor record, creating it on the first
 * write; keeps the deadline the node answers. Rejects with the node's error (MRT_EXPIRED,
 * MRT_TOO_MANY_WRITES, ...).
 */
export async function addToMonitor(
  executor: Executor,
  txn: Transaction,
  keys: readonly Key[],
  policy: ExecPolicy,
): Promise<void> {
  const fresh = keys.filter((k) => !txn.hasWrite(k));
  if (fresh.length === 0) return;
  const key = monitorKey(txn);
  const cmd = new TxnKeyCommand(key, buildMonitorAdd(txn, fresh), true, "txnMonitor");
  const reply = await executor.execute(cmd, { ...policy, replica: "master" });
  if (reply.deadline !== undefined) txn.setDeadline(reply.deadline);
  if (reply.code !== ResultCode.OK) throw new ServerError(reply.code);
}

/** A command whose reply updates the transaction before the command parses it. */
export class Tracked<R> implements Command<R> {
  readonly #inner: Command<R>;
  readonly #txn: Transaction;
  readonly #key: Key;

  /** @param inner the command @param txn its transaction @param key its record */
  constructor(inner: Command<R>, txn: Transaction, key: Key) {
    this.#inner = inner;
    this.#txn = txn;
    this.#key = key;
  }
  /** Namespace. */
  get ns(): string {
    return this.#inner.ns;
  }
  /** Set. */
  get set(): string | undefined {
    return this.#inner.set;
  }
  /** Operation name. */
  get op(): string | undefined {
    return this.#inner.op;
  }
  /** Partition. */
  get partitionId(): number {
    return this.#inner.partitionId;
  }
  /** Whether it writes. */
  get write(): boolean {
    return this.#inner.write;
  }
  /** Request frame. */
  get frame(): Uint8Array {
    return this.#inner.frame;
  }
  /** Fixed node, if any. */
  get node(): ExecTarget | undefined {
    return this.#inner.node;
  }
  /** Records the version, then lets the command parse. */
  parse(body: Uint8Array): R {
    const code = replyResultCode(body);
    const { version } = replyTxnFields(body);
    if (this.#inner.write) this.#txn.onWrite(this.#key, version, code);
    else this.#txn.onRead(this.#key, version);
    return this.#inner.parse(body);
  }
}

/**
 * Runs a single-record command in `txn`: a write registers its key with the monitor first, and
 * the command is built only then (`make`), so its frame carries the deadline. A write that fails
 * in doubt stays among the writes (it must be rolled).
 */
export async function runTracked<R>(
  executor: Executor,
  txn: Transaction,
  key: Key,
  write: boolean,
  make: () => Command<R>,
  policy: ExecPolicy,
): Promise<R> {
  if (write) await addToMonitor(executor, txn, [key], policy);
  try {
    return await executor.execute(new Tracked(make(), txn, key), policy);
  } catch (e) {
    if (write && e instanceof AerospikeError && e.inDoubt) txn.onWriteInDoubt(key);
    throw e;
  }
}
