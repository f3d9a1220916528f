/**
 * HyperLogLog operations on an HLL bin (`[opCode, ...args]` of OP_HLL_READ/OP_HLL_MODIFY): init,
 * add, set-union, refresh-count, fold, get-count, get-union, union-count, intersect-count,
 * similarity, describe and may-contain, on the node's own particle layout (`hll_sketch.ts`) with
 * its estimates (`hll_estimate.ts`) and result codes (aerospike-server `particle_hll.c`):
 * - malformed arguments, bit counts out of range, a flag the op does not take, an HLL argument
 *   that is not a well-formed HLL: PARAMETER_ERROR (4);
 * - create (init/add) without index bits, set-union that would shrink the bin's bit counts
 *   without ALLOW_FOLD, fold of an HLL with minhash bits or to more index bits, intersect or
 *   similarity of more than two HLLs whose minhash bits differ: OP_NOT_APPLICABLE (26);
 * - create-only on an existing bin: BIN_EXISTS_ERROR (6) (a no-op with NO_FAIL); update-only,
 *   refresh-count or fold on a missing bin: BIN_NOT_FOUND (17);
 * - a bin that holds a malformed HLL: SERVER_ERROR (1, the node's AS_ERR_UNKNOWN). Reads of a missing bin answer nothing.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { PARTICLE_TYPE_HLL } from "../../src/wire/particles.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { CdtError, type CdtValue, int } from "./value.ts";
import { compactElement } from "./hll_element.ts";
import * as E from "./hll_estimate.ts";
import * as S from "./hll_sketch.ts";

/** What an HLL op produced: its result and, for modify ops, the new bytes. */
export interface HllOutcome {
  /** Result value (undefined for none). */
  result: CdtValue | undefined;
  /** The new bytes (undefined when unchanged). */
  value: Uint8Array | undefined;
}

const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);
const na = (msg: string): CdtError => new CdtError(ResultCode.OP_NOT_APPLICABLE, msg);
const NONE: HllOutcome = { result: undefined, value: undefined };
/** "Not given" index or minhash bits (-1 on the wire). */
const UNSET = -1;

/** A parsed op (the node's `hll_op`). */
interface HllOp {
  index: number;
  minhash: number;
  flags: number;
  elements: Uint8Array[];
  hlls: Uint8Array[];
}
type Parser = (op: HllOp, v: CdtValue) => void;

function integer(v: CdtValue, what: string): bigint {
  if (v.k !== "int") throw bad(`${what} must be an integer`);
  return v.v;
}

const indexBits: Parser = (op, v) => {
  const n = integer(v, "index bits");
  if (n !== -1n && !S.validIndexBits(Number(n))) throw bad(`index bits ${n} out of range`);
  op.index = Number(n);
};
const minhashBits: Parser = (op, v) => {
  const n = integer(v, "minhash bits");
  if (n === -1n) return void (op.minhash = UNSET);
  if (!S.validMinhashBits(Number(n))) throw bad(`minhash bits ${n} out of range`);
  if (op.index !== UNSET && !S.validBits(op.index, Number(n))) throw bad("index + minhash bits over 64");
  op.minhash = Number(n);
};
function flagsWith(allowed: number): Parser {
  return (op, v) => {
    const f = BigInt.asUintN(64, integer(v, "HLL policy flags"));
    if ((f & ~BigInt(allowed)) !== 0n) throw bad(`flags 0x${f.toString(16)} not allowed here`);
    op.flags = Number(f);
    const both = C.HLL_WRITE_CREATE_ONLY | C.HLL_WRITE_UPDATE_ONLY;
    if ((op.flags & both) === both) throw bad("create-only and update-only");
  };
}
const elements: Parser = (op, v) => {
  if (v.k !== "list" || v.items.length === 0) throw bad("HLL elements must be a non-empty list");
  for (const e of v.items) {
    if (e.k === "list" || e.k === "map") throw bad("HLL elements may not be lists or maps");
    op.elements.push(compactElement(e));
  }
};
/** HLL arguments: a list of HLLs, or one HLL on its own. */
const hlls: Parser = (op, v) => {
  const items = v.k === "list" ? v.items : [v];
  if (items.length === 0) throw bad("no HLLs given");
  for (const h of items) {
    if (h.k !== "bytes" || !S.isHll(h.v)) throw bad("not a well-formed HLL");
    op.hlls.push(h.v);
  }
};
/** More than two HLLs (besides the bin) need equal, non-zero minhash bits. */
const hllsIntersect: Parser = (op, v) => {
  hlls(op, v);
  if (op.hlls.length <= 2) return;
  const mh = op.hlls[0][2];
  if (mh === 0 || op.hlls.some((h) => h[2] !== mh)) throw bad("more than 2 HLLs need equal minhash bits");
};

const W = C.HLL_WRITE_CREATE_ONLY | C.HLL_WRITE_UPDATE_ONLY | C.HLL_WRITE_NO_FAIL;
/** Parsers in order and the fewest arguments, per op (the node's op tables). */
const MODIFY: Record<number, [number, Parser[]]> = {
  [C.HLL_INIT]: [0, [indexBits, minhashBits, flagsWith(W)]],
  [C.HLL_ADD]: [1, [
    elements,
    indexBits,
    minhashBits,
    flagsWith(C.HLL_WRITE_CREATE_ONLY | C.HLL_WRITE_NO_FAIL),
  ]],
  [C.HLL_SET_UNION]: [1, [hlls, flagsWith(W | C.HLL_WRITE_ALLOW_FOLD)]],
  [C.HLL_SET_COUNT]: [0, []],
  [C.HLL_FOLD]: [1, [indexBits]],
};
const READ: Record<number, [number, Parser[]]> = {
  [C.HLL_COUNT]: [0, []],
  [C.HLL_UNION]: [1, [hlls]],
  [C.HLL_UNION_COUNT]: [1, [hlls]],
  [C.HLL_INTERSECT_COUNT]: [1, [hllsIntersect]],
  [C.HLL_SIMILARITY]: [1, [hllsIntersect]],
  [C.HLL_DESCRIBE]: [0, []],
  [C.HLL_MAY_CONTAIN]: [1, [elements]],
};

function parse(table: Record<number, [number, Parser[]]>, code: number, args: CdtValue[]): HllOp {
  const d = table[code];
  if (d === undefined) throw bad(`HLL op ${code} is not valid here`);
  if (args.length < d[0] || args.length > d[1].length) throw bad(`HLL op ${code}: wrong argument count`);
  const op: HllOp = { index: UNSET, minhash: UNSET, flags: 0, elements: [], hlls: [] };
  args.forEach((a, i) => d[1][i](op, a));
  return op;
}

function read(h: Uint8Array, code: number, op: HllOp): CdtValue {
  const all = [...op.hlls, h];
  switch (code) {
    case C.HLL_COUNT:
      return int(E.estimate(h));
    case C.HLL_UNION:
      return { k: "bytes", t: PARTICLE_TYPE_HLL, v: S.unionOf(all) };
    case C.HLL_UNION_COUNT:
      return int(E.unionCount(all));
    case C.HLL_INTERSECT_COUNT:
    case C.HLL_SIMILARITY:
      if (op.hlls.length > 2 && (h[2] === 0 || h[2] !== op.hlls[0][2])) {
        throw na("more than 2 HLLs with the bin need equal minhash bits");
      }
      return code === C.HLL_SIMILARITY ? { k: "float", v: E.similarity(all) } : int(E.intersectCount(all));
    case C.HLL_DESCRIBE:
      return { k: "list", items: [int(h[1]), int(h[2])], flags: 0 };
    default:
      return int(op.elements.every((e) => S.mayContain(h, e)) ? 1 : 0);
  }
}

/** The bit counts a set-union leaves the bin with (`hll_modify_prepare_union_op`). */
function unionBits(h: Uint8Array | undefined, op: HllOp): [number, number] {
  const [index, minhash] = S.template(op.hlls);
  if (h === undefined) return [index, minhash];
  if ((op.flags & C.HLL_WRITE_ALLOW_FOLD) !== 0) {
    return [Math.min(h[1], index), h[2] !== minhash ? 0 : minhash];
  }
  if (h[1] > index) throw na("set-union would reduce the index bits (no ALLOW_FOLD)");
  if (h[2] !== 0 && h[2] !== minhash) throw na("set-union would drop the minhash bits (no ALLOW_FOLD)");
  return [h[1], h[2]];
}

function modify(h: Uint8Array | undefined, code: number, op: HllOp): HllOutcome {
  switch (code) {
    case C.HLL_INIT:
    case C.HLL_ADD: {
      let index = op.index;
      let minhash = op.minhash;
      if (h === undefined) {
        if (index === UNSET) throw na("creating an HLL needs index bits");
        if (minhash === UNSET) minhash = 0;
      } else if (code === C.HLL_ADD) [index, minhash] = [h[1], h[2]];
      else {
        if (index === UNSET) index = h[1];
        if (minhash === UNSET) minhash = h[2];
        if (!S.validBits(index, minhash)) throw na(`init to (${index}, ${minhash}) bits`);
      }
      if (code === C.HLL_INIT) return { result: undefined, value: S.newHll(index, minhash) };
      const out = h === undefined ? S.newHll(index, minhash) : h.slice();
      let added = 0;
      for (const e of op.elements) if (S.addElement(out, e)) added++;
      return { result: int(added), value: out };
    }
    case C.HLL_SET_UNION: {
      unionBits(h, op);
      return { result: undefined, value: S.unionOf(h === undefined ? op.hlls : [...op.hlls, h]) };
    }
  }
  if (h === undefined) throw new CdtError(ResultCode.BIN_NOT_FOUND, `HLL op ${code} on a missing bin`);
  if (code === C.HLL_SET_COUNT) {
    const out = h.slice();
    S.setCache(out, E.estimate(out));
    return { result: int(S.getCache(out)), value: out };
  }
  // fold (-1 index bits is 255 to a node: always more than the bin has)
  const to = op.index === UNSET ? 255 : op.index;
  if (h[2] > 0) throw na("cannot fold an HLL with minhash bits");
  if (h[1] < to) throw na(`cannot fold ${h[1]} index bits to ${to}`);
  if (h[1] === to) return { result: undefined, value: h.slice() };
  const out = S.newHll(to, 0);
  S.unionInto(out, h);
  return { result: undefined, value: out };
}

/**
 * Runs one HLL op on `h` (undefined: the bin is missing).
 * @example
 * ```ts
 * import { decodeCdt } from "./value.ts";
 * runHll(undefined, decodeCdt(new Uint8Array([0x94, 0x00, 0x0a, 0xff, 0x00])), true).value; // a new empty HLL, 10 index bits
 * ```
 */
export function runHll(h: Uint8Array | undefined, payload: CdtValue, allowModify: boolean): HllOutcome {
  if (payload.k !== "list" || payload.items.length === 0) throw bad("an HLL op is a msgpack array");
  const first = payload.items[0];
  const code = Number(BigInt.asUintN(64, integer(first, "HLL op code")));
  const args = payload.items.slice(1);
  if (h !== undefined && !S.isHll(h)) {
    throw new CdtError(ResultCode.SERVER_ERROR, "the bin holds a malformed HLL");
  }
  if (!allowModify) {
    if (h === undefined) return NONE;
    return { result: read(h, code, parse(READ, code, args)), value: undefined };
  }
  const op = parse(MODIFY, code, args);
  const noFail = (op.flags & C.HLL_WRITE_NO_FAIL) !== 0;
  if (h !== undefined && (op.flags & C.HLL_WRITE_CREATE_ONLY) !== 0) {
    if (noFail) return NONE;
    throw new CdtError(ResultCode.BIN_EXISTS_ERROR, "bin exists (create-only)");
  }
  if (h === undefined && (op.flags & C.HLL_WRITE_UPDATE_ONLY) !== 0) {
    if (noFail) return NONE;
    throw new CdtError(ResultCode.BIN_NOT_FOUND, "bin missing (update-only)");
  }
  return modify(h, code, op);
}
