/**
 * The single-record side of `Client` (put, get, exists, remove, touch, operate, apply): policies
 * merged over the client's defaults, then a small command object implementing `Command`, so the
 * one execute loop runs them all and no closure is made per call. Misuse (a bad key, policy or
 * bin) rejects the returned promise; nothing throws synchronously.
 * @module
 */
import type { Command } from "./commands/command.ts";
import type { Executor } from "./commands/execute.ts";
import type { KindDefaults } from "./client_options.ts";
import { buildOperate, operateRecord, type OperateRequest } from "./commands/operate.ts";
import {
  buildExists,
  buildGet,
  buildPut,
  buildRemove,
  buildTouch,
  parseRecordBins,
  parseRecordReply,
} from "./commands/single.ts";
import { ApplyCommand, buildApply } from "./commands/udf.ts";
import { ServerError } from "./errors.ts";
import { Key } from "./key.ts";
import type { Operation } from "./ops/scalar.ts";
import {
  mergePolicies,
  type ReadPolicy,
  type ResolvedReadPolicy,
  type ResolvedWritePolicy,
  type WritePolicy,
} from "./policy.ts";
import { type AerospikeRecord, type OperateRecord, ttlFromVoidTime } from "./record.ts";
import type { Bins, Value } from "./values.ts";
import { OPERATE_POLICY, READ_POLICY, WRITE_POLICY } from "./validate_shapes.ts";
import { ResultCode } from "./wire/result_code.ts";
import { MSG_HEADER_SIZE, readMessageHeader } from "./wire/message.ts";
import { isWriteOp } from "./wire/operations.ts";
import { runTracked, type ScCheck, txnPrepare } from "./txn/track.ts";

const OK = ResultCode.OK;
const NOT_FOUND = ResultCode.KEY_NOT_FOUND_ERROR;

abstract class KeyCommand<R> implements Command<R> {
  readonly ns: string;
  readonly partitionId: number;
  readonly frame: Uint8Array;
  readonly key: Key;
  abstract readonly write: boolean;

  constructor(key: Key, frame: Uint8Array) {
    this.key = key;
    this.ns = key.ns;
    this.partitionId = key.partitionId;
    this.frame = frame;
  }

  /** The key's set (for observers; read only when someone observes commands). */
  get set(): string {
    return this.key.set;
  }

  abstract parse(body: Uint8Array): R;
}

/** `get`: a record, or null when the key does not exist. FILTERED_OUT (27) rejects, as in the official clients. */
export class GetCommand extends KeyCommand<AerospikeRecord | null> {
  readonly write = false;
  /** Operation name for observers. */
  get op(): string {
    return "get";
  }
  /** Parses the reply into a record. */
  parse(body: Uint8Array): AerospikeRecord | null {
    const reply = parseRecordBins(body);
    if (reply.resultCode === NOT_FOUND) return null;
    if (reply.resultCode !== OK) throw new ServerError(reply.resultCode);
    return {
      bins: reply.bins,
      generation: reply.generation,
      ttl: ttlFromVoidTime(reply.voidTime),
      key: this.key,
    };
  }
}

/** `exists` and `remove`: true when the record was there, false for KEY_NOT_FOUND_ERROR. */
export class FoundCommand extends KeyCommand<boolean> {
  readonly write: boolean;
  /** @param key target @param frame request @param write whether the command writes */
  constructor(key: Key, frame: Uint8Array, write: boolean) {
    super(key, frame);
    this.write = write;
  }
  /** Operation name for observers. */
  get op(): string {
    return this.write ? "remove" : "exists";
  }
  /** Reads the result code only. */
  parse(body: Uint8Array): boolean {
    const code = resultCode(body);
    if (code === OK) return true;
    if (code === NOT_FOUND) return false;
    throw new ServerError(code);
  }
}

// The result code of a reply read for its code only: the header checked as readMessageHeader()
// checks it (and with its errors), without the header object and DataView it builds.
function resultCode(body: Uint8Array): number {
  if (body.length < MSG_HEADER_SIZE || body[0] !== MSG_HEADER_SIZE) readMessageHeader(body, 0);
  return body[5];
}

/** `put` and `touch`: resolve when the server says OK; any other code rejects. */
export class WriteCommand extends KeyCommand<void> {
  readonly write = true;
  /** Operation name for observers. */
  get op(): string {
    return "put";
  }
  /** Reads the result code only. */
  parse(body: Uint8Array): void {
    const code = resultCode(body);
    if (code !== OK) throw new ServerError(code);
  }
}

/** `touch`: a `WriteCommand` that observers see as `touch`. */
export class TouchCommand extends WriteCommand {
  /** Operation name for observers. */
  override get op(): string {
    return "touch";
  }
}

/** `operate`: the record with one result per operation; a missing key rejects with code 2. */
export class OperateCommand<T extends Bins> extends KeyCommand<OperateRecord<T>> {
  readonly write: boolean;
  #request: OperateRequest;
  /** @param key target @param request the encoded operations */
  constructor(key: Key, request: OperateRequest) {
    super(key, request.frame);
    this.write = request.write;
    this.#request = request;
  }
  /** Operation name for observers. */
  get op(): string {
    return "operate";
  }
  /** Maps the reply's results onto the operations. */
  parse(body: Uint8Array): OperateRecord<T> {
    const reply = parseRecordReply(body);
    if (reply.resultCode !== OK) throw new ServerError(reply.resultCode);
    return operateRecord(this.#request, reply, this.key) as OperateRecord<T>;
  }
}

/** What the single-record functions need from the client. */
export interface KvContext {
  /** The one execute loop. */
  executor: Executor;
  /** Resolved read defaults (built-in, then the client's `policies.read`). */
  read: ResolvedReadPolicy;
  /** Resolved write defaults. */
  write: ResolvedWritePolicy;
  /** Resolved defaults of operate, remove and apply (`policies.operate`, ...). */
  kinds: Pick<KindDefaults, "operate" | "operateRead" | "remove" | "apply">;
  /** Whether a namespace is strong-consistency, for commands in a transaction. */
  isSc?: ScCheck;
}

/** Runs the command `make` builds, inside `policy.txn` when there is one. */
// A command inside a transaction (callers test `policy.txn` first, so a command outside one
// builds no closure).
function tracked<R>(
  ctx: KvContext,
  key: Key,
  write: boolean,
  policy: ResolvedReadPolicy | ResolvedWritePolicy,
  make: () => Command<R>,
): Promise<R> {
  const txn = txnPrepare(policy.txn, [checkKey(key)], ctx.isSc);
  make(); // builds (and so checks) the request before the monitor record is touched
  return runTracked(ctx.executor, txn, key, write, make, policy);
}

function checkKey(key: unknown): Key {
  if (!(key instanceof Key)) throw new TypeError("key must be a Key (new Key(ns, set, userKey))");
  return key;
}

function readPolicy(ctx: KvContext, p: ReadPolicy | undefined, where: string): ResolvedReadPolicy {
  return p === undefined ? ctx.read : mergePolicies(READ_POLICY, where, ctx.read, p);
}

function writePolicy(
  ctx: KvContext,
  p: WritePolicy | undefined,
  where: string,
  base: ResolvedWritePolicy = ctx.write,
): ResolvedWritePolicy {
  return p === undefined ? base : mergePolicies(WRITE_POLICY, where, base, p);
}

/** `put`: writes bins (a `null` value removes that bin). */
export function put(ctx: KvContext, key: Key, bins: Bins, policy?: WritePolicy): Promise<void> {
  try {
    const p = writePolicy(ctx, policy, "put()");
    checkKey(key);
    return p.txn === undefined
      ? ctx.executor.execute(new WriteCommand(key, buildPut(key, bins, p)), p)
      : tracked(ctx, key, true, p, () => new WriteCommand(key, buildPut(key, bins, p)));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `get`: all bins, the listed ones, or none (`[]`); `bins` may be the policy. Null when missing. */
export function get(
  ctx: KvContext,
  key: Key,
  bins?: readonly string[] | ReadPolicy,
  policy?: ReadPolicy,
): Promise<AerospikeRecord | null> {
  try {
    if (bins !== undefined && !Array.isArray(bins)) {
      policy = bins as ReadPolicy;
      bins = undefined;
    }
    const p = readPolicy(ctx, policy, "get()");
    checkKey(key);
    const names = bins as readonly string[] | undefined;
    return p.txn === undefined
      ? ctx.executor.execute(new GetCommand(key, buildGet(key, names, p)), p)
      : tracked(ctx, key, false, p, () => new GetCommand(key, buildGet(key, names, p)));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `exists`: a header-only read. */
export function exists(ctx: KvContext, key: Key, policy?: ReadPolicy): Promise<boolean> {
  try {
    const p = readPolicy(ctx, policy, "exists()");
    checkKey(key);
    return p.txn === undefined
      ? ctx.executor.execute(new FoundCommand(key, buildExists(key, p), false), p)
      : tracked(ctx, key, false, p, () => new FoundCommand(key, buildExists(key, p), false));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `remove`: false when the record did not exist. */
export function remove(ctx: KvContext, key: Key, policy?: WritePolicy): Promise<boolean> {
  try {
    const p = writePolicy(ctx, policy, "remove()", ctx.kinds.remove);
    checkKey(key);
    return p.txn === undefined
      ? ctx.executor.execute(new FoundCommand(key, buildRemove(key, p), true), p)
      : tracked(ctx, key, true, p, () => new FoundCommand(key, buildRemove(key, p), true));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `touch`: resets the ttl and bumps the generation; a missing key rejects with code 2. */
export function touch(ctx: KvContext, key: Key, policy?: WritePolicy): Promise<void> {
  try {
    const p = writePolicy(ctx, policy, "touch()");
    checkKey(key);
    return p.txn === undefined
      ? ctx.executor.execute(new TouchCommand(key, buildTouch(key, p)), p)
      : tracked(ctx, key, true, p, () => new TouchCommand(key, buildTouch(key, p)));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `operate`: several operations on one record atomically. */
export function operate<T extends Bins>(
  ctx: KvContext,
  key: Key,
  operations: readonly Operation[],
  policy?: WritePolicy,
): Promise<OperateRecord<T>> {
  try {
    // A read-only operate follows the read defaults (retries, replica, readTouchTtlPercent), as
    // the official clients do; either way the policy is checked against the operate shape.
    type Resolved = ResolvedWritePolicy & ReadPolicy;
    const base = (hasWriteOp(operations) ? ctx.kinds.operate : ctx.kinds.operateRead) as Resolved;
    const p = policy === undefined
      ? base
      : mergePolicies<Resolved>(OPERATE_POLICY, "operate()", base, policy);
    checkKey(key);
    const write = hasWriteOp(operations);
    return p.txn === undefined
      ? ctx.executor.execute(new OperateCommand<T>(key, buildOperate(key, operations, p)), p)
      : tracked(ctx, key, write, p, () => new OperateCommand<T>(key, buildOperate(key, operations, p)));
  } catch (e) {
    return Promise.reject(e);
  }
}

function hasWriteOp(operations: readonly Operation[]): boolean {
  if (!Array.isArray(operations)) return false;
  for (const o of operations) if (o !== null && typeof o === "object" && isWriteOp(o.op)) return true;
  return false;
}

/** `apply`: calls a record UDF and resolves its return value. */
export function apply(
  ctx: KvContext,
  key: Key,
  module: string,
  fn: string,
  args: readonly Value[],
  policy?: WritePolicy,
): Promise<Value> {
  try {
    const p = writePolicy(ctx, policy, "apply()", ctx.kinds.apply);
    checkKey(key);
    return p.txn === undefined
      ? ctx.executor.execute(new ApplyCommand(key, buildApply(key, module, fn, args, p)), p)
      : tracked(ctx, key, true, p, () => new ApplyCommand(key, buildApply(key, module, fn, args, p)));
  } catch (e) {
    return Promise.reject(e);
  }
}
