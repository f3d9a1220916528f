/**
 * The flag arguments bit and HLL modify calls carry, shared by the operation builders
 * (`bits.*`, `hll.*`) and the expression builders (`exp.bit*`, `exp.hll*`) so both send the
 * same bits for the same options.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { BitMathOptions, BitPolicy } from "./bits.ts";
import type { HLLPolicy } from "./hll.ts";
import { checkOptions } from "../validate.ts";
import { BIT_POLICY, HLL_POLICY } from "../validate_shapes.ts";

/** `BIT_WRITE_*` flags of a bit policy (0 without one). */
export function bitPolicyFlags(p: BitPolicy | undefined): number {
  if (p === undefined) return 0;
  checkOptions(p, BIT_POLICY, "options.policy");
  return (p.createOnly ? C.BIT_WRITE_CREATE_ONLY : 0) | (p.updateOnly ? C.BIT_WRITE_UPDATE_ONLY : 0) |
    (p.noFail ? C.BIT_WRITE_NO_FAIL : 0) | (p.partial ? C.BIT_WRITE_PARTIAL : 0);
}

/** The `BIT_OVERFLOW_*` action plus `BIT_INT_FLAGS_SIGNED` of bit add/subtract. */
export function bitMathFlags(o: BitMathOptions | undefined): number {
  const overflow = o?.overflow ?? "fail";
  const action = overflow === "fail"
    ? C.BIT_OVERFLOW_FAIL
    : overflow === "saturate"
    ? C.BIT_OVERFLOW_SATURATE
    : overflow === "wrap"
    ? C.BIT_OVERFLOW_WRAP
    : undefined;
  if (action === undefined) throw new TypeError(`overflow must be "fail", "saturate" or "wrap"`);
  return action | (o?.signed ? C.BIT_INT_FLAGS_SIGNED : 0);
}

/** `HLL_WRITE_*` flags of an HLL policy (0 without one). */
export function hllPolicyFlags(p: HLLPolicy | undefined): number {
  if (p === undefined) return 0;
  checkOptions(p, HLL_POLICY, "options.policy");
  return (p.createOnly ? C.HLL_WRITE_CREATE_ONLY : 0) | (p.updateOnly ? C.HLL_WRITE_UPDATE_ONLY : 0) |
    (p.noFail ? C.HLL_WRITE_NO_FAIL : 0) | (p.allowFold ? C.HLL_WRITE_ALLOW_FOLD : 0);
}
