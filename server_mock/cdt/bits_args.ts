/**
 * Argument parsing of the bitwise ops as a node does it (aerospike-server `particle_blob.c`
 * `bits_parse_*` and its op tables): each op's arguments in order, their limits, and the policy
 * flags and subflags it accepts. Anything else is PARAMETER_ERROR (4).
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { CdtError, type CdtValue } from "./value.ts";
/** `PROTO_SIZE_MAX` of a node: the bound of every size and offset. */
export const PROTO_SIZE_MAX = 128 * 1024 * 1024;
/** A PARAMETER_ERROR. */
export const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);
/** Policy flag: the bin must not exist. */
export const CREATE = C.BIT_WRITE_CREATE_ONLY;
/** Policy flag: the bin must exist. */
export const UPDATE = C.BIT_WRITE_UPDATE_ONLY;
/** Policy flag: a refused write is a no-op. */
export const NO_FAIL = C.BIT_WRITE_NO_FAIL;
/** Policy flag: clip a range that runs past the end. */
export const PARTIAL = C.BIT_WRITE_PARTIAL;

/** A parsed op (the node's `bits_op`): offset and size in bits. */
export interface BitOp {
  /** Offset in bits (negative: from the end). */
  offset: number;
  /** Size in bits (bytes × 8 for the byte ops). */
  size: number;
  /** Integer value, shift, or scan bit. */
  value: bigint;
  /** Blob value. */
  buf?: Uint8Array;
  /** Policy flags. */
  flags: number;
  /** Resize or integer subflags. */
  subflags: number;
}

type Parser = (op: BitOp, v: CdtValue) => void;

function integer(v: CdtValue, what: string): bigint {
  if (v.k !== "int") throw bad(`${what} must be an integer`);
  return v.v;
}
/** An integer argument as a u64 (a node reads negative ones as their two's complement). */
export const u64 = (v: CdtValue, what: string): bigint => BigInt.asUintN(64, integer(v, what));
const i64 = (v: CdtValue, what: string): bigint => BigInt.asIntN(64, integer(v, what));

function sizeIn(v: CdtValue, max: number, zero: boolean, what: string): number {
  const n = u64(v, what);
  if (n === 0n && !zero) throw bad(`${what} may not be 0`);
  if (n > BigInt(max)) throw bad(`${what} ${n} is larger than ${max}`);
  return Number(n);
}
function offsetIn(v: CdtValue, max: number, what: string): number {
  const n = i64(v, what);
  if (n > BigInt(max) || n < -BigInt(max)) throw bad(`${what} ${n} is larger than ${max}`);
  return Number(n);
}

const byteOffset: Parser = (op, v) => op.offset = offsetIn(v, PROTO_SIZE_MAX, "byte offset") * 8;
const bitOffset: Parser = (op, v) => op.offset = offsetIn(v, PROTO_SIZE_MAX * 8, "bit offset");
const byteSize: Parser = (op, v) => op.size = sizeIn(v, PROTO_SIZE_MAX, false, "byte size") * 8;
const byteSizeZero: Parser = (op, v) => op.size = sizeIn(v, PROTO_SIZE_MAX, true, "byte size") * 8;
const bitSize: Parser = (op, v) => op.size = sizeIn(v, PROTO_SIZE_MAX * 8, false, "bit size");
const intSize: Parser = (op, v) => op.size = sizeIn(v, 64, false, "integer size");
const intValue: Parser = (op, v) => op.value = u64(v, "value");
const shiftBy: Parser = (op, v) => {
  op.value = u64(v, "shift");
  if (op.value > BigInt(PROTO_SIZE_MAX * 8)) throw bad("shift too large");
};
const boolValue: Parser = (op, v) => {
  if (v.k !== "bool") throw bad("expected a boolean");
  op.value = v.v ? 1n : 0n;
};
const buffer: Parser = (op, v) => {
  // The blob's msgpack holds a type byte first: an empty value has no bits.
  if (v.k !== "bytes" || v.v.length === 0) throw bad("expected a non-empty blob");
  op.buf = v.v;
  if (op.size === 0) op.size = v.v.length * 8;
  else if (v.v.length * 8 < op.size) throw bad("value shorter than the bit size");
};
function flagsWith(allowed: number): Parser {
  return (op, v) => {
    const f = u64(v, "bit policy flags");
    if ((f & ~BigInt(allowed)) !== 0n) throw bad(`flags 0x${f.toString(16)} not allowed here`);
    op.flags = Number(f);
    if ((op.flags & CREATE) !== 0 && (op.flags & UPDATE) !== 0) throw bad("create-only and update-only");
  };
}
function subflagsWith(allowed: number, exclusive: number): Parser {
  return (op, v) => {
    const f = u64(v, "subflags");
    if ((f & ~BigInt(allowed)) !== 0n) throw bad(`subflags 0x${f.toString(16)} not allowed here`);
    op.subflags = Number(f);
    if ((op.subflags & exclusive) === exclusive && exclusive !== 0) throw bad("exclusive subflags");
  };
}

/** How an op's range is checked against the blob. */
export type Prepare = "resize" | "insert" | "remove" | "modify" | "integer" | "read";
/** One entry of the op tables. */
export interface Def {
  /** Fewest arguments. */
  min: number;
  /** Parsers of the arguments in order (their count is the most arguments). */
  parsers: Parser[];
  /** How the range is checked. */
  prepare: Prepare;
}
const def = (min: number, prepare: Prepare, ...parsers: Parser[]): Def => ({ min, parsers, prepare });
const RESIZE_SUB = C.BIT_RESIZE_FROM_FRONT | C.BIT_RESIZE_GROW_ONLY | C.BIT_RESIZE_SHRINK_ONLY;
const EXCL_RESIZE = C.BIT_RESIZE_GROW_ONLY | C.BIT_RESIZE_SHRINK_ONLY;
const MATH_SUB = C.BIT_INT_FLAGS_SIGNED | C.BIT_OVERFLOW_SATURATE | C.BIT_OVERFLOW_WRAP;
const EXCL_MATH = C.BIT_OVERFLOW_SATURATE | C.BIT_OVERFLOW_WRAP;
const range = flagsWith(UPDATE | NO_FAIL | PARTIAL);
const math = flagsWith(UPDATE | NO_FAIL);
const bytesArgs = [bitOffset, bitSize, buffer, range];

/** The node's op tables: argument parsers in order, fewest arguments, how the range is checked. */
export const MODIFY: Record<number, Def> = {
  [C.BIT_RESIZE]: def(
    1,
    "resize",
    byteSizeZero,
    flagsWith(CREATE | UPDATE | NO_FAIL),
    subflagsWith(RESIZE_SUB, EXCL_RESIZE),
  ),
  [C.BIT_INSERT]: def(2, "insert", byteOffset, buffer, flagsWith(CREATE | UPDATE | NO_FAIL)),
  [C.BIT_REMOVE]: def(2, "remove", byteOffset, byteSize, range),
  [C.BIT_SET]: def(3, "modify", ...bytesArgs),
  [C.BIT_OR]: def(3, "modify", ...bytesArgs),
  [C.BIT_XOR]: def(3, "modify", ...bytesArgs),
  [C.BIT_AND]: def(3, "modify", ...bytesArgs),
  [C.BIT_NOT]: def(2, "modify", bitOffset, bitSize, range),
  [C.BIT_LSHIFT]: def(3, "modify", bitOffset, bitSize, shiftBy, range),
  [C.BIT_RSHIFT]: def(3, "modify", bitOffset, bitSize, shiftBy, range),
  [C.BIT_ADD]: def(3, "integer", bitOffset, intSize, intValue, math, subflagsWith(MATH_SUB, EXCL_MATH)),
  [C.BIT_SUBTRACT]: def(3, "integer", bitOffset, intSize, intValue, math, subflagsWith(MATH_SUB, EXCL_MATH)),
  [C.BIT_SET_INT]: def(3, "integer", bitOffset, intSize, intValue, math),
};
/** The read ops' table. */
export const READ: Record<number, Def> = {
  [C.BIT_GET]: def(2, "read", bitOffset, bitSize),
  [C.BIT_COUNT]: def(2, "read", bitOffset, bitSize),
  [C.BIT_LSCAN]: def(3, "read", bitOffset, bitSize, boolValue),
  [C.BIT_RSCAN]: def(3, "read", bitOffset, bitSize, boolValue),
  [C.BIT_GET_INT]: def(2, "read", bitOffset, intSize, subflagsWith(C.BIT_INT_FLAGS_SIGNED, 0)),
};

/** Parses `args` by the op's table entry (PARAMETER_ERROR for an unknown op or bad arguments). */
export function parse(d: Def | undefined, code: number, args: CdtValue[]): BitOp {
  if (d === undefined) throw bad(`bit op ${code} is not valid here`);
  if (args.length < d.min || args.length > d.parsers.length) {
    throw bad(`bit op ${code} takes ${d.min}..${d.parsers.length} arguments, got ${args.length}`);
  }
  const op: BitOp = { offset: 0, size: 0, value: 0n, flags: 0, subflags: 0 };
  args.forEach((a, i) => d.parsers[i](op, a));
  return op;
}
