/**
 * The official `exp.bit` module: blob (bitwise) read and modify expressions with the official
 * argument orders (size before offset: `count(bin, bitSize, bitOffset)`), on aerolite's `exp.bit*`
 * builders. Policies are `{ writeFlags }` (`bitwise.writeFlags.*`; the official `flags` is read too).
 * @module
 */
import { type BitMathOptions, type BitPolicy, exp as X, type Expression } from "../../mod.ts";
import { type AerospikeExp, type ExpArg, unwrap, wrap } from "./exp_base.ts";
import { bitOverflow, bitResizeFlags } from "./constants.ts";
import { bitPolicy as pol } from "./cdt_policies.ts";

const u = (x: unknown): Expression => unwrap(x, "bit");

function policyOpts(p: unknown): { policy?: BitPolicy } {
  if (p === undefined || p === null) return {};
  const o = p as { writeFlags?: number; flags?: number };
  const aero = pol({ writeFlags: o.writeFlags ?? o.flags ?? 0 });
  return aero ? { policy: aero } : {};
}

function flagsOf(n: unknown, what: string): number {
  const f = n ?? 0;
  if (typeof f !== "number") throw new TypeError(`exp.bit: ${what} must be a number`);
  return f;
}

/** The blob resized to `byteSize` bytes (`flags`: `bitwise.resizeFlags.*`). */
export function reSize(bin: ExpArg, flags: number, byteSize: ExpArg, policy: unknown = null): AerospikeExp {
  const f = flagsOf(flags, "resize flags");
  return wrap(X.bitResize(u(bin), u(byteSize), {
    ...policyOpts(policy),
    fromFront: (f & bitResizeFlags.FROM_FRONT) !== 0,
    growOnly: (f & bitResizeFlags.GROW_ONLY) !== 0,
    shrinkOnly: (f & bitResizeFlags.SHRINK_ONLY) !== 0,
  }));
}

/** The blob with the bytes `value` inserted at `byteOffset`. */
export const insert = (
  bin: ExpArg,
  value: ExpArg,
  byteOffset: ExpArg,
  policy: unknown = null,
): AerospikeExp => wrap(X.bitInsert(u(bin), u(byteOffset), u(value), policyOpts(policy)));

/** The blob without `byteSize` bytes from `byteOffset`. */
export const remove = (
  bin: ExpArg,
  byteSize: ExpArg,
  byteOffset: ExpArg,
  policy: unknown = null,
): AerospikeExp => wrap(X.bitRemove(u(bin), u(byteOffset), u(byteSize), policyOpts(policy)));

type Ranged = (
  bin: ExpArg,
  value: ExpArg,
  bitSize: ExpArg,
  bitOffset: ExpArg,
  policy?: unknown,
) => AerospikeExp;
const ranged = (f: typeof X.bitSet): Ranged => (bin, value, bitSize, bitOffset, policy = null) =>
  wrap(f(u(bin), u(bitOffset), u(bitSize), u(value), policyOpts(policy)));

/** The blob with `bitSize` bits from `bitOffset` set to `value`. */
export const set: Ranged = ranged(X.bitSet);
/** The blob with `bitSize` bits from `bitOffset` or-ed with `value`. */
export const or: Ranged = ranged(X.bitOr);
/** The blob with `bitSize` bits from `bitOffset` xor-ed with `value`. */
export const xor: Ranged = ranged(X.bitXor);
/** The blob with `bitSize` bits from `bitOffset` and-ed with `value`. */
export const and: Ranged = ranged(X.bitAnd);
/** The blob with `bitSize` bits from `bitOffset` set to the integer `value`. */
export const setInt: Ranged = ranged(X.bitSetInt);

/** The blob with `bitSize` bits from `bitOffset` negated. */
export const not = (bin: ExpArg, bitSize: ExpArg, bitOffset: ExpArg, policy: unknown = null): AerospikeExp =>
  wrap(X.bitNot(u(bin), u(bitOffset), u(bitSize), policyOpts(policy)));

/** The blob with `bitSize` bits from `bitOffset` shifted left by `shift`. */
export const lShift = (
  bin: ExpArg,
  shift: ExpArg,
  bitSize: ExpArg,
  bitOffset: ExpArg,
  policy: unknown = null,
): AerospikeExp => wrap(X.bitLshift(u(bin), u(bitOffset), u(bitSize), u(shift), policyOpts(policy)));

/** The blob with `bitSize` bits from `bitOffset` shifted right by `shift`. */
export const rShift = (
  bin: ExpArg,
  shift: ExpArg,
  bitSize: ExpArg,
  bitOffset: ExpArg,
  policy: unknown = null,
): AerospikeExp => wrap(X.bitRshift(u(bin), u(bitOffset), u(bitSize), u(shift), policyOpts(policy)));

function mathOpts(action: unknown, policy: unknown): BitMathOptions {
  const a = flagsOf(action, "action");
  const over = a & ~1;
  const overflow = over === bitOverflow.SATURATE ? "saturate" : over === bitOverflow.WRAP ? "wrap" : "fail";
  if (over !== bitOverflow.FAIL && overflow === "fail") {
    throw new TypeError(`exp.bit: invalid overflow action ${a}`);
  }
  return { ...policyOpts(policy), signed: (a & 1) !== 0, overflow };
}

/** The blob with the integer of `bitSize` bits at `bitOffset` plus `value` (`action`: `bitwise.overflow.*`). */
export const add = (
  bin: ExpArg,
  action: number,
  value: ExpArg,
  bitSize: ExpArg,
  bitOffset: ExpArg,
  policy: unknown = null,
): AerospikeExp => wrap(X.bitAdd(u(bin), u(bitOffset), u(bitSize), u(value), mathOpts(action, policy)));

/** The blob with the integer of `bitSize` bits at `bitOffset` minus `value` (`action`: `bitwise.overflow.*`). */
export const subtract = (
  bin: ExpArg,
  action: number,
  value: ExpArg,
  bitSize: ExpArg,
  bitOffset: ExpArg,
  policy: unknown = null,
): AerospikeExp => wrap(X.bitSubtract(u(bin), u(bitOffset), u(bitSize), u(value), mathOpts(action, policy)));

/** `bitSize` bits from `bitOffset`, as a blob. */
export const get = (bin: ExpArg, bitSize: ExpArg, bitOffset: ExpArg): AerospikeExp =>
  wrap(X.bitGet(u(bin), u(bitOffset), u(bitSize)));

/** The number of set bits among `bitSize` bits from `bitOffset`. */
export const count = (bin: ExpArg, bitSize: ExpArg, bitOffset: ExpArg): AerospikeExp =>
  wrap(X.bitCount(u(bin), u(bitOffset), u(bitSize)));

/** Position of the first bit equal to `value` (a bool expression) from the left. */
export const lScan = (bin: ExpArg, value: ExpArg, bitSize: ExpArg, bitOffset: ExpArg): AerospikeExp =>
  wrap(X.bitLscan(u(bin), u(bitOffset), u(bitSize), u(value)));

/** Position of the first bit equal to `value` (a bool expression) from the right. */
export const rScan = (bin: ExpArg, value: ExpArg, bitSize: ExpArg, bitOffset: ExpArg): AerospikeExp =>
  wrap(X.bitRscan(u(bin), u(bitOffset), u(bitSize), u(value)));

/** The integer of `bitSize` bits at `bitOffset` (signed when `sign` is true). */
export const getInt = (bin: ExpArg, sign: boolean, bitSize: ExpArg, bitOffset: ExpArg): AerospikeExp =>
  wrap(X.bitGetInt(u(bin), u(bitOffset), u(bitSize), { signed: !!sign }));
