/**
 * The official client's `AerospikeError` (`code`, `message`, `inDoubt`, `command`, `func`, `file`,
 * `line`) and the translation of aerolite's errors into it.
 * @module
 */
import { AerospikeError as AeroError } from "../../mod.ts";
import { status, statusMessages } from "./constants.ts";

/** An error of the official shape: `code` is a `status` value, `message` explains it. */
export class AerospikeError extends Error {
  /** Status code (`status.ERR_RECORD_NOT_FOUND`...): positive from the server, negative from the client. */
  code: number;
  /** The command that failed, when known. */
  command: unknown;
  /** Always null (the native client's C function name). */
  func: string | null = null;
  /** Always null (the native client's C file name). */
  file: string | null = null;
  /** Always null (the native client's C line). */
  line: number | null = null;
  /** A write may have been applied although the command failed. */
  inDoubt = false;

  /** Creates an error with `code` ERR_CLIENT unless given. */
  constructor(message?: string, command?: unknown, code: number = status.ERR_CLIENT) {
    super(message);
    this.name = "AerospikeError";
    this.code = code;
    this.command = command ?? null;
    const stack = (command as { stack?: unknown } | null | undefined)?.stack;
    if (typeof stack === "string") {
      // The command's stack (captured where it was called), headed by this error's name and message.
      Object.defineProperty(this, "stack", {
        value: stack.replace(/^.*$/m, `${this.name}: ${this.message}`),
      });
    }
  }

  /** An error from an `{ code, message }` shape (null for OK / no error). */
  static fromASError(asError: unknown, command?: unknown): AerospikeError | null {
    if (!asError) return null;
    if (asError instanceof AerospikeError) return asError;
    const e = asError as {
      code?: number;
      message?: string;
      inDoubt?: boolean;
      func?: string;
      file?: string;
      line?: number | string;
    };
    if (e.code === status.OK) return null;
    const code = e.code ?? status.ERR_CLIENT;
    const message = e.message?.replace(/AEROSPIKE_[A-Z_]+/, () => statusMessages[code] ?? "");
    const err = new AerospikeError(message, command, code);
    err.inDoubt = e.inDoubt ?? false;
    err.func = e.func ?? null;
    err.file = e.file ?? null;
    err.line = e.line === undefined || e.line === null ? null : Number.parseInt(String(e.line));
    return err;
  }

  /** Whether the server reported it (positive code). */
  isServerError(): boolean {
    return this.code > status.OK;
  }
}

/** Any error thrown by aerolite (or by argument checks) as the official error shape. */
export function toCompatError(e: unknown): unknown {
  if (e instanceof AerospikeError) return e;
  if (e instanceof AeroError) {
    const text = statusMessages[e.code] ?? e.detail;
    const msg = e.node ? `${e.node} ${text}` : text;
    const out = new AerospikeError(msg, undefined, e.code);
    out.inDoubt = e.inDoubt;
    if (e.stack) out.stack = e.stack;
    return out;
  }
  if (e instanceof TypeError || e instanceof RangeError) {
    const out = new AerospikeError(e.message, undefined, status.ERR_PARAM);
    return out;
  }
  return e;
}
