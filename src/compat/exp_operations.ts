/**
 * The official `exp.operations` (`read(bin, exp, flags)` / `write(bin, exp, flags)` for
 * `client.operate()`) and the `exp.expReadFlags` / `exp.expWriteFlags` they take.
 * @module
 */
import { exp as X } from "../../mod.ts";
import { type ExpArg, unwrap } from "./exp_base.ts";
import { Operation } from "./operation.ts";

/** Flags of `exp.operations.read`. */
export const expReadFlags = Object.freeze({ DEFAULT: 0, EVAL_NO_FAIL: 16 });
/** Flags of `exp.operations.write`. */
export const expWriteFlags = Object.freeze({
  DEFAULT: 0,
  CREATE_ONLY: 1,
  UPDATE_ONLY: 2,
  ALLOW_DELETE: 4,
  POLICY_NO_FAIL: 8,
  EVAL_NO_FAIL: 16,
});

/** An expression operation for `client.operate()` (`exp.operations.read/write`). */
export class ExpOperation extends Operation {
  /** The expression. */
  exp: ExpArg;
  /** `expReadFlags.*` / `expWriteFlags.*`. */
  flags: number;
  /** Use `exp.operations.read` or `exp.operations.write`. */
  constructor(op: "exp_read" | "exp_write", bin: string, e: ExpArg, flags: number | undefined) {
    const f = flags ?? 0;
    if (typeof f !== "number") throw new TypeError("expression operation flags must be a number");
    const where = op === "exp_read" ? "operations.read" : "operations.write";
    const expr = unwrap(e, where);
    super(
      op,
      bin,
      () => op === "exp_read" ? X.read(bin, expr, readOptions(f)) : X.write(bin, expr, writeOptions(f)),
    );
    this.exp = e;
    this.flags = f;
  }
}

function readOptions(f: number): X.ExpReadOptions {
  return (f & expReadFlags.EVAL_NO_FAIL) !== 0 ? { evalNoFail: true } : {};
}

function writeOptions(f: number): X.ExpWriteOptions {
  const o: X.ExpWriteOptions = {};
  if (f & expWriteFlags.CREATE_ONLY) o.createOnly = true;
  if (f & expWriteFlags.UPDATE_ONLY) o.updateOnly = true;
  if (f & expWriteFlags.ALLOW_DELETE) o.allowDelete = true;
  if (f & expWriteFlags.POLICY_NO_FAIL) o.policyNoFail = true;
  if (f & expWriteFlags.EVAL_NO_FAIL) o.evalNoFail = true;
  return o;
}

/** `exp.operations`: `read(bin, exp, flags)` returns the expression's value as `bin`; `write(bin, exp, flags)` stores it. */
export const operations: {
  ExpOperation: typeof ExpOperation;
  read(bin: string, exp: ExpArg, flags?: number): ExpOperation;
  write(bin: string, exp: ExpArg, flags?: number): ExpOperation;
} = Object.freeze({
  ExpOperation,
  read: (bin: string, e: ExpArg, flags?: number): ExpOperation => new ExpOperation("exp_read", bin, e, flags),
  write: (bin: string, e: ExpArg, flags?: number): ExpOperation =>
    new ExpOperation("exp_write", bin, e, flags),
});
