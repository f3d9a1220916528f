/**
 * Expression operations for `operate`: `exp.read` evaluates an expression into a result bin
 * name, `exp.write` stores its value in a bin. The op value is msgpack `[expression, flags]`;
 * both ask for every result (`INFO2_RESPOND_ALL_OPS`) as the official client does.
 * @module
 */
import { OP_EXP_MODIFY, OP_EXP_READ } from "../wire/operations.ts";
import { MsgPackWriter } from "../wire/msgpack.ts";
import { PARTICLE_TYPE_BLOB } from "../wire/particles.ts";
import * as C from "../wire/cdt_codes.ts";
import { checkExp, type Expression } from "../exp/expression.ts";
import type { Operation } from "./scalar.ts";
import { checkBin } from "./cdt_encode.ts";
import { checkOptions } from "../validate.ts";
import { EXP_READ_OPTIONS, EXP_WRITE_OPTIONS } from "../validate_shapes.ts";

/** Options of `exp.read`. */
export interface ExpReadOptions {
  /** An expression that cannot be evaluated yields no result instead of an error (`EVAL_NO_FAIL`). @default false */
  evalNoFail?: boolean;
}

/** Options of `exp.write`. */
export interface ExpWriteOptions {
  /** The bin must not exist (`CREATE_ONLY`). @default false */
  createOnly?: boolean;
  /** The bin must exist (`UPDATE_ONLY`). @default false */
  updateOnly?: boolean;
  /** A nil result deletes the bin (`ALLOW_DELETE`). @default false */
  allowDelete?: boolean;
  /** A refused write is no error (`POLICY_NO_FAIL`). @default false */
  policyNoFail?: boolean;
  /** An expression that cannot be evaluated is no error (`EVAL_NO_FAIL`). @default false */
  evalNoFail?: boolean;
}

function expOp(op: number, bin: string, e: Expression, flags: number, where: string): Operation {
  const name = checkBin(bin);
  const body = checkExp(e, where).bytes;
  const w = new MsgPackWriter(body.length + 8);
  w.packArrayHeader(2);
  w.writeBytes(body);
  w.packInt(flags);
  return { op, bin: name, particleType: PARTICLE_TYPE_BLOB, data: w.toBytes(), respondAll: true };
}

/**
 * Evaluates `e` and returns its value under the result name `name` (no bin is written).
 * @example
 * ```ts
 * import { Client, Key, exp } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [exp.read("sum", exp.add(exp.listSize(exp.listBin("l")), 100))]);
 * ```
 */
export function read(name: string, e: Expression, options?: ExpReadOptions): Operation {
  checkOptions(options, EXP_READ_OPTIONS, "exp.read()");
  return expOp(OP_EXP_READ, name, e, options?.evalNoFail ? C.EXP_READ_EVAL_NO_FAIL : 0, "exp.read()");
}

/**
 * Evaluates `e` and writes its value to bin `bin`.
 * @example
 * ```ts
 * import { Client, Key, exp } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [exp.write("flag", exp.gt(exp.listSize(exp.listBin("l")), 3))]);
 * ```
 */
export function write(bin: string, e: Expression, options?: ExpWriteOptions): Operation {
  checkOptions(options, EXP_WRITE_OPTIONS, "exp.write()");
  const o = options ?? {};
  const flags = (o.createOnly ? C.EXP_WRITE_CREATE_ONLY : 0) | (o.updateOnly ? C.EXP_WRITE_UPDATE_ONLY : 0) |
    (o.allowDelete ? C.EXP_WRITE_ALLOW_DELETE : 0) | (o.policyNoFail ? C.EXP_WRITE_POLICY_NO_FAIL : 0) |
    (o.evalNoFail ? C.EXP_WRITE_EVAL_NO_FAIL : 0);
  return expOp(OP_EXP_MODIFY, bin, e, flags, "exp.write()");
}
