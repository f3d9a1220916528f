/**
 * Operations beyond the scalar ones: CDT list/map calls (OP_CDT_READ 3 / OP_CDT_MODIFY 4),
 * bitwise (12/13), HyperLogLog (15/16) and expression reads/writes (7/8). Each runs on the bins
 * of the record being read or built and yields its reply op (or nothing), or a result code.
 * @module
 */
import {
  type Op,
  OP_BIT_MODIFY,
  OP_BIT_READ,
  OP_CDT_MODIFY,
  OP_CDT_READ,
  OP_EXP_MODIFY,
  OP_EXP_READ,
  OP_HLL_MODIFY,
  OP_HLL_READ,
} from "../../src/wire/operations.ts";
import * as C from "../../src/wire/cdt_codes.ts";
import { PARTICLE_TYPE_BLOB, PARTICLE_TYPE_HLL } from "../../src/wire/particles.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { runBits } from "../cdt/bits.ts";
import { parseCall, runCall } from "../cdt/context.ts";
import { isPathCall, runPath } from "../cdt/path.ts";
import { checkPathCall, pathEvalFor } from "../exp/eval.ts";
import { runHll } from "../cdt/hll.ts";
import { binValue, expectBin, toParticle } from "../cdt/particle.ts";
import { CdtError, type CdtValue, decodeCdt } from "../cdt/value.ts";
import { evaluate, type ExpRecord, UNKNOWN } from "../exp/eval.ts";
import { buildType } from "../exp/build.ts";
import { removeBin, type StoredBin } from "../store.ts";

/** What an expression sees of the record besides its bins. */
export type RecordMeta = Omit<ExpRecord, "bins">;

const READ_OPS = new Set([OP_CDT_READ, OP_EXP_READ, OP_BIT_READ, OP_HLL_READ]);
const ALL_OPS = new Set([...READ_OPS, OP_CDT_MODIFY, OP_EXP_MODIFY, OP_BIT_MODIFY, OP_HLL_MODIFY]);

/** Whether an op is one of the complex kinds handled here. */
export function isComplexOp(op: number): boolean {
  return ALL_OPS.has(op);
}

/** Whether a complex op only reads. */
export function isComplexRead(op: number): boolean {
  return READ_OPS.has(op);
}

/** The reply op carrying a value (undefined for no value). */
export function resultOp(op: Op, v: CdtValue | undefined): Op | undefined {
  if (v === undefined) return undefined;
  const p = toParticle(v);
  return { op: op.op, particleType: p.type, name: op.name, data: p.data };
}

function cdt(bins: Map<string, StoredBin>, op: Op): Op | undefined {
  const modify = op.op === OP_CDT_MODIFY;
  const payload = decodeCdt(op.data);
  if (isPathCall(payload)) {
    checkPathCall(payload);
    // Path filters see the bins (record metadata reads as an empty record's).
    const env = pathEvalFor({
      bins,
      digest: new Uint8Array(20),
      set: "",
      voidTime: 0,
      lastUpdateMs: 0,
      nowMs: Date.now(),
      now: 0,
    });
    const bin = bins.get(op.name);
    const { result, value } = runPath(bin === undefined ? undefined : binValue(bin), payload, modify, env);
    if (modify && value !== undefined) bins.set(op.name, toParticle(value));
    return resultOp(op, result);
  }
  const call = parseCall(payload);
  const bin = bins.get(op.name);
  const { result, value } = runCall(bin === undefined ? undefined : binValue(bin), call, modify);
  if (modify && value !== undefined) bins.set(op.name, toParticle(value));
  // A nil result leaves the node's result bin unused: it is no result at all.
  return resultOp(op, result?.k === "nil" ? undefined : result);
}

function bytesOp(bins: Map<string, StoredBin>, op: Op, hll: boolean): Op | undefined {
  const type = hll ? PARTICLE_TYPE_HLL : PARTICLE_TYPE_BLOB;
  const payload = decodeCdt(op.data);
  const modify = op.op === OP_BIT_MODIFY || op.op === OP_HLL_MODIFY;
  // A node checks an HLL bin's type before parsing the op, a blob's only after (bits.ts).
  const stored = bins.get(op.name);
  const wrong = stored !== undefined && stored.type !== type;
  const bin = hll ? expectBin(stored, type, "HLL") : wrong ? undefined : stored;
  const { result, value } = hll
    ? runHll(bin?.data, payload, modify)
    : runBits(bin?.data, payload, modify, wrong);
  if (value !== undefined) bins.set(op.name, { type, data: value });
  return resultOp(op, result);
}

const EXP_READ_FLAGS = C.EXP_READ_EVAL_NO_FAIL;
const EXP_WRITE_FLAGS = C.EXP_WRITE_CREATE_ONLY | C.EXP_WRITE_UPDATE_ONLY | C.EXP_WRITE_ALLOW_DELETE |
  C.EXP_WRITE_POLICY_NO_FAIL | C.EXP_WRITE_EVAL_NO_FAIL;

/**
 * `exp.read` / `exp.write`, in the server's order: flags and the expression's build pass first
 * (PARAMETER_ERROR), then a write's create-only / update-only checks (before evaluating), then
 * the value: "unknown" answers OP_NOT_APPLICABLE unless EVAL_NO_FAIL. A nil result removes the
 * bin only with ALLOW_DELETE; without it, removing a live bin is refused (26) when no flag at all
 * was sent and silently skipped when any flag was (the server tests `flags && POLICY_NO_FAIL`).
 */
function expOp(bins: Map<string, StoredBin>, op: Op, meta: RecordMeta): Op | undefined {
  const payload = decodeCdt(op.data);
  if (payload.k !== "list" || payload.items.length < 1 || payload.items.length > 2) {
    throw new CdtError(ResultCode.PARAMETER_ERROR, "an expression op is [exp, flags]");
  }
  const f = payload.items[1];
  const flags = f?.k === "int" && f.v >= 0n ? Number(BigInt.asUintN(32, f.v)) : 0;
  const read = op.op === OP_EXP_READ;
  if (f?.k === "int" && f.v >= 0n && (f.v & ~BigInt(read ? EXP_READ_FLAGS : EXP_WRITE_FLAGS)) !== 0n) {
    throw new CdtError(ResultCode.PARAMETER_ERROR, "invalid expression op flags");
  }
  const e = payload.items[0];
  buildType(e);
  const evalNoFail = (flags & C.EXP_READ_EVAL_NO_FAIL) !== 0;
  if (read) {
    const v = evaluate(e, { ...meta, bins });
    if (v !== UNKNOWN) return resultOp(op, v);
    if (evalNoFail) return undefined;
    throw new CdtError(ResultCode.OP_NOT_APPLICABLE, "expression result is unknown (missing bin or type)");
  }
  const noFail = (flags & C.EXP_WRITE_POLICY_NO_FAIL) !== 0;
  const live = bins.has(op.name);
  if (live && (flags & C.EXP_WRITE_CREATE_ONLY) !== 0) {
    if (noFail) return undefined;
    throw new CdtError(ResultCode.BIN_EXISTS_ERROR, "bin exists");
  }
  if (!live && (flags & C.EXP_WRITE_UPDATE_ONLY) !== 0) {
    if (noFail) return undefined;
    throw new CdtError(ResultCode.BIN_NOT_FOUND, "bin missing");
  }
  const v = evaluate(e, { ...meta, bins });
  if (v === UNKNOWN) {
    if (evalNoFail) return undefined;
    throw new CdtError(ResultCode.OP_NOT_APPLICABLE, "expression result is unknown (missing bin or type)");
  }
  if (v.k === "nil") {
    if ((flags & C.EXP_WRITE_ALLOW_DELETE) === 0 && live) {
      if (flags !== 0) return undefined;
      throw new CdtError(ResultCode.OP_NOT_APPLICABLE, "a nil result needs allow-delete");
    }
    removeBin(bins, op.name);
    return undefined;
  }
  if (v.k === "wild" || v.k === "inf") throw new CdtError(ResultCode.OP_NOT_APPLICABLE, "not a bin value");
  bins.set(op.name, toParticle(v));
  return undefined;
}

/**
 * Runs one complex op on `bins` (changed in place by modify ops). Returns the reply op, undefined
 * when the op has no result, or a result code for a refused op (never throws for bad payloads).
 * @example
 * ```ts
 * import { OP_CDT_READ } from "../../src/wire/operations.ts";
 * import type { StoredBin } from "../store.ts";
 * declare const bins: Map<string, StoredBin>, meta: Parameters<typeof runComplexOp>[2];
 * const r = runComplexOp(bins, { op: OP_CDT_READ, particleType: 4, name: "l", data: new Uint8Array([0x91, 0x10]) }, meta);
 * ```
 */
export function runComplexOp(
  bins: Map<string, StoredBin>,
  op: Op,
  meta: RecordMeta,
): Op | undefined | number {
  try {
    switch (op.op) {
      case OP_CDT_READ:
      case OP_CDT_MODIFY:
        return cdt(bins, op);
      case OP_BIT_READ:
      case OP_BIT_MODIFY:
        return bytesOp(bins, op, false);
      case OP_HLL_READ:
      case OP_HLL_MODIFY:
        return bytesOp(bins, op, true);
      case OP_EXP_READ:
      case OP_EXP_MODIFY:
        return expOp(bins, op, meta);
      default:
        return ResultCode.UNSUPPORTED_FEATURE;
    }
  } catch (e) {
    if (e instanceof CdtError) return e.code;
    // Anything else is a malformed payload the checks above did not foresee: refuse, never crash.
    return ResultCode.PARAMETER_ERROR;
  }
}
