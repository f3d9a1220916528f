/**
 * Bitwise operations on a BLOB bin (`[opCode, ...args]` of OP_BIT_READ/OP_BIT_MODIFY): resize,
 * insert, remove, set, or, xor, and, not, set-int, get, count, lscan, rscan and get-int. Bit
 * offsets may be negative (from the end); a range outside the blob is OP_NOT_APPLICABLE (26).
 * Shifts and add/subtract answer UNSUPPORTED_FEATURE (16): the mock does not model them.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { asInt, CdtError, type CdtValue, int } from "./value.ts";

/** What a bit op produced: its result and, for modify ops, the new blob. */
export interface BitOutcome {
  /** Result value (undefined for none). */
  result: CdtValue | undefined;
  /** The new bytes (undefined when unchanged). */
  value: Uint8Array | undefined;
}

const READS = new Set([C.BIT_GET, C.BIT_COUNT, C.BIT_LSCAN, C.BIT_RSCAN, C.BIT_GET_INT]);
const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);
const na = (msg: string): CdtError => new CdtError(ResultCode.OP_NOT_APPLICABLE, msg);

function blobArg(v: CdtValue | undefined): Uint8Array {
  if (v?.k !== "bytes") throw bad("expected a blob");
  return v.v;
}

function getBit(b: Uint8Array, i: number): number {
  return (b[i >> 3] >> (7 - (i & 7))) & 1;
}

function setBit(b: Uint8Array, i: number, v: number): void {
  const mask = 1 << (7 - (i & 7));
  b[i >> 3] = v ? b[i >> 3] | mask : b[i >> 3] & ~mask;
}

/** Resolves a bit range inside `bits` bits (negative offset from the end). */
function range(a: CdtValue[], bits: number): [number, number] {
  let off = asInt(a[0], "bit offset");
  const size = asInt(a[1], "bit size");
  if (off < 0) off += bits;
  if (off < 0 || size < 0 || off + size > bits) throw na(`bits ${a[0]}+${size} outside ${bits} bits`);
  return [off, size];
}

function readBits(b: Uint8Array, off: number, size: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(size / 8));
  for (let i = 0; i < size; i++) setBit(out, i, getBit(b, off + i));
  return out;
}

function readInt(b: Uint8Array, off: number, size: number, signed: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 1n) | BigInt(getBit(b, off + i));
  return signed && size > 0 ? BigInt.asIntN(size, v) : v;
}

function read(b: Uint8Array, code: number, a: CdtValue[]): CdtValue {
  const [off, size] = range(a, b.length * 8);
  switch (code) {
    case C.BIT_GET:
      return { k: "bytes", t: 4, v: readBits(b, off, size) };
    case C.BIT_COUNT: {
      let n = 0;
      for (let i = 0; i < size; i++) n += getBit(b, off + i);
      return int(n);
    }
    case C.BIT_LSCAN:
    case C.BIT_RSCAN: {
      if (a[2]?.k !== "bool") throw bad("scan needs a boolean");
      const want = a[2].v ? 1 : 0;
      for (let i = 0; i < size; i++) {
        const at = code === C.BIT_LSCAN ? i : size - 1 - i;
        if (getBit(b, off + at) === want) return int(at);
      }
      return int(-1);
    }
    default: {
      if (size > 64) throw bad("get-int reads at most 64 bits");
      const signed = a[2] !== undefined && (asInt(a[2], "flags") & C.BIT_INT_FLAGS_SIGNED) !== 0;
      return int(readInt(b, off, size, signed));
    }
  }
}

/** Largest blob the mock lets a bit op make (a real node stops at its record size limit). */
const MAX_BYTES = 1 << 20;

function checkSize(n: number): void {
  if (n > MAX_BYTES) throw new CdtError(ResultCode.RECORD_TOO_BIG, `a blob of ${n} bytes`);
}

function modify(b: Uint8Array, code: number, a: CdtValue[]): Uint8Array {
  switch (code) {
    case C.BIT_RESIZE: {
      const size = asInt(a[0], "byte size");
      const flags = a[2] === undefined ? 0 : asInt(a[2], "resize flags");
      if (size < 0) throw bad("negative size");
      checkSize(size);
      if ((flags & C.BIT_RESIZE_GROW_ONLY) !== 0 && size < b.length) {
        throw na("grow-only resize would shrink");
      }
      if ((flags & C.BIT_RESIZE_SHRINK_ONLY) !== 0 && size > b.length) {
        throw na("shrink-only resize would grow");
      }
      const out = new Uint8Array(size);
      if ((flags & C.BIT_RESIZE_FROM_FRONT) !== 0) {
        const keep = Math.min(size, b.length);
        out.set(b.subarray(b.length - keep), size - keep);
      } else out.set(b.subarray(0, Math.min(size, b.length)));
      return out;
    }
    case C.BIT_INSERT: {
      const at = asInt(a[0], "byte offset");
      const v = blobArg(a[1]);
      if (at < 0) throw na("negative byte offset");
      checkSize(at + v.length);
      const out = new Uint8Array(Math.max(at, b.length) + v.length);
      out.set(b.subarray(0, Math.min(at, b.length)));
      out.set(v, at);
      out.set(b.subarray(Math.min(at, b.length)), at + v.length);
      return out;
    }
    case C.BIT_REMOVE: {
      let at = asInt(a[0], "byte offset");
      const size = asInt(a[1], "byte size");
      if (at < 0) at += b.length;
      if (at < 0 || size < 0 || at + size > b.length) throw na("remove outside the blob");
      const out = new Uint8Array(b.length - size);
      out.set(b.subarray(0, at));
      out.set(b.subarray(at + size), at);
      return out;
    }
  }
  const out = b.slice();
  const [off, size] = range(a, b.length * 8);
  if (code === C.BIT_NOT) {
    for (let i = 0; i < size; i++) setBit(out, off + i, 1 - getBit(b, off + i));
    return out;
  }
  if (code === C.BIT_SET_INT) {
    if (size > 64) throw bad("set-int writes at most 64 bits");
    const v = BigInt.asUintN(size, BigInt(asInt(a[2], "value")));
    for (let i = 0; i < size; i++) setBit(out, off + i, Number((v >> BigInt(size - 1 - i)) & 1n));
    return out;
  }
  const v = blobArg(a[2]);
  if (v.length * 8 < size) throw bad("value shorter than the bit size");
  for (let i = 0; i < size; i++) {
    const x = getBit(b, off + i);
    const y = getBit(v, i);
    const r = code === C.BIT_SET ? y : code === C.BIT_OR ? x | y : code === C.BIT_XOR ? x ^ y : x & y;
    setBit(out, off + i, r);
  }
  return out;
}

const SUPPORTED = new Set([
  C.BIT_RESIZE,
  C.BIT_INSERT,
  C.BIT_REMOVE,
  C.BIT_SET,
  C.BIT_OR,
  C.BIT_XOR,
  C.BIT_AND,
  C.BIT_NOT,
  C.BIT_SET_INT,
]);
/** Index of the policy flags argument per modify op. */
const POLICY_AT: Record<number, number> = {
  [C.BIT_RESIZE]: 1,
  [C.BIT_INSERT]: 2,
  [C.BIT_REMOVE]: 2,
  [C.BIT_NOT]: 2,
};

/**
 * Runs one bit op on `blob` (undefined: the bin is missing). Read ops on a missing bin have no
 * result; modify ops other than resize/insert need the bin.
 * @example
 * ```ts
 * runBits(hex("000f"), decodeCdt(hex("93320010")), false).result; // the 2 bytes 00 0f
 * ```
 */
export function runBits(blob: Uint8Array | undefined, payload: CdtValue, allowModify: boolean): BitOutcome {
  if (payload.k !== "list" || payload.items.length === 0) throw bad("a bit op is a msgpack array");
  const code = asInt(payload.items[0], "bit op code");
  const a = payload.items.slice(1);
  if (READS.has(code)) {
    return { result: blob === undefined ? undefined : read(blob, code, a), value: undefined };
  }
  if (code === C.BIT_LSHIFT || code === C.BIT_RSHIFT || code === C.BIT_ADD || code === C.BIT_SUBTRACT) {
    throw new CdtError(ResultCode.UNSUPPORTED_FEATURE, `bit op ${code} is not modelled by the mock`);
  }
  if (!SUPPORTED.has(code)) throw bad(`unknown bit op ${code}`);
  if (!allowModify) throw bad(`bit op ${code} writes: not allowed in a read`);
  const at = POLICY_AT[code] ?? 3;
  const flags = a[at] === undefined ? 0 : asInt(a[at], "bit policy flags");
  const noFail = (flags & C.BIT_WRITE_NO_FAIL) !== 0;
  const refuse = (e: CdtError): BitOutcome => {
    if (noFail) return { result: undefined, value: undefined };
    throw e;
  };
  if (blob !== undefined && (flags & C.BIT_WRITE_CREATE_ONLY) !== 0) {
    return refuse(new CdtError(ResultCode.BIN_EXISTS_ERROR, "bin exists (create-only)"));
  }
  if (blob === undefined) {
    if ((flags & C.BIT_WRITE_UPDATE_ONLY) !== 0 || (code !== C.BIT_RESIZE && code !== C.BIT_INSERT)) {
      return refuse(new CdtError(ResultCode.BIN_NOT_FOUND, "bit op on a missing bin"));
    }
  }
  try {
    return { result: undefined, value: modify(blob ?? new Uint8Array(0), code, a) };
  } catch (e) {
    if (e instanceof CdtError && e.code === ResultCode.OP_NOT_APPLICABLE) return refuse(e);
    throw e;
  }
}
