/**
 * `Transaction`: a multi-record transaction (Aerospike 8, strong-consistency namespaces). It
 * holds what the official clients' `Txn` holds: a random 64-bit id, the timeout the server turns
 * into a deadline, the state, the namespace every command must share, the version of each record
 * read (checked again at commit) and the keys written (rolled forward or back at the end).
 * @module
 */
import { AerospikeError } from "../errors.ts";
import type { Key } from "../key.ts";
import { ResultCode } from "../wire/result_code.ts";

/**
 * Where a transaction stands: `open` takes commands; `verified` means its reads were verified by a
 * commit that has not finished (a commit retried later carries on from there); `committed` and
 * `aborted` are final.
 */
export type TransactionState = "open" | "verified" | "committed" | "aborted";

/** Options of `new Transaction()`. */
export interface TransactionOptions {
  /**
   * Seconds the server gives the transaction before it aborts it itself (counted from the first
   * write, when the monitor record is created); 0 uses the namespace's `mrt-duration`.
   * @default 0
   */
  timeout?: number;
}

/** The largest timeout a server accepts (MAX_MRT_DURATION, seconds). */
export const MAX_TRANSACTION_TIMEOUT = 120;

function randomId(): bigint {
  const b = new Uint8Array(8);
  for (;;) {
    crypto.getRandomValues(b);
    const v = new DataView(b.buffer).getBigInt64(0, true);
    if (v !== 0n) return v;
  }
}

function hex(digest: Uint8Array): string {
  let s = "";
  for (let i = 0; i < digest.length; i++) s += digest[i].toString(16).padStart(2, "0");
  return s;
}

/**
 * A multi-record transaction: pass it as `txn` in the policy of `get`, `put`, `operate`, `remove`,
 * `touch`, `exists`, `apply` and the batch methods, then `client.commit(txn)` or
 * `client.abort(txn)`. Every command of one transaction must use the same strong-consistency
 * namespace; scans and queries cannot run inside one. Not for concurrent use by independent
 * code paths: commands of one transaction may run concurrently, but commit only after they end.
 * @example
 * ```ts
 * import { Client, Key, Transaction } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const txn = new Transaction({ timeout: 10 });
 * const from = new Key("test", "acct", "a"), to = new Key("test", "acct", "b");
 * const a = await client.get(from, { txn });
 * await client.put(from, { bal: Number(a?.bins.bal ?? 0) - 5 }, { txn });
 * await client.put(to, { bal: 5 }, { txn });
 * const status = await client.commit(txn); // "committed"
 * ```
 */
export class Transaction {
  /** The transaction id (random, never 0), a signed 64-bit integer as the wire carries it. */
  readonly id: bigint;
  #timeout: number;
  #state: TransactionState = "open";
  #namespace: string | undefined;
  #deadline = 0;
  #reads = new Map<string, { key: Key; version: bigint }>();
  #writes = new Map<string, Key>();
  #writeInDoubt = false;
  #inDoubt = false;
  #rollPending = false;

  /**
   * Creates a transaction with a fresh random id.
   * @param options the timeout (seconds, 0 the server's mrt-duration)
   */
  constructor(options: TransactionOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("new Transaction(): options must be an object such as { timeout: 10 }");
    }
    this.id = randomId();
    this.#timeout = 0;
    this.timeout = options.timeout ?? 0;
  }

  /** Seconds before the server aborts the transaction (0: the namespace's mrt-duration). */
  get timeout(): number {
    return this.#timeout;
  }

  /** Sets the timeout; it only takes effect before the first write creates the monitor record. */
  set timeout(seconds: number) {
    if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_TRANSACTION_TIMEOUT) {
      throw new RangeError(
        `Transaction timeout must be an integer of seconds from 0 to ${MAX_TRANSACTION_TIMEOUT}, got ${
          String(seconds)
        }`,
      );
    }
    this.#timeout = seconds;
  }

  /** The current state. */
  get state(): TransactionState {
    return this.#state;
  }

  /**
   * True while the outcome of a commit is unknown: marking the monitor for roll-forward failed in
   * a way that may have reached the server. Commit again to settle it; abort is refused then.
   */
  get inDoubt(): boolean {
    return this.#inDoubt;
  }

  /** The namespace the transaction is bound to (set by its first command). */
  get namespace(): string | undefined {
    return this.#namespace;
  }

  /** The server's deadline for the transaction (0 until the monitor record exists). @internal */
  get deadline(): number {
    return this.#deadline;
  }

  /** Whether the server holds a monitor record for the transaction. @internal */
  get monitorExists(): boolean {
    return this.#deadline !== 0;
  }

  /** Whether the monitor record should be deleted at the end (no write in doubt). @internal */
  get closeMonitor(): boolean {
    return this.#deadline !== 0 && !this.#writeInDoubt;
  }

  /** Keys read with their versions, in read order. */
  reads(): { key: Key; version: bigint }[] {
    return [...this.#reads.values()];
  }

  /** Keys written (or maybe written), in write order. */
  writes(): Key[] {
    return [...this.#writes.values()];
  }

  /** True when `key` is among the writes. @internal */
  hasWrite(key: Key): boolean {
    return this.#writes.has(hex(key.digest));
  }

  /** The version `key` was read at, if it was read. @internal */
  readVersion(key: Key): bigint | undefined {
    return this.#reads.get(hex(key.digest))?.version;
  }

  /**
   * Checks a command may run: the transaction is open and `keys` are in its namespace (the first
   * command binds it). Throws `AerospikeError` (TXN_FAILED) otherwise. @internal
   */
  prepare(keys: Iterable<Key>): void {
    if (this.#state !== "open") {
      throw new AerospikeError(
        ResultCode.TXN_FAILED,
        `commands are not allowed in a transaction that is ${this.#state}`,
      );
    }
    for (const key of keys) {
      if (this.#namespace === undefined) this.#namespace = key.ns;
      else if (this.#namespace !== key.ns) {
        throw new AerospikeError(
          ResultCode.TXN_FAILED,
          `every command of a transaction must use one namespace: it is bound to '${this.#namespace}', got '${key.ns}'`,
        );
      }
    }
  }

  /** Records the version a read returned (none: nothing to verify). @internal */
  onRead(key: Key, version: bigint | undefined): void {
    if (version !== undefined) this.#reads.set(hex(key.digest), { key, version });
  }

  /**
   * Records a write's outcome: a version means the server treated it as a read (nothing was
   * locked); otherwise an OK write joins the writes. @internal
   */
  onWrite(key: Key, version: bigint | undefined, resultCode: number): void {
    const k = hex(key.digest);
    if (version !== undefined) this.#reads.set(k, { key, version });
    else if (resultCode === ResultCode.OK) {
      this.#reads.delete(k);
      this.#writes.set(k, key);
    }
  }

  /** A write that may have been applied: it must be rolled, and the monitor kept. @internal */
  onWriteInDoubt(key: Key): void {
    const k = hex(key.digest);
    this.#writeInDoubt = true;
    this.#reads.delete(k);
    this.#writes.set(k, key);
  }

  /** Sets the deadline the server answered when the monitor record was written. @internal */
  setDeadline(deadline: number): void {
    this.#deadline = deadline >>> 0;
  }

  /** Moves to `state`. @internal */
  setState(state: TransactionState): void {
    this.#state = state;
  }

  /** Sets the in-doubt flag. @internal */
  setInDoubt(inDoubt: boolean): void {
    this.#inDoubt = inDoubt;
  }

  /** A roll (forward or back) did not reach every record; a later commit/abort retries it. @internal */
  get rollPending(): boolean {
    return this.#rollPending;
  }

  /** Sets whether a roll is still owed. @internal */
  setRollPending(pending: boolean): void {
    this.#rollPending = pending;
  }

  /** Forgets keys, namespace and deadline once the monitor record is gone. @internal */
  clear(): void {
    this.#namespace = undefined;
    this.#deadline = 0;
    this.#reads.clear();
    this.#writes.clear();
  }
}
