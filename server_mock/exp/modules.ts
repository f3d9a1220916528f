/**
 * Bit and HLL calls inside expressions (`[127, returnType, module, [op...], bin]` with module 1 or
 * 2): the call runs on the bin's bytes; a modify call yields the changed value, a read its result.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { PARTICLE_TYPE_BLOB, PARTICLE_TYPE_HLL } from "../../src/wire/particles.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { runBits } from "../cdt/bits.ts";
import { runHll } from "../cdt/hll.ts";
import { CdtError, type CdtValue, NIL } from "../cdt/value.ts";

/**
 * Runs a bit (module 1) or HLL (module 2) call on `target` (a blob or HLL value).
 * @example
 * ```ts
 * import { EXP_MODULE_BIT } from "../../src/wire/cdt_codes.ts";
 * import { type CdtValue, decodeCdt } from "../cdt/value.ts";
 * declare const blob: CdtValue;
 * binCall(EXP_MODULE_BIT, false, decodeCdt(new Uint8Array([0x93, 0x33, 0x00, 0x10])), blob); // the count of set bits
 * ```
 */
export function binCall(kind: number, modify: boolean, call: CdtValue, target: CdtValue): CdtValue {
  const isBits = kind === C.EXP_MODULE_BIT;
  if (!isBits && kind !== C.EXP_MODULE_HLL) {
    throw new CdtError(ResultCode.PARAMETER_ERROR, `unknown expression module ${kind}`);
  }
  const type = isBits ? PARTICLE_TYPE_BLOB : PARTICLE_TYPE_HLL;
  if (target.k !== "nil" && (target.k !== "bytes" || target.t !== type)) {
    throw new CdtError(
      ResultCode.BIN_TYPE_ERROR,
      `expression ${isBits ? "bit" : "HLL"} call on another type`,
    );
  }
  // A nil operand is an empty bin (which a modify call may create).
  const data = target.k === "bytes" ? target.v : undefined;
  const out = isBits ? runBits(data, call, modify) : runHll(data, call, modify);
  if (modify) {
    const v = out.value ?? data;
    return v === undefined ? NIL : { k: "bytes", t: type, v };
  }
  return out.result ?? NIL;
}
