/**
 * The official `bitwise` module (byte-array bin operations, with `withPolicy` and `onOverflow`).
 * @module
 */
import { bits as B, type Operation as AeroOp } from "../../mod.ts";
import { bitOverflow, bitResizeFlags, bitWriteFlags } from "./constants.ts";
import { type BuildState, Operation } from "./operation.ts";
import { bitPolicy as pol } from "./cdt_policies.ts";

export { bitOverflow as overflow, bitResizeFlags as resizeFlags, bitWriteFlags as writeFlags };

/** A bitwise operation; `withPolicy({ writeFlags })` sets its policy. */
export class BitwiseOperation extends Operation {
  /** The official policy (`{ writeFlags }`). */
  policy: { writeFlags?: number } | undefined;
  /** `overflow.*` for add/subtract. */
  overflowAction: number | undefined;
  /** Sets the policy. */
  withPolicy(policy: { writeFlags?: number }): this {
    this.policy = policy;
    return this;
  }
  /** Sets the overflow action of add/subtract. */
  onOverflow(action: number): this {
    this.overflowAction = action;
    return this;
  }
}

const bytes = (v: unknown): Uint8Array => {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "number") return new Uint8Array([v]);
  throw new TypeError("value must be a Buffer");
};
function mk(name: string, bin: string, f: (o: BitwiseOperation, s: BuildState) => AeroOp): BitwiseOperation {
  const op: BitwiseOperation = new BitwiseOperation(name, bin, (s) => f(op, s));
  return op;
}
const w = (o: BitwiseOperation, s: BuildState) => {
  const p = pol(o.policy);
  return { ...(s.ctx ? { ctx: s.ctx } : {}), ...(p ? { policy: p } : {}) };
};
const OVERFLOW: { readonly [n: number]: "fail" | "saturate" | "wrap" } = {
  0: "fail",
  2: "saturate",
  4: "wrap",
};

/** Resizes the byte array (`resizeFlags`). */
export const resize = (bin: string, size: number, flags = 0): BitwiseOperation =>
  mk("resize", bin, (o, s) =>
    B.resize(bin, size, {
      ...w(o, s),
      ...(flags & bitResizeFlags.FROM_FRONT ? { fromFront: true } : {}),
      ...(flags & bitResizeFlags.GROW_ONLY ? { growOnly: true } : {}),
      ...(flags & bitResizeFlags.SHRINK_ONLY ? { shrinkOnly: true } : {}),
    }));
/** Inserts bytes. */
export const insert = (bin: string, byteOffset: number, value: unknown): BitwiseOperation =>
  mk("insert", bin, (o, s) => B.insert(bin, byteOffset, bytes(value), w(o, s)));
/** Removes bytes. */
export const remove = (bin: string, byteOffset: number, byteSize: number): BitwiseOperation =>
  mk("remove", bin, (o, s) => B.remove(bin, byteOffset, byteSize, w(o, s)));
/** Sets bits. */
export function set(bin: string, bitOffset: number, bitSize: number, value: unknown): BitwiseOperation {
  // As the official client: a Buffer sets the bits, an integer sets them as an integer (setInt).
  if (value instanceof Uint8Array) {
    return mk("set", bin, (o, s) => B.set(bin, bitOffset, bitSize, value, w(o, s)));
  }
  if (Number.isSafeInteger(value)) {
    return mk("setInt", bin, (o, s) => B.setInt(bin, bitOffset, bitSize, value as number, w(o, s)));
  }
  throw new TypeError("Value should be a Buffer or an Integer");
}
/** Ors bits. */
export const or = (bin: string, bitOffset: number, bitSize: number, value: unknown): BitwiseOperation =>
  mk("or", bin, (o, s) => B.or(bin, bitOffset, bitSize, bytes(value), w(o, s)));
/** Xors bits. */
export const xor = (bin: string, bitOffset: number, bitSize: number, value: unknown): BitwiseOperation =>
  mk("xor", bin, (o, s) => B.xor(bin, bitOffset, bitSize, bytes(value), w(o, s)));
/** Ands bits. */
export const and = (bin: string, bitOffset: number, bitSize: number, value: unknown): BitwiseOperation =>
  mk("and", bin, (o, s) => B.and(bin, bitOffset, bitSize, bytes(value), w(o, s)));
/** Negates bits. */
export const not = (bin: string, bitOffset: number, bitSize: number): BitwiseOperation =>
  mk("not", bin, (o, s) => B.not(bin, bitOffset, bitSize, w(o, s)));
/** Shifts bits left. */
export const lshift = (bin: string, bitOffset: number, bitSize: number, shift: number): BitwiseOperation =>
  mk("lshift", bin, (o, s) => B.lshift(bin, bitOffset, bitSize, shift, w(o, s)));
/** Shifts bits right. */
export const rshift = (bin: string, bitOffset: number, bitSize: number, shift: number): BitwiseOperation =>
  mk("rshift", bin, (o, s) => B.rshift(bin, bitOffset, bitSize, shift, w(o, s)));
const math =
  (name: "add" | "subtract") =>
  (bin: string, bitOffset: number, bitSize: number, value: number, sign?: boolean): BitwiseOperation =>
    mk(name, bin, (o, s) =>
      B[name](bin, bitOffset, bitSize, value, {
        ...w(o, s),
        ...(sign ? { signed: true } : {}),
        ...(o.overflowAction !== undefined ? { overflow: OVERFLOW[o.overflowAction] ?? "fail" } : {}),
      }));
/** Adds to an integer in the bits. */
export const add: (
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number,
  sign?: boolean,
) => BitwiseOperation = math("add");
/** Subtracts from an integer in the bits. */
export const subtract: (
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number,
  sign?: boolean,
) => BitwiseOperation = math("subtract");
/** Reads bits. */
export const get = (bin: string, bitOffset: number, bitSize: number): BitwiseOperation =>
  mk("get", bin, (_o, s) => B.get(bin, bitOffset, bitSize, s.ctx ? { ctx: s.ctx } : {}));
/** Reads an integer from the bits. */
export const getInt = (bin: string, bitOffset: number, bitSize: number, sign?: boolean): BitwiseOperation =>
  mk(
    "getInt",
    bin,
    (_o, s) =>
      B.getInt(bin, bitOffset, bitSize, {
        ...(s.ctx ? { ctx: s.ctx } : {}),
        ...(sign ? { signed: true } : {}),
      }),
  );
/** Position of the first bit equal to `value` from the left. */
export const lscan = (bin: string, bitOffset: number, bitSize: number, value: boolean): BitwiseOperation =>
  mk("lscan", bin, (_o, s) => B.lscan(bin, bitOffset, bitSize, value, s.ctx ? { ctx: s.ctx } : {}));
/** Position of the first bit equal to `value` from the right. */
export const rscan = (bin: string, bitOffset: number, bitSize: number, value: boolean): BitwiseOperation =>
  mk("rscan", bin, (_o, s) => B.rscan(bin, bitOffset, bitSize, value, s.ctx ? { ctx: s.ctx } : {}));
