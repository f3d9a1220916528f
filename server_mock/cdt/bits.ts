/**
 * Bitwise operations on a BLOB bin (`[opCode, ...args]` of OP_BIT_READ/OP_BIT_MODIFY), all of
 * them, with a node's argument checks and result codes (aerospike-server `particle_blob.c`):
 * - malformed or out-of-limit arguments, a flag the op does not take, a negative offset on a
 *   missing bin or past the start, resize against its grow/shrink-only flag, remove past the end:
 *   PARAMETER_ERROR (4);
 * - a write or read range past the end of the blob (writes may take PARTIAL to clip it), an
 *   add/subtract overflow with the fail action: OP_NOT_APPLICABLE (26);
 * - create-only on an existing bin: BIN_EXISTS_ERROR (6); a write other than resize/insert on a
 *   missing bin, or update-only: BIN_NOT_FOUND (17).
 * NO_FAIL turns the refusals of the last two groups into a no-op. Reads of a missing bin answer
 * nothing, as a node does.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import * as X from "./bits_exec.ts";
import { CdtError, type CdtValue, int } from "./value.ts";
import {
  bad,
  type BitOp,
  CREATE,
  MODIFY,
  NO_FAIL,
  parse,
  PARTIAL,
  type Prepare,
  PROTO_SIZE_MAX,
  READ,
  u64,
  UPDATE,
} from "./bits_args.ts";

/** What a bit op produced: its result and, for modify ops, the new blob. */
export interface BitOutcome {
  /** Result value (undefined for none). */
  result: CdtValue | undefined;
  /** The new bytes (undefined when unchanged). */
  value: Uint8Array | undefined;
}

/** Largest blob the mock lets a bit op make (a node stops at its record size limit). */
const MAX_BYTES = 1 << 20;
/** A refusal that NO_FAIL turns into a no-op. */
class Refused extends CdtError {}
const refused = (code: number, msg: string): Refused => new Refused(code, msg);
const NONE: BitOutcome = { result: undefined, value: undefined };

/** The blob's new bytes for a resize/insert/remove (undefined: unchanged). */
function reshape(b: Uint8Array, kind: Prepare, op: BitOp, byteAt: number): Uint8Array | undefined {
  const n = op.size / 8;
  if (kind === "resize") {
    if (n === b.length) return undefined;
    const grow = n > b.length;
    if (grow ? (op.subflags & C.BIT_RESIZE_SHRINK_ONLY) : (op.subflags & C.BIT_RESIZE_GROW_ONLY)) {
      throw refused(ResultCode.PARAMETER_ERROR, `resize to ${n} bytes refused by its flags`);
    }
    const out = new Uint8Array(n);
    const keep = Math.min(n, b.length);
    if ((op.subflags & C.BIT_RESIZE_FROM_FRONT) !== 0) out.set(b.subarray(b.length - keep), n - keep);
    else out.set(b.subarray(0, keep));
    return out;
  }
  if (kind === "insert") {
    const v = op.buf!;
    // Past the end, the gap fills with zeros.
    const head = Math.min(byteAt, b.length);
    const out = new Uint8Array(Math.max(byteAt, b.length) + v.length);
    out.set(b.subarray(0, head));
    out.set(v, byteAt);
    out.set(b.subarray(head), byteAt + v.length);
    return out;
  }
  // remove
  if (byteAt >= b.length) throw refused(ResultCode.PARAMETER_ERROR, "remove past the end of the blob");
  let end = byteAt + n;
  if (end > b.length) {
    if ((op.flags & PARTIAL) === 0) throw refused(ResultCode.PARAMETER_ERROR, "remove runs past the end");
    end = b.length;
  }
  const out = new Uint8Array(b.length - (end - byteAt));
  out.set(b.subarray(0, byteAt));
  out.set(b.subarray(end), byteAt);
  return out;
}

/** Checks an in-place range (write, integer or read op) against the blob; clips it for PARTIAL. */
function fit(b: Uint8Array, kind: Prepare, op: BitOp, start: number): void {
  const na = ResultCode.OP_NOT_APPLICABLE;
  if (start >= b.length * 8) throw refused(na, `bit ${start} is past the end of the blob`);
  if (start + op.size > b.length * 8) {
    if (kind !== "modify" || (op.flags & PARTIAL) === 0) {
      throw refused(na, `bits ${start}+${op.size} run past the end of the blob`);
    }
    op.size = b.length * 8 - start;
  }
}

function read(b: Uint8Array, code: number, op: BitOp, start: number): CdtValue {
  switch (code) {
    case C.BIT_GET:
      return { k: "bytes", t: 4, v: X.readBits(b, start, op.size) };
    case C.BIT_COUNT:
      return int(X.countBits(b, start, op.size));
    case C.BIT_LSCAN:
    case C.BIT_RSCAN:
      return int(X.scanBits(b, start, op.size, Number(op.value), code === C.BIT_LSCAN));
    default: {
      const v = X.loadInt(b, start, op.size);
      const signed = (op.subflags & C.BIT_INT_FLAGS_SIGNED) !== 0;
      // The reply is a 64-bit integer: 64 unsigned bits with the top one set read as negative.
      return int(signed ? BigInt.asIntN(op.size, v) : BigInt.asIntN(64, v));
    }
  }
}

function write(out: Uint8Array, code: number, op: BitOp, start: number): boolean {
  switch (code) {
    case C.BIT_NOT:
      X.invert(out, start, op.size);
      return true;
    case C.BIT_LSHIFT:
    case C.BIT_RSHIFT:
      X.shift(out, start, op.size, Number(op.value), code === C.BIT_LSHIFT);
      return true;
    case C.BIT_SET_INT:
      X.storeInt(out, start, op.size, op.value);
      return true;
    case C.BIT_ADD:
    case C.BIT_SUBTRACT:
      return X.addInt(out, start, op.size, op.value, code === C.BIT_SUBTRACT, {
        signed: (op.subflags & C.BIT_INT_FLAGS_SIGNED) !== 0,
        saturate: (op.subflags & C.BIT_OVERFLOW_SATURATE) !== 0,
        wrap: (op.subflags & C.BIT_OVERFLOW_WRAP) !== 0,
      });
    default:
      X.combine(out, start, op.size, op.buf!, code - C.BIT_SET);
      return true;
  }
}

/** The absolute start bit of `op` in a blob of `bytes` bytes (PARAMETER_ERROR before its start). */
function startBit(op: BitOp, bytes: number, exists: boolean): number {
  if (op.offset >= 0) return op.offset;
  if (!exists) throw bad("a negative offset on a missing bin");
  if (-op.offset > bytes * 8) throw bad(`offset ${op.offset} is before the start of the blob`);
  return bytes * 8 + op.offset;
}

/**
 * Runs one bit op on `blob` (undefined: the bin is missing). Read ops on a missing bin have no
 * result; modify ops other than resize/insert need the bin. `wrongType`: the bin holds another
 * particle type, which a node only refuses (BIN_TYPE_ERROR) once the op parsed (else 4) and, for a
 * write, passed its create-only check.
 * @example
 * ```ts
 * import { decodeCdt } from "./value.ts";
 * runBits(new Uint8Array([0x00, 0x0f]), decodeCdt(new Uint8Array([0x93, 0x32, 0x00, 0x10])), false).result; // the 2 bytes 00 0f
 * ```
 */
export function runBits(
  blob: Uint8Array | undefined,
  payload: CdtValue,
  allowModify: boolean,
  wrongType = false,
): BitOutcome {
  if (payload.k !== "list" || payload.items.length === 0) throw bad("a bit op is a msgpack array");
  const code = Number(u64(payload.items[0], "bit op code"));
  const args = payload.items.slice(1);
  const typeError = () => new CdtError(ResultCode.BIN_TYPE_ERROR, "bit op on a bin that is not a blob");
  if (!allowModify) {
    if (blob === undefined && !wrongType) return NONE;
    const d = READ[code];
    const op = parse(d, code, args);
    if (wrongType || blob === undefined) throw typeError();
    const start = startBit(op, blob.length, true);
    fit(blob, "read", op, start);
    return { result: read(blob, code, op, start), value: undefined };
  }
  const d = MODIFY[code];
  const op = parse(d, code, args);
  if ((blob !== undefined || wrongType) && (op.flags & CREATE) !== 0) {
    return refuse(op, refused(ResultCode.BIN_EXISTS_ERROR, "bin exists (create-only)"));
  }
  if (wrongType) throw typeError();
  if (
    blob === undefined && ((op.flags & UPDATE) !== 0 || (d.prepare !== "resize" && d.prepare !== "insert"))
  ) {
    return refuse(op, refused(ResultCode.BIN_NOT_FOUND, "bit write on a missing bin"));
  }
  const b = blob ?? new Uint8Array(0);
  try {
    const start = startBit(op, b.length, blob !== undefined);
    let out: Uint8Array | undefined;
    if (d.prepare === "resize" || d.prepare === "insert" || d.prepare === "remove") {
      out = reshape(b, d.prepare, op, start >> 3);
    } else {
      fit(b, d.prepare, op, start);
      out = b.slice();
      if (!write(out, code, op, start)) {
        throw refused(ResultCode.OP_NOT_APPLICABLE, "add/subtract overflow with the fail action");
      }
    }
    if (out !== undefined && out.length >= PROTO_SIZE_MAX) throw bad("result larger than a message");
    if (out !== undefined && out.length > MAX_BYTES) {
      throw new CdtError(ResultCode.RECORD_TOO_BIG, `a blob of ${out.length} bytes`);
    }
    return { result: undefined, value: out };
  } catch (e) {
    if (e instanceof Refused) return refuse(op, e);
    throw e;
  }
}

function refuse(op: BitOp, e: CdtError): BitOutcome {
  if ((op.flags & NO_FAIL) !== 0) return NONE;
  throw new CdtError(e.code, e.message);
}
