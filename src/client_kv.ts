/**
 * The single-record commands behind `Client`: each a small object implementing `Command`, so the
 * one execute loop runs them all and no closure is made per call.
 * @module
 */
import type { Command } from "./commands/command.ts";
import { operateRecord, type OperateRequest } from "./commands/operate.ts";
import { parseRecordBins, parseRecordReply } from "./commands/single.ts";
import { ServerError } from "./errors.ts";
import type { Key } from "./key.ts";
import { type AerospikeRecord, type OperateRecord, ttlFromVoidTime } from "./record.ts";
import type { Bins } from "./values.ts";
import { ResultCode } from "./wire/result_code.ts";
import { readMessageHeader } from "./wire/message.ts";

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

  abstract parse(body: Uint8Array): R;
}

/** `get`: a record, or null when the key does not exist. FILTERED_OUT (27) rejects, as in the official clients. */
export class GetCommand extends KeyCommand<AerospikeRecord | null> {
  readonly write = false;
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
  /** Reads the result code only. */
  parse(body: Uint8Array): boolean {
    const code = readMessageHeader(body, 0).resultCode;
    if (code === OK) return true;
    if (code === NOT_FOUND) return false;
    throw new ServerError(code);
  }
}

/** `put` and `touch`: resolve when the server says OK; any other code rejects. */
export class WriteCommand extends KeyCommand<void> {
  readonly write = true;
  /** Reads the result code only. */
  parse(body: Uint8Array): void {
    const code = readMessageHeader(body, 0).resultCode;
    if (code !== OK) throw new ServerError(code);
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
  /** Maps the reply's results onto the operations. */
  parse(body: Uint8Array): OperateRecord<T> {
    const reply = parseRecordReply(body);
    if (reply.resultCode !== OK) throw new ServerError(reply.resultCode);
    return operateRecord(this.#request, reply, this.key) as OperateRecord<T>;
  }
}
