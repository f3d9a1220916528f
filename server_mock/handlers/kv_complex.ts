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
import { ResultCode } from "../../src/wire/result_code.ts";
import { parseCall, runCall } from "../cdt/context.ts";
import { binValue, toParticle } from "../cdt/particle.ts";
import { CdtError, type CdtValue, decodeCdt } from "../cdt/value.ts";
import type { StoredBin } from "../store.ts";

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
  const call = parseCall(decodeCdt(op.data));
  const bin = bins.get(op.name);
  const { result, value } = runCall(bin === undefined ? undefined : binValue(bin), call, modify);
  if (modify && value !== undefined) bins.set(op.name, toParticle(value));
  return resultOp(op, result);
}

/**
 * Runs one complex op on `bins` (changed in place by modify ops). Returns the reply op, undefined
 * when the op has no result, or a result code for a refused op (never throws for bad payloads).
 * @example
 * ```ts
 * const r = runComplexOp(bins, { op: OP_CDT_READ, particleType: 4, name: "l", data: hex("9110") });
 * ```
 */
export function runComplexOp(bins: Map<string, StoredBin>, op: Op): Op | undefined | number {
  try {
    switch (op.op) {
      case OP_CDT_READ:
      case OP_CDT_MODIFY:
        return cdt(bins, op);
      default:
        return ResultCode.UNSUPPORTED_FEATURE;
    }
  } catch (e) {
    if (e instanceof CdtError) return e.code;
    // Anything else is a malformed payload the checks above did not foresee: refuse, never crash.
    return ResultCode.PARAMETER_ERROR;
  }
}
