/**
 * HyperLogLog operations on an HLL bin (`[opCode, ...args]` of OP_HLL_READ/OP_HLL_MODIFY): init,
 * add, refresh-count, get-count, union-count, describe. The mock's HLL bytes are its own layout,
 * not the server's (clients treat them as opaque): index bits, minhash bits, then one byte per
 * register holding the longest run of leading zeros + 1. Counts use the HyperLogLog estimate with
 * linear counting below 2.5 × registers, which is exact in practice for small sets. Set-union,
 * fold, union, intersect-count and similarity answer UNSUPPORTED_FEATURE (16).
 * @module
 */
import { createHash } from "node:crypto";
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { asInt, CdtError, type CdtValue, encodeCdt, int } from "./value.ts";

/** What an HLL op produced: its result and, for modify ops, the new bytes. */
export interface HllOutcome {
  /** Result value (undefined for none). */
  result: CdtValue | undefined;
  /** The new bytes (undefined when unchanged). */
  value: Uint8Array | undefined;
}

const MIN_INDEX_BITS = 4;
const MAX_INDEX_BITS = 16;
const MAX_MINHASH_BITS = 51;
const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);

function create(indexBits: number, minhashBits: number): Uint8Array {
  if (indexBits < MIN_INDEX_BITS || indexBits > MAX_INDEX_BITS) {
    throw bad(`index bits ${indexBits} out of range`);
  }
  if (minhashBits < 0 || minhashBits > MAX_MINHASH_BITS) {
    throw bad(`minhash bits ${minhashBits} out of range`);
  }
  const out = new Uint8Array(2 + (1 << indexBits));
  out[0] = indexBits;
  out[1] = minhashBits;
  return out;
}

function check(h: Uint8Array): void {
  if (h.length < 2 || h[0] < MIN_INDEX_BITS || h[0] > MAX_INDEX_BITS || h.length !== 2 + (1 << h[0])) {
    throw bad("not an HLL made by this mock");
  }
}

/** Adds one element; true when a register changed. */
function addElement(h: Uint8Array, element: CdtValue): boolean {
  const digest = createHash("sha256").update(encodeCdt(element)).digest();
  const hash = new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0);
  const p = h[0];
  const index = Number(hash >> BigInt(64 - p));
  const rest = BigInt.asUintN(64 - p, hash);
  let rank = 1;
  for (let bit = 63 - p; bit >= 0 && ((rest >> BigInt(bit)) & 1n) === 0n; bit--) rank++;
  if (h[2 + index] >= rank) return false;
  h[2 + index] = rank;
  return true;
}

/** The estimated number of distinct elements. */
export function hllCount(h: Uint8Array): number {
  check(h);
  const m = 1 << h[0];
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    sum += 2 ** -h[2 + i];
    if (h[2 + i] === 0) zeros++;
  }
  const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
  const raw = (alpha * m * m) / sum;
  if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
  return Math.round(raw);
}

function union(hs: Uint8Array[]): Uint8Array {
  const out = hs[0].slice();
  for (const h of hs.slice(1)) {
    check(h);
    if (h[0] !== out[0]) throw new CdtError(ResultCode.OP_NOT_APPLICABLE, "HLLs of different index bits");
    for (let i = 2; i < out.length; i++) out[i] = Math.max(out[i], h[i]);
  }
  return out;
}

function hllList(v: CdtValue | undefined): Uint8Array[] {
  if (v?.k !== "list") throw bad("expected a list of HLLs");
  return v.items.map((x) => {
    if (x.k !== "bytes") throw bad("expected an HLL");
    check(x.v);
    return x.v;
  });
}

const optBits = (v: CdtValue | undefined): number => (v === undefined ? -1 : asInt(v, "bit count"));

/**
 * Runs one HLL op on `h` (undefined: the bin is missing).
 * @example
 * ```ts
 * runHll(undefined, decodeCdt(hex("94000aff00")), true).value; // a new empty HLL, 10 index bits
 * ```
 */
export function runHll(h: Uint8Array | undefined, payload: CdtValue, allowModify: boolean): HllOutcome {
  if (payload.k !== "list" || payload.items.length === 0) throw bad("an HLL op is a msgpack array");
  const code = asInt(payload.items[0], "HLL op code");
  const a = payload.items.slice(1);
  const none = { result: undefined, value: undefined };
  switch (code) {
    case C.HLL_COUNT:
      return h === undefined ? none : { result: int(hllCount(h)), value: undefined };
    case C.HLL_UNION_COUNT:
      return h === undefined
        ? none
        : { result: int(hllCount(union([h, ...hllList(a[0])]))), value: undefined };
    case C.HLL_DESCRIBE:
      if (h === undefined) return none;
      check(h);
      return { result: { k: "list", items: [int(h[0]), int(h[1])], flags: 0 }, value: undefined };
  }
  if (code !== C.HLL_INIT && code !== C.HLL_ADD && code !== C.HLL_SET_COUNT) {
    if ([C.HLL_SET_UNION, C.HLL_FOLD, C.HLL_UNION, C.HLL_INTERSECT_COUNT, C.HLL_SIMILARITY].includes(code)) {
      throw new CdtError(ResultCode.UNSUPPORTED_FEATURE, `HLL op ${code} is not modelled by the mock`);
    }
    throw bad(`unknown HLL op ${code}`);
  }
  if (!allowModify) throw bad(`HLL op ${code} writes: not allowed in a read`);
  if (code === C.HLL_SET_COUNT) {
    return h === undefined ? none : { result: int(hllCount(h)), value: undefined };
  }
  const flagsAt = code === C.HLL_INIT ? 2 : 3;
  const flags = a[flagsAt] === undefined ? 0 : asInt(a[flagsAt], "HLL flags");
  const noFail = (flags & C.HLL_WRITE_NO_FAIL) !== 0;
  const refuse = (c: number, msg: string): HllOutcome => {
    if (noFail) return none;
    throw new CdtError(c, msg);
  };
  if (h !== undefined && (flags & C.HLL_WRITE_CREATE_ONLY) !== 0) {
    return refuse(ResultCode.BIN_EXISTS_ERROR, "bin exists (create-only)");
  }
  if (h === undefined && (flags & C.HLL_WRITE_UPDATE_ONLY) !== 0) {
    return refuse(ResultCode.BIN_NOT_FOUND, "bin missing (update-only)");
  }
  const [ib, mb] = code === C.HLL_INIT ? [optBits(a[0]), optBits(a[1])] : [optBits(a[1]), optBits(a[2])];
  if (code === C.HLL_INIT) return { result: undefined, value: create(ib, Math.max(0, mb)) };
  if (a[0]?.k !== "list") throw bad("HLL add needs a list");
  if (h === undefined && ib < 0) throw bad("HLL add to a missing bin needs index bits");
  const out = h === undefined ? create(ib, Math.max(0, mb)) : h.slice();
  check(out);
  let changed = 0;
  for (const element of a[0].items) if (addElement(out, element)) changed++;
  return { result: int(changed), value: out };
}
