/**
 * The error classes every failed command rejects with. All carry a result code (server codes are
 * positive, client-side codes negative; see `ResultCode`), whether a write may have been applied
 * (`inDoubt`), the node that answered or was tried last, and how many attempts were made.
 * @module
 */
import { ResultCode, resultCodeMessage, resultCodeName } from "./wire/result_code.ts";

/** Context attached to an `AerospikeError`. */
export interface AerospikeErrorOptions {
  /**
   * The command was a write that may have reached the server before it failed.
   * @default false
   */
  inDoubt?: boolean;
  /**
   * Name of the node that answered (or was tried last), e.g. `BB9020011AC4202`.
   * @default undefined
   */
  node?: string;
  /**
   * How many attempts were made, retries included.
   * @default 1
   */
  attempts?: number;
  /**
   * The underlying error (a socket error, a `WireFormatError`, ...).
   * @default undefined
   */
  cause?: unknown;
}

/** Options of the subclasses whose code has a sensible default. */
export interface AerospikeErrorCodeOptions extends AerospikeErrorOptions {
  /**
   * Result code, when the default of the subclass does not fit.
   * @default the subclass's own code
   */
  code?: number;
}

/**
 * Any failure of a command. `message` reads `KEY_EXISTS_ERROR (5): Key already exists [node
 * BB9..., 2 attempts]`; `detail` holds the text after the code.
 * @example
 * ```ts
 * import { Client, Key, ResultCode } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * const bins = { name: "Ada" };
 * try {
 *   await client.put(key, bins, { exists: "create" });
 * } catch (e) {
 *   if (!(e instanceof AerospikeError && e.code === ResultCode.KEY_EXISTS_ERROR)) throw e;
 * }
 * ```
 */
export class AerospikeError extends Error {
  /** Result code (`ResultCode`): positive from the server, negative from the client. */
  code: number;
  /** A write may have been applied although the command failed. */
  inDoubt: boolean;
  /** The node that answered or was tried last. */
  node?: string;
  /** Attempts made, retries included. */
  attempts: number;
  /** The underlying error, if any. */
  override cause?: unknown;
  /** The explanation without code, node and attempts (the server's text or the code's message). */
  detail: string;

  /**
   * Creates an error for `code`.
   * @param code a `ResultCode`
   * @param message explanation; defaults to the code's message
   * @param options context: inDoubt, node, attempts, cause
   */
  constructor(code: number, message?: string, options: AerospikeErrorOptions = {}) {
    super("");
    this.name = "AerospikeError";
    this.code = code;
    this.detail = message ?? resultCodeMessage(code);
    this.inDoubt = options.inDoubt ?? false;
    this.node = options.node;
    this.attempts = options.attempts ?? 1;
    if (options.cause !== undefined) this.cause = options.cause;
    this.message = this.#format();
  }

  /** Updates node, attempts and inDoubt (as the retry loop learns them) and refreshes `message`. */
  annotate(context: Omit<AerospikeErrorOptions, "cause">): this {
    if (context.node !== undefined) this.node = context.node;
    if (context.attempts !== undefined) this.attempts = context.attempts;
    if (context.inDoubt !== undefined) this.inDoubt = context.inDoubt;
    this.message = this.#format();
    return this;
  }

  /** `Name: CODE_NAME (code): detail [node N, k attempts]`. */
  override toString(): string {
    return `${this.name}: ${this.#format()}`;
  }

  #format(): string {
    const extra: string[] = [];
    if (this.node !== undefined) extra.push(`node ${this.node}`);
    if (this.attempts > 1) extra.push(`${this.attempts} attempts`);
    if (this.inDoubt) extra.push("in doubt");
    const tail = extra.length > 0 ? ` [${extra.join(", ")}]` : "";
    return `${resultCodeName(this.code)} (${this.code}): ${this.detail}${tail}`;
  }
}

/** The server answered with a non-OK result code. */
export class ServerError extends AerospikeError {
  /**
   * Creates an error for a code the server answered.
   * @param code the server's result code
   * @param message the server's text, if it sent one
   * @param options context
   */
  constructor(code: number, message?: string, options: AerospikeErrorOptions = {}) {
    super(code, message, options);
    this.name = "ServerError";
  }
}

/** The command ran out of time (socketTimeout or totalTimeout); code TIMEOUT (9) by default. */
export class TimeoutError extends AerospikeError {
  /**
   * Creates the error; `options.code` overrides the default code.
   * @param message what timed out
   * @param options context; `code` defaults to TIMEOUT
   */
  constructor(message?: string, options: AerospikeErrorCodeOptions = {}) {
    super(options.code ?? ResultCode.TIMEOUT, message, options);
    this.name = "TimeoutError";
  }
}

/** A connection could not be made or broke; code CONNECTION_ERROR by default. */
export class ConnectionError extends AerospikeError {
  /**
   * Creates the error; `options.code` overrides the default code.
   * @param message what failed
   * @param options context; `code` defaults to CONNECTION_ERROR
   */
  constructor(message?: string, options: AerospikeErrorCodeOptions = {}) {
    super(options.code ?? ResultCode.CONNECTION_ERROR, message, options);
    this.name = "ConnectionError";
  }
}

/** The peer sent bytes that do not follow the protocol; code PARSE_ERROR by default. */
export class ProtocolError extends AerospikeError {
  /**
   * Creates the error; `options.code` overrides the default code.
   * @param message what was wrong
   * @param options context; `code` defaults to PARSE_ERROR
   */
  constructor(message?: string, options: AerospikeErrorCodeOptions = {}) {
    super(options.code ?? ResultCode.PARSE_ERROR, message, options);
    this.name = "ProtocolError";
  }
}

/** The client refused the command: too many in flight and the queue is full (or it closed). */
export class BackpressureError extends AerospikeError {
  /**
   * Creates the error; `options.code` overrides the default code.
   * @param message why
   * @param options context; `code` defaults to COMMAND_QUEUE_FULL
   */
  constructor(message?: string, options: AerospikeErrorCodeOptions = {}) {
    super(options.code ?? ResultCode.COMMAND_QUEUE_FULL, message, options);
    this.name = "BackpressureError";
  }
}

const RETRYABLE: ReadonlySet<number> = new Set<number>([
  ResultCode.TIMEOUT,
  ResultCode.NETWORK_ERROR,
  ResultCode.CONNECTION_ERROR,
  ResultCode.NO_RESPONSE,
  ResultCode.SERVER_NOT_AVAILABLE,
  ResultCode.INVALID_NODE_ERROR,
  ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE,
  ResultCode.PARTITION_UNAVAILABLE,
  ResultCode.DEVICE_OVERLOAD,
  ResultCode.KEY_BUSY,
]);

/**
 * Whether another attempt (possibly on another node) may succeed: timeouts, lost or refused
 * connections, unknown partition owner, partition unavailable, device overload, hot key. Advisory:
 * the retry loop still decides by policy (e.g. a write that is in doubt).
 * @example
 * ```ts
 * import { ResultCode } from "@aerolite/client";
 * isRetryable(ResultCode.TIMEOUT); // true
 * isRetryable(ResultCode.KEY_EXISTS_ERROR); // false
 * ```
 */
export function isRetryable(code: number): boolean {
  return RETRYABLE.has(code);
}
